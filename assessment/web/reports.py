"""The report through the web: the PDF download, and the same report as an HTML page.

PDFs are rendered by the task queue's worker processes, never in a web request (report_jobs).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for

from .. import services
from ..report import pdf
from . import render_queue
from .access import load_by_token
from .extensions import database
from .report_jobs import language, pdf_response

bp = Blueprint("reports", __name__)
bp.record_once(lambda state: render_queue.init_app(state.app))


@bp.get("/a/<token>/report.pdf")
def report_pdf(token: str):
    """Download the PDF report ("Télécharger le rapport (PDF)")."""
    assessment, _, _ = load_by_token(token)
    return pdf_response(assessment, request.args.get("lang"))


@bp.get("/a/<token>/report")
def report_html(token: str):
    """The full report as a web page, from the same template as the PDF."""
    assessment, _, _ = load_by_token(token)
    report = services.report_for(database.session, assessment, language(assessment, request.args.get("lang")))
    html = pdf.render_html(report, stylesheets=(url_for("static", filename="css/fonts.css"),
                                                url_for("reports.stylesheet")),
                           site_name=current_app.config.get("SITE_NAME"))
    response = Response(html, mimetype="text/html")
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/report.css")
def stylesheet():
    """The report's stylesheet for the HTML view: the PDF's, then its screen rules (the fonts are in
    /static/css/fonts.css)."""
    css = "\n".join((pdf.report_dir() / name).read_text(encoding="utf-8") for name in ("report.css", "report-screen.css"))
    return Response(css, mimetype="text/css")
