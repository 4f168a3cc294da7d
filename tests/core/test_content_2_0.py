"""Questionnaire 2.0 content: national regimes by country, dated facts, and texts that cannot go stale.

These go through the real bundled questionnaire and catalogue (answers parsing, scoring,
recommendations), starting from the exemplary persona and changing one answer or the country.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from assessment import resources
from assessment.answers import Answer, parse_document, read_document
from assessment.evaluation import evaluate
from assessment.loading import bundled_catalogue, bundled_questionnaire, overdue_reviews

PUBLISHED = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def best():
    document = read_document(resources.examples_dir() / "best-practice.json")
    sheet, questionnaire = parse_document(document, bundled_questionnaire)
    return sheet, questionnaire


def _assess(questionnaire, sheet, country: str | None, answers: dict[str, str]):
    organisation = {k: v for k, v in sheet.organisation.items() if k != "country"}
    if country:
        organisation["country"] = country
    sheet = dataclasses.replace(sheet, organisation=organisation)
    sheet = sheet.with_answers({qid: Answer((option,)) for qid, option in answers.items()})
    evaluation = evaluate(questionnaire, sheet, bundled_catalogue())
    return evaluation.result, {a.recommendation.id for a in evaluation.advice}


@pytest.mark.parametrize(("country", "answer", "rule"), [
    ("FR", "uncertified", "data-health-host-uncertified-fr"),
    ("FR", "unknown", "data-health-host-uncertified-fr-unknown"),
    ("DE", "uncertified", "data-health-host-uncertified-de"),
    ("DE", "unknown", "data-health-host-uncertified-de-unknown"),
])
def test_health_data_without_the_national_certification_caps_the_data_pillar(best, country, answer, rule):
    sheet, questionnaire = best
    result, advice = _assess(questionnaire, sheet, country, {"data-health-hosting": answer})
    assert {f.rule.id for f in result.findings} >= {rule}
    assert result.pillars["data"].level <= 1
    assert "rec-health-host-certified" in advice


@pytest.mark.parametrize("country", ["IT", "ES", "NL", None])
def test_the_health_certification_question_is_asked_only_where_the_law_requires_one(best, country):
    sheet, questionnaire = best
    result, _ = _assess(questionnaire, sheet, country, {"data-health-hosting": "uncertified"})
    assert "data-health-hosting" not in result.visible
    assert not [f for f in result.findings if f.rule.id.startswith("data-health-host")]


@pytest.mark.parametrize(("country", "expected"), [
    ("DE", "rec-sovereign-hosting-de"),
    ("IT", "rec-sovereign-hosting-it"),
    ("ES", "rec-sovereign-hosting-es"),
    ("PL", "rec-sovereign-hosting-eu"),
    (None, "rec-sovereign-hosting-eu"),
])
def test_sensitive_data_advice_names_the_regime_of_the_organisations_country(best, country, expected):
    sheet, questionnaire = best
    _, advice = _assess(questionnaire, sheet, country, {"indep-sensitive-hosting": "eu-provider-on-non-eu-cloud"})
    national = {a for a in advice if a.startswith("rec-sovereign-hosting-")}
    assert national == {expected}


def test_no_national_advice_when_sensitive_data_is_on_a_qualified_offer(best):
    sheet, questionnaire = best
    _, advice = _assess(questionnaire, sheet, "DE", {})
    assert not {a for a in advice if a.startswith("rec-sovereign-hosting-")}


def test_no_dated_fact_is_stale_on_the_publication_date_and_every_fact_is_used():
    questionnaire = bundled_questionnaire()
    assert questionnaire.version == "2.0" and questionnaire.published == PUBLISHED
    assert overdue_reviews(questionnaire, PUBLISHED) == []
    assert overdue_reviews(bundled_catalogue(), PUBLISHED) == []
    referenced = {fid for _, q in questionnaire.questions() for fid in q.facts}
    referenced |= {fid for _, q in questionnaire.questions() for rule in q.critical for fid in rule.facts}
    referenced |= {fid for r in questionnaire.recommendations for fid in r.facts}
    referenced |= {fid for _, q in questionnaire.questions() for o in q.options for fid in o.facts}
    assert {fact.id for fact in questionnaire.facts} <= referenced


def _texts(questionnaire):
    for _, question in questionnaire.questions():
        yield question.id, question.help
        yield from ((f"{question.id}/{r.id}", r.finding) for r in question.critical)
    for rec in questionnaire.recommendations:
        yield rec.id, rec.rationale
        yield from ((rec.id, step) for step in rec.steps)


def test_high_risk_duties_are_never_stated_as_current_law():
    """Content audit A1: before 2 December 2027 no text may say the AI Act 'imposes' a high-risk duty."""
    present = re.compile(r"(l'AI Act (impose|exige|demande)\b[^.;]*haut risque|AI Act requires[^.;]*high-risk)")
    stale = [where for where, text in _texts(bundled_questionnaire())
             for lang in ("fr", "en") if present.search(text[lang])]
    assert stale == []


def test_article_50_texts_do_not_depend_on_the_day_they_are_read():
    """Content audit A2: nothing says Art. 50 applies 'from' 2 August 2026 or grants time 'until' a past day."""
    wrong = re.compile(r"(à partir du 2 août 2026|from 2 August 2026|accorde jusqu'au|gives until)")
    assert [where for where, text in _texts(bundled_questionnaire())
            for lang in ("fr", "en") if wrong.search(text[lang])] == []


def test_every_persona_answers_version_2_0():
    for path in resources.examples_dir().glob("*.json"):
        assert read_document(path)["version"] == "2.0", path.name
