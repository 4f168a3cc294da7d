"""The evaluation pipeline: one contract for `score --json`, the API and the export; the change since a baseline."""

from __future__ import annotations

import dataclasses

import pytest

from assessment import csf, resources
from assessment.answers import parse_document, read_document
from assessment.evaluation import evaluate
from assessment.evidence import evidenced
from assessment.loading import bundled_catalogue, bundled_questionnaire
from assessment.recommendations import recommend
from assessment.report import model
from assessment.scoring import score


def _persona(name: str):
    return parse_document(read_document(resources.examples_dir() / f"{name}.json"), bundled_questionnaire)


def test_as_json_is_the_result_then_every_recommendation_in_order():
    sheet, questionnaire = _persona("startup-us-stack")
    evaluation = evaluate(questionnaire, sheet, bundled_catalogue())
    result = score(questionnaire, sheet)
    advice = recommend(questionnaire, sheet, result, bundled_catalogue())
    data = evaluation.as_json()
    assert list(data) == ["questionnaire", "overall", "pillars", "critical", "recommendations", "evidenced", "csf"]
    assert data == {**result.as_json(), "recommendations": [item.as_json() for item in advice],
                    "evidenced": evidenced(questionnaire, sheet).as_json(),
                    "csf": csf.estimate(questionnaire, sheet).as_json()}  # the bundled questionnaire maps to the CSF
    assert data["recommendations"] and "recommendations" not in result.as_json()


def test_change_since_a_baseline_per_pillar_and_overall():
    sheet, questionnaire = _persona("startup-us-stack")
    better, _ = _persona("best-practice")
    baseline = score(questionnaire, sheet)
    evaluation = evaluate(questionnaire, better, bundled_catalogue(), baseline=baseline)
    assert evaluation.change() == pytest.approx(evaluation.result.score - baseline.score, abs=0.051)
    for pillar_id, pillar in evaluation.result.pillars.items():
        assert evaluation.change(pillar_id) == round(pillar.score - baseline.pillars[pillar_id].score, 1)
    assert evaluate(questionnaire, better, bundled_catalogue()).change() is None


def test_complete_only_when_every_applicable_question_is_answered():
    sheet, questionnaire = _persona("best-practice")
    assert evaluate(questionnaire, sheet, bundled_catalogue()).complete
    first = next(iter(sheet.answers))
    partial = dataclasses.replace(sheet, answers={k: v for k, v in sheet.answers.items() if k != first})
    assert not evaluate(questionnaire, partial, bundled_catalogue()).complete


def test_the_report_is_frozen():
    sheet, questionnaire = _persona("hospital-hds")
    report = model.build(evaluate(questionnaire, sheet, bundled_catalogue()), "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.recommendations[0].detailed = False  # type: ignore[misc]
    assert [action.detailed for action in report.recommendations] == [
        index < model.DETAILED_ACTIONS for index in range(len(report.recommendations))]
    assert report.workshop is None
