"""The web door onto the core: application factory, extensions, blueprints, error pages."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from limits import parse_many
from limits.errors import ConfigurationError as LimitsConfigurationError

from .. import resources
from ..loading import bundled_questionnaires
from ..registry import registry
from ..settings import ConfigurationError, Settings
from ..storage.database import DatabaseNotReady, check_url, display_url, ensure_schema
from .extensions import csrf, database, limiter


# The exit status gunicorn's master reads as "App failed to load": it stops, with the message on
# stderr, instead of restarting workers that cannot start, for ever.
APP_LOAD_ERROR = 4
# Flask's own settings that are the same everywhere (not read from the environment).
FLASK_DEFAULTS: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=2),  # consultants: idle timeout, renewed on each request
    "RATELIMIT_HEADERS_ENABLED": True,
}


def _instance_key(instance: Path) -> str:
    """Without SECRET_KEY (outside production), a random key kept in the instance folder."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _check_rate_limits(app: Flask) -> None:
    """Refuse a rate limit that flask-limiter would ignore, request after request, rather than apply."""
    for name in ("LOGIN_RATE_LIMIT", "JOIN_RATE_LIMIT"):
        try:
            parse_many(app.config[name])
        except ValueError:
            raise ConfigurationError(f"{name} must be rate limits such as '5 per minute; 50 per hour', "
                                     f"not {app.config[name]!r}") from None


def configure(app: Flask, settings: Settings, test_config: Mapping[str, Any] | None) -> None:
    """app.config from Flask's fixed defaults, the settings, then the test mapping's other keys."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(FLASK_DEFAULTS)
    app.config.from_mapping(settings.as_config())
    # The test mapping's settings are already in `settings` (checked); its other keys are Flask's.
    app.config.from_mapping({key: value for key, value in (test_config or {}).items()
                             if key not in Settings.variables()})
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_key(instance)
    check_url(app.config["DATABASE_URL"])
    _check_rate_limits(app)
    app.config["DATABASE_URL_DISPLAY"] = display_url(app.config["DATABASE_URL"])


def _masked(uri: str) -> str:
    """A storage URI without its password."""
    parts = urllib.parse.urlsplit(uri)
    if parts.password is None:
        return uri
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()


# Set in gunicorn's master once it has built the app (gunicorn.conf.py): workers forked from it skip
# the checks of what lies outside the process. A worker recycled by `max_requests` while PostgreSQL
# or Redis is briefly unreachable then starts and fails only the requests that need them, instead of
# exiting with status 4, which would stop the master and the whole service.
_outside_checked_by_master = False


def checked_by_master() -> None:
    """Say that this process (gunicorn's master) checked the database and rate-limit storage at start."""
    global _outside_checked_by_master
    _outside_checked_by_master = True


def register_extensions(app: Flask) -> None:
    """Bind the extensions created unbound in `extensions`; a rate-limit storage we cannot use stops the start."""
    csrf.init_app(app)
    database.init_app(app)
    uri = _masked(app.config["RATELIMIT_STORAGE_URI"])
    try:
        limiter.init_app(app)
    except LimitsConfigurationError as exc:
        raise ConfigurationError(f"RATELIMIT_STORAGE_URI {uri}: {exc}") from None
    if app.config["RATELIMIT_ENABLED"] and not _outside_checked_by_master and not limiter.storage.check():
        raise ConfigurationError(f"RATELIMIT_STORAGE_URI {uri} cannot be reached")


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from .main import bp as main_bp
    from .accounts import bp as accounts_bp
    from .api import bp as api_bp
    from .reports import bp as reports_bp
    from .survey import bp as survey_bp
    from .workshops import bp as workshops_bp
    from .questionnaires import bp as questionnaires_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(workshops_bp)
    app.register_blueprint(questionnaires_bp)
    # Survey pages validate their own CSRF token (FlaskForm) so that an expired token keeps the
    # submitted answers on the page instead of failing before the view runs.
    csrf.exempt(survey_bp)
    # The upload form checks its own CSRF token too: the global check would read the body before the view sets
    # the upload's own size limit.
    csrf.exempt(questionnaires_bp)


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application, or raise ConfigurationError or DatabaseNotReady saying in one line why not.

    Settings come from the defaults, then the environment, then `test_config` (whose other keys,
    such as TESTING, go to app.config as they are). Code reads them from `app.config`.
    """
    settings = Settings.load(overrides=test_config)
    app = Flask(
        "assessment",
        template_folder=str(resources.templates_dir()),
        static_folder=str(resources.static_dir()),
        instance_path=str(settings.instance_path),
        instance_relative_config=True,
    )
    configure(app, settings, test_config)
    # Fail at start-up, with the located errors, rather than on the first request; an installed questionnaire
    # that is not valid is logged with its located errors and skipped, never stopping the app.
    bundled_questionnaires()
    registry(settings.questionnaires_dir).offered()
    register_extensions(app)
    try:
        if not _outside_checked_by_master:
            ensure_schema(app.extensions["database"].engine, app.config["DATABASE_URL"])
    except DatabaseNotReady:
        app.extensions["database"].engine.dispose()
        raise
    register_blueprints(app)
    from . import errors, i18n, logs, security

    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    logs.init_app(app)
    return app


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; gunicorn calls `assessment:create_app()`. On a start-up error, print it and exit."""
    try:
        return build_app(test_config)
    except ConfigurationError as exc:
        message = f"configuration error: {exc}"
    except DatabaseNotReady as exc:
        message = str(exc)
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(APP_LOAD_ERROR)
