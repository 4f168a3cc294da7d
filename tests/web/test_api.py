"""JSON API v1: the contract, bearer tokens, problem details."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage import workshops
from assessment.storage import accounts

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
    assert data["answers"] == {QUESTION.id: QUESTION.options[0].id}
    best = max((o for o in QUESTION.options if o.score is not None), key=lambda o: o.score)
    patched = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                           json={"answers": {QUESTION.id: best.id}})
    assert patched.status_code == 200
    # the other questions of the pillar are unanswered and read as "don't know" (method 2.0): the pillar
    # rises from 0 but is not 100
    pillar = patched.get_json()["pillars"][Q.pillars[0].id]
    assert data["pillars"][Q.pillars[0].id]["score"] == 0 < pillar["score"] < 100
    assert QUESTION.id not in pillar["unanswered"] and pillar["unanswered"]
    removed = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                           json={"answers": {QUESTION.id: None}})
    assert removed.get_json()["answers"] == {}
    assert client.delete(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).status_code == 204
    assert client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).status_code == 404


def question_of_type(kind: str, nth: int = 0):
    """The nth question of a type in the bundled questionnaire that no condition hides."""
    return [q for _, q in Q.questions() if q.type == kind and q.depends_on is None][nth]


def test_what_a_client_posts_it_reads_back_in_the_same_shape(client):
    single, scale, multiple = question_of_type("single"), question_of_type("scale"), question_of_type("multiple")
    other_single, other_scale = question_of_type("single", 1), question_of_type("scale", 1)
    several = [o.id for o in multiple.options if not o.kind and not o.exclusive][:2]
    answers = {
        single.id: single.options[0].id,
        scale.id: {"answer": scale.options[1].id, "comment": "two ML engineers"},
        multiple.id: several,
        other_single.id: {"answer": None, "comment": "to check with purchasing"},
        other_scale.id: other_scale.options[2].id,
    }
    organisation = {"name": "ACME", "sector": "energy", "size": "250-999"}
    posted = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "version": Q.version,
                                                      "language": "en", "organisation": organisation,
                                                      "answers": answers})
    assert posted.status_code == 201, posted.get_json()
    assessment_id, token = posted.get_json()["id"], posted.get_json()["token"]
    read = client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).get_json()
    assert read["answers"] == answers
    assert (read["language"], read["organisation"]) == ("en", organisation)
    assert read["questionnaire"] == {"id": Q.id, "version": Q.version}
    # What was read can be sent back as it is: a PATCH of it changes nothing, a POST of it makes the same.
    patched = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                           json={"answers": read["answers"]}).get_json()
    assert patched["answers"] == answers and patched["overall"] == read["overall"]
    copy = client.post("/api/v1/assessments", json={key: read[key] for key in ("language", "organisation", "answers")}
                       | {"questionnaire": Q.id}).get_json()
    again = client.get(f"/api/v1/assessments/{copy['id']}", headers=auth(copy["token"])).get_json()
    assert {k: again[k] for k in ("language", "organisation", "answers", "overall", "pillars")} == \
        {k: read[k] for k in ("language", "organisation", "answers", "overall", "pillars")}


def test_other_spellings_of_an_answer_read_back_in_the_one_documented_shape(client):
    single, multiple = question_of_type("single"), question_of_type("multiple")
    one = next(o.id for o in multiple.options if not o.kind and not o.exclusive)
    assessment_id, token, _ = create(client, {single.id: [single.options[0].id], multiple.id: one})
    client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=auth(token),
                 json={"answers": {single.id: {"answer": [single.options[1].id], "comment": "  "}}})
    read = client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).get_json()
    assert read["answers"] == {single.id: single.options[1].id, multiple.id: [one]}
    assert read["organisation"] == {} and read["language"] == "fr"


def resolved(schema, schemas: dict):
    """A schema of the OpenAPI document with its references to components/schemas replaced by their targets."""
    if isinstance(schema, list):
        return [resolved(item, schemas) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return resolved(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    return {key: resolved(value, schemas) for key, value in schema.items()}


def test_the_read_shape_is_documented(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assessment = schemas["Assessment"]
    assert {"language", "organisation", "answers"} <= set(assessment["required"])
    answers = assessment["properties"]["answers"]
    assert "Answers" not in json.dumps(answers)  # no longer the nested answers document
    read = resolved(answers, schemas)["additionalProperties"]["oneOf"]
    assert [branch["type"] for branch in read] == ["string", "array", "object"]  # never null: unanswered is absent
    assert read[2]["required"] == ["answer"]  # with a comment, an evidence level or a note, each left out when empty
    assert set(read[2]["properties"]) == {"answer", "comment", "evidence", "evidence_note"}


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
    assert stored["answers"] == {QUESTION.id: QUESTION.options[0].id}


def test_if_match_refuses_a_stale_write(client):
    assessment_id, token, _ = create(client)
    response = client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers={**auth(token), "If-Match": '"99"'},
                            json={"answers": {}})
    assert response.status_code == 412


@pytest.mark.parametrize(("if_match", "status"), [("*", 200), ('"7", "1"', 200), ('W/"1"', 412), ('"2"', 412)])
def test_if_match_follows_rfc_9110(client, if_match, status):
    # "*" matches any current revision, a list matches any of its strong entity tags, a weak tag none.
    assessment_id, token, _ = create(client)
    response = client.patch(f"/api/v1/assessments/{assessment_id}/answers",
                            headers={**auth(token), "If-Match": if_match},
                            json={"answers": {QUESTION.id: QUESTION.options[0].id}})
    assert response.status_code == status, response.get_json()


@pytest.mark.parametrize(("path", "method"), [("/api/v1/questionnaires", "TRACE"), ("/api/v1/assessments", "GET"),
                                              ("/api/v1/assessments/x", "PUT"), ("/", "DELETE")])
def test_a_method_not_allowed_names_the_allowed_ones(client, path, method):
    response = client.open(path, method=method)
    assert response.status_code == 405
    allowed = {name.strip() for name in response.headers["Allow"].split(",")}  # RFC 9110 15.5.6
    assert allowed and method not in allowed and ("POST" in allowed or "GET" in allowed)
    if path.startswith("/api/"):
        assert response.headers["Content-Type"] == "application/problem+json"


def test_the_document_takes_only_what_the_server_accepts(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("AnswersDocument", "NewAssessment", "WorkshopResponse"):
        assert schemas[name]["properties"]["questionnaire"]["enum"] == [Q.id]  # never "" or an unknown id
        assert schemas[name]["properties"]["version"]["enum"] == [Q.version, None]
    answers = schemas["Answers"]
    assert answers["additionalProperties"] is False and set(answers["properties"]) == {q.id for _, q in Q.questions()}
    single = answers["properties"][QUESTION.id]["oneOf"][0]
    assert single["enum"] == [o.id for o in QUESTION.options]


def test_a_new_assessment_links_to_every_operation_on_it(client):
    document = client.get("/api/v1/openapi.json").get_json()
    links = document["paths"]["/assessments"]["post"]["responses"]["201"]["links"]
    operations = {op["operationId"]: (path, method) for path, item in document["paths"].items()
                  for method, op in item.items()}
    assert {link["operationId"] for link in links.values()} == {
        "getAssessment", "patchAnswers", "deleteAssessment", "getReport"}
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id})
    body = created.get_json()
    for link in links.values():  # follow each link as a client would: the id in the path, the token as bearer
        path, method = operations[link["operationId"]]
        parameters = link["parameters"]
        assert parameters["path.assessment_id"] == "$response.body#/id"
        authorization = parameters["header.Authorization"].replace("{$response.body#/token}", body["token"])
        headers = {"Authorization": authorization}
        if "header.If-Match" in parameters:
            assert parameters["header.If-Match"] == "$response.header.ETag"
            headers["If-Match"] = created.headers["ETag"]
        if method == "delete":
            continue  # last, below
        response = client.open("/api/v1" + path.replace("{assessment_id}", body["id"]), method=method.upper(),
                               headers=headers, json={"answers": {}} if method == "patch" else None)
        assert response.status_code == 200, (link["operationId"], response.get_json())
    assert client.delete(f"/api/v1/assessments/{body['id']}", headers=auth(body["token"])).status_code == 204


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
    assert "Aucune réponse" not in after and 'class="big-score"' in after
    assert client.get(f"/a/{token}/results?lang=en").get_data(as_text=True) != after


def workshop_code(app) -> str:
    """A workshop of a new consultant, created through the storage layer; returns its join code."""
    with Session(app.extensions["database"].engine) as session:
        consultant = accounts.add_consultant(session, "api@conseil.example", "a long password")
        workshop = workshops.create_workshop(session, consultant, Q, organisation="Client SA", title="Atelier",
                                             date=dt.date(2026, 12, 1), language="fr")
        session.commit()
        return workshops.display_code(workshop.code)


def allows_null(schema: dict) -> bool:
    """Whether a JSON Schema of the OpenAPI document accepts null."""
    kinds = schema.get("type", [])
    return "null" in (kinds if isinstance(kinds, list) else [kinds]) or any(
        allows_null(branch) for branch in schema.get("oneOf", []))


def test_an_unexpected_error_is_a_problem(app):
    # The handler used to read InternalServerError.name on the class (a property object), so building
    # the problem failed in turn and the client got no problem details at all.
    @app.get("/api/v1/test-failure")
    def _failure():
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/test-failure")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json() == {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                                   "detail": "internal error; nothing was changed"}


@pytest.mark.parametrize("participant", [{"name": "\ud800"}, {"role": "a\u0000b"}, {"name": "x" * 101}])
def test_participant_text_the_database_cannot_store_is_refused(app, client, participant):
    # A lone surrogate in the name used to reach the database: 500 on SQLite and PostgreSQL.
    response = client.post(f"/api/v1/workshops/{workshop_code(app)}/responses",
                           json={"participant": participant, "answers": {}})
    assert response.status_code == 422
    assert any("'participant'" in e for e in response.get_json()["errors"])
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("answers", [], "'answers' must be an object"),
        ("answers", 0, "'answers' must be an object"),
        ("organisation", "", "'organisation' must be an object"),
        ("organisation", False, "'organisation' must be an object"),
        ("version", 1.1, "'version' must be text"),
    ],
)
@pytest.mark.parametrize("endpoint", ["assessment", "workshop"])
def test_fields_of_the_wrong_type_are_refused(app, client, endpoint, field, value, message):
    # An empty array, 0, "" or false used to be read as "no answers" or "no organisation", and a
    # number as the version: all stored as if valid.
    url = "/api/v1/assessments" if endpoint == "assessment" else f"/api/v1/workshops/{workshop_code(app)}/responses"
    response = client.post(url, json={"questionnaire": Q.id, field: value})
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert any(e.startswith(message) for e in response.get_json()["errors"]), response.get_json()["errors"]


@pytest.mark.parametrize("participant", [[], "", 0, False])
def test_a_participant_that_is_not_an_object_is_refused(app, client, participant):
    response = client.post(f"/api/v1/workshops/{workshop_code(app)}/responses", json={"participant": participant})
    assert response.status_code == 422
    assert any("'participant' must be" in e for e in response.get_json()["errors"])


def test_report_language_must_be_fr_or_en(client):
    # An unknown ?lang= used to be ignored silently (the report came in another language).
    assessment_id, token, _ = create(client)
    response = client.get(f"/api/v1/assessments/{assessment_id}/report.pdf?lang=de", headers=auth(token))
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json()["detail"] == "lang must be one of fr, en, not 'de'"
    documented = client.get("/api/v1/openapi.json").get_json()["paths"]["/assessments/{assessment_id}/report.pdf"]
    assert "400" in documented["get"]["responses"]


def test_api_report_defaults_to_the_answers_language(client):
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "language": "en"}).get_json()
    client.set_cookie("lang", "fr")
    response = client.get(f"/api/v1/assessments/{created['id']}/report.pdf", headers=auth(created["token"]))
    assert response.status_code == 200
    assert "Executive summary" in " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(response.data)).pages)


def test_workshop_response_refusals_are_documented(app, client):
    # Malformed JSON (400), a body too large (413) and a body that is not JSON (415) were returned
    # but not in the OpenAPI document.
    url = f"/api/v1/workshops/{workshop_code(app)}/responses"
    documented = client.get("/api/v1/openapi.json").get_json()["paths"]["/workshops/{code}/responses"]["post"]
    for response in (client.post(url, data=b"{", content_type="application/json"),
                     client.post(url, data=b"{" + b" " * (1024 * 1024 + 10) + b"}", content_type="application/json"),
                     client.post(url, data=b"name=x", content_type="application/x-www-form-urlencoded")):
        assert response.headers["Content-Type"] == "application/problem+json"
        assert str(response.status_code) in documented["responses"], response.status_code
    assert {"400", "413", "415"} <= set(documented["responses"])


def test_null_means_absent_as_documented(app, client):
    # The API reads null as "absent" in these places; the document used to call such requests invalid.
    document = {"questionnaire": Q.id, "version": None, "baseline": None,
                "organisation": {"name": None, "sector": None, "size": None},
                "answers": {QUESTION.id: None, Q.pillars[1].questions[0].id: {"answer": None, "comment": None}}}
    assert client.post("/api/v1/assessments", json=document).status_code == 201
    assert client.post("/api/v1/assessments", json={"questionnaire": Q.id, "organisation": None,
                                                    "answers": None}).status_code == 201
    del document["baseline"]
    code = workshop_code(app)
    assert client.post(f"/api/v1/workshops/{code}/responses", json={**document, "participant": None}).status_code == 201
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    new = resolved(schemas["NewAssessment"], schemas)["properties"]
    answer = schemas["Answers"]["properties"][QUESTION.id]
    assert all(allows_null(new[key]) for key in ("version", "baseline", "organisation", "answers"))
    organisation = next(branch for branch in new["organisation"]["oneOf"] if branch.get("type") == "object")
    assert all(allows_null(organisation["properties"][key]) for key in ("name", "sector", "size"))
    assert allows_null(answer)
    assert allows_null(next(b for b in answer["oneOf"] if b.get("type") == "object")["properties"]["comment"])
    assert allows_null(resolved(schemas["WorkshopResponse"], schemas)["properties"]["participant"])


def test_etag_and_location_are_documented(client):
    assessment_id, token, _ = create(client)
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id})
    assert created.headers["Location"] == f"/api/v1/assessments/{created.get_json()['id']}"
    assert client.get(f"/api/v1/assessments/{assessment_id}", headers=auth(token)).headers["ETag"] == '"1"'
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/assessments"]["post"]["responses"]["201"]["headers"]) == {"ETag", "Location"}
    assert set(paths["/assessments/{assessment_id}"]["get"]["responses"]["200"]["headers"]) == {"ETag"}
    assert set(paths["/assessments/{assessment_id}/answers"]["patch"]["responses"]["200"]["headers"]) == {"ETag"}
