"""The home page and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from ..registry import describe
from .extensions import database
from .forms import StartForm
from .offered import offered

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """The French home page (English with ?lang=en): what the tool does and the questionnaire's pillars; with
    questionnaires installed beside the bundled one, each of them with its own start button."""
    here = offered()
    questionnaire = here.get()
    pillars = [{"id": p.id, "title": dict(p.title), "description": dict(p.description),
                "questions": len(p.questions)} for p in questionnaire.pillars]
    choices = [{**describe(entry), "description": dict(entry.questionnaire.description or {}),
                "pillar_titles": [dict(p.title) for p in entry.questionnaire.pillars]}
               for entry in here.offered().values()]
    return render_template("main/home.html", pillars=pillars, start_form=StartForm(), questionnaire_id=questionnaire.id,
                           questionnaire_version=questionnaire.version, choices=choices if len(choices) > 1 else [],
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
