"""The web door onto the core: application factory, extensions, blueprints, error pages."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from .. import resources
from ..loading import bundled_questionnaires
from ..storage.database import display_url
from .extensions import csrf, database, limiter


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else a random key kept in the instance folder (development)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then the environment, then the test mapping."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'assessment.sqlite3'}",
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE", "").lower() in {"1", "true", "yes"},
        WTF_CSRF_TIME_LIMIT=None,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=2),  # consultants: idle timeout, renewed on each request
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT="5 per minute; 50 per hour",
        JOIN_RATE_LIMIT="30 per minute; 300 per hour",
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["DATABASE_URL_DISPLAY"] = display_url(app.config["DATABASE_URL"])


def register_extensions(app: Flask) -> None:
    """Bind the extensions created unbound in `extensions`."""
    csrf.init_app(app)
    database.init_app(app)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from .main import bp as main_bp
    from .accounts import bp as accounts_bp
    from .api import bp as api_bp
    from .reports import bp as reports_bp
    from .survey import bp as survey_bp
    from .workshops import bp as workshops_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(workshops_bp)
    # Survey pages validate their own CSRF token (FlaskForm) so that an expired token keeps the
    # submitted answers on the page instead of failing before the view runs.
    csrf.exempt(survey_bp)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; gunicorn calls `assessment:create_app()`."""
    app = Flask(
        "assessment",
        template_folder=str(resources.templates_dir()),
        static_folder=str(resources.static_dir()),
        instance_path=os.environ.get("INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    configure(app, test_config)
    # Fail at start-up, with the located errors, rather than on the first request.
    bundled_questionnaires()
    register_extensions(app)
    register_blueprints(app)
    from . import errors, i18n, logs, security

    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    logs.init_app(app)
    return app
