"""Engines, sessions and migrations; used by the web app and, without it, by the CLI's database commands."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..settings import ConfigurationError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BACKENDS = ("sqlite", "postgresql")


class DatabaseNotReady(Exception):
    """The database cannot serve this code as it is; the one-line message says what to do."""


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given as postgres:// or postgresql://."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def check_url(url: str) -> None:
    """Refuse, with a ConfigurationError that does not repeat the URL (it may hold a password), what we cannot use."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise ConfigurationError("DATABASE_URL is not a database URL (expected postgresql://user:password@host/dbname "
                         "or sqlite:///path/to/file.sqlite3)") from None
    if parsed.get_backend_name() not in BACKENDS:
        raise ConfigurationError(f"DATABASE_URL names a '{parsed.get_backend_name()}' database; only postgresql:// and "
                         "sqlite:/// are supported")
    try:
        parsed.get_dialect().import_dbapi()
    except (ArgumentError, ImportError):
        raise ConfigurationError(f"DATABASE_URL names the driver '{parsed.drivername}', which is not installed; "
                         "write postgresql:// (psycopg 3 is used) or sqlite:///") from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers and one writer work at once; foreign keys are off by default in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for a database URL, with SQLite set up for concurrent use."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def open_database(url: str) -> Engine:
    """An engine on a database ready for this code (a SQLite one migrated at first use), without the web app.

    Raises ConfigurationError for a URL we cannot use, DatabaseNotReady for a database that is
    unreachable or behind; both say why in one line.
    """
    check_url(url)
    engine = make_engine(url)
    try:
        ensure_schema(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return engine


def alembic_config(url: str) -> Config:
    """An Alembic configuration for the bundled migrations and this database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision the code needs: the head of the bundled migrations."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError("no bundled migrations")
    return head


def _revision(connection: Connection) -> str | None:
    """The database's current revision, None when it was never migrated."""
    return MigrationContext.configure(connection).get_current_revision()


def _describe(connection: Connection, revision: str | None) -> str:
    """The revision as a sentence reads it: an id, or what stands in for one."""
    if revision is not None:
        return revision
    if inspect(connection).get_table_names():
        return "unversioned (tables but no alembic_version)"
    return "empty (no tables)"


def _cannot_use(url: str, error: DBAPIError) -> DatabaseNotReady:
    """A one-line message for a database that refused a connection or a statement (the driver's first line)."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
    return DatabaseNotReady(f"cannot use the database at {display_url(url)}: {reason}")


def _refuse_unknown(url: str, revision: str | None) -> None:
    """A revision the bundled migrations do not contain was written by another version of the code."""
    if revision is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config(url)).get_revision(revision)
    except CommandError:
        raise DatabaseNotReady(
            f"the database at {display_url(url)} is at revision {revision}, which this "
            f"code does not know (it needs {head_revision()}): it was migrated by another version of "
            "sovereign-ai") from None


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """For a SQLite file, an exclusive lock on a file beside it, so two processes never migrate at once."""
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    try:
        lock = open(f"{database}.migrate-lock", "a")  # noqa: SIM115 (closed by the `with` below)
    except OSError as exc:
        raise DatabaseNotReady(f"cannot create the migration lock {database}.migrate-lock: {exc.strerror}") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _upgrade(engine: Engine, url: str, revision: str) -> None:
    """Migrate the engine's database to `revision`, under the migration lock."""
    with _migration_lock(engine), engine.begin() as connection:
        _refuse_unknown(url, _revision(connection))
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def upgrade(url: str, revision: str = "head") -> None:
    """Create or migrate the database to `revision`."""
    engine = make_engine(url)
    try:
        _upgrade(engine, url, revision)
    except DBAPIError as exc:
        raise _cannot_use(url, exc) from None
    finally:
        engine.dispose()


def ensure_schema(engine: Engine, url: str) -> None:
    """Make the database ready for this code at first use, or say in one line why it is not."""
    # SQLite, the embedded default, is migrated here. Any other database is production's: migrating
    # it is a deliberate step (`sovereign-ai db upgrade`, once per deployment, from one machine),
    # so one that is behind is refused rather than changed.
    needed = head_revision()
    try:
        if engine.url.get_backend_name() == "sqlite":
            with engine.connect() as connection:
                current = _revision(connection)
            if current != needed:
                _upgrade(engine, url, "head")
            return
        with engine.connect() as connection:
            current = _revision(connection)
            _refuse_unknown(url, current)
            if current != needed:
                raise DatabaseNotReady(
                    f"the database at {display_url(url)} is at revision {_describe(connection, current)}, "
                    f"the code needs {needed}: run 'sovereign-ai db upgrade'")
    except DBAPIError as exc:
        raise _cannot_use(url, exc) from None
