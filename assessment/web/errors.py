"""Error pages: HTML for people, problem details (RFC 9457) under /api; 500 rolls the session back."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
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

    @app.errorhandler(StaleDataError)
    def _conflict(_exc: StaleDataError):
        # Two requests changed the same assessment at once (its revision no longer matched when this
        # one wrote): the other one won and this one is rolled back, so the caller may simply retry.
        database.session.rollback()
        lang = g.get("lang", DEFAULT_LANGUAGE)
        if _wants_json():
            return problem(409, "Conflict", "the assessment was changed by another request at the same moment; "
                                            "nothing was changed by this one: fetch it again and retry")
        return render_template("errors/error.html", code=409, message=translate("error.conflict", lang)), 409

    @app.errorhandler(ObjectDeletedError)
    def _erased(_exc: ObjectDeletedError):
        # The assessment was erased by another request while this one was using it.
        database.session.rollback()
        lang = g.get("lang", DEFAULT_LANGUAGE)
        if _wants_json():
            return problem(404, "Not Found", "the assessment was erased meanwhile; nothing was changed")
        return render_template("errors/error.html", code=404, message=translate("erase.done_text", lang)), 404

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
