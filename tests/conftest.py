"""Shared fixtures: the small test questionnaire, an app on a temporary database, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from assessment.loading import load_catalogue, load_questionnaire
from assessment.storage.database import normalise_url

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mini_catalogue():
    """A two-tool catalogue for the test questionnaire."""
    return load_catalogue(DATA / "catalogue.yaml")


@pytest.fixture(scope="session")
def mini(mini_catalogue):
    """A small questionnaire exercising every feature of the format."""
    return load_questionnaire(DATA / "mini.yaml", mini_catalogue)


def _reset_postgres(url: str) -> None:
    """Drop every table of the test database so each test starts from an empty schema."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            for table in inspect(conn).get_table_names():
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture
def database_url(tmp_path):
    """TEST_DATABASE_URL (emptied first) when set, else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    """The app on a migrated temporary database, with its own instance folder."""
    from assessment import create_app
    from assessment.storage.database import upgrade

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    upgrade(database_url)
    application = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    yield application
    application.extensions["database"].engine.dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def cli(capsys, tmp_path, monkeypatch):
    """Run `sovereign-ai ARGS...` in-process; returns (exit code, stdout, stderr). Installed questionnaires are
    read from the test's own folder (the app fixture's), unless the test names one."""
    from assessment.cli import main

    if "QUESTIONNAIRES_DIR" not in os.environ:
        monkeypatch.setenv("QUESTIONNAIRES_DIR", str(tmp_path / "instance" / "questionnaires"))

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors and --version
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_collection_modifyitems(config, items):
    """Tests using the database are marked `db`, so `make test` can rerun them on PostgreSQL."""
    for item in items:
        if {"app", "database_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def started(client):
    """A new assessment started from the home page: (token, first page URL)."""
    from pages import csrf_token

    home = client.get("/").get_data(as_text=True)
    response = client.post("/start", data={"csrf_token": csrf_token(home)})
    assert response.status_code == 303
    location = response.headers["Location"]
    token = location.split("/a/")[1].split("/")[0]
    return token, location
