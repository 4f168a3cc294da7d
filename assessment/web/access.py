"""Who may reach what, for every view: an assessment by its secret link (else 404), a consultant signed in;
and the brand of the consultant whose workshop a participant's page belongs to."""

from __future__ import annotations

import functools

from flask import abort, g, redirect, request, session, url_for

from ..answers import AnswerSheet
from ..questionnaire import Questionnaire
from ..storage import accounts, assessments
from ..storage.accounts import BrandLine
from ..storage.models import Assessment
from .extensions import database


def load_by_token(token: str) -> tuple[Assessment, Questionnaire, AnswerSheet]:
    """The assessment behind a secret link, with its questionnaire and answers, or 404."""
    session = database.session
    assessment = assessments.by_token(session, token)
    if assessment is None:
        abort(404)
    questionnaire = assessments.questionnaire_of(session, assessment)
    show_brand(assessment.workshop_id)
    return assessment, questionnaire, assessments.sheet_of(assessment, questionnaire)


def show_brand(workshop_id: str | None) -> BrandLine | None:
    """Show, in this page's header, the brand of the consultant running the workshop (if any); returns it.

    base.html reads `participant_brand` (plain data: firm, logo URL, accent colour) from the context.
    """
    line = accounts.workshop_brand_line(database.session, workshop_id)
    g.participant_brand = None if line is None else {
        "firm": line.firm, "accent": line.accent,
        "logo_url": url_for("accounts.logo", digest=line.logo_digest) if line.logo_digest else None}
    return line


def current_consultant_id() -> int | None:
    """The signed-in consultant's id, or None."""
    return session.get("consultant_id")


def login_required(view):
    """Send people who are not signed in to the login page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_consultant_id() is None:
            return redirect(url_for("accounts.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped
