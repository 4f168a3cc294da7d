"""Consultant accounts: argon2 password hashes, emails compared without case.

Callers commit or roll back; these functions only change the session.
"""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Consultant, Workshop
from .workshops import erase_workshop

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
