"""The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from .. import __version__

TEXT = {"type": "object", "additionalProperties": {"type": "string"}, "description": "a text per language"}
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": PROBLEM}}}


# Writes of one assessment are applied one after the other; 409 only if one keeps meeting others.
CONFLICT = _problem("changed by other requests at the same moment, again and again; nothing changed: retry")


def _json(schema: dict[str, Any], description: str, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = {name: HEADERS[name] for name in headers}
    return response


HEADERS = {
    "ETag": {"required": True, "description": "the assessment's revision, quoted; send it back in If-Match",
             "schema": {"type": "string", "pattern": '^"[0-9]+"$'}},
    "Location": {"required": True, "description": "the new assessment's URL",
                 "schema": {"type": "string"}},
}


# null stands for "absent" wherever a field is optional: an unanswered question, no comment, no organisation.
ANSWER = {
    "oneOf": [
        {"type": "string", "description": "one option id"},
        {"type": "array", "items": {"type": "string"}, "description": "option ids (multiple questions)"},
        {"type": "object", "additionalProperties": False, "properties": {
            "answer": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
            "comment": {"type": ["string", "null"], "maxLength": 5000}}},
        {"type": "null", "description": "unanswered (in a PATCH: removes the answer)"},
    ]
}

SCHEMAS: dict[str, Any] = {
    "Problem": {"type": "object", "required": ["title", "status", "detail"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "string"}}}},
    "AnswersDocument": {"type": "object", "required": ["questionnaire"], "additionalProperties": False, "properties": {
        "questionnaire": {"type": "string"}, "version": {"type": ["string", "null"]},
        "language": {"type": "string", "enum": ["fr", "en"]},
        "organisation": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "name": {"type": ["string", "null"], "maxLength": 200},
            "sector": {"type": ["string", "null"], "maxLength": 200},
            "size": {"type": ["string", "null"], "maxLength": 200}}},
        "answers": {"type": ["object", "null"], "additionalProperties": ANSWER}}},
    "QuestionnaireSummary": {"type": "object", "required": ["id", "version", "title", "languages"], "properties": {
        "id": {"type": "string"}, "version": {"type": "string"}, "title": TEXT,
        "languages": {"type": "array", "items": {"type": "string"}}}},
    "Questionnaire": {"type": "object", "required": ["id", "version", "languages", "pillars"], "properties": {
        "id": {"type": "string"}, "version": {"type": "string"}, "languages": {"type": "array", "items": {"type": "string"}},
        "title": TEXT, "hash": {"type": "string"},
        "pillars": {"type": "array", "items": {"type": "object", "required": ["id", "title", "weight", "questions"],
                    "properties": {"id": {"type": "string"}, "title": TEXT, "description": TEXT,
                                   "weight": {"type": "number"}, "questions": {"type": "array", "items": {
                                       "type": "object", "required": ["id", "type", "text", "help", "sources", "options"],
                                       "properties": {"id": {"type": "string"},
                                                      "type": {"type": "string", "enum": ["single", "multiple", "scale"]},
                                                      "text": TEXT, "help": TEXT, "weight": {"type": "number"},
                                                      "sources": {"type": "array", "items": {"type": "string"}},
                                                      "depends_on": {"type": ["object", "null"]},
                                                      "options": {"type": "array", "items": {"type": "object",
                                                          "required": ["id", "label", "score"], "properties": {
                                                              "id": {"type": "string"}, "label": TEXT,
                                                              "score": {"type": ["integer", "null"]},
                                                              "kind": {"type": ["string", "null"]},
                                                              "exclusive": {"type": "boolean"}}}}}}}}}}}},
    "Created": {"type": "object", "required": ["id", "token", "links"], "properties": {
        "id": {"type": "string"}, "token": {"type": "string", "description": "the secret; shown once"},
        "links": {"type": "object", "required": ["html", "report"], "properties": {
            "html": {"type": "string", "description": "the secret link to the web page"},
            "report": {"type": "string", "description": "the PDF report (bearer token required)"}}}}},
    "Assessment": {"type": "object", "required": ["id", "revision", "answers", "questionnaire", "overall", "pillars",
                                                  "critical", "recommendations"], "properties": {
        "id": {"type": "string"}, "revision": {"type": "integer"},
        "created_at": {"type": "string"}, "updated_at": {"type": "string"},
        "answers": {"$ref": "#/components/schemas/AnswersDocument"},
        "questionnaire": {"type": "object", "properties": {"id": {"type": "string"}, "version": {"type": "string"}}},
        "overall": {"type": "object", "properties": {"score": {"type": ["number", "null"]},
                                                     "level": {"type": ["integer", "null"]},
                                                     "confidence": {"type": "number"}}},
        "pillars": {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "score": {"type": ["number", "null"]}, "level": {"type": ["integer", "null"]},
            "confidence": {"type": "number"}, "unknown": {"type": "array", "items": {"type": "string"}},
            "unanswered": {"type": "array", "items": {"type": "string"}},
            "not_applicable": {"type": "array", "items": {"type": "string"}}}}},
        "critical": {"type": "array", "items": {"type": "object"}},
        "recommendations": {"type": "array", "items": {"type": "object", "required": [
            "id", "title", "priority", "horizon", "effort", "pillars", "tools"]}}}},
}

SCHEMAS["NewAssessment"] = {
    **SCHEMAS["AnswersDocument"],
    "properties": {**SCHEMAS["AnswersDocument"]["properties"], "baseline": {
        "type": ["object", "null"], "required": ["id", "token"], "additionalProperties": False,
        "description": "an earlier assessment to compare with (its id and token)",
        "properties": {"id": {"type": "string"}, "token": {"type": "string"}}}}}
SCHEMAS["WorkshopResponse"] = {
    **SCHEMAS["AnswersDocument"], "required": [],
    "properties": {**SCHEMAS["AnswersDocument"]["properties"], "participant": {
        "type": ["object", "null"], "additionalProperties": False, "properties": {
            "name": {"type": "string", "maxLength": 100}, "role": {"type": "string", "maxLength": 100}}}}}

ID_PARAM = {"name": "assessment_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 32}}
SECURED = [{"bearer": []}]


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "sovereign-ai-readiness API", "version": __version__,
                 "description": "Score sovereign-AI readiness assessments. Errors are RFC 9457 problem details."},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "the assessment's secret token"}}},
        "paths": {
            "/questionnaires": {"get": {"operationId": "listQuestionnaires", "responses": {
                "200": _json({"type": "array", "items": {"$ref": "#/components/schemas/QuestionnaireSummary"}},
                             "the questionnaires")}}},
            "/questionnaires/{questionnaire_id}": {"get": {
                "operationId": "getQuestionnaire",
                "parameters": [{"name": "questionnaire_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"$ref": "#/components/schemas/Questionnaire"}, "the questionnaire"),
                              "404": _problem("unknown questionnaire")}}},
            "/assessments": {"post": {
                "operationId": "createAssessment",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/NewAssessment"}}}},
                "responses": {"201": _json({"$ref": "#/components/schemas/Created"}, "created",
                                           ("ETag", "Location")),
                              "400": _problem("malformed JSON"), "413": _problem("body too large"),
                              "415": _problem("not JSON"), "422": _problem("invalid answers, each named")}}},
            "/assessments/{assessment_id}": {
                "get": {"operationId": "getAssessment", "security": SECURED, "parameters": [ID_PARAM],
                        "responses": {"200": _json({"$ref": "#/components/schemas/Assessment"}, "answers and scores",
                                                    ("ETag",)),
                                      "404": _problem("unknown id or wrong token")}},
                "delete": {"operationId": "deleteAssessment", "security": SECURED, "parameters": [ID_PARAM],
                           "responses": {"204": {"description": "erased"},
                                         "404": _problem("unknown id or wrong token"), "409": CONFLICT}}},
            "/assessments/{assessment_id}/answers": {"patch": {
                "operationId": "patchAnswers", "security": SECURED,
                "parameters": [ID_PARAM, {"name": "If-Match", "in": "header", "required": False,
                                          "schema": {"type": "string"}, "description": "the revision (ETag) read"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["answers"], "additionalProperties": False,
                    "properties": {"answers": {"type": "object", "additionalProperties": ANSWER}}}}}},
                "responses": {"200": _json({"$ref": "#/components/schemas/Assessment"}, "merged; the new scores",
                                           ("ETag",)),
                              "400": _problem("malformed JSON"), "404": _problem("unknown id or wrong token"),
                              "409": CONFLICT,
                              "412": _problem("changed since the revision given in If-Match"),
                              "413": _problem("body too large"),
                              "415": _problem("not JSON"), "422": _problem("invalid answers; nothing stored")}}},
            "/workshops/{code}/responses": {"post": {
                "operationId": "postWorkshopResponse",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/WorkshopResponse"}}}},
                "responses": {"201": _json({"$ref": "#/components/schemas/Created"}, "the participant's response"),
                              "400": _problem("malformed JSON"), "404": _problem("unknown workshop code"),
                              "413": _problem("body too large"), "415": _problem("not JSON"),
                              "422": _problem("invalid answers"),
                              "429": _problem("too many requests")}}},
            "/assessments/{assessment_id}/report.pdf": {"get": {
                "operationId": "getReport", "security": SECURED,
                "parameters": [ID_PARAM, {"name": "lang", "in": "query", "required": False,
                                          "schema": {"type": "string", "enum": ["fr", "en"]}}],
                "responses": {"200": {"description": "the PDF report",
                                      "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                              "202": {**_problem("the report is being prepared by a worker: ask again after "
                                                 "Retry-After seconds (state: queued or rendering)"),
                                      "headers": {"Retry-After": {"required": True, "description": "seconds to wait",
                                                                  "schema": {"type": "integer"}}}},
                              "400": _problem("lang is neither fr nor en"),
                              "404": _problem("unknown id or wrong token")}}},
        },
    }
