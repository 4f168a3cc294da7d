"""The request's language: `?lang=` (remembered in a cookie), else the cookie, else the default language.

Templates get gettext (`_`, `ngettext`, `pgettext`), `num()` and `pct()` in that language from
`assessment.i18n.install`, and every HTML page gets the language's typography (French spacing).
"""

from __future__ import annotations

from flask import Flask, current_app, g, request

from .. import settings
from ..i18n import install, language_name, site_name, translator, typography

COOKIE = "lang"


def current_language() -> str:
    """The language of this request."""
    wanted = request.args.get("lang") or request.cookies.get(COOKIE)
    return wanted if wanted in settings.LANGUAGES else settings.DEFAULT_LANGUAGE


def other_languages(lang: str) -> list[dict[str, str]]:
    """The switch to every other interface language, each named and offered in its own language."""
    return [{"code": code, "name": language_name(code),
             "switch_label": translator(code).gettext("Read this page in %(language)s",
                                                      language=language_name(code, in_sentence=True))}
            for code in settings.LANGUAGES if code != lang]


def init_app(app: Flask) -> None:
    """Choose the language per request, give templates gettext in it, and set its typography."""
    install(app.jinja_env)

    def _choose_language() -> None:
        g.lang = current_language()

    # First of all, so that a refusal by another extension (an expired CSRF token, a rate limit)
    # is written in the page's language too.
    app.before_request_funcs.setdefault(None, []).insert(0, _choose_language)

    @app.after_request
    def _remember_language(response):
        chosen = request.args.get("lang")
        if chosen in settings.LANGUAGES and chosen != request.cookies.get(COOKIE):
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
        return response

    @app.after_request
    def _typography(response):
        # The page's text only: tags, attributes, URLs and the content of a <textarea> are left as they are.
        if response.mimetype == "text/html" and not response.direct_passthrough and not response.is_streamed:
            html = response.get_data(as_text=True)
            typeset = typography(html, g.get("lang", settings.DEFAULT_LANGUAGE))
            if typeset != html:
                response.set_data(typeset)
        return response

    @app.context_processor
    def _templates() -> dict:
        lang = g.get("lang", settings.DEFAULT_LANGUAGE)
        return {"lang": lang, "other_languages": other_languages(lang),
                "site_name": site_name(lang, current_app.config.get("SITE_NAME")),
                "t": lambda text: text.get(lang) or text.get(settings.DEFAULT_LANGUAGE, "")}
