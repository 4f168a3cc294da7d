"""Consultant accounts: argon2 password hashes, emails compared without case.

Callers commit or roll back; these functions only change the session.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..brand import Brand, brand_stamp, logo_digest
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


# The consultant's brand (assessment/brand.py checks it before it is stored)


def brand_of(consultant: Consultant) -> Brand | None:
    """A consultant's brand, None without a firm name."""
    if not consultant.firm:
        return None
    return Brand(firm=consultant.firm, logo=consultant.logo, logo_type=consultant.logo_type if consultant.logo else None,
                 accent=consultant.accent)


def set_brand(session: Session, consultant: Consultant, brand: Brand | None) -> None:
    """Store a checked brand (None: remove it, logo included)."""
    consultant.firm = brand.firm if brand else None
    consultant.logo = brand.logo if brand else None
    consultant.logo_type = brand.logo_type if brand and brand.logo else None
    consultant.logo_digest = logo_digest(brand.logo) if brand else None
    consultant.accent = brand.accent if brand else None
    session.flush()


@dataclass(frozen=True)
class BrandLine:
    """What pages show of a brand without reading the logo's bytes: the logo is addressed by its digest."""

    firm: str
    logo_digest: str | None
    logo_type: str | None
    accent: str | None

    @property
    def stamp(self) -> str:
        """As Brand.stamp: changes whenever anything shown changes."""
        return brand_stamp(self.firm, self.logo_digest, self.logo_type, self.accent)


def workshop_brand_line(session: Session, workshop_id: str | None) -> BrandLine | None:
    """The brand of the consultant running a workshop, without the logo's bytes; None without one."""
    if workshop_id is None:
        return None
    row = session.execute(select(Consultant.firm, Consultant.logo_digest, Consultant.logo_type, Consultant.accent)
                          .join(Workshop, Workshop.consultant_id == Consultant.id)
                          .where(Workshop.id == workshop_id)).first()
    if row is None or not row.firm:
        return None
    return BrandLine(row.firm, row.logo_digest, row.logo_type if row.logo_digest else None, row.accent)


def workshop_brand(session: Session, workshop_id: str | None) -> Brand | None:
    """The brand of the consultant running a workshop, logo included; None without one."""
    if workshop_id is None:
        return None
    consultant = session.scalar(select(Consultant).join(Workshop, Workshop.consultant_id == Consultant.id)
                                .where(Workshop.id == workshop_id))
    return brand_of(consultant) if consultant is not None else None


def logo_by_digest(session: Session, digest: str) -> tuple[bytes, str] | None:
    """A stored logo and its media type by its SHA-256, else None."""
    row = session.execute(select(Consultant.logo, Consultant.logo_type)
                          .where(Consultant.logo_digest == digest).limit(1)).first()
    if row is None or row.logo is None or row.logo_type is None:
        return None
    return row.logo, row.logo_type
