"""Workshop aggregation: worked examples on the small questionnaire, then properties with hypothesis."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sheets, sheet_for

from assessment.answers import AnswerSheet, parse_answers
from assessment.loading import bundled_questionnaire
from assessment.questionnaire import Questionnaire
from assessment.scoring import score
from assessment.aggregation import (
    OptionCount,
    PillarAggregate,
    QuestionAggregate,
    WorkshopAggregate,
    aggregate,
    consensus_prefill,
    disagreement,
)




def counts(question: QuestionAggregate) -> dict[str, int]:
    return {entry.option_id: entry.count for entry in question.distribution}


def shares(question: QuestionAggregate) -> dict[str, float]:
    return {entry.option_id: entry.share for entry in question.distribution}


@pytest.fixture
def four(mini) -> list[AnswerSheet]:
    """Four participants who disagree on most things.

    technology pillar (tech-models weight 1, tech-skills weight 2):
      P1 open-weight 100, team 100 -> 100;  P2 open-weight 100, some 50 -> 66.7
      P3 closed-api 0, unknown 0 -> 0;      P4 closed-api 0, not-applicable -> 0
    data pillar (all weight 1; data-keys only asked when the provider is external):
      P1 none 100, [keys hidden], dpa+audit 80 -> 90
      P2 eu 70, customer 100, audit+dpa 80 -> 83.3
      P3 non-eu 0, unknown 0, none 0 -> 0
      P4 none 100, [keys hidden: its "provider" answer is ignored], safeguards unanswered
         (read as "don't know", 0) -> 50
    """
    return [
        sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "team", "data-provider": "none",
                         "data-safeguards": ["dpa", "audit"]}),
        sheet_for(mini, {"tech-models": "open-weight", "tech-skills": "some", "data-provider": "eu",
                         "data-keys": "customer", "data-safeguards": ["audit", "dpa"]}),
        sheet_for(mini, {"tech-models": "closed-api", "tech-skills": "unknown", "data-provider": "non-eu",
                         "data-keys": "unknown", "data-safeguards": ["none"]}),
        sheet_for(mini, {"tech-models": "closed-api", "tech-skills": "not-applicable", "data-provider": "none",
                         "data-keys": "provider"}),
    ]


def by_id(result: WorkshopAggregate) -> dict[str, QuestionAggregate]:
    return {q.question_id: q for q in result.questions}


# ---- worked examples --------------------------------------------------------------------------

def test_participants_completed_and_order(mini, four):
    result = aggregate(mini, four)
    assert result.participants == 4
    assert result.completed == 3  # P4 left data-safeguards unanswered; P1 was never asked data-keys
    assert [p.pillar_id for p in result.pillars] == ["technology", "data"]
    assert [q.question_id for q in result.questions] == [
        "tech-models", "tech-skills", "data-provider", "data-keys", "data-safeguards"]
    assert [q.pillar_id for q in result.questions] == ["technology"] * 2 + ["data"] * 3


def test_a_0_100_split_has_disagreement_1_and_a_tie_goes_to_questionnaire_order(mini, four):
    models = by_id(aggregate(mini, four))["tech-models"]
    assert models.respondents == 4
    assert counts(models) == {"closed-api": 2, "mixed": 0, "open-weight": 2, "unknown": 0}
    assert shares(models) == {"closed-api": 0.5, "mixed": 0.0, "open-weight": 0.5, "unknown": 0.0}
    assert models.mode == ("closed-api",)  # 2 against 2: closed-api comes first in the question
    assert models.median_score == 50
    assert models.disagreement == 1.0
    assert models.unknown == 0 and models.unknown_share == 0
    assert models.text == mini.question("tech-models").text
    assert [o.label for o in models.distribution] == [o.label for o in mini.question("tech-models").options]


def test_unknown_counts_0_and_not_applicable_is_left_out_of_scores(mini, four):
    skills = by_id(aggregate(mini, four))["tech-skills"]
    assert skills.respondents == 4  # "not applicable" is still an answer
    assert counts(skills) == {"none": 0, "some": 1, "team": 1, "unknown": 1, "not-applicable": 1}
    assert set(shares(skills).values()) == {0.0, 0.25}
    assert skills.unknown == 1 and skills.unknown_share == 0.25
    assert skills.mode == ("some",)  # four-way tie of one each: "some" is the first chosen option
    # scores 100, 50, 0 (unknown); median 50; mean |s - 50| = (50 + 0 + 50) / 3 = 33.3 -> / 50 = 0.667
    assert skills.median_score == 50
    assert skills.disagreement == 0.667


def test_median_and_disagreement_on_uneven_scores(mini, four):
    provider = by_id(aggregate(mini, four))["data-provider"]
    assert counts(provider) == {"non-eu": 1, "eu": 1, "none": 2, "unknown": 0}
    assert provider.mode == ("none",)
    # scores 0, 70, 100, 100: median 85; deviations 85, 15, 15, 15 -> mean 32.5 -> 0.65
    assert provider.median_score == 85
    assert provider.disagreement == 0.65


def test_hidden_questions_do_not_count_as_answered(mini, four):
    keys = by_id(aggregate(mini, four))["data-keys"]
    # P1 (no provider) was not asked; P4 (no provider) answered anyway, and that answer is ignored
    assert keys.respondents == 2
    assert counts(keys) == {"provider": 0, "customer": 1, "unknown": 1}
    assert keys.unknown == 1 and keys.unknown_share == 0.5
    assert keys.mode == ("customer",)
    assert keys.median_score == 50 and keys.disagreement == 1.0


def test_multiple_counts_each_option_and_the_mode_is_a_whole_answer(mini, four):
    safeguards = by_id(aggregate(mini, four))["data-safeguards"]
    assert safeguards.respondents == 3  # P4 did not answer
    assert counts(safeguards) == {"dpa": 2, "none": 1, "no-training": 0, "audit": 2, "unknown": 0}
    assert shares(safeguards)["dpa"] == 0.667 and shares(safeguards)["none"] == 0.333
    assert safeguards.mode == ("dpa", "audit")  # "audit, dpa" is the same answer, written in questionnaire order
    # scores 80, 80, 0: median 80; mean |s - 80| = 80 / 3 -> 0.533
    assert safeguards.median_score == 80
    assert safeguards.disagreement == 0.533


def test_pillar_median_quartiles_and_spread(mini, four):
    technology, data = aggregate(mini, four).pillars
    # technology scores sorted 0, 0, 66.7, 100 (inclusive quartiles at positions 0.75, 1.5, 2.25)
    assert technology.respondents == 4
    assert technology.q1 == 0
    assert technology.median == pytest.approx(33.35, abs=0.051)
    assert technology.q3 == pytest.approx(75.0)  # 66.7 + 0.25 * 33.3
    assert technology.spread == pytest.approx(75.0)
    assert (technology.minimum, technology.maximum) == (0, 100)
    # data scores sorted 0, 50, 83.3, 90
    assert data.respondents == 4
    assert data.q1 == pytest.approx(37.5)  # 0.75 * 50
    assert data.median == pytest.approx(66.65, abs=0.051)
    assert data.q3 == pytest.approx(85.0)  # 83.3 + 0.25 * 6.7
    assert data.spread == pytest.approx(47.5)
    assert (data.minimum, data.maximum) == (0, 90)


def test_unanimity_has_no_disagreement_and_is_not_disputed(mini):
    sheets = [sheet_for(mini, {"tech-models": "open-weight", "tech-skills": skills})
              for skills in ("team", "team", "none")]
    result = aggregate(mini, sheets)
    models, skills = result.questions[:2]
    assert models.disagreement == 0 and models.median_score == 100 and models.mode == ("open-weight",)
    assert shares(models)["open-weight"] == 1.0
    # scores 100, 100, 0: median 100, mean |s - 100| = 33.3 -> 0.667
    assert skills.disagreement == 0.667
    assert result.disputed() == [skills]
    assert result.knowledge_gaps() == []
    data = result.pillars[1]
    assert data == PillarAggregate("data", 0, None, None, None, None, None, None)


def test_answers_worth_the_same_score_are_no_disagreement(mini):
    # "unknown" scores 0 like "closed-api": different answers, same score, no disagreement; a knowledge gap
    sheets = [sheet_for(mini, {"tech-models": answer}) for answer in ("closed-api", "unknown", "unknown")]
    models = aggregate(mini, sheets).questions[0]
    assert models.disagreement == 0 and models.median_score == 0
    assert models.mode == ("unknown",)
    assert models.unknown == 2 and models.unknown_share == 0.667


def test_only_not_applicable_answers_have_no_score(mini):
    sheets = [sheet_for(mini, {"tech-skills": "not-applicable"})] * 3
    result = aggregate(mini, sheets)
    skills = result.questions[1]
    assert skills.respondents == 3 and skills.median_score is None and skills.disagreement == 0
    assert result.pillars[0].respondents == 0 and result.pillars[0].median is None
    assert result.completed == 0


def test_one_participant_has_a_median_but_no_quartiles(mini):
    result = aggregate(mini, [sheet_for(mini, {"tech-models": "mixed"})])
    technology = result.pillars[0]
    # tech-skills left unanswered reads as "don't know": (50 + 2 * 0) / 3
    assert technology == PillarAggregate("technology", 1, 16.7, None, None, None, 16.7, 16.7)
    assert result.questions[0].disagreement == 0
    assert result.disputed() == []


def test_no_participants(mini):
    result = aggregate(mini, [])
    assert (result.participants, result.completed) == (0, 0)
    for question in result.questions:
        assert question.respondents == 0 and question.mode == () and question.median_score is None
        assert question.unknown_share == 0 and question.disagreement == 0
        assert all(entry.count == 0 and entry.share == 0 for entry in question.distribution)
    assert all(p.respondents == 0 and p.median is None and p.spread is None for p in result.pillars)
    assert consensus_prefill(result) == {}
    assert result.disputed() == [] and result.knowledge_gaps() == []


def test_disputed_ranking_ties_and_limit(mini, four):
    result = aggregate(mini, four)
    # 1.0 tech-models (4 respondents) before 1.0 data-keys (2); then 0.667, 0.65, 0.533
    assert [q.question_id for q in result.disputed()] == [
        "tech-models", "data-keys", "tech-skills", "data-provider", "data-safeguards"]
    assert [q.question_id for q in result.disputed(2)] == ["tech-models", "data-keys"]
    assert result.disputed(0) == [] and result.disputed(-1) == []


def test_knowledge_gaps_ranking(mini, four):
    result = aggregate(mini, four)
    assert [(q.question_id, q.unknown_share) for q in result.knowledge_gaps()] == [
        ("data-keys", 0.5), ("tech-skills", 0.25)]
    assert [q.question_id for q in result.knowledge_gaps(1)] == ["data-keys"]
    # same share: the larger count first
    more = four + [sheet_for(mini, {"tech-models": "unknown", "data-provider": "eu", "data-keys": "unknown"})] * 2
    gaps = aggregate(mini, more).knowledge_gaps()
    # data-keys 3/4 unknown; tech-skills 1/4; tech-models 2/6
    assert [(q.question_id, q.unknown, q.unknown_share) for q in gaps] == [
        ("data-keys", 3, 0.75), ("tech-models", 2, 0.333), ("tech-skills", 1, 0.25)]


def test_knowledge_gaps_with_equal_shares_rank_by_count(mini):
    sheets = ([sheet_for(mini, {"tech-models": "unknown", "tech-skills": "unknown"})] * 2
              + [sheet_for(mini, {"tech-models": "mixed", "tech-skills": "team"})] * 2
              + [sheet_for(mini, {"tech-models": "mixed"})] * 2)
    # tech-models 2 of 6 (0.333), tech-skills 2 of 4 (0.5); then make the shares equal:
    assert [q.question_id for q in aggregate(mini, sheets).knowledge_gaps()] == ["tech-skills", "tech-models"]
    equal = [sheet_for(mini, {"tech-models": "unknown", "data-provider": "unknown"}),
             sheet_for(mini, {"tech-models": "mixed", "data-provider": "none"}),
             sheet_for(mini, {"data-provider": "unknown"}), sheet_for(mini, {"data-provider": "eu"})]
    gaps = aggregate(mini, equal).knowledge_gaps()
    assert [(q.question_id, q.unknown) for q in gaps] == [("data-provider", 2), ("tech-models", 1)]


def test_consensus_prefill_is_the_mode_of_answered_questions(mini, four):
    assert consensus_prefill(aggregate(mini, four)) == {
        "tech-models": ("closed-api",), "tech-skills": ("some",), "data-provider": ("none",),
        "data-keys": ("customer",), "data-safeguards": ("dpa", "audit")}
    partial = aggregate(mini, [sheet_for(mini, {"tech-models": "mixed"})])
    assert consensus_prefill(partial) == {"tech-models": ("mixed",)}


def test_as_json_is_plain_json(mini, four):
    result = aggregate(mini, four)
    data = json.loads(json.dumps(result.as_json()))
    assert data["participants"] == 4 and data["completed"] == 3
    assert data["disputed"][:2] == ["tech-models", "data-keys"]
    assert data["knowledge_gaps"] == ["data-keys", "tech-skills"]
    models = data["questions"][0]
    assert models["question_id"] == "tech-models" and models["mode"] == ["closed-api"]
    assert models["distribution"][0] == {"option_id": "closed-api", "label": {"fr": "API fermée", "en": "Closed API"},
                                         "count": 2, "share": 0.5}
    assert data["pillars"][1] == result.pillars[1].as_json()
    assert set(data["pillars"][1]) == {"pillar_id", "respondents", "median", "q1", "q3", "spread",
                                       "minimum", "maximum"}


def test_results_are_frozen_and_hashable(mini, four):
    result = aggregate(mini, four)
    with pytest.raises(AttributeError):
        result.participants = 5  # type: ignore[misc]
    assert hash(result) == hash(aggregate(mini, list(reversed(four))))
    assert isinstance(result.questions[0].distribution[0], OptionCount)


def test_disagreement_formula():
    assert disagreement([]) == 0 and disagreement([40]) == 0
    assert disagreement([70, 70, 70]) == 0
    assert disagreement([0, 100]) == 1 and disagreement([0, 0, 100, 100]) == 1
    assert disagreement([0, 0, 100]) == 0.667  # median 0: mean distance 33.3
    assert disagreement([0, 50, 100]) == 0.667  # median 50: (50 + 0 + 50) / 3 = 33.3
    assert disagreement([40, 60]) == 0.2  # 10 points from the median on average


def test_one_participant_matches_the_scoring(mini, four):
    for sheet in four:
        result = score(mini, sheet)
        pillars = aggregate(mini, [sheet]).pillars
        assert [p.median for p in pillars] == [result.pillars[p.pillar_id].score for p in pillars]


def test_two_hundred_participants_on_the_bundled_questionnaire_is_fast():
    questionnaire = bundled_questionnaire()
    questions = [q for _, q in questionnaire.questions()]
    sheets = []
    for n in range(200):
        answers = {}
        for i, question in enumerate(questions):
            plain = [o.id for o in question.options if not (o.kind or o.exclusive)]
            answers[question.id] = [plain[(n * 7 + i * 3) % len(plain)]]
        sheets.append(sheet_for(questionnaire, answers))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = aggregate(questionnaire, sheets)
        best = min(best, time.perf_counter() - start)
    assert result.participants == 200 and len(result.questions) == len(questions)
    # scoring 200 sheets dominates; the aggregation itself adds a few milliseconds (loose bound for slow CI)
    assert best < 1.0


# ---- properties -------------------------------------------------------------------------------



@pytest.fixture(params=["mini", "bundled"])
def questionnaire(request, mini):
    return mini if request.param == "mini" else bundled_questionnaire()


def groups(questionnaire: Questionnaire, max_size: int = 12):
    """A workshop's sheets; fewer participants on the 52-question questionnaire, where drawing is slow."""
    if sum(1 for _ in questionnaire.questions()) > 10:
        max_size = min(max_size, 5)
    return st.lists(answer_sheets(questionnaire), min_size=0, max_size=max_size)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_permuting_participants_never_changes_the_aggregate(questionnaire, data):
    sheets = data.draw(groups(questionnaire))
    shuffled = data.draw(st.permutations(sheets))
    assert aggregate(questionnaire, shuffled) == aggregate(questionnaire, sheets)
    assert aggregate(questionnaire, shuffled).as_json() == aggregate(questionnaire, sheets).as_json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_aggregate_invariants(questionnaire, data):
    sheets = data.draw(groups(questionnaire))
    result = aggregate(questionnaire, sheets)
    assert result.participants == len(sheets) and 0 <= result.completed <= len(sheets)
    for question in result.questions:
        assert 0 <= question.respondents <= len(sheets)
        assert 0 <= question.disagreement <= 1
        assert 0 <= question.unknown <= question.respondents
        assert [e.option_id for e in question.distribution] == [o.id for o in questionnaire.question(
            question.question_id).options]
        total = sum(e.count for e in question.distribution)
        assert total >= question.respondents and all(0 <= e.share <= 1 for e in question.distribution)
        if questionnaire.question(question.question_id).type != "multiple":
            assert total == question.respondents
        assert bool(question.mode) == (question.respondents > 0)
        if question.median_score is not None:
            assert 0 <= question.median_score <= 100
    for pillar in result.pillars:
        assert 0 <= pillar.respondents <= len(sheets)
        if pillar.respondents >= 2:
            assert pillar.minimum <= pillar.q1 <= pillar.median <= pillar.q3 <= pillar.maximum
            assert pillar.spread == pytest.approx(pillar.q3 - pillar.q1)
        elif pillar.respondents == 1:
            assert pillar.minimum == pillar.median == pillar.maximum and pillar.spread is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data(), limit=st.integers(min_value=0, max_value=60))
def test_disputed_and_knowledge_gaps_are_sorted_and_bounded(questionnaire, data, limit):
    result = aggregate(questionnaire, data.draw(groups(questionnaire)))
    order = {q.question_id: index for index, q in enumerate(result.questions)}
    disputed = result.disputed(limit)
    assert len(disputed) <= limit
    assert all(q.respondents >= 2 and q.disagreement > 0 for q in disputed)
    keys = [(-q.disagreement, -q.respondents, order[q.question_id]) for q in disputed]
    assert keys == sorted(keys)
    everything = result.disputed(len(result.questions))
    assert disputed == everything[:limit]
    assert {q.question_id for q in everything} == {
        q.question_id for q in result.questions if q.respondents >= 2 and q.disagreement > 0}
    gaps = result.knowledge_gaps(limit)
    assert len(gaps) <= limit and all(q.unknown > 0 for q in gaps)
    keys = [(-q.unknown_share, -q.unknown, order[q.question_id]) for q in gaps]
    assert keys == sorted(keys)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_consensus_prefill_only_proposes_valid_answers(questionnaire, data):
    sheets = data.draw(groups(questionnaire))
    result = aggregate(questionnaire, sheets)
    prefill = consensus_prefill(result)
    assert set(prefill) == {q.question_id for q in result.questions if q.respondents}
    for question_id, options in prefill.items():
        question = questionnaire.question(question_id)
        assert options and all(question.option(o) is not None for o in options)
        # the mode is an answer someone actually gave (options in questionnaire order)
        given_answers = {tuple(sorted(s.selected(question_id), key=[o.id for o in question.options].index))
                         for s in sheets if s.selected(question_id)}
        assert options in given_answers
    # a valid answers document, accepted as is
    assert parse_answers({qid: list(options) for qid, options in prefill.items()}, questionnaire).keys() == prefill.keys()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_pillar_median_is_the_median_of_the_participants_scores(questionnaire, data):
    sheets = data.draw(groups(questionnaire, max_size=8))
    result = aggregate(questionnaire, sheets)
    scored = [score(questionnaire, sheet) for sheet in sheets]
    for pillar in result.pillars:
        values = [r.pillars[pillar.pillar_id].score for r in scored if r.pillars[pillar.pillar_id].score is not None]
        assert pillar.respondents == len(values)
        if values:
            assert pillar.median == pytest.approx(statistics.median(values), abs=0.051)
    assert result.completed == sum(all(not p.unanswered for p in r.pillars.values()) for r in scored)
