"""Database tables. Views turn rows into plain data before templates see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    """The current time, timezone-aware."""
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class QuestionnaireSnapshot(Base):
    """The exact questionnaire an assessment was answered with, kept by content hash."""

    __tablename__ = "questionnaire_snapshot"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(20))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assessment(Base):
    """One company's answers; reachable only with its secret token (stored as a hash)."""

    __tablename__ = "assessment"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_hash: Mapped[str] = mapped_column(ForeignKey("questionnaire_snapshot.content_hash"))
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    organisation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_name: Mapped[str] = mapped_column(String(100), default="")
    participant_role: Mapped[str] = mapped_column(String(100), default="")
    baseline_id: Mapped[str | None] = mapped_column(String(32))

    __mapper_args__ = {"version_id_col": revision}


class Consultant(Base):
    """A consultant who runs workshops; the password is stored as an argon2 hash."""

    __tablename__ = "consultant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The brand shown to the consultant's workshop participants and on their reports (assessment/brand.py
    # checks it): no firm, no brand. The logo's SHA-256 is its address (/brand/logo/<digest>).
    firm: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(20))
    logo_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    accent: Mapped[str | None] = mapped_column(String(7))


class Workshop(Base):
    """A workshop: participants of one client answer the same questionnaire; the consensus is recorded."""

    __tablename__ = "workshop"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    consultant_id: Mapped[int] = mapped_column(ForeignKey("consultant.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(5))  # EU/EEA code or 'other'; None: not given
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2), default="fr")
    questionnaire_hash: Mapped[str] = mapped_column(ForeignKey("questionnaire_snapshot.content_hash"))
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    consensus: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    baseline_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RenderedReport(Base):
    """A PDF report rendered off the request path, seen by every instance; one row per key.

    `key` hashes what the report is derived from (`stamp`: the revisions it reads) and its language.
    Erasing the assessment or workshop erases its reports (the foreign keys cascade).
    """

    __tablename__ = "rendered_report"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    assessment_id: Mapped[str | None] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    stamp: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued, rendering, ready, failed
    filename: Mapped[str] = mapped_column(String(200), default="")
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rendered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
