"""schemathesis hooks for `st run` against this API (loaded by schemathesis.toml): a client that keeps tokens.

Each assessment has its own secret token, given once in the 201 of its creation; there is no account
whose credentials schemathesis could be configured with. The document's links carry the token from the
201 to the operations on the new assessment, but schemathesis applies a link's header only some of the
time (and a request without it meets the 404 that hides the assessment, which its ensure_resource_availability
check then reports as "created resource not found"). So these hooks do what a client does: keep each new
assessment's token, and send it with every request on that assessment. Requests on unknown (generated)
ids go as generated. Likewise, a valid baseline in a generated new assessment names a real earlier one
(an invented id and token is refused with 422, rightly: the schema cannot know which assessments exist).
"""

from __future__ import annotations

import threading

import schemathesis
from schemathesis.core.parameters import ParameterLocation

TOKENS: dict[str, str] = {}  # assessment id -> token, for the assessments created and not erased
LOCK = threading.Lock()


def _valid_body(case) -> bool:
    """Whether schemathesis generated the body valid (positive)."""
    info = case.meta.components.get(ParameterLocation.BODY) if case.meta else None
    return info is None or info.mode.is_positive


@schemathesis.hook
def before_call(context, case, kwargs):
    assessment_id = (case.path_parameters or {}).get("assessment_id")
    with LOCK:
        token = TOKENS.get(assessment_id) if isinstance(assessment_id, str) else None
        earlier = next(iter(TOKENS.items()), None)
    if token is not None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    if case.operation.label == "POST /assessments" and isinstance(case.body, dict) \
            and isinstance(case.body.get("baseline"), dict) and _valid_body(case):
        baseline = {"id": earlier[0], "token": earlier[1]} if earlier else None
        case.body = {**case.body, "baseline": baseline}


@schemathesis.hook
def after_call(context, case, response):
    if case.operation.label == "POST /assessments" and response.status_code == 201:
        body = response.json()
        with LOCK:
            TOKENS[body["id"]] = body["token"]
    elif case.operation.label == "DELETE /assessments/{assessment_id}" and response.status_code == 204:
        with LOCK:
            TOKENS.pop(case.path_parameters["assessment_id"], None)
