"""Keep secrets out of logs: secret links and bearer tokens are masked in every log line."""

from __future__ import annotations

import logging
import re

from flask import Flask

SECRET_PATH = re.compile(r"/a/[A-Za-z0-9_-]{16,}")
BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    """The text with secret links and bearer tokens replaced by a mask."""
    return BEARER.sub(r"\1[redacted]", SECRET_PATH.sub("/a/[redacted]", text))


class RedactSecrets(logging.Filter):
    """A filter that rewrites the formatted message of each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask secrets in the message and its arguments."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def init_app(app: Flask) -> None:
    """Attach the filter to the app's logger and the development server's request log."""
    for logger in (app.logger, logging.getLogger("werkzeug"), logging.getLogger("gunicorn.access"),
                   logging.getLogger("gunicorn.error")):
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
