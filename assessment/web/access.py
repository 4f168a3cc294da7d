"""Who may reach what, for every view: an assessment by its secret link (else 404), a consultant signed in."""

from __future__ import annotations

import functools

from flask import abort, redirect, request, session, url_for

from ..answers import AnswerSheet
from ..questionnaire import Questionnaire
from ..storage import assessments
from ..storage.models import Assessment
from .extensions import database


def load_by_token(token: str) -> tuple[Assessment, Questionnaire, AnswerSheet]:
    """The assessment behind a secret link, with its questionnaire and answers, or 404."""
    session = database.session
    assessment = assessments.by_token(session, token)
    if assessment is None:
        abort(404)
    questionnaire = assessments.questionnaire_of(session, assessment)
    return assessment, questionnaire, assessments.sheet_of(assessment, questionnaire)


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
