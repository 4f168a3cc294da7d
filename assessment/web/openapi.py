"""The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json.

The bodies' schemas are generated from the pydantic models of contract.py (and, for the answers, from
the questionnaires offered here: their ids, versions, questions and options); the paths stay a table.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from flask import has_app_context
from pydantic.json_schema import models_json_schema

from .. import __version__, settings
from ..answers import AnswersDocument
from ..loading import bundled_questionnaires
from ..questionnaire import ORGANISATION_COUNTRIES, Question, Questionnaire
from . import contract
from .offered import offered
from .contract import (AnswersPatch, Assessment, Created, NewAssessment, QuestionnaireSummary, ReportPending,
                       WorkshopResponse)

TEXT = {"type": "object", "additionalProperties": {"type": "string"}, "description": "a text per language"}
PROBLEM = {"$ref": "#/components/schemas/Problem"}
REF = "#/components/schemas/{model}"


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": PROBLEM}}}


# Writes of one assessment are applied one after the other; 409 only if one keeps meeting others.
CONFLICT = _problem("changed by other requests at the same moment, again and again; nothing changed: retry")
# A wrong or missing token gets the same 404 as an unknown id, so that ids cannot be probed (RFC 9110
# 15.5.5 allows a 404 that hides a resource): a request without a token is answered, with that 404.
HIDDEN = _problem("unknown id, or a missing or wrong token: the same answer, so that ids cannot be probed")


def _json(schema: dict[str, Any], description: str, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = {name: HEADERS[name] for name in headers}
    return response


def _ref(model: type) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


HEADERS = {
    "ETag": {"required": True, "description": "the assessment's revision, quoted; send it back in If-Match",
             "schema": {"type": "string", "pattern": '^"[0-9]+"$'}},
    "Location": {"required": True, "description": "the new assessment's URL",
                 "schema": {"type": "string"}},
}

COUNTRY = {"type": ["string", "null"], "enum": [*ORGANISATION_COUNTRIES, "", None],
           "description": "ISO 3166-1 alpha-2 code of an EU/EEA country, or 'other'; empty or null: not given"}

# `sovereign-ai show --json`: the questionnaire's own format (assessment/questionnaire.py) as served.
QUESTIONNAIRE: dict[str, Any] = {
    "type": "object", "required": ["id", "version", "languages", "pillars"], "properties": {
        "id": {"type": "string"}, "version": {"type": "string"}, "languages": {"type": "array", "items": {"type": "string"}},
        "title": TEXT, "hash": {"type": "string"}, "report_title": TEXT,
        "levels": {"type": ["array", "null"], "minItems": 5, "maxItems": 5, "items": {
            "type": "object", "required": ["level", "name", "description"], "properties": {
                "level": {"type": "integer", "minimum": 0, "maximum": 4}, "name": TEXT, "description": TEXT}}},
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
                                                              "exclusive": {"type": "boolean"}}}}}}}}}}}}


def _tidy(node: Any) -> Any:
    """pydantic's JSON Schema as the document states it: `oneOf` for its unions (their branches are of
    different types, so exactly one matches), without generated titles and null defaults."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidy = {}
    for key, value in node.items():
        if (key == "title" and isinstance(value, str)) or (key == "default" and value is None):
            continue
        tidy["oneOf" if key == "anyOf" else key] = _tidy(value)
    return tidy


@functools.cache
def _models() -> dict[str, Any]:
    """The schemas of the bodies, from the pydantic models (requests as validated, responses as written)."""
    _, schema = models_json_schema([(model, "validation") for model in contract.REQUESTS]
                                   + [(model, "serialization") for model in contract.RESPONSES], ref_template=REF)
    schemas = _tidy(schema["$defs"])
    schemas["AnswersDocument"] = _tidy(AnswersDocument.model_json_schema(ref_template=REF))
    schemas["AnswersDocument"].pop("$defs")  # the same as the other documents': above
    schemas["Organisation"]["properties"]["country"] = COUNTRY  # checked in step 2, with its own message
    return schemas


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
# The bearer token, or none: a request without one is answered too, with the same 404 as a wrong token.
SECURED: list[dict[str, list[str]]] = [{"bearer": []}, {}]


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
    commented = _models()["Commented"]["properties"]
    with_comment = {"type": "object", "additionalProperties": False, "properties": {
        "answer": {"oneOf": [*chosen, {"type": "null"}]}, "comment": commented["comment"],
        "evidence": commented["evidence"], "evidence_note": commented["evidence_note"]}}
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
    schemas = {**copy.deepcopy(_models()), "Questionnaire": QUESTIONNAIRE, "Answers": _answers(questionnaires)}
    for name in ("AnswersDocument", "NewAssessment", "WorkshopResponse"):
        properties = schemas[name]["properties"]
        properties["questionnaire"] = {"type": "string", "enum": sorted(questionnaires)}
        properties["version"] = {"type": ["string", "null"], "enum": [*versions, None]}
        properties["answers"] = {"oneOf": [answers, {"type": "null"}]}
    schemas["AnswersPatch"]["properties"]["answers"] = answers
    return schemas


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document: with the questionnaires this app offers (outside an app, the bundled ones)."""
    questionnaires = offered().questionnaires() if has_app_context() else bundled_questionnaires()
    return {
        "openapi": "3.1.0",
        "info": {"title": "sovereign-ai-readiness API", "version": __version__,
                 "description": "Score self-assessments against their questionnaire. Errors are RFC 9457 problem details."},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": _schemas(questionnaires),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "the assessment's secret token"}}},
        "paths": {
            "/questionnaires": {"get": {"operationId": "listQuestionnaires", "responses": {
                "200": {**_json({"type": "array", "items": _ref(QuestionnaireSummary)}, "the questionnaires"),
                        "links": {"getQuestionnaire": {"operationId": "getQuestionnaire", "description": "the first one",
                                                       "parameters": {"path.questionnaire_id": "$response.body#/0/id"}}}}}}},
            "/questionnaires/{questionnaire_id}": {"get": {
                "operationId": "getQuestionnaire",
                "parameters": [{"name": "questionnaire_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"$ref": "#/components/schemas/Questionnaire"}, "the questionnaire"),
                              "404": _problem("unknown questionnaire")}}},
            "/assessments": {"post": {
                "operationId": "createAssessment",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(NewAssessment)}}},
                "responses": {"201": {**_json(_ref(Created), "created",
                                              ("ETag", "Location")), "links": CREATED_LINKS},
                              "400": _problem("malformed JSON"), "413": _problem("body too large"),
                              "415": _problem("not JSON"), "422": _problem("invalid answers, each named")}}},
            "/assessments/{assessment_id}": {
                "get": {"operationId": "getAssessment", "security": SECURED, "parameters": [ID_PARAM],
                        "responses": {"200": _json(_ref(Assessment), "answers and scores",
                                                    ("ETag",)),
                                      "404": HIDDEN}},
                "delete": {"operationId": "deleteAssessment", "security": SECURED, "parameters": [ID_PARAM],
                           "responses": {"204": {"description": "erased"},
                                         "404": HIDDEN, "409": CONFLICT}}},
            "/assessments/{assessment_id}/answers": {"patch": {
                "operationId": "patchAnswers", "security": SECURED,
                "parameters": [ID_PARAM, {"name": "If-Match", "in": "header", "required": False,
                                          "schema": {"type": "string"},
                                          "description": "the revision (ETag) read, or * for any (RFC 9110)"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(AnswersPatch)}}},
                "responses": {"200": _json(_ref(Assessment), "merged; the new scores",
                                           ("ETag",)),
                              "400": _problem("malformed JSON"), "404": HIDDEN,
                              "409": CONFLICT,
                              "412": _problem("changed since the revision given in If-Match"),
                              "413": _problem("body too large"),
                              "415": _problem("not JSON"), "422": _problem("invalid answers; nothing stored")}}},
            "/workshops/{code}/responses": {"post": {
                "operationId": "postWorkshopResponse",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(WorkshopResponse)}}},
                "responses": {"201": _json(_ref(Created), "the participant's response"),
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
                              "202": {"description": "the report is being prepared by a worker: ask again after "
                                                     "Retry-After seconds (state: queued or rendering)",
                                      "content": {"application/problem+json": {"schema": _ref(ReportPending)}},
                                      "headers": {"Retry-After": {"required": True, "description": "seconds to wait",
                                                                  "schema": {"type": "integer"}}}},
                              "400": _problem("lang is neither fr nor en"),
                              "404": HIDDEN}}},
        },
    }
