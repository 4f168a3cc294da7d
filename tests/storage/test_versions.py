"""Questionnaire versions: old assessments render with the version they were answered with; a baseline
across versions compares pillars and says the questionnaire changed; tools fitting the country come first;
'contenu à jour au'."""

from __future__ import annotations

import datetime as dt
import html as html_lib
from pathlib import Path

from sqlalchemy.orm import Session

from assessment.answers import Answer, AnswerSheet, parse_document
from assessment.evaluation import evaluate
from assessment.loading import bundled_catalogue, bundled_questionnaire, parse_catalogue, parse_questionnaire
from assessment.questionnaire import Questionnaire
from assessment.report import model as report_model
from assessment.report import pdf
from assessment.scoring import score
from assessment.storage import assessments
from assessment.storage.models import Assessment
from pages import csrf_token

Q = bundled_questionnaire()
FIRST = Q.pillars[0]
DATA = Path(__file__).parents[1] / "data"


def older_questionnaire() -> Questionnaire:
    """The bundled questionnaire as an earlier version might have been: another version number, the
    first question worded differently and the first pillar's last question missing."""
    content = Q.model_dump(mode="json", by_alias=True)
    content["version"] = "0.9"
    content["published"] = "2025-06-01"
    first = content["pillars"][0]["questions"][0]
    first["text"] = {lang: f"Autrefois, {text}" for lang, text in first["text"].items()}
    dropped = content["pillars"][0]["questions"].pop()
    # nothing else may refer to the dropped question in this older version
    assert all(q.get("depends_on") is None or dropped["id"] not in str(q["depends_on"])
               for p in content["pillars"] for q in p["questions"])
    content["recommendations"] = [r for r in content["recommendations"] if dropped["id"] not in str(r["when"])]
    for pillar in content["pillars"]:
        for question in pillar["questions"]:
            for rule in question["critical"]:
                if rule.get("also") and dropped["id"] in str(rule["also"]):
                    rule["also"] = None
    older = Questionnaire.model_validate(content)
    assert older.content_hash() != Q.content_hash()
    return older


def stored(app, questionnaire: Questionnaire, answers: dict[str, Answer]) -> tuple[str, str]:
    """An assessment stored as answered with `questionnaire`: (id, token)."""
    sheet = AnswerSheet(questionnaire.id, questionnaire.version, "fr", {"name": "Mairie"}, answers)
    with Session(app.extensions["database"].engine) as session:
        assessment, token = assessments.create(session, questionnaire, sheet)
        session.commit()
        return assessment.id, token


def page(client, url: str) -> str:
    """A page's text with HTML entities decoded, French narrow no-break spaces read as spaces."""
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.get_data(as_text=True)).replace("\u202f", " ")


def first_answers(questionnaire: Questionnaire) -> dict[str, Answer]:
    """The best option for every unconditional question of the first pillar."""
    return {q.id: Answer((max((o for o in q.options if o.score is not None), key=lambda o: o.score).id,))
            for q in questionnaire.pillars[0].questions if q.depends_on is None}


def test_an_assessment_keeps_rendering_with_the_version_it_was_answered_with(app, client):
    older = older_questionnaire()
    _, token = stored(app, older, first_answers(older))
    old_first = older.pillars[0].questions[0].text["fr"]
    dropped = FIRST.questions[-1].text["fr"]
    results = page(client, f"/a/{token}/results")
    assert f"version {older.version}" in results and "Contenu à jour au 1 juin 2025 (questionnaire version 0.9)." in results
    report = page(client, f"/a/{token}/report")
    assert f"version {older.version}" in report and old_first in report and dropped not in report
    assert "Contenu à jour au 1 juin 2025 (questionnaire version 0.9)." in report
    english = page(client, f"/a/{token}/report?lang=en")
    assert "Content up to date as of 1 June 2025 (questionnaire version 0.9)." in english
    # a new assessment uses the bundled questionnaire
    home = client.get("/").get_data(as_text=True)
    location = client.post("/start", data={"csrf_token": csrf_token(home)}).headers["Location"]
    new_token = location.split("/a/")[1].split("/")[0]
    new_report = page(client, f"/a/{new_token}/report?lang=fr")
    assert f"version {Q.version}" in new_report and old_first not in new_report and dropped in new_report


def test_a_baseline_across_versions_compares_pillars_and_says_the_questionnaire_changed(app, client):
    older = older_questionnaire()
    earlier_id, _ = stored(app, older, first_answers(older))
    _, token = stored(app, Q, first_answers(Q))
    with Session(app.extensions["database"].engine) as session:
        current = assessments.by_token(session, token)
        assessments.set_baseline(session, current, session.get(Assessment, earlier_id))
        session.commit()
    change = f"questionnaire {older.version} → {Q.version}"
    results = page(client, f"/a/{token}/results")
    assert change in results and "la comparaison porte sur les scores des piliers" in results
    assert change in page(client, f"/a/{token}/report") and change in page(client, f"/a/{token}/report?lang=en")
    # the pillars are compared by id: the first pillar's change is its score now minus its score then
    earlier_result = score(older, AnswerSheet(older.id, older.version, "fr", {}, first_answers(older)))
    now = score(Q, AnswerSheet(Q.id, Q.version, "fr", {}, first_answers(Q)))
    report = report_model.build(evaluate(Q, AnswerSheet(Q.id, Q.version, "fr", {}, first_answers(Q)),
                                         bundled_catalogue(), baseline=earlier_result), "fr")
    assert report.pillars[0].change == round(now.pillars[FIRST.id].score - earlier_result.pillars[FIRST.id].score, 1)


def _mini_with_qualified_catalogue(mini_catalogue):
    """The mini questionnaire and a catalogue where tool-a (FR) holds a German C5 attestation."""
    text = (DATA / "catalogue.yaml").read_text().replace(
        "    verified: 2026-11-25\n  - id: tool-b",
        "    verified: 2026-11-25\n    qualifications:\n"
        "      - {scheme: BSI C5, country: AT, status: certified, scope: {fr: \"IaaS\", en: \"IaaS\"},"
        " verified: 2026-11-25, source: {title: \"Attestation\", url: \"https://example.org/c5\"}}\n"
        "  - id: tool-b", 1)
    catalogue = parse_catalogue(text, "c.yaml")
    return parse_questionnaire((DATA / "mini.yaml").read_text(), "mini.yaml", catalogue), catalogue


def _tools(questionnaire, catalogue, country: str | None, lang: str = "fr") -> tuple[list[str], list[str]]:
    """(tools of the 'open models' recommendation, tools detailed in the report) for an organisation."""
    document = {"questionnaire": "mini", "answers": {"tech-models": "closed-api"}}
    if country:
        document["organisation"] = {"country": country}
    sheet = parse_document(document, lambda _: questionnaire)[0]
    report = report_model.build(evaluate(questionnaire, sheet, catalogue), lang)
    rec = next(r for r in report.recommendations if r.id == "rec-open-models")
    return [t.id for t in rec.tools], [t.id for t in report.tools]


def test_tools_that_fit_the_country_come_first(mini_catalogue):
    questionnaire, catalogue = _mini_with_qualified_catalogue(mini_catalogue)
    # the recommendation names [tool-a (FR), tool-b (DE)]
    assert _tools(questionnaire, catalogue, None) == (["tool-a", "tool-b"], ["tool-a", "tool-b"])
    assert _tools(questionnaire, catalogue, "FR")[0] == ["tool-a", "tool-b"]
    assert _tools(questionnaire, catalogue, "DE") == (["tool-b", "tool-a"], ["tool-b", "tool-a"])
    assert _tools(questionnaire, catalogue, "AT")[0] == ["tool-a", "tool-b"]  # qualified there: first, stable
    assert _tools(questionnaire, catalogue, "other")[0] == ["tool-a", "tool-b"]


def test_content_date_and_version(mini):
    sheet = AnswerSheet(mini.id, mini.version, "fr")
    undated = report_model.build(evaluate(mini, sheet, bundled_catalogue()), "en")
    assert undated.questionnaire.content_date == "Questionnaire version 1.0."
    dated = mini.model_copy(update={"published": dt.date(2026, 11, 25)})
    report = report_model.build(evaluate(dated, sheet, bundled_catalogue()), "fr")
    assert report.questionnaire.content_date == "Contenu à jour au 25 novembre 2026 (questionnaire version 1.0)."
    assert report.questionnaire_change == ""
    same_version = report_model.build(evaluate(mini, sheet, bundled_catalogue(), baseline=score(mini, sheet)), "fr")
    assert same_version.questionnaire_change == ""  # a baseline of the same version: nothing to say


def test_report_tool_sheets_give_qualifications(mini_catalogue):
    questionnaire, catalogue = _mini_with_qualified_catalogue(mini_catalogue)
    sheet = parse_document({"questionnaire": "mini", "answers": {"tech-models": "closed-api"}}, lambda _: questionnaire)[0]
    report = report_model.build(evaluate(questionnaire, sheet, catalogue), "fr")
    tool_a = next(t for t in report.tools if t.id == "tool-a")
    assert tool_a.owner == "" and tool_a.qualifications == (report_model.QualificationLine(
        scheme="BSI C5", country_name="Autriche", status="certification en vigueur", scope="IaaS",
        verified_label="25 novembre 2026", source=report_model.SourceLink("Attestation", "https://example.org/c5")),)
    html = pdf.render_html(report)
    assert "BSI C5 (Autriche, certification en vigueur)" in html
