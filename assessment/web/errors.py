"""Error pages: HTML for people, problem details (RFC 9457) under /api; 500 rolls the session back."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ..i18n import DEFAULT_LANGUAGE, translate
from .extensions import database


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str, **extra):
    """A problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return body, status, {"Content-Type": "application/problem+json"}


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if _wants_json():
            return problem(exc.code or 500, exc.name, exc.description or exc.name)
        lang = g.get("lang", DEFAULT_LANGUAGE)
        message = translate("error.404", lang) if exc.code == 404 else (exc.description or translate("error.other", lang))
        return render_template("errors/error.html", code=exc.code, message=message), exc.code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        database.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.url_rule)
        if _wants_json():
            return problem(500, InternalServerError().name, "internal error; nothing was changed")
        lang = g.get("lang", DEFAULT_LANGUAGE)
        return render_template("errors/error.html", code=500, message=translate("error.500", lang)), 500
