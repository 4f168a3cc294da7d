"""The JSON API fuzzed from its own OpenAPI document with schemathesis: no 5xx, responses as documented.

Every operation of the document is a test of its own, on a fresh app (so a fresh database, and again
on PostgreSQL in CI), called in-process through WSGI. Valid (positive) and invalid (negative)
requests are generated, and every response is checked: no server error, a documented status code,
content type and headers, a body that matches the response schema, and invalid input refused with
a 4xx.

Most of the code sits behind credentials a fuzzer cannot guess, so schemathesis's random requests get
the real assessment id, join code and questionnaire id wherever the generated ones were valid, the
real token seven times in eight, and real answers three times in four; so the fuzzer reads, patches
and deletes a real assessment, downloads its report and posts to a real workshop, everything else
generated. The requests as generated (coverage cases: boundaries, missing fields, wrong types,
unexpected methods; then random ids, tokens and join codes) are sent by schemathesis's own CLI to
gunicorn, with every check on and the document's links followed: tests/system/test_api_contract.py.
(This file sent them in-process too, on both databases. Measured on 2026-11-30, SQLite, the 2-core
machine under a load of about 11: this file took 470 s with that pass and 123 s without it; the CLI
run takes 290 s, once.)

A longer hunt: raise `max_examples` in FUZZ (300 takes about 3 minutes a pass).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage import workshops
from assessment.storage import accounts
from assessment.web.openapi import openapi_document

Q = bundled_questionnaire()
QUESTION = Q.pillars[0].questions[0]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    # Input the document declares invalid (a wrong type, a missing field, an unknown property, a
    # value outside an enum...) must be refused with a 4xx, never accepted.
    negative_data_rejection,
]

# Bounded in time: 8 operations, up to 120 generated requests each, on SQLite and again on PostgreSQL.
# One app per operation, shared by its requests on purpose: hence the function-scoped fixture.
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# The document as the app serves it (test_the_fuzzed_document_is_the_served_one), loaded at import
# so that pytest collects one test per operation; each request goes to the test's own app (`app=`).
# (schemathesis.pytest.from_fixture would load it from the app fixture, but schemathesis 4.32 sets
# `Function._nodeid`, which pytest 9.2 no longer has.)
schema = schemathesis.openapi.from_dict(openapi_document())


@dataclass(frozen=True)
class Known:
    """Real credentials in the test's database: an assessment and a workshop's join code."""

    assessment_id: str
    token: str
    join_code: str


@pytest.fixture
def known(app) -> Known:
    """An assessment created through the API and a workshop created through the storage layer.

    The join rate limit is lifted, or the workshop's answers would mostly meet a 429 (the first pass
    keeps the limit, and 429 is documented).
    """
    app.config["JOIN_RATE_LIMIT"] = "100000 per minute"
    created = app.test_client().post("/api/v1/assessments", json={
        "questionnaire": Q.id, "organisation": {"name": "Fuzz SA"},
        "answers": {QUESTION.id: QUESTION.options[0].id}})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    with Session(app.extensions["database"].engine) as session:
        consultant = accounts.add_consultant(session, "fuzz@conseil.example", "a long password")
        workshop = workshops.create_workshop(session, consultant, Q, organisation="Fuzz SA", title="Atelier fuzz",
                                       date=dt.date(2026, 12, 1), language="fr")
        code = workshops.display_code(workshop.code)
        session.commit()
    return Known(body["id"], body["token"], code)


@st.composite
def real_answers(draw) -> dict:
    """Some questions of the bundled questionnaire, each answered with its own options, a comment or null."""
    answers = {}
    questions = [question for _, question in Q.questions()]
    for question in draw(st.lists(st.sampled_from(questions), max_size=4, unique_by=lambda q: q.id)):
        options = [o.id for o in question.options]
        if question.type == "multiple" and draw(st.booleans()):
            answer = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
        else:
            answer = draw(st.sampled_from(options))
        if draw(st.booleans()):
            answer = {"answer": draw(st.one_of(st.none(), st.just(answer))), "comment": draw(st.text(max_size=50))}
        answers[question.id] = draw(st.one_of(st.just(answer), st.none())) if draw(st.booleans()) else answer
    return answers


# Hypothesis favours small integers (and shrinks towards 0), so 0 stands for the real value.
MOSTLY = st.integers(0, 7).map(lambda n: n != 7)
OFTEN = st.integers(0, 3).map(lambda n: n != 3)


def _valid(case, location: ParameterLocation) -> bool:
    """Whether schemathesis generated this part of the request valid (so a real value may replace it)."""
    info = case.meta.components.get(location) if case.meta else None
    return info is None or info.mode.is_positive


def _with_real_values(case, data, known: Known) -> None:
    """Put the real id, token, join code and answers in a generated request.

    A path is only changed where it was generated valid: a negated one stays as it is, or schemathesis
    would still count it as the invalid part. Values are assigned, not edited in place, so that
    schemathesis checks the request again before it judges the response.
    """
    if _valid(case, ParameterLocation.PATH) and case.path_parameters:
        real = {"assessment_id": known.assessment_id, "code": known.join_code, "questionnaire_id": Q.id}
        case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
    if case.operation.definition.raw.get("security") and data.draw(MOSTLY, label="valid token"):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {known.token}"}
    if isinstance(case.body, dict):
        body = dict(case.body)
        # One string for another: the body stays exactly as valid, or as invalid, as generated.
        if isinstance(body.get("questionnaire"), str):
            body["questionnaire"] = Q.id
        if isinstance(body.get("version"), str):
            body["version"] = Q.version
        if _valid(case, ParameterLocation.BODY) and data.draw(OFTEN, label="real answers"):
            body["answers"] = data.draw(real_answers(), label="answers")
        if body != case.body:
            case.body = body


@schema.parametrize()
@schema.given(data=st.data())
@FUZZ
def test_api_with_real_credentials(case, data, app, known):
    _with_real_values(case, data, known)
    case.call_and_validate(app=app, checks=CHECKS)


def test_the_fuzzed_document_is_the_served_one(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.get_json() == json.loads(json.dumps(openapi_document()))
    schemathesis.openapi.from_dict(served.get_json()).validate()  # a valid OpenAPI 3.1 document
    assert len(list(schema.get_all_operations())) == 8
