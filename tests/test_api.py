"""JSON API v1: the contract, bearer tokens, problem details."""

from __future__ import annotations

import json

import pytest

from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
QUESTION = Q.pillars[0].questions[0]


def create(client, answers=None):
    """POST an answers document; returns (id, token, body)."""
    response = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": answers or {}})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body["id"], body["token"], body


def auth(token):
    """The bearer header."""
    return {"Authorization": f"Bearer {token}"}


def test_questionnaires(client):
    listing = client.get("/api/v1/questionnaires").get_json()
    assert {"id": Q.id, "version": Q.version} == {k: listing[0][k] for k in ("id", "version")}
    shown = client.get(f"/api/v1/questionnaires/{Q.id}").get_json()
    assert shown["id"] == Q.id and len(shown["pillars"]) == 4
    missing = client.get("/api/v1/questionnaires/nope")
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/problem+json"


def test_create_read_patch_delete(client):
    assessment_id, token, body = create(client, {QUESTION.id: QUESTION.options[0].id})
    assert set(body) == {"id", "token", "links"}
    assert f"/a/{token}/" in body["links"]["html"]
    assert body["links"]["report"].endswith(f"/api/v1/assessments/{assessment_id}/report.pdf")
    read = client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token))
    assert read.status_code == 200
    data = read.get_json()
    assert {"questionnaire", "overall", "pillars", "critical", "recommendations", "answers"} <= set(data)
    assert data["answers"]["answers"] == {QUESTION.id: [QUESTION.options[0].id]}
    best = max((o for o in QUESTION.options if o.score is not None), key=lambda o: o.score)
    patched = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                           json={"answers": {QUESTION.id: best.id}})
    assert patched.status_code == 200
    assert patched.get_json()["pillars"][Q.pillars[0].id]["score"] == 100
    removed = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                           json={"answers": {QUESTION.id: None}})
    assert removed.get_json()["answers"]["answers"] == {}
    assert client.delete(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).status_code == 204
    assert client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).status_code == 404


def test_wrong_or_missing_token_is_404(client):
    assessment_id, token, _ = create(client)
    for headers in ({}, auth("wrong"), {"Authorization": token}):
        response = client.get(f"/api/v1/assessments/{assessment_id}", headers=headers)
        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/problem+json"


def test_patch_with_unknown_option_stores_nothing(client):
    assessment_id, token, _ = create(client, {QUESTION.id: QUESTION.options[0].id})
    other = Q.pillars[1].questions[0]
    response = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                            json={"answers": {other.id: other.options[0].id, QUESTION.id: "bogus"}})
    assert response.status_code == 422
    assert any("'bogus'" in e for e in response.get_json()["errors"])
    stored = client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).get_json()
    assert stored["answers"]["answers"] == {QUESTION.id: [QUESTION.options[0].id]}


def test_if_match_refuses_a_stale_write(client):
    assessment_id, token, _ = create(client)
    response = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers={**auth(token), "If-Match": '"99"'},
                            json={"answers": {}})
    assert response.status_code == 412


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        (b'{"questionnaire": ', "application/json", 400, "malformed JSON"),
        (b"\xff\xfe", "application/json", 400, "not valid UTF-8"),
        (b"questionnaire=x", "application/x-www-form-urlencoded", 415, "JSON"),
        (b"[" * 50 + b"]" * 50, "application/json", 400, "nested deeper"),
        (json.dumps({"questionnaire": "nope"}).encode(), "application/json", 422, "not valid"),
        (json.dumps({"questionnaire": "sovereign-ai", "answers": {"nope": "x"}}).encode(), "application/json", 422, "not valid"),
    ],
)
def test_bad_bodies_get_problem_details(client, body, content_type, status, detail):
    response = client.post("/api/v1/assessments", data=body, content_type=content_type)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert detail in response.get_json()["detail"]


def test_body_over_the_limit_is_413(client):
    response = client.post("/api/v1/assessments", data=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                           content_type="application/json")
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    assert {"/assessments", "/assessments/{assessment_id}", "/assessments/{assessment_id}/answers",
            "/questionnaires", "/questionnaires/{questionnaire_id}"} <= set(doc["paths"])


def test_api_has_no_csrf_but_forms_do(client):
    assert client.post("/api/v1/assessments", json={"questionnaire": Q.id}).status_code == 201
    assert client.post("/start").status_code == 400


@pytest.mark.parametrize("assessment_id", ["..%2F..%2Fetc%2Fpasswd", "1%27%20OR%201%3D1--", "a%00b", "x" * 40,
                                           "%F0%9F%98%80"])
def test_hostile_ids_are_plain_404s(client, assessment_id):
    response = client.get(f"/api/v1/assessments/{assessment_id}", headers={"Authorization": "Bearer x"})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"questionnaire": Q.id, "organisation": {"name": "a\u0000b"}}, "NUL"),
        ({"questionnaire": Q.id, "answers": {QUESTION.id: {"answer": None, "comment": "\ud800"}}}, "lone surrogate"),
        ({"questionnaire": Q.id, "answers": {"a\u0000": "x"}}, "unknown question"),
    ],
)
def test_text_the_database_cannot_store_is_refused(client, document, message):
    response = client.post("/api/v1/assessments", json=document)
    assert response.status_code == 422
    assert any(message in e for e in response.get_json()["errors"])
    assert client.get("/healthz").status_code == 200  # and the server is fine


def test_results_page_is_never_stale(client):
    assessment_id, token, _ = create(client)
    before = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Aucune réponse" in before
    best = max((o for o in QUESTION.options if o.score is not None), key=lambda o: o.score)
    client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                 json={"answers": {QUESTION.id: best.id}})
    after = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Aucune réponse" not in after and "100.0/100" in after
    assert client.get(f"/a/{token}/results?lang=en").get_data(as_text=True) != after
