"""gunicorn settings for production: `gunicorn 'assessment:create_app()'` reads this file.

Every value can be overridden from the environment (GUNICORN_*, read by
assessment.settings.ServerSettings) or the command line.
PDF reports take one to a few seconds of CPU each, so workers are processes (one per core, plus
one) with a few threads each for the many short requests, and the timeout leaves room for a report.
"""

import sys

from assessment.settings import ConfigurationError, ServerSettings

try:
    settings = ServerSettings.load()
except ConfigurationError as exc:  # one line and "App failed to load", as for the app's own settings
    print(f"configuration error: {exc}", file=sys.stderr, flush=True)
    sys.exit(4)

bind = settings.bind
workers = settings.workers  # default: one per core, plus one
threads = settings.threads
worker_class = "gthread"
timeout = settings.timeout  # default 120 s: room for a PDF report on a busy machine
graceful_timeout = 30
keepalive = 5
max_requests = settings.max_requests  # bounds memory growth per worker
max_requests_jitter = 200
limit_request_line = 4096
forwarded_allow_ips = settings.forwarded_allow_ips
accesslog = settings.access_log
errorlog = "-"
# The access log never carries a secret link or token: the app masks them in the gunicorn.access
# logger's records (assessment/web/logs.py).
raw_env = [f"APP_ENV={settings.app_env}"]  # production unless set


def on_starting(server):
    """Build the app once in the master, before forking any worker, then drop it."""
    # A configuration error or a PostgreSQL database that is behind stops gunicorn here, with its
    # one line on stderr and exit status 4, instead of a crash loop of workers; a new SQLite
    # database is migrated once. Workers, forked from this process, then skip the database and
    # rate-limit storage checks: a worker recycled while PostgreSQL or Redis is briefly unreachable
    # must not stop the whole service (a configuration error cannot appear after this point).
    from assessment import create_app
    from assessment.web import checked_by_master

    create_app().extensions["database"].engine.dispose()
    checked_by_master()
