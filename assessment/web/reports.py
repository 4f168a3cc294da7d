"""The report through the web: the PDF download, and the same report as an HTML page."""

from __future__ import annotations

import io
import re

from flask import Blueprint, Response, g, request, send_file, url_for

from ..i18n import LANGUAGES
from ..report import pdf
from ..storage import assessments as store
from .extensions import database
from .page_cache import ObjectCache
from .survey import derived_key, load_by_token, results_data

bp = Blueprint("reports", __name__)

# Rendered PDFs (about 150 KB each), keyed by what they are derived from: a download after the
# first is immediate, and a new revision of the assessment or of its baseline renders anew.
report_pdfs = ObjectCache(size=32)


def _language(assessment, lang: str | None) -> str:
    """The report's language: the one asked for, else the page's, else the answers'."""
    return lang if lang in LANGUAGES else (g.get("lang") or assessment.language)


def _model(assessment, lang: str):
    questionnaire = store.questionnaire_of(database.session, assessment)
    sheet = store.sheet_of(assessment, questionnaire)
    return results_data(assessment, questionnaire, sheet, lang)


def _filename(report: dict) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", report["organisation"]["name"]).strip("-")[:40] or "rapport"
    return f"sovereign-ai-{name}-{report['generated']}-{report['lang']}.pdf"


def pdf_response(assessment, lang: str | None) -> Response:
    """The PDF report of an assessment as a download (cached per revision and language)."""
    lang = _language(assessment, lang)
    key = derived_key(assessment, lang)

    def render() -> tuple[bytes, str]:
        report = _model(assessment, lang)
        return pdf.write_pdf(report), _filename(report)

    data, filename = report_pdfs.get_or_compute(key, render)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/a/<token>/report.pdf")
def report_pdf(token: str):
    """Download the PDF report ("Télécharger le rapport (PDF)")."""
    assessment, _, _ = load_by_token(token)
    return pdf_response(assessment, request.args.get("lang"))


@bp.get("/a/<token>/report")
def report_html(token: str):
    """The full report as a web page, from the same template as the PDF."""
    assessment, _, _ = load_by_token(token)
    report = _model(assessment, _language(assessment, request.args.get("lang")))
    html = pdf.render_html(report, stylesheet_href=url_for("reports.stylesheet"))
    response = Response(html, mimetype="text/html")
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/report.css")
def stylesheet():
    """The report's stylesheet, for the HTML view."""
    fonts = "".join(
        f'@font-face {{ font-family: "Bundled Inter"; src: url("{url_for("static", filename=f"fonts/Inter-{name}.otf")}"); '
        f"font-weight: {weight}; font-style: {style}; }}\n" for name, weight, style in pdf.FONTS)
    css = (pdf.report_dir() / "report.css").read_text(encoding="utf-8")
    screen = ("\n@media screen { body { max-width: 60rem; margin: 0 auto; padding: 1rem; background: #fff; }"
              " .cover { height: auto; padding: 2rem; } .chapter { margin-top: 3rem; } }\n")
    return Response(fonts + css + screen, mimetype="text/css")
