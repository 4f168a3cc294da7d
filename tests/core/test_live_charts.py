"""The workshop's pictures (issue #16 §5): pillar medians and bands, answers in maturity order, most
disputed first, progress page by page, and the SVG drawn from them (well-formed, titled, described,
saying the same numbers as the tables)."""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sheets, sheet_for

from assessment.aggregation import aggregate, pillar_scores
from assessment.i18n import number
from assessment.loading import bundled_questionnaire, load_questionnaire
from assessment.report import group_charts
from assessment.report.group_charts import BarSegment, PageCount, PillarSpread, answers_bar, live_view, spread_chart
from assessment.scoring import score

SVG = "{http://www.w3.org/2000/svg}"
TECH = {0: ("closed-api", "none"), 50: ("mixed", "some"), 100: ("open-weight", "team")}


def tech(value: int) -> dict[str, str]:
    """Answers giving the technology pillar exactly this score (both questions at the same level)."""
    models, skills = TECH[value]
    return {"tech-models": models, "tech-skills": skills}


def technology(mini, values):
    sheets = [sheet_for(mini, tech(v)) for v in values]
    return aggregate(mini, sheets).pillars[0]


# ---- the pillars' spread --------------------------------------------------------------------------

def test_no_participants_no_median_no_band(mini):
    pillar = technology(mini, [])
    assert (pillar.respondents, pillar.median, pillar.q1, pillar.q3, pillar.spread) == (0, None, None, None, None)


def test_one_participant_has_a_median_but_no_band(mini):
    pillar = technology(mini, [50])
    assert (pillar.respondents, pillar.median, pillar.q1, pillar.q3, pillar.spread) == (1, 50, None, None, None)


def test_two_participants_have_a_band_by_linear_interpolation(mini):
    pillar = technology(mini, [0, 100])
    # "inclusive" quantiles: q1 = 0 + 0.25 * (100 - 0), q3 = 0 + 0.75 * 100
    assert (pillar.median, pillar.q1, pillar.q3, pillar.spread) == (50, 25, 75, 50)


def test_five_participants(mini):
    values = [100, 0, 50, 100, 50]
    pillar = technology(mini, values)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    assert (pillar.median, pillar.q1, pillar.q3) == (50, q1, q3) == (50, 50, 100)


@pytest.fixture(params=["mini", "bundled"])
def questionnaire(request, mini):
    return mini if request.param == "mini" else bundled_questionnaire()


def groups(questionnaire, max_size: int = 10):
    if sum(1 for _ in questionnaire.questions()) > 10:
        max_size = 5
    return st.lists(answer_sheets(questionnaire), min_size=0, max_size=max_size)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_band_holds_the_median_and_segments_hold_every_respondent_once(questionnaire, data):
    sheets = data.draw(groups(questionnaire))
    result = aggregate(questionnaire, sheets)
    for pillar in result.pillars:
        if pillar.respondents >= 2:
            assert 0 <= pillar.q1 <= pillar.median <= pillar.q3 <= 100
        else:
            assert pillar.q1 is None and pillar.q3 is None
    questions = {q.id: q for _, q in questionnaire.questions()}
    for question in result.questions:
        assert sum(s.count for s in question.segments) == question.respondents
        kinds = [s.kind for s in question.segments]
        assert kinds == sorted(kinds, key=["scored", "unknown", "not-applicable"].index)  # scored, then the kinds
        scores = [s.score for s in question.segments if s.kind == "scored"]
        assert scores == sorted(scores)
        # "don't know" and "not applicable" options are always there, answered or not
        assert {s.key for s in question.segments if s.kind != "scored"} == {
            o.id for o in questions[question.question_id].options if o.kind}
    assert 0 <= result.completed <= result.started <= result.participants
    for page in result.pages:
        assert 0 <= page.started <= result.started and 0 <= page.finished <= result.participants
    ranked = result.by_dispute()
    assert [q.disagreement for q in ranked] == sorted((q.disagreement for q in ranked), reverse=True)
    assert {q.question_id for q in ranked} == {q.question_id for q in result.questions if q.respondents}


# ---- answers in maturity order -----------------------------------------------------------------------

SHUFFLED = """        options:
          - {id: team, label: {fr: "Une équipe", en: "A team"}, score: 100}
          - {id: not-applicable, label: {fr: "Sans objet", en: "Not applicable"}, score: null, kind: not-applicable}
          - {id: none, label: {fr: "Aucune", en: "None"}, score: 0}
          - {id: unknown, label: {fr: "Je ne sais pas", en: "Don't know"}, score: null, kind: unknown}
          - {id: some, label: {fr: "Quelques-unes", en: "Some"}, score: 50}
"""


@pytest.fixture
def shuffled(tmp_path, mini_catalogue):
    """The mini questionnaire with tech-skills' options written in no particular order (as a `single`
    question: a scale's must rise)."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")
    start = text.index("        options:", text.index("id: tech-skills"))
    end = text.index("  - id: data", start)
    path = tmp_path / "shuffled.yaml"
    skills = text[text.index("id: tech-skills"):start].replace("type: scale", "type: single")
    path.write_text(text[:text.index("id: tech-skills")] + skills + SHUFFLED + text[end:], encoding="utf-8")
    return load_questionnaire(path, mini_catalogue)


def test_segments_follow_the_scores_with_dont_know_and_not_applicable_last(shuffled):
    answers = ["team", "team", "none", "unknown", "some", "team"]
    result = aggregate(shuffled, [sheet_for(shuffled, {"tech-skills": a}) for a in answers])
    skills = result.questions[1]
    assert [(s.key, s.kind, s.count) for s in skills.segments] == [
        ("none", "scored", 1), ("some", "scored", 1), ("team", "scored", 3),
        ("unknown", "unknown", 1), ("not-applicable", "not-applicable", 0)]  # zero, still listed
    assert [s.share for s in skills.segments] == [0.167, 0.167, 0.5, 0.167, 0.0]
    assert skills.segments[0].label == {"fr": "Aucune", "en": "None"}


def test_a_multiple_question_counts_each_person_once_by_the_score_of_their_whole_answer(mini):
    answers = [["dpa", "audit"], ["audit", "dpa"], ["none"], ["dpa"], ["unknown"]]
    result = aggregate(mini, [sheet_for(mini, {"data-safeguards": a}) for a in answers])
    safeguards = next(q for q in result.questions if q.question_id == "data-safeguards")
    assert [(s.key, s.score, s.count) for s in safeguards.segments] == [
        ("score-0", 0, 1), ("score-40", 40, 1), ("score-80", 80, 2), ("unknown", None, 1)]
    assert group_charts.segment_label(safeguards.segments[2], "en") == "combined answers worth 80"
    assert group_charts.segment_label(safeguards.segments[2], "fr") == "réponses combinées valant 80"


def test_most_disputed_first(mini):
    sheets = [sheet_for(mini, a) for a in (
        {"tech-models": "closed-api", "tech-skills": "team", "data-provider": "eu"},
        {"tech-models": "open-weight", "tech-skills": "team", "data-provider": "none"},
        {"tech-models": "closed-api", "tech-skills": "some", "data-provider": "none"})]
    ranked = aggregate(mini, sheets).by_dispute()
    # models: 0, 100, 0 (0.667); skills 100, 100, 50 (0.333); provider 70, 100, 100 (0.2); safeguards
    # unanswered by all: left out
    assert [q.question_id for q in ranked] == ["tech-models", "tech-skills", "data-provider"]
    assert [q.disagreement for q in ranked] == [0.667, 0.333, 0.2]


def test_progress_page_by_page(mini):
    sheets = [sheet_for(mini, {}), sheet_for(mini, {"tech-models": "mixed"}),
              sheet_for(mini, {**tech(50), "data-provider": "none", "data-safeguards": ["dpa"]})]
    result = aggregate(mini, sheets)
    assert (result.participants, result.started, result.completed) == (3, 2, 1)
    assert [(p.pillar_id, p.started, p.finished) for p in result.pages] == [("technology", 2, 1), ("data", 1, 1)]


def test_consensus_scores_are_the_scoring_of_the_consensus_sheet(mini):
    sheet = sheet_for(mini, tech(100))
    assert pillar_scores(score(mini, sheet)) == {"technology": 100, "data": None}


# ---- the SVG -------------------------------------------------------------------------------------------

def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style" not in svg.replace("font-style", "")  # the CSP forbids inline styles
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


SPREADS = [PillarSpread("Technology", 62.5, 40, 75, 60), PillarSpread("Data", 50, None, None),
           PillarSpread("Ethics", 30, 10, 45.5), PillarSpread("Independence", None, None, None)]


@pytest.mark.parametrize("count, kind", [(1, "group-bars"), (2, "group-bars"), (3, "group-radar"),
                                         (8, "group-radar"), (9, "group-bars")])
def test_radar_for_3_to_8_pillars_bars_otherwise(count, kind):
    spreads = [PillarSpread(f"pillar-{n}", 10.0 * n, 5.0 * n, 12.0 * n) for n in range(count)]
    root = parse(spread_chart(spreads, "en"))
    assert root.get("class") == kind
    said = texts(root)
    for s in spreads:
        assert s.label in said and f"median {number(s.median, 'en')}" in said
        assert f"{number(s.q1, 'en')} – {number(s.q3, 'en')}" in said


@pytest.mark.parametrize("spreads", [SPREADS, SPREADS[:2]], ids=["radar", "bars"])
def test_pillar_chart_says_its_numbers_and_not_enough_answers(spreads):
    svg = spread_chart(spreads, "en", prefix="p")
    root = parse(svg)
    said = texts(root)
    assert "median 62.5" in said and "40.0 – 75.0" in said and "consensus 60.0" in said
    assert "not enough answers" in said  # Data: one score, no band
    description = root.find(SVG + "desc").text
    assert "Technology: median 62.5, half of the participants between 40.0 and 75.0; consensus 60.0" in description
    assert "Data: median 50.0, not enough answers for a band" in description
    if len(spreads) > 2:
        assert "Independence: no answers yet" in description
        assert 'class="band"' not in svg  # no common band while a pillar has none; each spoke's band instead
        assert svg.count('class="iqr"') == 2
    assert 'stroke-dasharray' in svg  # the consensus: dashed, not only another colour


def test_every_band_makes_a_hatched_ring():
    spreads = [PillarSpread(name, 50, 40, 60) for name in ("A", "B", "C")]
    svg = spread_chart(spreads, "en", prefix="ring")
    assert 'class="band"' in svg and 'fill="url(#ring-band)"' in svg and 'id="ring-band"' in svg


def test_answers_bar_draws_the_counts_in_order_and_names_every_kind():
    segments = [BarSegment("Closed", 3, "scored", 0), BarSegment("Both", 0, "scored", 50),
                BarSegment("Open", 4, "scored", 100), BarSegment("Don't know", 2, "unknown"),
                BarSegment("Not applicable", 0, "not-applicable")]
    svg = answers_bar(segments, "Which models?", "en", "q7")
    root = parse(svg)
    said = texts(root)
    assert said[:3] == ["3", "4", "2"]  # inside the segments, left to right
    assert said[3:] == ["Closed: 3 (33%)", "Open: 4 (44%)", "Don't know: 2 (22%)", "Not applicable: 0 (0%)"]
    description = root.find(SVG + "desc").text
    assert description.startswith("9 answers, from the least to the most mature:")
    assert "Both: 0 (0%)" in description  # nobody chose it: said, though not drawn
    assert 'fill="url(#q7-unknown)"' in svg and 'fill="url(#q7-not-applicable)"' in svg


def test_long_labels_wrap_inside_the_picture():
    label = "Everywhere, checked before anything goes online, with machine-readable marking " * 2
    root = parse(answers_bar([BarSegment(label.strip(), 1, "scored", 100)], "Q", "en", "long"))
    width = float(root.get("width"))
    for text in root.iter(SVG + "text"):
        content = "".join(text.itertext())
        assert float(text.get("x")) + len(content) * 20 * 0.5 <= width


def test_live_view_tables_and_pictures_agree(mini):
    sheets = [sheet_for(mini, {**tech(v), "data-provider": p}) for v, p in ((0, "none"), (100, "eu"), (50, "none"))]
    result = aggregate(mini, sheets)
    view = live_view(result, {"technology": "Technology", "data": "Data"}, "en", {"technology": 50, "data": None})
    assert view["consensus"] and [p["title"] for p in view["pillars"]] == ["Technology", "Data"]
    assert view["pillars"][0]["median"] == 50 and view["pillars"][0]["q1"] == 25 and view["pillars"][0]["q3"] == 75
    said = texts(parse(view["pillars_svg"]))
    for row in view["pillars"]:
        assert f"median {number(row['median'], 'en')}" in said
    for question in view["questions"]:
        root = parse(question["svg"])
        drawn = {t for t in texts(root)}
        for segment in question["segments"]:
            if segment["count"] or segment["kind"] != "scored":
                assert f"{segment['label']}: {segment['count']} ({segment['share']})" in drawn
    progress = parse(view["progress_svg"])
    assert "3 finished, 3 started" in texts(progress)
    assert view["unanswered"] == 2  # data-keys (asked to one, left blank) and data-safeguards
    ids = [parse(q["svg"]).find(SVG + "title").get("id") for q in view["questions"]]
    assert ids == [f"answers-{n}-title" for n in range(len(ids))]  # unique on the page


def test_progress_chart_without_participants():
    root = parse(group_charts.progress_chart(0, [PageCount("Technology", 0, 0)], "en"))
    assert "0 finished, 0 started" in texts(root)


def test_a_questionnaire_of_its_own_pillars_is_drawn_too():
    """Pillar ids are the questionnaire's own (here three HR sections): nothing assumes the four pillars."""
    from pathlib import Path

    custom = load_questionnaire(Path(__file__).parents[1] / "data" / "custom" / "hr-ai-act.yaml")
    answers = [{q.id: q.options[n % len(q.options)].id for _, q in custom.questions()
                if q.depends_on is None and q.type != "multiple"} for n in range(4)]
    result = aggregate(custom, [sheet_for(custom, a) for a in answers])
    titles = {p.id: p.title["en"] for p in custom.pillars}
    view = live_view(result, titles, "en")
    radar = parse(view["pillars_svg"])
    assert radar.get("class") == "group-radar" and len(custom.pillars) == 3
    drawn = "".join(radar.itertext()).replace(" ", "")  # a long title is drawn on two lines
    assert all(title.replace(" ", "") in drawn for title in titles.values())
    two = live_view(type(result)(result.participants, result.completed, result.pillars[:2], result.questions,
                                 result.started, result.pages[:2]), titles, "en")
    assert parse(two["pillars_svg"]).get("class") == "group-bars"
