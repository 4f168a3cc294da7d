"""Error pages: HTML for people, problem details (RFC 9457) under /api; 500 rolls the session back."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..i18n import DEFAULT_LANGUAGE, N_, translator
from .contract import Problem, ReportPending
from .extensions import database

# The error pages that say more than "The request could not be processed."
ERROR_MESSAGES = {
    404: N_("This page does not exist."),
    413: N_("What was sent is too large (a questionnaire may be at most 1 MiB, a logo 512 KiB); nothing was saved."),
    429: N_("Too many attempts in a short time: wait a minute, then try again."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str, **extra):
    """A problem-details response."""
    model = ReportPending if "state" in extra else Problem
    body = model(title=title, status=status, detail=detail, **extra).model_dump(exclude_none=True)
    return body, status, {"Content-Type": "application/problem+json"}


class ApiProblem(Exception):
    """A request the API refuses: its status, title and detail (and the faults named one by one), as RFC 9457 says."""

    def __init__(self, status: int, title: str, detail: str, errors: list[str] | None = None):
        self.status, self.title, self.detail, self.errors = status, title, detail, errors
        super().__init__(detail)


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(ApiProblem)
    def _api_problem(exc: ApiProblem):
        extra = {"errors": exc.errors} if exc.errors else {}
        return problem(exc.status, exc.title, exc.detail, **extra)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        # The exception's own headers but its HTML content type: a 405's Allow, which RFC 9110 requires.
        headers = {name: value for name, value in exc.get_headers() if name.lower() != "content-type"}
        if _wants_json():
            body, status, content_type = problem(exc.code or 500, exc.name, exc.description or exc.name)
            return body, status, {**headers, **content_type}
        lang = g.get("lang", DEFAULT_LANGUAGE)
        if exc.code in ERROR_MESSAGES:
            message = translator(lang).gettext(ERROR_MESSAGES[exc.code])
        elif isinstance(exc, CSRFError):
            message = translator(lang).gettext("The form expired or did not come from this site; nothing was saved. Go "
                                               "back to the page, reload it, then submit the form again.")
        elif exc.description and exc.description != type(exc).description:
            message = exc.description  # ours, given to abort() in the page's language
        else:  # Werkzeug's and the extensions' own descriptions are English
            message = translator(lang).gettext("The request could not be processed.")
        return render_template("errors/error.html", code=exc.code, message=message), exc.code, headers

    def _refused(status: int, title: str, detail: str, message: str):
        """Roll back, then answer a problem (API) or the error page (HTML)."""
        database.session.rollback()
        if _wants_json():
            return problem(status, title, detail)
        message = translator(g.get("lang", DEFAULT_LANGUAGE)).gettext(message)
        return render_template("errors/error.html", code=status, message=message), status

    @app.errorhandler(StaleDataError)
    def _conflict(_exc: StaleDataError):
        # Two requests changed the same assessment at once (its revision no longer matched when this
        # one wrote): the other one won and this one is rolled back, so the caller may simply retry.
        return _refused(409, "Conflict", "the assessment was changed by another request at the same moment; "
                                         "nothing was changed by this one: fetch it again and retry",
                        N_("This assessment was changed by another request at the same moment; yours changed "
                           "nothing. Reload the page, then try again."))

    @app.errorhandler(ObjectDeletedError)
    def _erased(_exc: ObjectDeletedError):
        # The assessment was erased by another request while this one was using it.
        return _refused(404, "Not Found", "the assessment was erased meanwhile; nothing was changed",
                        N_("The assessment and all its answers were erased from the server."))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        app.logger.exception("unhandled error on %s %s", request.method, request.url_rule)
        return _refused(500, InternalServerError().name, "internal error; nothing was changed",
                        N_("An internal error occurred; nothing was changed. Please try again in a moment."))
