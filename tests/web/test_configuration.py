"""The factory: app.config comes from the settings (defaults, environment, test mapping); start-up refusals."""

from __future__ import annotations

import pytest
from flask import Flask

from assessment import create_app
from assessment.settings import LANGUAGES, Settings, default_instance_path


@pytest.fixture
def environment(tmp_path, monkeypatch):
    """A clean environment with its own instance folder and SQLite database."""
    for name in Settings.variables():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'c.sqlite3'}")
    return monkeypatch


def _refusal(capsys, test_config=None) -> str:
    """create_app() stops with exit status 4: its one line on stderr."""
    with pytest.raises(SystemExit) as stopped:
        create_app(test_config)
    assert stopped.value.code == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err.rstrip("\n")


def test_the_default_instance_folder_is_flasks():
    assert str(default_instance_path()) == Flask("assessment").instance_path


def test_config_from_defaults_then_environment_then_test_mapping(environment, tmp_path):
    environment.setenv("LOGIN_RATE_LIMIT", "7 per minute")
    environment.setenv("JOIN_RATE_LIMIT", "8 per minute")
    environment.setenv("SESSION_COOKIE_SECURE", "yes")
    app = create_app({"JOIN_RATE_LIMIT": "9 per minute", "TESTING": True, "SECRET_KEY": "test-secret"})
    try:
        assert app.instance_path == str(tmp_path / "instance")
        assert app.config["LOGIN_RATE_LIMIT"] == "7 per minute"  # environment
        assert app.config["JOIN_RATE_LIMIT"] == "9 per minute"  # test mapping over environment
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"  # default
        assert app.config["TESTING"] is True  # a Flask key of the mapping, as it is
        assert app.config["LANGUAGES"] == LANGUAGES
        assert app.config["QUESTIONNAIRES_DIR"] == tmp_path / "instance" / "questionnaires"
        assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
        settings = Settings.load(overrides={"JOIN_RATE_LIMIT": "9 per minute", "SECRET_KEY": "test-secret"})
        assert {name: app.config[name] for name in Settings.variables()} == settings.as_config()
    finally:
        app.extensions["database"].engine.dispose()


def test_without_a_secret_key_outside_production_one_is_kept_in_the_instance_folder(environment, tmp_path):
    first = create_app()
    second = create_app()
    try:
        assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == \
            (tmp_path / "instance" / "secret_key").read_text()
        assert len(first.config["SECRET_KEY"]) >= 32
    finally:
        for app in (first, second):
            app.extensions["database"].engine.dispose()


@pytest.mark.parametrize("variable, value, message", [
    ("SESSION_COOKIE_SECURE", "maybe", "configuration error: SESSION_COOKIE_SECURE must be true or false, not 'maybe'"),
    ("APP_ENV", "staging", "configuration error: APP_ENV must be production or development, not 'staging'"),
    ("TASK_QUEUE_URL", "amqp://h/", "configuration error: TASK_QUEUE_URL must start with redis://, rediss:// or "
                                    "sqlite:///, not 'amqp'"),
    ("LOGIN_RATE_LIMIT", "often", "configuration error: LOGIN_RATE_LIMIT must be rate limits such as "
                                  "'5 per minute; 50 per hour', not 'often'"),
    ("LANGUAGES", "fr", "configuration error: LANGUAGES must be language codes separated by commas"),
])
def test_a_setting_it_cannot_use_stops_the_start_in_one_line(environment, capsys, variable, value, message):
    environment.setenv(variable, value)
    assert _refusal(capsys).startswith(message)


def test_the_test_mapping_is_checked_like_the_environment(environment, capsys):
    assert _refusal(capsys, {"SESSION_COOKIE_SECURE": "maybe"}).startswith(
        "configuration error: SESSION_COOKIE_SECURE must be true or false")
