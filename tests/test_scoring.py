"""The scoring method: worked examples on the small questionnaire, then properties with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sheets, sheet_for

from assessment.answers import Answer, AnswerSheet
from assessment.loading import bundled_questionnaires
from assessment.questionnaire import Questionnaire, condition_questions
from assessment.scoring import LEVELS, level_for, question_score, score




def test_levels_cover_0_to_100_in_steps_of_20():
    assert [level_for(s) for s in (0, 19.9, 20, 39.9, 40, 59.9, 60, 79.9, 80, 100)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert all(set(entry["name"]) == {"fr", "en"} for entry in LEVELS)


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


def test_unanswered_questions_are_reported_not_counted(mini):
    result = score(mini, sheet_for(mini, {"tech-models": "open-weight"}))
    technology = result.pillars["technology"]
    assert technology.score == 100
    assert technology.unanswered == ("tech-skills",)
    assert technology.confidence == 0.5  # one known answer out of two applicable questions
    assert result.pillars["data"].score is None
    assert result.pillars["data"].unanswered == ("data-provider", "data-safeguards")


def test_hidden_question_counts_as_not_applicable(mini):
    result = score(mini, sheet_for(mini, {"data-provider": "none", "data-keys": "provider"}))
    data = result.pillars["data"]
    assert "data-keys" in data.not_applicable
    assert data.score == 100  # the hidden answer is ignored


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
    assert technology.score == pytest.approx(66.7)
    assert technology.uncapped_level == 3
    assert technology.level == 1
    (finding,) = result.findings
    assert finding.as_json()["id"] == "closed-only"
    assert finding.as_json()["level_before"] == 3 and finding.as_json()["cap"] == 1


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
    # overall (66.7 + 2 * 100) / 3 = 88.9 would be level 4, but technology is capped at 1
    assert result.score == pytest.approx(88.9)
    assert result.pillars["technology"].level == 1
    assert result.level == 2


# ---- properties -------------------------------------------------------------------------------

def _questionnaires():
    from assessment.loading import load_catalogue, load_questionnaire
    from pathlib import Path

    data = Path(__file__).parent / "data"
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
    """Questions that another question's depends_on refers to: changing them changes what is asked."""
    return {leaf.question for _, q in questionnaire.questions() if q.depends_on
            for leaf in condition_questions(q.depends_on)}


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
        higher = [o.id for o in question.options if o.score is not None and o.score >= current]
        raised = (data.draw(st.sampled_from(higher)),)
    after = score(questionnaire, sheet.with_answers({question.id: Answer(raised)}))
    for old, new in zip(_scores(before), _scores(after)):
        assert (old is None and new is None) or new >= old, (question.id, sheet.selected(question.id), raised)


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
