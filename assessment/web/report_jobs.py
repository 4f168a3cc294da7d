"""Report jobs: which PDF a request needs, whether it is ready, and its render in a worker.

PDFs are rendered by the task queue's worker processes (render_queue), never in a web request: a
download finds the report ready in the shared `rendered_report` table, or queues it (once per key,
however many ask at once) and answers a page that reloads itself (202 Accepted for the API).
Views (survey, workshops, reports, api) call these; this module imports no view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from flask import Response, current_app, g, jsonify, render_template, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import __version__, services
from ..caches import report_pdfs
from ..evaluation import Evaluation
from .. import settings
from ..report import pdf
from ..report.model import Report
from ..storage.models import Assessment, RenderedReport, Workshop, utcnow
from . import render_queue
from .errors import problem
from .extensions import database

RETRY_AFTER = 2  # seconds between two looks at a report being prepared
REQUEUE_AFTER = dt.timedelta(minutes=2)  # a report still not rendered by then is queued again (a lost task)


@dataclass(frozen=True)
class Job:
    """One report to render: an assessment's or a workshop's, at the revisions `stamp` names, in `lang`."""

    kind: str  # "assessment" or "workshop"
    owner_id: str
    stamp: str
    lang: str

    @property
    def key(self) -> str:
        """The rendered report's key in the shared assessments."""
        return hashlib.sha256(f"{self.stamp}:{self.lang}".encode()).hexdigest()

    def owner_column(self):
        """The rendered_report column naming this job's assessment or workshop."""
        return RenderedReport.assessment_id if self.kind == "assessment" else RenderedReport.workshop_id


def _stamp(*parts) -> str:
    """A digest of what a report is derived from (the code's version included: a new release renders anew)."""
    return hashlib.sha256(json.dumps([__version__, *parts], sort_keys=True, default=str).encode()).hexdigest()


def assessment_job(assessment, lang: str) -> Job:
    """The report of an assessment at its revision (and its baseline's)."""
    assessment_id, revision, _, baseline_id, baseline_revision = services.derived_key(database.session, assessment,
                                                                                      lang)
    brand = services.brand_stamp(database.session, assessment.workshop_id)
    return Job("assessment", assessment_id, _stamp(assessment_id, revision, baseline_id, baseline_revision,
                                                   *([brand] if brand else [])), lang)


def workshop_job(workshop, lang: str) -> Job:
    """The group report: it reads the consensus, every participant's answers and the earlier workshop's consensus."""
    session = database.session
    participants = session.execute(select(Assessment.id, Assessment.revision)
                                   .where(Assessment.workshop_id == workshop.id).order_by(Assessment.id)).all()
    earlier = session.get(Workshop, workshop.baseline_id) if workshop.baseline_id else None
    return Job("workshop", workshop.id, _stamp(
        workshop.id, workshop.title, workshop.date, workshop.consensus, [tuple(p) for p in participants],
        earlier.id if earlier else None, earlier.consensus if earlier else None,
        *([brand] if (brand := services.brand_stamp(session, workshop.id)) else [])), lang)


def language(assessment, lang: str | None) -> str:
    """The report's language: the one asked for, else the page's, else the answers'."""
    return lang if lang in settings.LANGUAGES else (g.get("lang") or assessment.language)


def _filename(report: Report) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", report.organisation.name).strip("-")[:40] or "rapport"
    return f"sovereign-ai-{name}-{report.generated}-{report.lang}.pdf"


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def request_report(job: Job) -> RenderedReport | None:
    """The ready report of `job`, else None after making sure that one worker renders it."""
    session = database.session
    row = session.get(RenderedReport, job.key)
    if row is not None and row.status == "ready":
        return row
    now = utcnow()
    if row is None:
        session.add(RenderedReport(key=job.key, stamp=job.stamp, lang=job.lang, status="queued", filename="",
                                   requested_at=now, **{job.owner_column().key: job.owner_id}))
        try:
            session.commit()
        except IntegrityError:  # another request queued it at the same moment
            session.rollback()
            return None
    elif row.status == "failed" or now - _aware(row.requested_at) > REQUEUE_AFTER:
        row.status, row.requested_at = "queued", now
        session.commit()
    else:
        return None
    render_queue.enqueue(job.kind, job.owner_id, job.lang, job.key)
    row = session.get(RenderedReport, job.key)  # rendered already when the queue runs tasks at once (tests)
    return row if row is not None and row.status == "ready" else None


def queue_report(job: Job) -> None:
    """Prepare a report before anyone asks for it (an assessment completed, a consensus saved).

    Not when the queue runs tasks at once (tests): that would put the render on this request's path.
    """
    if not render_queue.queue_of(current_app).immediate:
        request_report(job)


def queue_if_complete(assessment, lang: str, evaluation: Evaluation | None = None) -> None:
    """Prepare the report of an assessment once every question that applies to it has an answer
    (`evaluation`: the assessment as it is now, when the caller has it already)."""
    evaluation = evaluation or services.evaluation_of(database.session, assessment)
    if evaluation.complete:
        queue_report(assessment_job(assessment, lang))


def _render(job: Job) -> tuple[bytes, str]:
    """Render the PDF of a job (in a worker) and its download name."""
    if job.kind == "assessment":
        report = services.report_for(database.session, database.session.get_one(Assessment, job.owner_id), job.lang)
        return pdf.write_pdf(report, site_name=current_app.config.get("SITE_NAME")), _filename(report)
    workshop = database.session.get_one(Workshop, job.owner_id)
    return (pdf.write_pdf(services.group_report(database.session, workshop, job.lang),
                          site_name=current_app.config.get("SITE_NAME")),
            f"atelier-{workshop.date.isoformat()}-{job.lang}.pdf")


def _ahead(row: RenderedReport | None) -> int:
    """How many other reports were asked for before this one and are not rendered yet.

    Counted by assessment or workshop and language, not by stored row: every save of a complete
    assessment queues a row for its new revision, and one render answers them all.
    """
    if row is None:
        return 0
    waiting = (select(RenderedReport.assessment_id, RenderedReport.workshop_id, RenderedReport.lang)
               .where(RenderedReport.status.in_(("queued", "rendering")),
                      RenderedReport.requested_at < row.requested_at,
                      ~((RenderedReport.assessment_id == row.assessment_id) if row.assessment_id is not None
                        else (RenderedReport.workshop_id == row.workshop_id)) | (RenderedReport.lang != row.lang))
               .distinct().subquery())
    return database.session.scalar(select(func.count()).select_from(waiting)) or 0


def _pdf_download(data: bytes, filename: str) -> Response:
    """The stored PDF as it is: one write of its bytes (send_file's file wrapper wrote it 8 KB at a time)."""
    response = Response(data, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def download(job: Job, *, api: bool = False) -> Response:
    """The PDF when it is ready; else it is queued and the answer says so (a self-reloading page, or 202)."""
    ready = report_pdfs.peek(job.key)
    if ready is None:
        row = request_report(job)
        if row is not None:
            stored = (row.pdf, row.filename)
            ready = report_pdfs.get_or_compute(job.key, lambda: stored)
    if ready is not None:
        return _pdf_download(*ready)
    row = database.session.get(RenderedReport, job.key)
    state = row.status if row is not None and row.status == "rendering" else "queued"
    if api:
        body, status, headers = problem(202, "Accepted", f"the report is being prepared ({state}); "
                                        f"ask again in {RETRY_AFTER} seconds", state=state)
        response = jsonify(body)
        response.status_code = status
        response.headers.update(headers)
    else:
        again = request.full_path.rstrip("?")
        response = Response(render_template("reports/preparing.html", state=state, ahead=_ahead(row),
                                            seconds=RETRY_AFTER, again=again), status=202)
        response.headers["Refresh"] = str(RETRY_AFTER)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def pdf_response(assessment, lang: str | None, *, api: bool = False) -> Response:
    """The PDF report of an assessment as a download, once a worker has rendered it."""
    return download(assessment_job(assessment, language(assessment, lang)), api=api)
