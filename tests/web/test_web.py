"""The web app's first pages: a real French home page, English one click away, safe headers."""

from __future__ import annotations

import re

from assessment.loading import bundled_questionnaire


def test_home_is_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Ce que couvre le questionnaire" in page
    assert "<title>Autodiagnostic IA souveraine</title>" in page  # the site's name, SITE_NAME unset
    assert "Quatre piliers" in page  # the bundled questionnaire's own description says so
    for pillar in bundled_questionnaire().pillars:
        assert pillar.title["fr"].replace("'", "&#39;") in page
    assert 'hreflang="en"' in page


def test_english_switch_is_remembered(client):
    response = client.get("/?lang=en")
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page and "What the questionnaire covers" in page
    assert "lang=en" in response.headers["Set-Cookie"]
    again = client.get("/")  # the cookie keeps English
    assert '<html lang="en">' in again.get_data(as_text=True)
    back = client.get("/?lang=fr")
    assert '<html lang="fr">' in back.get_data(as_text=True)


def test_unknown_language_falls_back_to_french(client):
    assert '<html lang="fr">' in client.get("/?lang=xx").get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_pages_load_nothing_from_other_hosts(client):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
    with client.get("/static/css/site.css") as css:
        assert css.status_code == 200 and b"@import" not in css.data and b"url(http" not in css.data


def test_health_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_not_found_page_is_html_with_message(client):
    response = client.get("/nope")
    assert response.status_code == 404
    assert "Cette page n&#39;existe pas." in response.get_data(as_text=True)


def test_api_errors_are_problem_details(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_secret_links_and_tokens_never_reach_the_logs(app, client, caplog):
    import logging

    created = client.post("/api/v1/assessments", json={"questionnaire": bundled_questionnaire().id}).get_json()
    token = created["token"]
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('127.0.0.1 - - "GET /a/%s/results HTTP/1.1" 200 -', token)
        app.logger.warning("Authorization: Bearer %s", token)
        app.logger.info("opened %s", f"http://localhost/a/{token}/")
    assert caplog.records
    assert token not in caplog.text
    assert "/a/[redacted]" in caplog.text and "Bearer [redacted]" in caplog.text


def test_the_site_name_is_a_setting_shown_as_written(app, client):
    app.config["SITE_NAME"] = "Diagnostic IA — Cabinet Martin"
    for lang in ("fr", "en"):
        page = client.get(f"/?lang={lang}").get_data(as_text=True)
        assert "<title>Diagnostic IA — Cabinet Martin</title>" in page
        assert '<a class="brand" href="/">Diagnostic IA — Cabinet Martin</a>' in page
        assert "souverain" not in page.lower()
        assert re.findall(r"sovereign\S*", page, re.IGNORECASE) == ["sovereign-ai,"]  # the questionnaire's id
        privacy = client.get("/privacy").get_data(as_text=True)
        assert "— Diagnostic IA — Cabinet Martin</title>" in privacy
