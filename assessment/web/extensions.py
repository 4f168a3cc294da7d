"""Extensions, created unbound here and bound to the app in the factory."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from ..storage.database import make_engine


class Database:
    """A SQLAlchemy engine and a request-scoped session for the app."""

    def __init__(self) -> None:
        self.session: scoped_session[Session] | None = None
        self.engine = None

    def init_app(self, app: Flask) -> None:
        """Create the engine from DATABASE_URL; remove the session at the end of each request."""
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session = scoped_session(sessionmaker(bind=self.engine, expire_on_commit=False))
        app.extensions["database"] = self

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            self.session.remove()


csrf = CSRFProtect()
database = Database()
# Storage comes from RATELIMIT_STORAGE_URI (memory by default, Redis for several instances).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
