"""The task queue that renders PDF reports in worker processes, off the web workers (Huey).

By default the queue is a SQLite file in the instance folder: nothing more to run than the web app
and `sovereign-ai worker`. With several machines, TASK_QUEUE_URL=redis://host:6379/0 points every web
instance and every worker at one Redis queue (the rendered PDFs are in the shared database).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, has_app_context
from flask.sansio.app import App
from huey import Huey, RedisHuey, SqliteHuey

QUEUE_NAME = "sovereign-ai-reports"
RENDER_RETRIES = 1  # a render that failed (a worker killed, a database restart) is tried once more

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


def enqueue(kind: str, owner_id: str, lang: str) -> None:
    """Ask a worker to render the report of an assessment or workshop (`kind`) in a language."""
    queue_of(current_app).render_report(kind, owner_id, lang)


def _render_report(kind: str, owner_id: str, lang: str) -> None:
    """The task: render and store one report (in the worker's app, or the request's in immediate mode)."""
    from .report_jobs import render_and_store

    if has_app_context():  # immediate mode: the request's own context and session
        context: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    else:
        global worker_app
        if worker_app is None:
            from . import create_app

            worker_app = create_app()
        context = worker_app.app_context()
    with context:
        render_and_store(kind, owner_id, lang)
