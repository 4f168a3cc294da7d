"""The organisation's country everywhere: the organisation page, the API, workshops, results and report."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, inspect
from sqlalchemy.orm import Session

from assessment.answers import Answer, AnswerSheet
from assessment.loading import bundled_questionnaire
from assessment.questionnaire import Questionnaire
from assessment.storage import assessments
from assessment.storage import accounts
from assessment.storage.database import normalise_url
from assessment.storage.models import Assessment
from pages import csrf_token, form_value

Q = bundled_questionnaire()


def organisation_form(client, location: str) -> tuple[str, dict]:
    """The organisation page's HTML and the hidden fields to post back."""
    html = client.get(location).get_data(as_text=True)
    return html, {"csrf_token": csrf_token(html), "revision": form_value(html, "revision")}


def selected_country(html: str) -> str | None:
    """The option the country select has selected."""
    select = re.search(r'<select[^>]*name="country".*?</select>', html, re.S).group(0)
    match = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', select)
    return (match.group(1) or match.group(2)) if match else None


def test_organisation_page_offers_eu_eea_countries_in_the_page_language(client, started):
    _, location = started
    html, _ = organisation_form(client, location)
    select = re.search(r'<select[^>]*name="country".*?</select>', html, re.S).group(0)
    assert '<option value="DE">Allemagne</option>' in select and '<option value="NO">Norvège</option>' in select
    assert '<option value="other">Autre pays (hors UE et EEE)</option>' in select
    assert "GB" not in select and "US" not in select
    values = re.findall(r'value="([^"]*)"', select)
    assert len(values) == 32 and values[0] == "" and values[-1] == "other"  # none, 30 countries, other
    english = client.get(location + ("&" if "?" in location else "?") + "lang=en").get_data(as_text=True)
    assert '<option value="DE">Germany</option>' in english


def test_organisation_country_is_saved_and_shown_on_results(client, started):
    token, location = started
    _, hidden = organisation_form(client, location)
    response = client.post(location, data={**hidden, "name": "Clinique", "country": "DE"})
    assert response.status_code == 303
    assert selected_country(client.get(f"/a/{token}/organisation").get_data(as_text=True)) == "DE"
    results = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Pays d&#39;établissement\u202f: Allemagne." in results  # French spacing on web pages too


def test_an_unknown_country_is_refused_and_nothing_changes(client, started):
    token, location = started
    _, hidden = organisation_form(client, location)
    response = client.post(location, data={**hidden, "name": "Clinique", "country": "US"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="country-error"' in html and "Choisissez un pays de la liste." in html
    page = client.get(f"/a/{token}/organisation").get_data(as_text=True)
    assert 'value="Clinique"' not in page and selected_country(page) in (None, "")


def test_api_takes_and_returns_the_country(client):
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "organisation": {"country": "IT"}})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    read = client.get(f"/api/v1/assessments/{body['id']}", headers={"Authorization": f"Bearer {body['token']}"})
    assert read.get_json()["organisation"] == {"country": "IT"}


def test_api_refuses_an_unknown_country_naming_it(client):
    refused = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "organisation": {"country": "Italy"}})
    assert refused.status_code == 422
    assert any("organisation.country: unknown country 'Italy'" in e for e in refused.get_json()["errors"])


def test_openapi_lists_the_countries(client):
    document = client.get("/api/v1/openapi.json").get_json()
    country = document["components"]["schemas"]["AnswersDocument"]["properties"]["organisation"]["properties"]["country"]
    assert "FR" in country["enum"] and "other" in country["enum"] and None in country["enum"]
    assert "GB" not in country["enum"]


def test_migration_adds_the_workshop_country(database_url, app):
    engine = create_engine(normalise_url(database_url))
    try:
        columns = {c["name"]: c for c in inspect(engine).get_columns("workshop")}
    finally:
        engine.dispose()
    assert columns["country"]["nullable"] is True


def _consultant(app, client) -> None:
    with Session(app.extensions["database"].engine) as session:
        accounts.add_consultant(session, "alice@conseil.example", "correct horse battery")
        session.commit()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"csrf_token": csrf_token(page), "email": "alice@conseil.example",
                                "password": "correct horse battery"})


def _new_workshop(client, country: str):
    page = client.get("/workshops/new").get_data(as_text=True)
    assert '<option value="ES">Espagne</option>' in page
    return client.post("/workshops/new", data={"csrf_token": csrf_token(page), "organisation": "Hospital SA",
                                               "country": country, "title": "Atelier", "date": "2026-12-01",
                                               "language": "fr", "questionnaire": Q.id})


def test_workshop_participants_inherit_the_country(app, client):
    _consultant(app, client)
    created = _new_workshop(client, "ES")
    assert created.status_code == 303, created.get_data(as_text=True)
    workshop_id = created.headers["Location"].rsplit("/", 1)[1]
    live = client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<', live).group(1)
    joined = client.post(f"/api/v1/workshops/{code}/responses",
                         json={"organisation": {"country": "FR"}, "answers": {}})  # the workshop's country wins
    assert joined.status_code == 201, joined.get_json()
    browser = app.test_client()
    page = browser.get(f"/join/{code}").get_data(as_text=True)
    token = browser.post(f"/join/{code}", data={"csrf_token": csrf_token(page)}).headers["Location"].split("/a/")[1]
    with Session(app.extensions["database"].engine) as session:
        people = session.query(Assessment).filter_by(workshop_id=workshop_id).all()
        assert [p.organisation for p in people] == [{"name": "Hospital SA", "country": "ES"}] * 2
    assert "Espagne" in browser.get(f"/a/{token.split('/')[0]}/results").get_data(as_text=True)
    exported = client.get(f"/workshops/{workshop_id}/export.json")
    assert exported.get_json()["workshop"]["country"] == "ES"


def test_workshop_with_an_unknown_country_is_refused(app, client):
    _consultant(app, client)
    refused = _new_workshop(client, "XX")
    assert refused.status_code == 422
    assert "Choisissez un pays de la liste." in refused.get_data(as_text=True)


def test_pillar_page_leaves_out_questions_the_country_rules_out(app, client):
    # An assessment answered with a version of the questionnaire whose first question is asked in
    # France only, and whose second question is asked everywhere but in France (a stored snapshot).
    content = Q.model_dump(mode="json", by_alias=True)
    first, second = content["pillars"][0]["questions"][:2]
    first["depends_on"], second["depends_on"] = {"country": ["FR"]}, {"not": {"country": ["FR"]}}
    content["version"] = "0.8"  # any version: the stored snapshot is what counts
    local = Questionnaire.model_validate(content)
    pillar = local.pillars[0]
    tokens = {}
    with Session(app.extensions["database"].engine) as session:
        for country in ("FR", "DE"):
            stored = {first["id"]: Answer((pillar.questions[0].options[0].id,))}
            sheet = AnswerSheet(local.id, local.version, "fr", {"country": country}, stored)
            tokens[country] = assessments.create(session, local, sheet)[1]
        session.commit()
    french = client.get(f"/a/{tokens['FR']}/p/{pillar.id}").get_data(as_text=True)
    german = client.get(f"/a/{tokens['DE']}/p/{pillar.id}").get_data(as_text=True)
    assert f'id="{first["id"]}-group"' in french and f'id="{second["id"]}-group"' not in french
    assert f'id="{first["id"]}-group"' not in german and f'id="{second["id"]}-group"' in german
    # saving the German page leaves the (hidden, uncounted) answer to the French question as it was
    saved = client.post(f"/a/{tokens['DE']}/p/{pillar.id}", data={
        "csrf_token": csrf_token(german), "revision": form_value(german, "revision"),
        second["id"]: pillar.questions[1].options[0].id})
    assert saved.status_code == 303
    with Session(app.extensions["database"].engine) as session:
        answers = assessments.by_token(session, tokens["DE"]).answers
    assert set(answers) == {first["id"], second["id"]}
