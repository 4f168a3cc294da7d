"""The scoring method: worked examples on the small questionnaire, then properties with hypothesis."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sheets, sheet_for

from assessment.answers import Answer, AnswerSheet
from assessment.loading import InvalidFile, bundled_questionnaires, parse_questionnaire
from assessment.questionnaire import Questionnaire, condition_questions
from assessment.recommendations import recommend
from assessment.scoring import LEVELS, level_for, level_name, question_score, score




def test_levels_cover_0_to_100_in_steps_of_20():
    assert [level_for(s) for s in (0, 19.9, 20, 39.9, 40, 59.9, 60, 79.9, 80, 100)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # Without `levels`, neutral maturity names; the bundled questionnaire names its own (#16 §1).
    assert [level_name(entry.level, "fr", None) for entry in LEVELS] == [
        "Initial", "Émergent", "En développement", "Établi", "Avancé"]
    assert [level_name(entry.level, "en", None) for entry in LEVELS] == [
        "Initial", "Emerging", "Developing", "Established", "Advanced"]
    bundled = bundled_questionnaires()["sovereign-ai"]
    assert [level_name(entry.level, "fr", bundled) for entry in LEVELS] == [
        "Dépendance subie", "Prise de conscience", "Maîtrise partielle", "Maîtrise établie", "Souveraineté opérationnelle"]
    assert [level_name(entry.level, "en", bundled) for entry in LEVELS] == [
        "Unmanaged dependence", "Awareness", "Partial control", "Established control", "Operational sovereignty"]
    assert level_name(None, "en", bundled) == ""


def test_weighted_pillar_score_and_unknown(mini):
    # technology: tech-models mixed (50, weight 1) + tech-skills unknown (0, weight 2) -> 50/3
    result = score(mini, sheet_for(mini, {"tech-models": "mixed", "tech-skills": "unknown"}))
    technology = result.pillars["technology"]
    assert technology.score == pytest.approx(16.7)
    assert technology.level == 0
    assert technology.unknown == ("tech-skills",)
    assert technology.confidence == 0.5


def test_not_applicable_leaves_the_denominator(mini):
    result = score(mini, sheet_for(mini, {"tech-models": "mixed", "tech-skills": "not-applicable"}))
    technology = result.pillars["technology"]
    assert technology.score == 50
    assert technology.not_applicable == ("tech-skills",)
    assert technology.confidence == 1.0


def test_unanswered_questions_count_as_dont_know_and_are_reported(mini):
    # every scored assessment is a finished one: silence reads as "don't know" (docs/method.md)
    result = score(mini, sheet_for(mini, {"tech-models": "open-weight"}))
    technology = result.pillars["technology"]
    assert technology.score == pytest.approx(33.3)  # 100 (weight 1) and 0 (weight 2)
    assert technology.unanswered == ("tech-skills",)
    assert technology.unknown == ()
    assert technology.confidence == 0.5  # one known answer out of two applicable questions
    assert result.pillars["data"].score is None
    assert result.pillars["data"].unanswered == ("data-provider", "data-safeguards")
    same = score(mini, sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "unknown"}))
    assert same.pillars["technology"].score == technology.score


def test_a_pillar_with_no_informed_answer_is_not_assessed(mini):
    for answers in ({}, {"data-provider": "unknown", "data-safeguards": "unknown"}):
        result = score(mini, sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "team", **answers}))
        data = result.pillars["data"]
        assert (data.score, data.level, data.assessed) == (None, None, False)
        assert data.as_json()["assessed"] is False
        # half the pillars are assessed: the overall is, but data weighs as 0 and level 0 (weights 1 and 2)
        assert result.level == 1 and result.score == pytest.approx(33.3) and result.raw_score == pytest.approx(33.3)
    nothing = score(mini, sheet_for(mini, {"tech-models": "unknown", "data-provider": "unknown"}))
    assert nothing.score is None and nothing.level is None and nothing.as_json()["overall"]["assessed"] is False


def test_hidden_question_counts_as_not_applicable_and_its_answer_is_reported(mini):
    result = score(mini, sheet_for(mini, {"data-provider": "none", "data-keys": "provider",
                                          "data-safeguards": ["dpa", "audit", "no-training"]}))
    data = result.pillars["data"]
    assert "data-keys" in data.not_applicable
    assert data.score == 100  # the hidden answer is ignored ...
    assert data.hidden_answers == ("data-keys",)  # ... and reported, not dropped silently
    assert result.as_json()["pillars"]["data"]["hidden_answers"] == ["data-keys"]


def test_multiple_sums_and_caps_at_100(mini):
    question = mini.question("data-safeguards")
    assert question_score(question, ("dpa", "audit")) == 80
    assert question_score(question, ("dpa", "audit", "no-training")) == 100
    assert question_score(question, ("none",)) == 0


def test_overall_is_weighted_by_pillar(mini):
    # technology 100 (weight 1), data 0 (weight 2) -> 33.3
    result = score(mini, sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "team",
                                          "data-provider": "non-eu", "data-keys": "provider",
                                          "data-safeguards": "none"}))
    assert result.pillars["technology"].score == 100
    assert result.pillars["data"].score == 0
    assert result.score == pytest.approx(33.3)


def test_critical_rule_caps_the_pillar_and_says_what_it_capped(mini):
    result = score(mini, sheet_for(mini, {"tech-models": "closed-api", "tech-skills": "team"}))
    technology = result.pillars["technology"]
    assert technology.raw_score == pytest.approx(66.7)
    assert technology.uncapped_level == 3
    assert technology.level == 1
    # the score shown is clamped to the top of level 1's band; the raw score stays beside it
    assert technology.score == 39.9
    assert technology.as_json()["raw_score"] == pytest.approx(66.7)
    (finding,) = result.findings
    assert finding.as_json()["id"] == "closed-only"
    assert finding.as_json()["level_before"] == 3 and finding.as_json()["cap"] == 1
    assert finding.as_json()["caps"] == [{"pillar": "technology", "cap": 1}]


def test_critical_rule_with_also_needs_both_answers(mini):
    eu = score(mini, sheet_for(mini, {"data-provider": "eu", "data-keys": "provider"}))
    assert not eu.findings
    non_eu = score(mini, sheet_for(mini, {"data-provider": "non-eu", "data-keys": "provider"}))
    assert [f.rule.id for f in non_eu.findings] == ["foreign-provider-keys"]


def test_overall_level_is_at_most_one_above_the_weakest_pillar(mini):
    # technology 100 -> level 4; data 40 -> 2... with weights 1 and 2 the overall is 60 -> level 3
    result = score(mini, sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "team",
                                          "data-provider": "none", "data-safeguards": "none"}))
    assert result.pillars["data"].score == 50 and result.pillars["data"].level == 2
    assert result.score == pytest.approx(66.7)
    assert result.level == 3
    capped = score(mini, sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "team",
                                          "data-provider": "eu", "data-keys": "customer",
                                          "data-safeguards": ["dpa", "audit"]}))
    assert capped.pillars["technology"].level == 4
    # data: (70 + 100 + 80) / 3 = 83.3 -> level 4 everywhere
    assert capped.level == 4


def test_weakest_link_limits_overall(mini):
    result = score(mini, sheet_for(mini, {"tech-models": "closed-api", "tech-skills": "team",
                                          "data-provider": "none", "data-safeguards": ["dpa", "audit", "no-training"]}))
    # raw (66.7 + 2 * 100) / 3 = 88.9 would be level 4, but technology is capped at 1 (score 39.9):
    # (39.9 + 2 * 100) / 3 = 80.0, and the overall level is at most 2, so the score shown is 59.9
    assert result.raw_score == pytest.approx(88.9)
    assert result.pillars["technology"].level == 1
    assert result.level == 2
    assert result.score == 59.9



# ---- properties -------------------------------------------------------------------------------

def _questionnaires():
    from assessment.loading import load_catalogue, load_questionnaire
    from pathlib import Path

    data = Path(__file__).parents[1] / "data"
    found = [load_questionnaire(data / "mini.yaml", load_catalogue(data / "catalogue.yaml"))]
    found += list(bundled_questionnaires().values())
    return found


QUESTIONNAIRES = _questionnaires()


def best_answers(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """For each question, the options giving its highest score."""
    best = {}
    for _, question in questionnaire.questions():
        scored = [o for o in question.options if o.score is not None and not o.exclusive]
        if question.type == "multiple":
            best[question.id] = [o.id for o in scored if o.score > 0]
        else:
            best[question.id] = [max(scored, key=lambda o: o.score).id]
    return best


def worst_answers(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """For each question, an option scoring 0."""
    return {q.id: [next(o.id for o in q.options if o.score == 0)] for _, q in questionnaire.questions()}


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
def test_all_best_answers_give_100_everywhere_and_no_finding(questionnaire):
    result = score(questionnaire, sheet_for(questionnaire, best_answers(questionnaire)))
    assert result.score == 100 and result.level == 4
    assert {p.score for p in result.pillars.values()} == {100}
    assert not result.findings


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
def test_all_worst_answers_give_0_everywhere(questionnaire):
    result = score(questionnaire, sheet_for(questionnaire, worst_answers(questionnaire)))
    assert result.score == 0 and result.level == 0
    assert {p.score for p in result.pillars.values()} == {0}


def triggers(questionnaire: Questionnaire) -> set[str]:
    """Questions that another question's depends_on or weight_when refers to: changing them changes what
    is asked, or how much another answer weighs (the deliberate exception of docs/method.md)."""
    conditions = [q.depends_on for _, q in questionnaire.questions() if q.depends_on]
    conditions += [weighted.when for _, q in questionnaire.questions() for weighted in q.weight_when]
    return {leaf.question for condition in conditions for leaf in condition_questions(condition)}


def _scores(result) -> list[float | None]:
    return [result.score] + [p.score for p in result.pillars.values()]


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_raising_one_answer_never_lowers_any_score(questionnaire, data):
    sheet = data.draw(answer_sheets(questionnaire))
    candidates = [q for _, q in questionnaire.questions()
                  if q.id not in triggers(questionnaire) and sheet.selected(q.id)
                  and not any(q.option(o).kind == "not-applicable" for o in sheet.selected(q.id))]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    before = score(questionnaire, sheet)
    current = question_score(question, sheet.selected(question.id))
    if question.type == "multiple" and not any(question.option(o).kind or question.option(o).exclusive
                                               for o in sheet.selected(question.id)):
        extra = [o.id for o in question.options if not (o.kind or o.exclusive) and o.id not in sheet.selected(question.id)]
        if not extra:
            return
        raised = sheet.selected(question.id) + (data.draw(st.sampled_from(extra)),)
    else:
        # Strictly better options only: two options with the same score may differ by the critical rule
        # they fire (ethics-prohibited: "no check" and "flagged, still in use" both score 0), and since
        # method 2.0 a cap shows in the score.
        higher = [o.id for o in question.options if o.score is not None and o.score > current]
        if not higher:
            return
        raised = (data.draw(st.sampled_from(higher)),)
    after = score(questionnaire, sheet.with_answers({question.id: Answer(raised)}))
    for old, new in zip(_scores(before), _scores(after), strict=True):
        # "not assessed" (None) is below every score: an informed answer can only make a pillar assessed
        assert new is not None or old is None, (question.id, sheet.selected(question.id), raised)
        assert old is None or new >= old, (question.id, sheet.selected(question.id), raised)



@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_answer_order_never_matters(questionnaire, data):
    sheet = data.draw(answer_sheets(questionnaire))
    items = list(sheet.answers.items())
    shuffled = data.draw(st.permutations(items))
    reordered = {qid: Answer(tuple(data.draw(st.permutations(list(a.options))))) for qid, a in shuffled}
    other = AnswerSheet(sheet.questionnaire_id, sheet.version, "fr", {}, reordered)
    assert score(questionnaire, sheet).as_json() == score(questionnaire, other).as_json()


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_silence_is_never_better_than_dont_know(questionnaire, data):
    """Leaving a question blank never scores higher, nor gives fewer findings or actions, than "don't know"."""
    sheet = data.draw(answer_sheets(questionnaire))
    blank = [q for _, q in questionnaire.questions() if not sheet.selected(q.id)
             and any(o.kind == "unknown" for o in q.options)]
    if not blank:
        return
    question = data.draw(st.sampled_from(blank))
    unknown = next(o.id for o in question.options if o.kind == "unknown")
    silent, said = score(questionnaire, sheet), score(questionnaire, sheet.with_answers({question.id: Answer((unknown,))}))
    for quiet, spoken in zip(_scores(silent), _scores(said), strict=True):
        assert quiet == spoken, question.id
    assert {f.rule.id for f in silent.findings} >= {f.rule.id for f in said.findings}
    actions = {a.recommendation.id for a in recommend(questionnaire, sheet, silent)}
    assert actions >= {a.recommendation.id for a in recommend(questionnaire, sheet, said)}


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_shown_score_lies_in_its_levels_band(questionnaire, data):
    """Caps show in the scores: ordering by score orders by level first, the raw score stays beside it."""
    result = score(questionnaire, data.draw(answer_sheets(questionnaire)))
    for item in [result] + list(result.pillars.values()):
        assert (item.score is None) == (item.level is None)
        if item.score is not None:
            assert level_for(item.score) == item.level
            assert item.score <= item.raw_score


# ---- format features of method 2.0, on variants of the small questionnaire ----------------------

def _variant(mini_text: str, change) -> Questionnaire:
    """The small questionnaire with one change applied to its YAML data."""
    data = yaml.safe_load(mini_text)
    change(data)
    return parse_questionnaire(yaml.safe_dump(data, allow_unicode=True), "variant.yaml")


@pytest.fixture(scope="module")
def mini_text():
    return (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")


def _question(data: dict, question_id: str) -> dict:
    return next(q for p in data["pillars"] for q in p["questions"] if q["id"] == question_id)


def test_one_finding_caps_several_pillars_and_a_further_cap_may_be_conditional(mini_text):
    def change(data):
        rule = _question(data, "tech-models")["critical"][0]
        rule["also_caps"] = [{"pillar": "data", "cap": 2},
                             {"pillar": "data", "cap": 1, "when": {"question": "data-provider", "in": ["non-eu"]}}]
    variant = _variant(mini_text, change)
    best = {"tech-skills": "team", "data-keys": "customer", "data-safeguards": ["dpa", "audit", "no-training"]}
    eu = score(variant, sheet_for(variant, {"tech-models": "closed-api", "data-provider": "eu", **best}))
    assert [f.rule.id for f in eu.findings] == ["closed-only"]  # one finding ...
    assert (eu.pillars["technology"].level, eu.pillars["data"].level) == (1, 2)  # ... two pillars
    assert eu.pillars["data"].uncapped_level == 4 and eu.pillars["data"].score == 59.9
    assert [f.rule.id for f in eu.pillars["data"].findings] == ["closed-only"]
    assert eu.findings[0].as_json()["caps"] == [{"pillar": "technology", "cap": 1}, {"pillar": "data", "cap": 2}]
    non_eu = score(variant, sheet_for(variant, {"tech-models": "closed-api", "data-provider": "non-eu", **best}))
    assert non_eu.pillars["data"].level == 1
    assert score(variant, sheet_for(variant, {"tech-models": "open-weight", "data-provider": "eu", **best})).level == 4


def test_the_top_level_needs_proof(mini_text):
    variant = _variant(mini_text, lambda data: data["pillars"][0].update(
        proof={"question": "tech-skills", "in": ["team"]}))
    data = {"data-provider": "none", "data-safeguards": ["dpa", "audit", "no-training"]}
    unproven = score(variant, sheet_for(variant, {"tech-models": "open-weight", "tech-skills": "some", **data}))
    technology = unproven.pillars["technology"]
    assert technology.raw_score == pytest.approx(66.7) and technology.level == 3 and technology.proven is False
    tech_only = score(variant, sheet_for(variant, {"tech-models": "open-weight", "tech-skills": "team", **data}))
    assert tech_only.pillars["technology"].level == 4 and tech_only.pillars["technology"].proven is True
    mixed = score(variant, sheet_for(variant, {"tech-models": "mixed", "tech-skills": "team", **data}))
    assert mixed.pillars["technology"].level == 4  # 83.3 with its proof
    variant_without = _variant(mini_text, lambda data: data["pillars"][0].update(
        proof={"question": "tech-models", "in": ["open-weight"]}))
    capped = score(variant_without, sheet_for(variant_without, {"tech-models": "mixed", "tech-skills": "team", **data}))
    assert capped.pillars["technology"].level == 3 and capped.pillars["technology"].score == 79.9
    assert not capped.findings  # proof is a level rule, not a critical finding


def test_a_weight_may_depend_on_other_answers(mini_text):
    variant = _variant(mini_text, lambda data: _question(data, "tech-skills").update(
        weight_when=[{"when": {"question": "tech-models", "in": ["open-weight"]}, "weight": 4}]))
    light = score(variant, sheet_for(variant, {"tech-models": "mixed", "tech-skills": "none"}))
    heavy = score(variant, sheet_for(variant, {"tech-models": "open-weight", "tech-skills": "none"}))
    assert light.pillars["technology"].raw_score == pytest.approx(16.7)  # 50 / 3, weight 2
    assert heavy.pillars["technology"].raw_score == 20  # 100 / 5, weight 4


def test_the_overall_level_needs_half_the_pillars_at_or_above_it(mini_text):
    def four_pillars(data):
        template = data["pillars"][0]
        for pillar_id in ("ethics", "independence"):
            question = {**_question(data, "tech-models"), "id": f"{pillar_id}-q", "critical": []}
            data["pillars"].append({**template, "id": pillar_id, "weight": 1, "questions": [question]})
        data["pillars"][1]["weight"] = 1
    variant = _variant(mini_text, four_pillars)
    data = {"data-provider": "eu", "data-keys": "customer", "data-safeguards": "none"}  # (70 + 100 + 0) / 3
    result = score(variant, sheet_for(variant, {"tech-models": "open-weight", "tech-skills": "team", **data,
                                                "ethics-q": "mixed", "independence-q": "mixed"}))
    # pillars at 100, 56.7, 50, 50: the mean 64.2 is level 3, one above the weakest pillar (2), but only one
    # pillar of four (fewer than half) is at level 3 or above: the overall level is 2
    assert [p.level for p in result.pillars.values()] == [4, 2, 2, 2]
    assert result.raw_score == pytest.approx(64.2) and result.level == 2 and result.score == 59.9
    better = score(variant, sheet_for(variant, {"tech-models": "open-weight", "tech-skills": "team", **data,
                                                "ethics-q": "open-weight", "independence-q": "mixed"}))
    assert better.level == 3  # 100, 56.7, 100, 50: two pillars of four at level 3 or above


def test_level_below_reads_the_level_before_caps(mini_text):
    variant = _variant(mini_text, lambda data: data["recommendations"][0].update(
        when={"pillar": "technology", "level_below": 2}))
    # closed-api caps technology at 1, but its level before caps is 3: the level_below action stays quiet
    capped = score(variant, sheet_for(variant, {"tech-models": "closed-api", "tech-skills": "team"}))
    assert capped.pillars["technology"].level == 1
    assert "rec-open-models" not in {a.recommendation.id for a in recommend(variant, capped.sheet, capped)}
    weak = score(variant, sheet_for(variant, {"tech-models": "mixed", "tech-skills": "none"}))
    assert "rec-open-models" in {a.recommendation.id for a in recommend(variant, weak.sheet, weak)}
    silent = score(variant, sheet_for(variant, {}))  # not assessed: below every level
    assert "rec-open-models" in {a.recommendation.id for a in recommend(variant, silent.sheet, silent)}


@pytest.mark.parametrize("change, message", [
    (lambda d: _question(d, "tech-models")["critical"][0].update(also_caps=[{"pillar": "ethics", "cap": 1}]),
     "no pillar 'ethics'"),
    (lambda d: _question(d, "tech-models")["critical"][0].update(
        also_caps=[{"pillar": "data", "cap": 1, "when": {"question": "nowhere", "in": ["x"]}}]), "'nowhere'"),
    (lambda d: _question(d, "tech-skills").update(
        weight_when=[{"when": {"question": "tech-models", "in": ["nope"]}, "weight": 2}]), "no option 'nope'"),
    (lambda d: d["pillars"][1].update(proof={"question": "data-keys", "in": ["vault"]}), "no option 'vault'"),
])
def test_the_loader_checks_the_new_keys(mini_text, change, message):
    with pytest.raises(InvalidFile) as caught:
        _variant(mini_text, change)
    assert any(message in problem for problem in map(str, caught.value.problems)), caught.value.problems
