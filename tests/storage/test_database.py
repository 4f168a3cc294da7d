"""Migrations create the schema on SQLite (WAL) and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from assessment.storage.database import head_revision, make_engine, normalise_url, upgrade


def test_upgrade_creates_the_tables(database_url):
    upgrade(database_url)
    upgrade(database_url)  # running it again is harmless
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"assessment", "questionnaire_snapshot", "alembic_version"} <= tables
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            if database_url.startswith("sqlite"):
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()


def test_postgres_urls_use_psycopg3():
    assert normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("sqlite:///x") == "sqlite:///x"
