"""The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from .. import __version__, settings
from ..loading import bundled_questionnaires
from ..questionnaire import ORGANISATION_COUNTRIES, Question, Questionnaire

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
# Text the server stores: no NUL character (it refuses one).
PLAIN = "^[^\\u0000]*$"
COMMENT = {"type": ["string", "null"], "maxLength": 5000, "pattern": PLAIN}

# What GET and PATCH give back: each answer as a client writes it, so it can be sent back unchanged.
ANSWER_READ = {
    "oneOf": [
        {"type": "string", "description": "the option id (single and scale questions)"},
        {"type": "array", "items": {"type": "string"}, "minItems": 1,
         "description": "the option ids (multiple questions)"},
        {"type": "object", "required": ["answer", "comment"], "additionalProperties": False, "properties": {
            "answer": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}},
                                 {"type": "null"}],
                       "description": "as without a comment; null (single, scale) or [] (multiple) if none chosen"},
            "comment": {"type": "string", "minLength": 1, "maxLength": 5000}}},
    ],
    "description": "an answered question; unanswered ones are left out",
}
COUNTRY = {"type": ["string", "null"], "enum": [*ORGANISATION_COUNTRIES, "", None],
           "description": "ISO 3166-1 alpha-2 code of an EU/EEA country, or 'other'; empty or null: not given"}
ORGANISATION_READ = {"type": "object", "additionalProperties": False, "properties": {
    "name": {"type": "string", "maxLength": 200}, "sector": {"type": "string", "maxLength": 200},
    "size": {"type": "string", "maxLength": 200}, "country": {"type": "string", "enum": list(ORGANISATION_COUNTRIES)}},
    "description": "the fields given; {} when none"}

SCHEMAS: dict[str, Any] = {
    "Problem": {"type": "object", "required": ["title", "status", "detail"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "string"}}}},
    "AnswersDocument": {"type": "object", "required": ["questionnaire"], "additionalProperties": False, "properties": {
        "questionnaire": {"type": "string", "minLength": 1}, "version": {"type": ["string", "null"]},
        "language": {"type": "string", "enum": list(settings.LANGUAGES)},
        "organisation": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "name": {"type": ["string", "null"], "maxLength": 200, "pattern": PLAIN},
            "sector": {"type": ["string", "null"], "maxLength": 200, "pattern": PLAIN},
            "size": {"type": ["string", "null"], "maxLength": 200, "pattern": PLAIN},
            "country": COUNTRY}},
        "answers": {"type": ["object", "null"]}}},
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
    "Assessment": {"type": "object", "description": (
        "An assessment: `language`, `organisation` and `answers` as a client posts them (each answer in the "
        "shape a POST or PATCH takes, so it can be sent back unchanged), then the scores as `sovereign-ai "
        "score --json` gives them. (`answers` used to hold the whole answers document, with single-choice "
        "answers as one-element lists.)"),
        "required": ["id", "revision", "language", "organisation", "answers", "questionnaire", "overall",
                     "pillars", "critical", "recommendations"], "properties": {
        "id": {"type": "string"}, "revision": {"type": "integer"},
        "created_at": {"type": "string"}, "updated_at": {"type": "string"},
        "language": {"type": "string", "enum": list(settings.LANGUAGES)},
        "organisation": ORGANISATION_READ,
        "answers": {"type": "object", "additionalProperties": ANSWER_READ,
                    "description": "the answers as posted: send them back unchanged in a POST or PATCH"},
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

# From a 201 (the new assessment's id and token) to every operation on it, for clients and stateful testing.
_CREATED_ID = {"path.assessment_id": "$response.body#/id", "header.Authorization": "Bearer {$response.body#/token}"}
CREATED_LINKS = {
    "getAssessment": {"operationId": "getAssessment", "parameters": _CREATED_ID,
                      "description": "read the new assessment (its token in the Authorization header)"},
    "patchAnswers": {"operationId": "patchAnswers",
                     "parameters": {**_CREATED_ID, "header.If-Match": "$response.header.ETag"},
                     "description": "change its answers, from the revision just created"},
    "getReport": {"operationId": "getReport", "parameters": _CREATED_ID, "description": "its PDF report"},
    "deleteAssessment": {"operationId": "deleteAssessment", "parameters": _CREATED_ID, "description": "erase it"},
}

ID_PARAM = {"name": "assessment_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 32}}
SECURED = [{"bearer": []}]


def _answer(question: Question) -> dict[str, Any]:
    """What the API takes as the answer to one question: its own option ids, combined as it allows."""
    ids = [o.id for o in question.options]
    alone = [o.id for o in question.options if o.kind or o.exclusive]  # never combined with another option
    if question.type == "multiple":
        chosen = [{"type": "string", "enum": ids},
                  {"type": "array", "uniqueItems": True, "items": {"enum": [i for i in ids if i not in alone]}}]
        if alone:
            chosen.append({"type": "array", "minItems": 1, "maxItems": 1, "items": {"enum": alone}})
    else:
        chosen = [{"type": "string", "enum": ids}, {"type": "array", "maxItems": 1, "items": {"enum": ids}}]
    with_comment = {"type": "object", "additionalProperties": False, "properties": {
        "answer": {"oneOf": [*chosen, {"type": "null"}]}, "comment": COMMENT}}
    return {"oneOf": [*chosen, with_comment, {"type": "null", "description": "unanswered (in a PATCH: removes it)"}]}


def _answers(questionnaires: dict[str, Questionnaire]) -> dict[str, Any]:
    """The answers mapping: the questions of the questionnaires offered here, each with its own options."""
    questions: dict[str, dict[str, Any]] = {}
    for questionnaire in questionnaires.values():
        for _, question in questionnaire.questions():
            questions.setdefault(question.id, _answer(question))
    return {"type": "object", "additionalProperties": False, "properties": questions}


def _schemas(questionnaires: dict[str, Questionnaire]) -> dict[str, Any]:
    """The schemas, the answers documents naming only the questionnaires (ids, versions, questions) offered here."""
    versions = sorted({q.version for q in questionnaires.values()})
    answers = {"$ref": "#/components/schemas/Answers"}
    schemas = {**SCHEMAS, "Answers": _answers(questionnaires)}
    for name in ("AnswersDocument", "NewAssessment", "WorkshopResponse"):
        properties = {**schemas[name]["properties"],
                      "questionnaire": {"type": "string", "enum": sorted(questionnaires)},
                      "version": {"type": ["string", "null"], "enum": [*versions, None]},
                      "answers": {"oneOf": [answers, {"type": "null"}]}}
        schemas[name] = {**schemas[name], "properties": properties}
    schemas["AnswersPatch"] = {"type": "object", "required": ["answers"], "additionalProperties": False,
                               "properties": {"answers": answers}}
    return schemas


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "sovereign-ai-readiness API", "version": __version__,
                 "description": "Score sovereign-AI readiness assessments. Errors are RFC 9457 problem details."},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": _schemas(bundled_questionnaires()),
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
                "responses": {"201": {**_json({"$ref": "#/components/schemas/Created"}, "created",
                                              ("ETag", "Location")), "links": CREATED_LINKS},
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
                                          "schema": {"type": "string"},
                                          "description": "the revision (ETag) read, or * for any (RFC 9110)"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/AnswersPatch"}}}},
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
                                          "schema": {"type": "string", "enum": list(settings.LANGUAGES)}}],
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
