"""Operations on stored assessments: create, find by secret, save answers, erase.

The secret token is shown once to the user and stored only as a SHA-256 digest, so a database leak
does not open anyone's assessment. Callers commit or roll back; these functions only change the
session.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..answers import DECLARED, Answer, AnswerSheet
from ..loading import bundled_questionnaires
from ..registry import offered_with_hash
from ..questionnaire import EVIDENCE_LEVELS, Questionnaire
from .models import Assessment, QuestionnaireSnapshot, Workshop, utcnow

TOKEN_BYTES = 32  # 256 bits, shown in the secret link


def new_public_id() -> str:
    """A random public id (80 bits, hexadecimal: safe in URLs and as a command-line argument)."""
    return secrets.token_hex(10)


def token_digest(token: str) -> str:
    """The stored form of a secret token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# Both dialects' insert() has on_conflict_do_nothing, which SQLAlchemy's generic Insert lacks.
_INSERTS: dict[str, Callable[..., Any]] = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def snapshot(session: Session, questionnaire: Questionnaire) -> str:
    """Keep the exact questionnaire content, once per content hash."""
    content_hash = questionnaire.content_hash()
    if session.get(QuestionnaireSnapshot, content_hash) is None:
        # Two first requests may both find no snapshot: the later insert does nothing instead of failing.
        insert = _INSERTS[session.get_bind().dialect.name]
        session.execute(insert(QuestionnaireSnapshot).values(
            content_hash=content_hash, questionnaire_id=questionnaire.id, version=questionnaire.version,
            content=questionnaire.model_dump(mode="json", by_alias=True),
        ).on_conflict_do_nothing(index_elements=[QuestionnaireSnapshot.content_hash]))
    return content_hash


@functools.lru_cache(maxsize=64)
def _questionnaire_from_snapshot(content_hash: str, content_json: str) -> Questionnaire:
    return Questionnaire.model_validate(json.loads(content_json))


def questionnaire_of(session: Session, assessment: Assessment) -> Questionnaire:
    """The questionnaire the assessment was answered with."""
    return questionnaire_for(session, assessment.questionnaire_id, assessment.questionnaire_hash)


def questionnaire_for(session: Session, questionnaire_id: str, content_hash: str) -> Questionnaire:
    """A questionnaire by content hash: the bundled one when unchanged, else the stored snapshot."""
    bundled = bundled_questionnaires().get(questionnaire_id)
    if bundled is not None and bundled.content_hash() == content_hash:
        return bundled
    installed = offered_with_hash(content_hash)
    if installed is not None:
        return installed
    snapshot = session.get(QuestionnaireSnapshot, content_hash)
    if snapshot is None:
        raise LookupError(f"no snapshot of questionnaire {questionnaire_id} with content hash {content_hash}")
    return _questionnaire_from_snapshot(snapshot.content_hash, json.dumps(snapshot.content, sort_keys=True))


def stored_answers(raw: Mapping[str, Any], questionnaire: Questionnaire) -> dict[str, Answer]:
    """Answers as stored by `save` (validated when written): a fast reading that skips anything unknown."""
    answers: dict[str, Answer] = {}
    for question_id, value in raw.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            continue
        evidence, note = DECLARED, ""
        if type(value) is dict:
            options, comment = value.get("answer") or [], value.get("comment") or ""
            evidence, note = value.get("evidence") or DECLARED, value.get("evidence_note") or ""
            if evidence not in EVIDENCE_LEVELS:
                evidence = DECLARED
        else:
            options, comment = value, ""
        if type(options) is str:
            options = [options]
        if all(option in question.options_by_id for option in options):
            answers[question_id] = Answer(tuple(options), comment, evidence, note)
    return answers


def sheet_of(assessment: Assessment, questionnaire: Questionnaire) -> AnswerSheet:
    """The stored answers as an answer sheet."""
    answers = stored_answers(assessment.answers or {}, questionnaire)
    return AnswerSheet(questionnaire.id, questionnaire.version, assessment.language,
                       dict(assessment.organisation or {}), answers)


def create(session: Session, questionnaire: Questionnaire, sheet: AnswerSheet | None = None,
           language: str = "fr") -> tuple[Assessment, str]:
    """A new assessment and its secret token (returned once, never stored in clear)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment = Assessment(
        id=new_public_id(),
        token_hash=token_digest(token),
        questionnaire_hash=snapshot(session, questionnaire),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        language=sheet.language if sheet else language,
        organisation=dict(sheet.organisation) if sheet else {},
        answers=_stored(sheet.answers) if sheet else {},
    )
    session.add(assessment)
    session.flush()
    return assessment, token


def _stored(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {qid: answer.as_json() for qid, answer in answers.items()}


def by_token(session: Session, token: str) -> Assessment | None:
    """The assessment whose secret link carries this token."""
    if not token or len(token) > 100:
        return None
    return session.scalars(select(Assessment).where(Assessment.token_hash == token_digest(token))).first()


PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def by_id_and_token(session: Session, assessment_id: str, token: str | None) -> Assessment | None:
    """The assessment with this id, if the token matches (compared in constant time)."""
    if not token or not PUBLIC_ID.match(assessment_id):
        return None  # never send a malformed id (NUL bytes, SQL, paths) to the database
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or not hmac.compare_digest(assessment.token_hash, token_digest(token)):
        return None
    return assessment


def save(session: Session, assessment: Assessment, changes: Mapping[str, Answer | None], *,
         organisation: Mapping[str, str] | None = None, language: str | None = None) -> Assessment:
    """Merge answers (None removes one). A concurrent write fails at flush (the version_id_col)."""
    merged = dict(assessment.answers or {})
    for question_id, answer in changes.items():
        if answer is None or (not answer.options and not answer.comment and not answer.evidence_note):
            merged.pop(question_id, None)
        else:
            merged[question_id] = answer.as_json()
    assessment.answers = merged
    if organisation is not None:
        assessment.organisation = {k: v for k, v in organisation.items() if v}
    if language is not None:
        assessment.language = language
    assessment.updated_at = utcnow()
    session.flush()
    return assessment


SECRET_LINK = re.compile(r"/a/([A-Za-z0-9_-]{20,100})")


def token_from_link(text: str) -> str:
    """The token in a secret link (or the token itself when given alone)."""
    match = SECRET_LINK.search(text)
    return match.group(1) if match else text.strip()


def set_baseline(session: Session, assessment: Assessment, earlier: Assessment | None) -> None:
    """Name an earlier assessment (of the same questionnaire) as the baseline, or clear it with None."""
    if earlier is not None:
        if earlier.id == assessment.id:
            raise ValueError("an assessment cannot be its own baseline")
        if earlier.questionnaire_id != assessment.questionnaire_id:
            raise ValueError("the baseline must answer the same questionnaire")
    assessment.baseline_id = earlier.id if earlier is not None else None
    session.flush()


def purge(session: Session, older_than: dt.timedelta) -> tuple[int, int]:
    """Erase assessments not changed, and workshops not created, for `older_than` (with their participants).

    Returns (assessments erased, workshops erased)."""
    limit = utcnow() - older_than
    workshops = list(session.scalars(select(Workshop).where(Workshop.created_at < limit)))
    for workshop in workshops:
        for participant in session.scalars(select(Assessment).where(Assessment.workshop_id == workshop.id)):
            session.delete(participant)
        session.delete(workshop)
    session.flush()
    old = list(session.scalars(select(Assessment).where(Assessment.updated_at < limit)))
    for assessment in old:
        session.delete(assessment)
    session.flush()
    return len(old), len(workshops)


def erase(session: Session, assessment: Assessment) -> None:
    """Delete the assessment and its answers (its stored reports go with it: ON DELETE CASCADE).

    Whatever its revision is now: an erasure is not an edit that a concurrent save can make stale, so
    it does not compare revisions (an ORM delete would, and a participant saving fast enough could
    keep an erasure from ever happening). Writes that come after it find nothing.
    """
    session.execute(delete(Assessment).where(Assessment.id == assessment.id))
    session.flush()
