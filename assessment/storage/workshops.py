"""Consultants and workshops: accounts (argon2), workshops with a join code, participants.

Callers commit or roll back; these functions only change the session.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..questionnaire import Questionnaire
from . import assessments as store
from .models import Assessment, Consultant, Workshop

# Easy to read aloud and type: no 0/O, 1/I/L, U. 8 characters: 31^8, about 8.5e11 codes (40 bits).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password")


class AccountError(ValueError):
    """A consultant account request that cannot be done; the message says why."""


def normalise_email(email: str) -> str:
    """Emails are compared without case or surrounding spaces."""
    return email.strip().lower()


def add_consultant(session: Session, email: str, password: str) -> Consultant:
    """A new consultant account."""
    email = normalise_email(email)
    if not EMAIL.match(email):
        raise AccountError(f"not an email address: {email!r}")
    if len(password) < 12:
        raise AccountError("the password must have at least 12 characters")
    if session.scalar(select(Consultant).where(Consultant.email == email)):
        raise AccountError(f"a consultant {email} already exists")
    consultant = Consultant(email=email, password_hash=_hasher.hash(password))
    session.add(consultant)
    session.flush()
    return consultant


def remove_consultant(session: Session, email: str) -> int:
    """Delete a consultant and their workshops (with participants' answers); returns how many workshops went."""
    consultant = session.scalar(select(Consultant).where(Consultant.email == normalise_email(email)))
    if consultant is None:
        raise AccountError(f"no consultant {normalise_email(email)}")
    workshops = list(session.scalars(select(Workshop).where(Workshop.consultant_id == consultant.id)))
    for workshop in workshops:
        erase_workshop(session, workshop)
    session.delete(consultant)
    session.flush()
    return len(workshops)


def consultants(session: Session) -> list[tuple[str, int, dt.datetime]]:
    """Every consultant: email, number of workshops, creation time."""
    rows = session.execute(
        select(Consultant.email, func.count(Workshop.id), Consultant.created_at)
        .outerjoin(Workshop, Workshop.consultant_id == Consultant.id)
        .group_by(Consultant.id).order_by(Consultant.email))
    return [(email, count, created) for email, count, created in rows]


def authenticate(session: Session, email: str, password: str) -> Consultant | None:
    """The consultant if the password matches; the same work is done for unknown emails."""
    consultant = session.scalar(select(Consultant).where(Consultant.email == normalise_email(email)))
    try:
        _hasher.verify(consultant.password_hash if consultant else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return consultant


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
        id=store.new_public_id(), code=code, consultant_id=consultant.id, organisation=organisation, country=country,
        title=title, date=date, language=language, questionnaire_hash=store.snapshot(session, questionnaire),
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version, consensus={},
        baseline_id=baseline_id)
    session.add(workshop)
    session.flush()
    return workshop


def workshops_of(session: Session, consultant_id: int) -> list[Workshop]:
    """A consultant's workshops, newest first."""
    return list(session.scalars(select(Workshop).where(Workshop.consultant_id == consultant_id)
                                .order_by(Workshop.date.desc(), Workshop.created_at.desc())))


def owned(session: Session, workshop_id: str, consultant_id: int | None) -> Workshop | None:
    """The workshop if this consultant runs it, else None (others cannot tell it exists)."""
    if consultant_id is None or not store.PUBLIC_ID.match(workshop_id):
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
    return store.questionnaire_for(session, workshop.questionnaire_id, workshop.questionnaire_hash)


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
    assessment, token = store.create(session, questionnaire, sheet, language=workshop.language)
    assessment.workshop_id = workshop.id
    assessment.participant_name = name.strip()[:100]
    assessment.participant_role = role.strip()[:100]
    assessment.organisation = organisation_of(workshop)
    session.flush()
    return assessment, token


def erase_workshop(session: Session, workshop: Workshop) -> None:
    """Delete a workshop and every participant's answers."""
    for assessment in participants(session, workshop):
        session.delete(assessment)
    session.delete(workshop)
    session.flush()
