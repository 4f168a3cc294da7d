"""Reaching a stored assessment from a request: by its secret link, or 404."""

from __future__ import annotations

from flask import abort

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
