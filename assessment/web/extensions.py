"""Extensions, created unbound here and bound to the app in the factory."""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from ..storage.database import make_engine


class DatabaseState:
    """One app's engine and request-scoped session."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.session: scoped_session[Session] = scoped_session(sessionmaker(bind=self.engine, expire_on_commit=False))


class Database:
    """The database extension: each app keeps its own state in `app.extensions["database"]`."""

    def init_app(self, app: Flask) -> None:
        """Create the app's engine from DATABASE_URL; remove the session at the end of each request."""
        state = DatabaseState(app.config["DATABASE_URL"])
        app.extensions["database"] = state

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            state.session.remove()

    @property
    def session(self) -> Session:
        """The current app's session for this request (inside an app or request context)."""
        return current_app.extensions["database"].session()

    @property
    def engine(self):
        """The current app's engine."""
        return current_app.extensions["database"].engine


csrf = CSRFProtect()
database = Database()
# Storage comes from RATELIMIT_STORAGE_URI (memory by default, Redis for several instances).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
