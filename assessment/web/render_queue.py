"""The task queue that renders PDF reports in worker processes, off the web workers (Huey).

By default the queue is a SQLite file in the instance folder: nothing more to run than the web app
and `sovereign-ai worker`. With several machines, TASK_QUEUE_URL=redis://host:6379/0 points every web
instance and every worker at one Redis queue (the rendered PDFs are in the shared database).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, has_app_context
from flask.sansio.app import App
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..storage.models import Assessment, RenderedReport, Workshop, utcnow
from .extensions import database

log = logging.getLogger(__name__)
QUEUE_NAME = "sovereign-ai-reports"
RENDER_RETRIES = 1  # a render that failed (a worker killed, a database restart) is tried once more
WAITING_FOR = dt.timedelta(minutes=2)  # a queued report older than this has lost its task (reports.REQUEUE_AFTER)

# The application a worker process renders with: set by `sovereign-ai worker` before it forks.
worker_app: Flask | None = None


def make_queue(url: str, instance: Path, immediate: bool = False) -> Huey:
    """A Huey queue for TASK_QUEUE_URL: redis://… or rediss://…, sqlite:///PATH, or empty (the instance folder)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        queue = RedisHuey(QUEUE_NAME, url=url, results=False, immediate=immediate)
    elif not url or url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///") or str(instance / "tasks.sqlite3")
        queue = SqliteHuey(QUEUE_NAME, filename=path, results=False, immediate=immediate)
    else:
        raise ValueError(f"TASK_QUEUE_URL must start with redis://, rediss:// or sqlite:///, not {url.split(':')[0]!r}")
    queue.render_report = queue.task(retries=RENDER_RETRIES, retry_delay=1, name="render_report")(_render_report)
    return queue


def init_app(app: App) -> None:
    """Bind the app's queue; in tests (TESTING) tasks run at once in the request unless set otherwise."""
    app.config.setdefault("TASK_QUEUE_IMMEDIATE", bool(app.testing))
    app.extensions["render_queue"] = make_queue(app.config["TASK_QUEUE_URL"], Path(app.instance_path),
                                                immediate=app.config["TASK_QUEUE_IMMEDIATE"])


def describe(app: Flask) -> str:
    """Where the app's queue is, without a password (for messages)."""
    url = app.config["TASK_QUEUE_URL"]
    if url.startswith(("redis://", "rediss://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return url.removeprefix("sqlite:///") or str(Path(app.instance_path) / "tasks.sqlite3")


def queue_of(app: Flask) -> Huey:
    """The app's render queue."""
    return app.extensions["render_queue"]


def _waiting(kind: str, owner_id: str, lang: str):
    """The keys of the reports of an assessment or workshop, in a language, queued and not yet taken by a worker."""
    column = RenderedReport.assessment_id if kind == "assessment" else RenderedReport.workshop_id
    return select(RenderedReport.key).where(column == owner_id, RenderedReport.lang == lang,
                                            RenderedReport.status == "queued")


def enqueue(kind: str, owner_id: str, lang: str, key: str | None = None) -> None:
    """Ask a worker to render the report of an assessment or workshop (`kind`) in a language.

    Not when another revision's report (other than `key`, the one just queued) waits for a worker already:
    a task renders the report as it is when the task starts, so that one covers this revision too. One
    participant saving a complete assessment again and again then costs one waiting task, not one per save.
    """
    recent = utcnow() - WAITING_FOR
    waiting = database.session.scalar(_waiting(kind, owner_id, lang).where(
        RenderedReport.key != key, RenderedReport.requested_at > recent).limit(1))
    if waiting is None:
        queue_of(current_app).render_report(kind, owner_id, lang)


def _render_report(kind: str, owner_id: str, lang: str) -> None:
    """The task: render and store one report (in the worker's app, or the request's in immediate mode)."""
    if has_app_context():  # immediate mode: the request's own context and session
        context: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    else:
        global worker_app
        if worker_app is None:
            from . import create_app

            worker_app = create_app()
        context = worker_app.app_context()
    with context:
        try:
            render_and_store(kind, owner_id, lang)
        finally:
            # Reports queued while this one was rendered, whose requests found it waiting and queued no task.
            database.session.rollback()  # nothing is pending here; after a failed statement, a usable session
            if database.session.scalar(_waiting(kind, owner_id, lang).limit(1)) is not None:
                queue_of(current_app).render_report(kind, owner_id, lang)


def render_and_store(kind: str, owner_id: str, lang: str) -> None:
    """Render and store the report of the assessment or workshop as it is now; purge older revisions' reports.

    It takes every report of this owner and language queued before it started (each for a revision up
    to the one it renders), so one render answers them all.
    """
    from . import report_jobs as jobs

    session = database.session
    taken = set(session.scalars(_waiting(kind, owner_id, lang)))  # read before the owner: revisions up to its
    owner = session.get(Assessment if kind == "assessment" else Workshop, owner_id)
    if owner is None:
        return  # erased since it was queued
    job = jobs.assessment_job(owner, lang) if kind == "assessment" else jobs.workshop_job(owner, lang)
    session.execute(delete(RenderedReport).where(RenderedReport.key.in_(taken - {job.key})))
    row = session.get(RenderedReport, job.key)
    if row is not None and row.status in ("ready", "rendering"):
        session.commit()
        return  # rendered, or being rendered, by another worker (a lost render is queued again: request_report)
    if row is None:
        row = RenderedReport(key=job.key, stamp=job.stamp, lang=job.lang, filename="", requested_at=utcnow(),
                             **{job.owner_column().key: job.owner_id})
        session.add(row)
    row.status = "rendering"
    try:
        session.commit()
    except IntegrityError:  # a request queued this revision at the same moment; its task follows
        session.rollback()
        return
    start = time.perf_counter()
    try:
        data, filename = jobs._render(job)
    except Exception:
        session.rollback()
        session.execute(update(RenderedReport).where(RenderedReport.key == job.key).values(status="failed"))
        session.commit()
        raise
    # A bulk update: a newer revision's render may have purged this row meanwhile.
    session.execute(update(RenderedReport).where(RenderedReport.key == job.key).values(
        pdf=data, filename=filename, status="ready", rendered_at=utcnow()))
    session.commit()
    log.info("%s report %s (%s) rendered in %.1f s", kind, owner_id, lang, time.perf_counter() - start)
    session.expire_all()
    owner = session.get(Assessment if kind == "assessment" else Workshop, owner_id)
    current = None if owner is None else (
        jobs.assessment_job(owner, lang) if kind == "assessment" else jobs.workshop_job(owner, lang))
    if current is not None and current.stamp == job.stamp:
        # Only the latest revision's reports are kept: older ones can no longer be asked for.
        session.execute(delete(RenderedReport).where(job.owner_column() == job.owner_id,
                                                     RenderedReport.stamp != job.stamp))
        session.commit()
