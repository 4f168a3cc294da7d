"""The pages of an assessment answered with a questionnaire of its own words (#16 §1): its pillar ids in the
URLs, its level names and report title on the results page, bars for one or two pillars."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pages import csrf_token, form_value
from sqlalchemy.orm import Session

from assessment.answers import Answer, AnswerSheet
from assessment.loading import bundled_catalogue, load_questionnaire, parse_questionnaire
from assessment.storage import assessments

CUSTOM = Path(__file__).parents[1] / "data" / "custom" / "hr-ai-act.yaml"
NOT_OURS = re.compile(r"souverain|sovereign|quatre piliers|four pillars", re.IGNORECASE)


def _stored(app, questionnaire, answers: dict[str, str], lang: str = "en") -> str:
    """An assessment answered with `questionnaire` (kept as a snapshot, as any non-bundled one): its token."""
    sheet = AnswerSheet(questionnaire.id, questionnaire.version, lang, {"name": "Example Staffing Co"},
                        {qid: Answer((option,)) for qid, option in answers.items()})
    with Session(app.extensions["database"].engine) as session:
        token = assessments.create(session, questionnaire, sheet)[1]
        session.commit()
    return token


def test_its_pages_use_its_ids_and_words(app, client):
    hr = load_questionnaire(CUSTOM, bundled_catalogue())
    app.config["SITE_NAME"] = "AI Act check"
    token = _stored(app, hr, {"inv-register": "complete", "gov-oversight": "automated"})
    page = client.get(f"/a/{token}/p/governance?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Deployer governance" in html and f'href="/a/{token}/p/workers"' in html
    saved = client.post(f"/a/{token}/p/governance", data={
        "csrf_token": csrf_token(html), "revision": form_value(html, "revision"), "gov-oversight": "reviewed"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/a/{token}/p/workers")
    assert client.get(f"/a/{token}/p/technology").status_code == 404  # not a pillar of this questionnaire

    results = client.get(f"/a/{token}/results?lang=en").get_data(as_text=True)
    assert "AI Act readiness report: HR uses of AI" in results
    assert "Unmapped uses" in results or "Obligations identified" in results
    assert 'class="radar"' in results  # three pillars: a radar
    assert not NOT_OURS.search(results), NOT_OURS.findall(results)
    report = client.get(f"/a/{token}/report?lang=fr").get_data(as_text=True)
    assert "Rapport de préparation à l&#39;AI Act" in report and "Conformité démontrable" in report
    assert '<meta name="author" content="AI Act check">' in report
    assert not NOT_OURS.search(report), NOT_OURS.findall(report)


def test_a_two_pillar_questionnaire_shows_bars_on_its_results_page(app, client):
    data = yaml.safe_load(CUSTOM.read_text(encoding="utf-8"))
    data["id"], data["recommendations"] = "hr-short", []
    data["pillars"] = data["pillars"][:2]
    for pillar in data["pillars"]:
        for question in pillar["questions"]:
            for rule in question.get("critical", []):
                rule.pop("also_caps", None)
    short = parse_questionnaire(yaml.safe_dump(data, allow_unicode=True), "hr-short.yaml")
    token = _stored(app, short, {"inv-register": "reviewed", "gov-literacy": "plan"})
    results = client.get(f"/a/{token}/results?lang=en").get_data(as_text=True)
    assert 'class="radar bars"' in results and results.count('<rect class="score"') == 2
