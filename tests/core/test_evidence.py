"""The evidenced score (issue #17 §1, docs/method.md "Evidence and the evidenced score").

Every answer carries an evidence level (declared < documented < audited < tested); the evidenced score credits
an answer at its option's score only with the evidence the option needs, else at its fallback or as "don't
know". These tests run the real scoring on the bundled questionnaire and on variants of the small one.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import resources
from assessment.answers import Answer, AnswerSheet, parse_document, read_document
from assessment.evaluation import evaluate
from assessment.i18n import percent
from assessment.evidence import credited_options, evidence_min, evidenced, not_shown_text
from assessment.loading import InvalidFile, bundled_catalogue, bundled_questionnaire, parse_questionnaire
from assessment.questionnaire import EVIDENCE_LEVELS, Questionnaire, condition_questions
from assessment.report import model as report_model
from assessment.scoring import question_score, score
from strategies import answer_sheets, sheet_for

MINI = Path(__file__).parents[1] / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def bundled() -> Questionnaire:
    return bundled_questionnaire()


def with_evidence(sheet: AnswerSheet, evidence: str | dict[str, str]) -> AnswerSheet:
    """The sheet with every answer at one evidence level, or with the levels given per question."""
    levels = evidence if isinstance(evidence, dict) else dict.fromkeys(sheet.answers, evidence)
    return sheet.with_answers({qid: dataclasses.replace(answer, evidence=levels.get(qid, answer.evidence))
                               for qid, answer in sheet.answers.items()})


@st.composite
def evidenced_sheets(draw, questionnaire: Questionnaire):
    """Any valid answer sheet, each answer with any evidence level."""
    sheet = draw(answer_sheets(questionnaire))
    return with_evidence(sheet, {qid: draw(st.sampled_from(EVIDENCE_LEVELS)) for qid in sheet.answers})


def persona(name: str) -> AnswerSheet:
    return parse_document(read_document(resources.examples_dir() / f"{name}.json"), bundled_questionnaire)[0]


def _values(result) -> list[tuple[float | None, int | None]]:
    return [(result.score, result.level)] + [(p.score, p.level) for p in result.pillars.values()]


def _not_below(old: tuple[float | None, int | None], new: tuple[float | None, int | None]) -> bool:
    """"Not assessed" (None) is below every score."""
    if old[0] is None:
        return True
    return new[0] is not None and new[0] >= old[0] and new[1] >= old[1]


# --------------------------------------------------------------------------- "not assessed", never 0


def test_an_all_declared_assessment_has_no_evidenced_score(bundled):
    sheet = with_evidence(persona("best-practice"), "declared")
    evaluation = evaluate(bundled, sheet, bundled_catalogue())
    assert evaluation.result.score > 80  # the claimed score is untouched
    ev = evaluation.evidenced
    assert ev.score is None and ev.level is None and not ev.assessed
    assert all(not p.assessed and p.score is None and p.level is None for p in ev.pillars.values())
    data = evaluation.as_json()["evidenced"]
    assert data["overall"] is None
    assert all(p == {"score": None, "level": None, "assessed": False, "share_evidenced": p["share_evidenced"]}
               for p in data["pillars"].values())
    assert all(p["share_evidenced"] == 0 for p in data["pillars"].values())  # claimed, none of it evidenced


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_says_not_assessed_rather_than_zero(bundled, lang):
    sheet = with_evidence(persona("best-practice"), "declared")
    report = report_model.build(evaluate(bundled, sheet, bundled_catalogue()), lang)
    section = report.evidenced
    assert section.overall_score is None and not section.assessed
    assert all(row.evidenced_score is None and row.evidenced_label == section.not_assessed_label
               for row in section.pillars)
    assert section.not_assessed_label == {"fr": "non évalué", "en": "not assessed"}[lang]
    assert "0/100" not in section.reading


def test_evidence_on_a_dont_know_answer_is_ignored(bundled):
    unknown = {qid: "unknown" for qid in ("tech-inventory", "tech-models")}
    sheet = with_evidence(sheet_for(bundled, unknown), "tested")
    ev = evidenced(bundled, sheet)
    assert not ev.pillars["technology"].assessed and ev.score is None


def test_an_admission_counts_whatever_its_evidence_but_assesses_only_when_documented(bundled):
    question = bundled.question("tech-portability")
    assert evidence_min(question.option("hard-coded")) == "none"
    assert credited_options(question, Answer(("hard-coded",))) == ("hard-coded",)
    declared = evidenced(bundled, sheet_for(bundled, {"tech-portability": "hard-coded"}))
    assert not declared.pillars["technology"].assessed
    documented = evidenced(bundled, with_evidence(sheet_for(bundled, {"tech-portability": "hard-coded"}), "documented"))
    assert documented.pillars["technology"].assessed and documented.pillars["technology"].score == 0


# --------------------------------------------------------------------------- the credited answer


def test_a_tested_fallback_only_documented_counts_as_the_abstraction_layer_and_proves_nothing(bundled):
    question = bundled.question("tech-portability")
    documented = with_evidence(sheet_for(bundled, {"tech-portability": "tested-fallback"}), "documented")
    assert credited_options(question, documented.answers["tech-portability"]) == ("abstraction",)
    ev, claimed = evidenced(bundled, documented), score(bundled, documented)
    assert claimed.pillars["technology"].proven is True
    assert ev.pillars["technology"].proven is False and ev.pillars["technology"].level <= 3
    assert ev.sheet.selected("tech-portability") == ("abstraction",)
    assert question_score(question, ev.sheet.selected("tech-portability")) == 67
    tested = evidenced(bundled, with_evidence(documented, "tested"))
    assert tested.pillars["technology"].proven is True
    # declared: neither the claim nor its fallback is shown
    assert credited_options(question, Answer(("tested-fallback",))) == ("unknown",)
    assert credited_options(question, Answer(("tested-fallback",), evidence="audited")) == ("abstraction",)


def _extraterritorial(exit_evidence: str) -> AnswerSheet:
    questionnaire = bundled_questionnaire()
    sheet = sheet_for(questionnaire, {"indep-sensitive-hosting": "non-eu", "indep-concentration": "some",
                                      "indep-exit-plan": "tested", "indep-eu-providers": "majority"})
    return with_evidence(with_evidence(sheet, "documented"), {"indep-exit-plan": exit_evidence})


@pytest.mark.parametrize("exit_evidence, cap", [("declared", 1), ("documented", 1), ("audited", 1), ("tested", 2)])
def test_a_critical_rules_relief_needs_a_tested_exit_plan(bundled, exit_evidence, cap):
    """Sensitive data hosted under extraterritorial law caps independence at 1, at 2 with a tested exit plan:
    the claimed score grants the relief on the claim, the evidenced score only on a test."""
    sheet = _extraterritorial(exit_evidence)
    claimed = score(bundled, sheet)
    ev = evidenced(bundled, sheet, claimed)
    claimed_caps = dict(next(f for f in claimed.findings if f.rule.id == "indep-sensitive-extraterritorial").caps)
    evidenced_caps = dict(next(f for f in ev.findings if f.rule.id == "indep-sensitive-extraterritorial").caps)
    assert claimed_caps["independence"] == 2
    assert evidenced_caps["independence"] == cap
    assert ev.pillars["independence"].level <= cap
    assert ev.pillars["independence"].proven is (exit_evidence == "tested")


def test_a_multiple_answer_keeps_its_evidenced_options(bundled):
    question = bundled.question("indep-contracts")
    scored = [o for o in question.options if o.kind is None and o.score]
    assert credited_options(question, Answer((scored[0].id, scored[1].id))) == ("unknown",)
    assert credited_options(question, Answer((scored[0].id, scored[1].id), evidence="documented")) == \
        (scored[0].id, scored[1].id)
    nothing = next(o for o in question.options if o.kind is None and o.score == 0)
    assert credited_options(question, Answer((nothing.id,))) == (nothing.id,)


def test_findings_fired_only_in_the_evidenced_view_say_the_claim_is_not_shown(bundled):
    sheet = with_evidence(persona("bank-secnumcloud"), "documented")
    sheet = with_evidence(sheet, {"data-location": "declared"})
    ev = evidenced(bundled, sheet)
    assert "data-location-unknown" in {f.rule.id for f in ev.not_shown}
    finding = next(f for f in ev.not_shown if f.rule.id == "data-location-unknown")
    answer = bundled.question("data-location").option(sheet.answers["data-location"].options[0]).label
    en = not_shown_text(bundled, sheet, ev, finding, "en")
    fr = not_shown_text(bundled, sheet, ev, finding, "fr")
    assert en.startswith("Not shown: “" + answer["en"]) and en.endswith("is declared, not evidenced.")
    assert fr.startswith("Non démontré : « " + answer["fr"])
    assert "not_shown" in evaluate(bundled, sheet, bundled_catalogue()).as_json()["evidenced"]


def test_a_documented_claim_needing_a_test_is_worded_as_not_tested(bundled):
    sheet = with_evidence(_extraterritorial("documented"), {"indep-exit-plan": "documented"})
    sheet = sheet.with_answers({"tech-portability": Answer(("tested-fallback",), evidence="documented"),
                                "tech-models": Answer(("closed-api",)), "tech-hosting": Answer(("non-eu-provider",))})
    ev = evidenced(bundled, sheet)
    # tested-fallback is credited as abstraction, not unknown: the "-unknown" twin does not fire
    assert "tech-single-closed-api-unknown" not in {f.rule.id for f in ev.not_shown}


# --------------------------------------------------------------------------- properties


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_raising_one_answers_evidence_never_lowers_either_score(data):
    questionnaire = bundled_questionnaire()
    sheet = data.draw(evidenced_sheets(questionnaire))
    raisable = [qid for qid, answer in sheet.answers.items() if answer.evidence != "tested"]
    if not raisable:
        return
    qid = data.draw(st.sampled_from(raisable))
    current = EVIDENCE_LEVELS.index(sheet.answers[qid].evidence)
    level = data.draw(st.sampled_from(EVIDENCE_LEVELS[current + 1:]))
    raised = with_evidence(sheet, {qid: level})
    before, after = evaluate(questionnaire, sheet, bundled_catalogue()), evaluate(questionnaire, raised,
                                                                                 bundled_catalogue())
    assert before.result.as_json() == after.result.as_json()  # the claimed score ignores evidence
    for old, new in zip(_values(before.evidenced), _values(after.evidenced), strict=True):
        assert _not_below(old, new), (qid, sheet.answers[qid], level)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_evidenced_score_never_exceeds_the_claimed_one(data):
    questionnaire = bundled_questionnaire()
    sheet = data.draw(evidenced_sheets(questionnaire))
    claimed = score(questionnaire, sheet)
    ev = evidenced(questionnaire, sheet, claimed)
    for (c_score, c_level), (e_score, e_level) in zip(_values(claimed), _values(ev), strict=True):
        if e_score is not None:
            assert c_score is not None and e_score <= c_score and e_level <= c_level
    for pid, share in ev.shares.items():
        assert share is None or 0 <= share <= 1, pid
    assert {f.rule.id for f in claimed.findings} <= {f.rule.id for f in ev.findings}


def _triggers(questionnaire: Questionnaire) -> set[str]:
    """Questions whose answer decides another's visibility or weight (as in test_scoring)."""
    conditions = [q.depends_on for _, q in questionnaire.questions() if q.depends_on]
    conditions += [weighted.when for _, q in questionnaire.questions() for weighted in q.weight_when]
    return {leaf.question for condition in conditions for leaf in condition_questions(condition)}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_better_answer_with_the_same_evidence_never_lowers_the_evidenced_score(data):
    """The fallbacks keep this guarantee: a tested claim only documented counts as the lower option it implies."""
    questionnaire = bundled_questionnaire()
    sheet = data.draw(evidenced_sheets(questionnaire))
    triggers = _triggers(questionnaire)
    candidates = [q for _, q in questionnaire.questions() if q.type != "multiple" and q.id not in triggers
                  and sheet.selected(q.id) and questionnaire.question(q.id).option(sheet.selected(q.id)[0]).kind is None]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    answer = sheet.answers[question.id]
    current = question_score(question, answer.options)
    higher = [o.id for o in question.options if o.score is not None and o.score > current]
    if not higher:
        return
    better = sheet.with_answers({question.id: dataclasses.replace(answer, options=(data.draw(st.sampled_from(higher)),))})
    before, after = evidenced(questionnaire, sheet), evidenced(questionnaire, better)
    for old, new in zip(_values(before), _values(after), strict=True):
        assert _not_below(old, new), (question.id, answer, better.answers[question.id])


def test_each_bundled_question_credits_better_options_at_least_as_high(bundled):
    """The per-question half of the property above, exhaustively: at any evidence level, a higher option is
    credited at least as high as a lower one."""
    for _, question in bundled.questions():
        if question.type == "multiple":
            continue
        options = sorted((o for o in question.options if o.kind is None), key=lambda o: o.score)
        for level in EVIDENCE_LEVELS:
            credited = [question_score(question, credited_options(question, Answer((o.id,), evidence=level)))
                        for o in options]
            assert credited == sorted(credited), (question.id, level)


# --------------------------------------------------------------------------- validation of the questionnaire


def _mini_with(change) -> str:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    change(data["pillars"][0]["questions"][1]["options"])  # tech-skills: none 0, some 50, team 100, unknown, n/a
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _problems(text: str) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(text, "x.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_sound_fallback_loads():
    text = _mini_with(lambda options: options[2].update(evidence_min="tested", fallback="some"))
    questionnaire = parse_questionnaire(text, "x.yaml")
    question = questionnaire.question("tech-skills")
    assert credited_options(question, Answer(("team",), evidence="documented")) == ("some",)
    assert credited_options(question, Answer(("team",), evidence="tested")) == ("team",)


@pytest.mark.parametrize("change, message", [
    (lambda o: o[2].update(fallback="some"), "a fallback is only for an option with evidence_min: tested"),
    (lambda o: o[2].update(evidence_min="tested", fallback="nobody"), "question 'tech-skills' has no option 'nobody'"),
    (lambda o: o[1].update(evidence_min="tested", fallback="team"), "must score strictly less than 'some'"),
    (lambda o: o[2].update(evidence_min="tested", fallback="unknown"), "must score strictly less than 'team'"),
    (lambda o: (o[2].update(evidence_min="tested", fallback="some"), o[1].update(evidence_min="tested")),
     "the fallback 'some' needs tested evidence itself"),
    (lambda o: (o[2].update(evidence_min="tested", fallback="some"), o[1].update(evidence_min="tested", fallback="none")),
     "the fallback 'some' has a fallback of its own: no chains"),
    (lambda o: o[3].update(evidence_min="documented"), "an option of kind 'unknown' takes no evidence_min"),
    (lambda o: o[4].update(fallback="none"), "an option of kind 'not-applicable' takes no fallback"),
])
def test_a_bad_fallback_is_named_with_its_line(change, message):
    text = _mini_with(change)
    problems = _problems(text)
    assert any(message in problem for problem in problems), problems
    located = next(problem for problem in problems if message in problem)
    assert located.startswith("x.yaml:") and "pillars[0].questions[1].options[" in located


def test_a_multiple_questions_option_takes_no_fallback():
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["pillars"][1]["questions"][2]["options"][0].update(evidence_min="tested", fallback="none")
    problems = _problems(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert any("a multiple question's options take no fallback" in p for p in problems), problems


def test_the_bundled_questionnaire_carries_nine_sound_fallbacks(bundled):
    fallbacks = [(q.id, o.id, o.fallback) for _, q in bundled.questions() for o in q.options if o.fallback]
    assert len(fallbacks) == 9
    assert ("tech-portability", "tested-fallback", "abstraction") in fallbacks


# --------------------------------------------------------------------------- outputs


def test_score_json_shows_the_evidenced_score(cli, tmp_path):
    document = read_document(resources.examples_dir() / "best-practice.json")
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = cli("score", "--json", str(path))
    assert code == 0
    data = json.loads(out)["evidenced"]
    assert set(data) == {"overall", "pillars", "not_shown"}
    assert set(data["overall"]) == {"score", "level", "raw_score"}
    for pillar in data["pillars"].values():
        assert set(pillar) == {"score", "level", "assessed", "share_evidenced"}
        assert pillar["assessed"] is True and 0 < pillar["share_evidenced"] <= 1


# --------------------------------------------------------------------------- personas


PERSONAS = sorted(path.stem for path in resources.examples_dir().glob("*.json"))


@pytest.fixture(scope="module")
def evaluations(bundled):
    return {name: evaluate(bundled, persona(name), bundled_catalogue()) for name in PERSONAS}


def test_personas_carry_evidence_that_fits_their_story(evaluations):
    levels = {name: {a.evidence for a in e.sheet.answers.values()} for name, e in evaluations.items()}
    assert levels["startup-us-stack"] == {"declared"} and levels["retailer-es-chatbot"] == {"declared"}
    best = evaluations["best-practice"].sheet.answers
    assert sum(a.evidence != "declared" for a in best.values()) > 0.8 * len(best)
    assert best["indep-exit-plan"].evidence == "tested" and best["indep-exit-plan"].evidence_note
    # the regional bank evaluated a fallback model but never switched to it: credited as the abstraction layer
    bank = evaluations["bank-secnumcloud"]
    assert bank.result.pillars["technology"].proven and not bank.evidenced.pillars["technology"].proven
    assert bank.evidenced.sheet.selected("tech-portability") == ("abstraction",)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_personas_evidenced_score_never_exceeds_its_claimed_score(evaluations, name):
    evaluation = evaluations[name]
    for (c_score, c_level), (e_score, e_level) in zip(_values(evaluation.result), _values(evaluation.evidenced),
                                                      strict=True):
        assert e_score is None or (e_score <= c_score and e_level <= c_level)


def test_the_personas_evidenced_scores_keep_the_claimed_order(evaluations):
    """The five calibration personas (test_personas.py): the claimed order holds in the evidenced view too,
    where the start-up, all declared, is not assessed."""
    order = ["best-practice", "bank-secnumcloud", "industrial-sme-onprem", "hospital-hds", "startup-us-stack"]
    claimed = [evaluations[name].result.score for name in order]
    assert claimed == sorted(claimed, reverse=True)
    evidenced_scores = [evaluations[name].evidenced.score for name in order]
    assert evidenced_scores[-1] is None
    assert evidenced_scores[:-1] == sorted(evidenced_scores[:-1], reverse=True)
    assert evaluations["best-practice"].evidenced.level == 4


# --------------------------------------------------------------------------- report


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_shows_both_scores_side_by_side(evaluations, lang):
    report = report_model.build(evaluations["bank-secnumcloud"], lang)
    section = report.evidenced
    assert section.assessed and section.overall_score == evaluations["bank-secnumcloud"].evidenced.score
    rows = {row.id: row for row in section.pillars}
    assert rows["technology"].claimed_score > rows["technology"].evidenced_score
    assert rows["data"].share_label == percent(1, lang) and rows["data"].share == 1
    assert 'class="evidenced"' in report.radar and "stroke-dasharray=\"2 3\"" in report.radar
    assert {"fr": "score démontré", "en": "evidenced score"}[lang] in report.radar
    assert {"fr": "Score démontré", "en": "Evidenced score"}[lang] in report.radar  # the text alternative
    assert section.not_shown and all(text.startswith({"fr": "Non démontré", "en": "Not shown"}[lang])
                                     for text in section.not_shown)


def test_an_all_declared_report_draws_no_evidenced_series(evaluations):
    report = report_model.build(evaluations["startup-us-stack"], "en")
    assert 'class="evidenced"' not in report.radar and not report.evidenced.not_shown
    assert report.evidenced.overall_label == "not assessed"


def test_the_pdf_reads_back_both_scores(evaluations):
    from assessment.report import pdf
    from documents import text_of

    text = text_of(pdf.write_pdf(report_model.build(evaluations["bank-secnumcloud"], "en")))
    assert "Claimed and evidenced scores" in text
    assert "75.1/100" in text and "59.5/100" in text and "Share of the claimed score resting on evidence" in text
    declared = text_of(pdf.write_pdf(report_model.build(evaluations["startup-us-stack"], "fr")))
    assert "Scores déclarés et démontrés" in declared and "non évalué" in declared
