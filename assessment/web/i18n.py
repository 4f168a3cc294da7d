"""The request's language: `?lang=` (remembered in a cookie), else the cookie, else French."""

from __future__ import annotations

from flask import Flask, g, request

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, template_helpers

COOKIE = "lang"


def current_language() -> str:
    """The language of this request."""
    wanted = request.args.get("lang") or request.cookies.get(COOKIE)
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    """Choose the language per request and give templates `_()` and `lang`."""

    def _choose_language() -> None:
        g.lang = current_language()

    # First of all, so that a refusal by another extension (an expired CSRF token, a rate limit)
    # is written in the page's language too.
    app.before_request_funcs.setdefault(None, []).insert(0, _choose_language)

    @app.after_request
    def _remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and chosen != request.cookies.get(COOKIE):
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
        return response

    @app.context_processor
    def _templates() -> dict:
        lang = g.get("lang", DEFAULT_LANGUAGE)
        other = "en" if lang == "fr" else "fr"
        return {"lang": lang, "other_lang": other, **template_helpers(lang),
                "t": lambda text: text.get(lang) or text.get(DEFAULT_LANGUAGE, "")}
