"""JSON API v1 for consultants and integrators. Errors are problem details (RFC 9457), never HTML.

An assessment is read and changed with `Authorization: Bearer <token>`; a wrong or missing token
gets the same 404 as an unknown id, so ids cannot be probed.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from .. import services, settings
from ..answers import Answer, AnswersError, parse_answers, parse_document
from ..loading import UnknownQuestionnaire
from ..questionnaire import questionnaire_json
from ..storage import assessments
from ..storage import workshops
from ..storage.models import Assessment
from .errors import ApiProblem
from .extensions import csrf, database, limiter
from .contract import AnswersPatch, Baseline, Created, Links, Participant, refused
from .offered import offered
from .openapi import openapi_document
from .report_jobs import pdf_response, queue_if_complete

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_DEPTH = 20
WRITE_ATTEMPTS = 10  # a write that keeps meeting concurrent writes of the same assessment gets 409
RETRY_PAUSE = 0.004  # seconds; doubled after each lost race (with jitter), so racing writers spread out


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def json_body() -> Any:
    """The request's JSON body, or an ApiProblem naming what is wrong with it."""
    if not request.is_json:
        raise ApiProblem(415, "Unsupported Media Type", "send the body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiProblem(400, "Bad Request", f"the body is not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiProblem(400, "Bad Request", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ApiProblem(400, "Bad Request", f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if _depth(data) > MAX_DEPTH:
        raise ApiProblem(400, "Bad Request", f"JSON nested deeper than {MAX_DEPTH} levels")
    return data


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _assessment(assessment_id: str):
    assessment = assessments.by_id_and_token(database.session, assessment_id, _bearer())
    if assessment is None:
        raise ApiProblem(404, "Not Found", "no assessment with this id and token")
    return assessment


def _lookup(questionnaire_id: str):
    try:
        return offered().get(questionnaire_id)
    except UnknownQuestionnaire as exc:
        raise AnswersError([str(exc)]) from None


def _representation(assessment, *, prepare_report: bool = False) -> dict[str, Any]:
    """The assessment as the API reads it back; after a write (`prepare_report`), the same evaluation also
    queues the report of a complete assessment, in its language, so that its download is immediate."""
    evaluation = services.evaluation_of(database.session, assessment)
    if prepare_report:
        queue_if_complete(assessment, assessment.language, evaluation)
    return services.representation(assessment, evaluation)


def _created(assessment: Assessment, token: str) -> dict[str, Any]:
    """The body of a 201: the new assessment's id, its token (shown once) and its links."""
    return Created(id=assessment.id, token=token, links=Links(
        html=url_for("survey.overview", token=token, _external=True),
        report=url_for("api.report_pdf", assessment_id=assessment.id, _external=True))).model_dump()


def _etag(response: Response, assessment) -> Response:
    response.headers["ETag"] = f'"{assessment.revision}"'
    return response


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return openapi_document()


@bp.get("/questionnaires")
def questionnaires():
    """The questionnaires this installation offers."""
    return [{"id": q.id, "version": q.version, "title": dict(q.title), "languages": list(q.languages)}
            for q in offered().questionnaires().values()]


@bp.get("/questionnaires/<questionnaire_id>")
def questionnaire(questionnaire_id: str):
    """One questionnaire, as `sovereign-ai show --json`."""
    try:
        return questionnaire_json(offered().get(questionnaire_id))
    except UnknownQuestionnaire as exc:
        raise ApiProblem(404, "Not Found", str(exc)) from None


@bp.post("/assessments")
def create_assessment():
    """Create an assessment from an answers document (partial allowed)."""
    document = json_body()
    baseline = document.pop("baseline", None) if isinstance(document, dict) else None
    try:
        sheet, questionnaire_def = parse_document(document, _lookup)
    except AnswersError as exc:
        raise ApiProblem(422, "Unprocessable Content", "the answers document is not valid", exc.problems) from None
    earlier = None
    if baseline is not None:
        if refused(Baseline, baseline):
            raise ApiProblem(422, "Unprocessable Content", 'baseline must be {"id": ..., "token": ...}')
        earlier = assessments.by_id_and_token(database.session, baseline["id"], baseline["token"])
        if earlier is None or earlier.questionnaire_id != questionnaire_def.id:
            raise ApiProblem(422, "Unprocessable Content",
                             "baseline: no assessment of this questionnaire with this id and token")
    assessment, token = assessments.create(database.session, questionnaire_def, sheet)
    if earlier is not None:
        assessments.set_baseline(database.session, assessment, earlier)
    database.session.commit()
    queue_if_complete(assessment, assessment.language)
    response = jsonify(_created(assessment, token))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_assessment", assessment_id=assessment.id)
    response.headers["Cache-Control"] = "no-store"
    return _etag(response, assessment)


@bp.get("/assessments/<assessment_id>")
def get_assessment(assessment_id: str):
    """Answers and scores, with the bearer token."""
    assessment = _assessment(assessment_id)
    return _etag(jsonify(_representation(assessment)), assessment)


@bp.patch("/assessments/<assessment_id>/answers")
def patch_answers(assessment_id: str):
    """Merge answers (null removes one) and return the new scores; all or nothing."""
    assessment = _assessment(assessment_id)
    body = json_body()
    if refused(AnswersPatch, body, deeper=False):  # the answers themselves are checked below, each named
        raise ApiProblem(422, "Unprocessable Content", 'expected {"answers": {QUESTION_ID: ANSWER, ...}}')
    questionnaire_def = assessments.questionnaire_of(database.session, assessment)
    removals = {qid for qid, value in body["answers"].items() if value is None}
    try:
        unknown = [f"unknown question '{qid}'" for qid in removals if questionnaire_def.question(qid) is None]
        if unknown:
            raise AnswersError(unknown)
        changes: dict[str, Answer | None] = dict(parse_answers(
            {k: v for k, v in body["answers"].items() if k not in removals}, questionnaire_def))
    except AnswersError as exc:
        raise ApiProblem(422, "Unprocessable Content", "the answers are not valid; nothing was stored",
                         exc.problems) from None
    changes.update({qid: None for qid in removals})
    if_match = request.headers.get("If-Match", "").strip()
    # RFC 9110 13.1.1: "*" matches any current revision; otherwise a list of entity tags, strong ones only.
    expected = None if if_match in ("", "*") else {tag.strip().strip('"') for tag in if_match.split(",")
                                                   if not tag.strip().startswith("W/")}

    def merge(fresh) -> None:
        # With If-Match the caller asked for that revision only; without it a merge does not depend on
        # what it merges into, so it is applied again to the answers another request just wrote.
        if expected is not None and str(fresh.revision) not in expected:
            raise ApiProblem(412, "Precondition Failed", f"the assessment is at revision {fresh.revision}, "
                                                         f"not {if_match}; fetch it again before changing it")
        assessments.save(database.session, fresh, changes)

    assessment = _written(assessment.id, merge)
    return _etag(jsonify(_representation(assessment, prepare_report=True)), assessment)


@bp.delete("/assessments/<assessment_id>")
def delete_assessment(assessment_id: str):
    """Erase the assessment and all its answers."""
    _written(_assessment(assessment_id).id, lambda fresh: assessments.erase(database.session, fresh))
    return "", 204


def _written(assessment_id: str, write: Callable[[Assessment], None]) -> Assessment:
    """Apply `write` to the assessment as it is now, and commit; again if another request wrote it meanwhile.

    The assessment is read again under a row lock, so on PostgreSQL concurrent writes of one assessment
    wait their turn. SQLite has no row locks: there the later writer meets a stale revision
    (StaleDataError), rolls back, waits a random pause that doubles with each lost race (without
    it, the same fast writers can win every race on a busy machine), and starts again from the fresh
    row. After WRITE_ATTEMPTS the StaleDataError goes to errors.py, which answers 409.
    """
    for attempt in range(WRITE_ATTEMPTS):
        # A fresh instance: one already in the session would be compared with the locked row's revision
        database.session.expunge_all()
        fresh = database.session.get(Assessment, assessment_id, with_for_update=True, populate_existing=True)
        if fresh is None:  # erased by another request meanwhile
            raise ApiProblem(404, "Not Found", "no assessment with this id and token")
        try:
            write(fresh)  # flushes: the stale revision shows here or at the commit
            database.session.commit()
            return fresh
        except StaleDataError:
            database.session.rollback()
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, RETRY_PAUSE * 2 ** attempt))  # nosec B311: jitter, not a secret
    raise AssertionError("unreachable")


@bp.post("/workshops/<code>/responses")
@limiter.limit(lambda: current_app.config["JOIN_RATE_LIMIT"])
def workshop_response(code: str):
    """A participant's answers document, for teams that collect answers in their own tools."""
    workshop = workshops.by_code(database.session, code)
    if workshop is None:
        raise ApiProblem(404, "Not Found", "no workshop with this code")
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "Unprocessable Content", "expected an answers document (a JSON object)")
    participant = body.pop("participant", None)
    participant = {} if participant is None else participant
    problems = []
    if refused(Participant, participant):
        problems.append("'participant' must be {\"name\": text, \"role\": text}, each at most 100 characters "
                        "without control characters or lone surrogates")
        participant = {}
    questionnaire_def = workshops.questionnaire_of(database.session, workshop)
    body.setdefault("questionnaire", questionnaire_def.id)
    if body["questionnaire"] != questionnaire_def.id:
        problems.append(f"this workshop runs '{questionnaire_def.id}', not {body['questionnaire']!r}")
    try:
        sheet, _ = parse_document(body, lambda _id: questionnaire_def)
    except AnswersError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ApiProblem(422, "Unprocessable Content", "the response is not valid; nothing was stored", problems)
    assessment, token = workshops.join(database.session, workshop, name=participant.get("name", ""),
                                       role=participant.get("role", ""), sheet=sheet)
    database.session.commit()
    response = jsonify(_created(assessment, token))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/assessments/<assessment_id>/report.pdf")
def report_pdf(assessment_id: str):
    """The PDF report, with the bearer token."""
    assessment = _assessment(assessment_id)
    lang = request.args.get("lang")
    if lang is not None and lang not in settings.LANGUAGES:
        raise ApiProblem(400, "Bad Request", f"lang must be one of {', '.join(settings.LANGUAGES)}, not {lang!r}")
    return pdf_response(assessment, lang or assessment.language, api=True)  # by default, the answers' language
