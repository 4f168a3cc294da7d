"""The home page and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from ..loading import bundled_questionnaire
from .extensions import database
from .forms import StartForm

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """The French home page (English with ?lang=en): what the tool does and the questionnaire's pillars."""
    questionnaire = bundled_questionnaire()
    pillars = [{"id": p.id, "title": dict(p.title), "description": dict(p.description),
                "questions": len(p.questions)} for p in questionnaire.pillars]
    return render_template("main/home.html", pillars=pillars, start_form=StartForm(), questionnaire_id=questionnaire.id,
                           questionnaire_version=questionnaire.version,
                           description=dict(questionnaire.description) if questionnaire.description else None)


@bp.get("/privacy")
def privacy():
    """What is stored, for how long, and how to get it or erase it."""
    return render_template("main/privacy.html")


@bp.get("/healthz")
def health():
    """Liveness and database reachability, for load balancers."""
    database.session.execute(text("SELECT 1"))
    return {"status": "ok"}
