"""Access control for every route: secrets are needed, ids cannot be probed, headers are set."""

from __future__ import annotations

import re

import pytest

from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
PUBLIC = {"/", "/healthz", "/privacy", "/login", "/logout", "/start", "/join", "/report.css",
          "/api/v1/openapi.json", "/api/v1/questionnaires", "/api/v1/questionnaires/<questionnaire_id>",
          "/api/v1/assessments", "/static/<path:filename>", "/join/<code>", "/api/v1/workshops/<code>/responses",
          "/workshops", "/workshops/new", "/profile",
          # a consultant's pages: the login page for anyone else; a wrong upload hash is a 404 (tests/web/test_questionnaires_web.py)
          "/questionnaires", "/questionnaires/pending/<digest>"}


def fill(rule: str, values: dict[str, str]) -> str:
    """A concrete path for a URL rule."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: values[m.group(1)], rule)


def test_every_route_with_a_secret_refuses_a_wrong_one(app, client):
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id}).get_json()
    other = client.post("/api/v1/assessments", json={"questionnaire": Q.id}).get_json()
    wrong = {"token": "A" * 43, "assessment_id": created["id"], "pillar_id": Q.pillars[0].id,
             "workshop_id": "not-mine", "kind": "csv", "code": "ZZZZ-ZZZZ",
             "digest": "0" * 64}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.rule in PUBLIC or rule.endpoint == "static":
            continue
        path = fill(rule.rule, wrong)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # the API with another assessment's token: still a 404, never the content
            headers = {"Authorization": f"Bearer {other['token']}"} if path.startswith("/api/") else {}
            response = client.open(path, method=method, headers=headers, json={} if method != "GET" else None)
            assert response.status_code in (400, 404), (method, path, response.status_code)
            assert created["id"].encode() not in response.data
            checked += 1
    assert checked >= 15


def test_assessment_ids_are_not_enumerable(client):
    ids = {client.post("/api/v1/assessments", json={"questionnaire": Q.id}).get_json()["id"] for _ in range(5)}
    assert all(len(i) >= 16 for i in ids)
    assert len({i[:8] for i in ids}) == 5  # random, not sequential


@pytest.mark.parametrize("path", ["/", "/privacy", "/login", "/api/v1/questionnaires"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    secure = client.get(path, base_url="https://localhost").headers
    assert secure["Strict-Transport-Security"].startswith("max-age=")


def test_cookie_flags(client):
    cookies = client.get("/?lang=en").headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} == {"lang", "session"}
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
