"""Workshops: a join code, participants, the consultant who owns them (accounts are in accounts.py).

Callers commit or roll back; these functions only change the session.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..answers import DECLARED, Answer
from ..questionnaire import EVIDENCE_LEVELS, Questionnaire
from . import assessments
from .models import Assessment, Consultant, Workshop

# Easy to read aloud and type: no 0/O, 1/I/L, U. 8 characters: 31^8, about 8.5e11 codes (40 bits).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8


def normalise_code(code: str) -> str:
    """'abcd-efgh ' -> 'ABCDEFGH'."""
    return re.sub(r"[\s-]", "", code).upper()[:CODE_LENGTH * 2]


def display_code(code: str) -> str:
    """'ABCDEFGH' -> 'ABCD-EFGH'."""
    return f"{code[:4]}-{code[4:]}"


def create_workshop(session: Session, consultant: Consultant, questionnaire: Questionnaire, *, organisation: str,
                    title: str, date: dt.date, language: str, baseline_id: str | None = None,
                    country: str | None = None) -> Workshop:
    """A new workshop with a fresh join code."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            break
    workshop = Workshop(
        id=assessments.new_public_id(), code=code, consultant_id=consultant.id, organisation=organisation, country=country,
        title=title, date=date, language=language, questionnaire_hash=assessments.snapshot(session, questionnaire),
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version, consensus={},
        baseline_id=baseline_id)
    session.add(workshop)
    session.flush()
    return workshop


def workshops_of(session: Session, consultant_id: int | None) -> list[Workshop]:
    """A consultant's workshops, newest first (none for None: nobody signed in)."""
    return list(session.scalars(select(Workshop).where(Workshop.consultant_id == consultant_id)
                                .order_by(Workshop.date.desc(), Workshop.created_at.desc())))


def owned(session: Session, workshop_id: str, consultant_id: int | None) -> Workshop | None:
    """The workshop if this consultant runs it, else None (others cannot tell it exists)."""
    if consultant_id is None or not assessments.PUBLIC_ID.match(workshop_id):
        return None
    workshop = session.get(Workshop, workshop_id)
    return workshop if workshop is not None and workshop.consultant_id == consultant_id else None


def by_code(session: Session, code: str) -> Workshop | None:
    """The workshop with this join code."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return session.scalar(select(Workshop).where(Workshop.code == code))


def participants(session: Session, workshop: Workshop) -> list[Assessment]:
    """The workshop's participants' assessments, in the order they joined."""
    return list(session.scalars(select(Assessment).where(Assessment.workshop_id == workshop.id)
                                .order_by(Assessment.created_at, Assessment.id)))


def participants_version(session: Session, workshop: Workshop) -> tuple[int, int, str]:
    """(participants, sum of their revisions, last change): any join, save or erasure changes it."""
    count, revisions, last = session.execute(
        select(func.count(Assessment.id), func.coalesce(func.sum(Assessment.revision), 0),
               func.max(Assessment.updated_at)).where(Assessment.workshop_id == workshop.id)).one()
    return count, int(revisions), str(last)


def questionnaire_of(session: Session, workshop: Workshop) -> Questionnaire:
    """The questionnaire the workshop runs."""
    return assessments.questionnaire_for(session, workshop.questionnaire_id, workshop.questionnaire_hash)


def organisation_of(workshop: Workshop) -> dict[str, str]:
    """The client organisation as participants' assessments and the consensus carry it."""
    organisation = {"name": workshop.organisation}
    if workshop.country:
        organisation["country"] = workshop.country
    return organisation


def join(session: Session, workshop: Workshop, *, name: str = "", role: str = "",
         sheet=None) -> tuple[Assessment, str]:
    """A participant's own assessment in the workshop, and its secret token."""
    questionnaire = questionnaire_of(session, workshop)
    assessment, token = assessments.create(session, questionnaire, sheet, language=workshop.language)
    assessment.workshop_id = workshop.id
    assessment.participant_name = name.strip()[:100]
    assessment.participant_role = role.strip()[:100]
    assessment.organisation = organisation_of(workshop)
    session.flush()
    return assessment, token


def record_consensus(workshop: Workshop, answers: dict[str, Answer]) -> None:
    """Store the consensus: per question its options, the dissent note, and the evidence the facilitator
    chose with its note (left out when declared and empty)."""
    recorded: dict[str, dict] = {}
    for question_id, answer in answers.items():
        entry: dict = {"answer": list(answer.options), "note": answer.comment}
        if answer.evidence != DECLARED:
            entry["evidence"] = answer.evidence
        if answer.evidence_note:
            entry["evidence_note"] = answer.evidence_note
        recorded[question_id] = entry
    workshop.consensus = recorded


def consensus_answers(workshop: Workshop) -> dict[str, Answer]:
    """The recorded consensus as answers (the dissent note is the comment); an unknown level reads as declared."""
    answers = {}
    for question_id, entry in (workshop.consensus or {}).items():
        evidence = entry.get("evidence") or DECLARED
        answers[question_id] = Answer(tuple(entry.get("answer", [])), entry.get("note", ""),
                                      evidence if evidence in EVIDENCE_LEVELS else DECLARED,
                                      entry.get("evidence_note", ""))
    return answers


def erase_workshop(session: Session, workshop: Workshop) -> None:
    """Delete a workshop and every participant's answers."""
    for assessment in participants(session, workshop):
        session.delete(assessment)
    session.delete(workshop)
    session.flush()
