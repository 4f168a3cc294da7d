"""Settings: defaults, then the environment, then a mapping; one-line errors; every variable documented."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.settings import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    ConfigurationError,
    ServerSettings,
    Settings,
    default_instance_path,
    parse_languages,
)

ROOT = Path(__file__).resolve().parents[2]
STRONG = "a-strong-key-" + "x" * 32


def load(overrides=None, **environ) -> Settings:
    """Settings from exactly this environment (not the process's) and mapping."""
    return Settings.load(environ, overrides)


def refused(**environ) -> str:
    """The one-line message refusing this environment."""
    with pytest.raises(ConfigurationError) as error:
        Settings.load(environ)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_defaults(tmp_path):
    settings = load(INSTANCE_PATH=str(tmp_path))
    assert settings.app_env == "development" and not settings.production
    assert settings.instance_path == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'assessment.sqlite3'}"
    assert settings.secret_key == ""  # the web app then keeps a random key in the instance folder
    assert settings.session_cookie_secure is False
    assert settings.ratelimit_storage_uri == "memory://"
    assert (settings.login_rate_limit, settings.join_rate_limit) == ("5 per minute; 50 per hour",
                                                                     "300 per minute; 3000 per hour")
    assert settings.task_queue_url == ""
    assert settings.languages == LANGUAGES == ("fr", "en") and DEFAULT_LANGUAGE == "fr"
    assert settings.questionnaires_dir == tmp_path / "questionnaires"
    assert load().instance_path == default_instance_path()


def test_the_environment_then_the_mapping(tmp_path):
    environ = {"DATABASE_URL": "postgresql://env/db", "LOGIN_RATE_LIMIT": "1 per minute", "TASK_QUEUE_URL": ""}
    settings = Settings.load(environ, {"DATABASE_URL": "sqlite:///mapping.sqlite3"})
    assert settings.database_url == "sqlite:///mapping.sqlite3"
    assert settings.login_rate_limit == "1 per minute"
    assert settings.task_queue_url == ""  # empty counts as unset


def test_every_setting_is_read_from_its_variable_and_is_its_config_key(tmp_path):
    environ = {"APP_ENV": "production", "INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": "postgresql://h/d",
               "SECRET_KEY": STRONG, "SESSION_COOKIE_SECURE": "no", "RATELIMIT_STORAGE_URI": "redis://r:6379/0",
               "LOGIN_RATE_LIMIT": "1 per second", "JOIN_RATE_LIMIT": "2 per second",
               "TASK_QUEUE_URL": "redis://r:6379/1", "LANGUAGES": ",".join(LANGUAGES),
               "QUESTIONNAIRES_DIR": str(tmp_path / "q"), "SITE_NAME": "Atelier IA RH"}
    assert set(environ) == set(Settings.variables())
    config = Settings.load(environ).as_config()
    assert {name: str(value) if isinstance(value, Path) else value for name, value in config.items()} == {
        **environ, "SESSION_COOKIE_SECURE": False, "LANGUAGES": LANGUAGES}


def test_production_needs_a_strong_secret_key_and_has_secure_cookies():
    for key in ("", "change-me", "CHANGE-ME", "short-key", "x" * 31):
        assert refused(APP_ENV="production", SECRET_KEY=key).startswith(
            "SECRET_KEY must be set to a random value of at least 32 characters in production")
    settings = load(APP_ENV="production", SECRET_KEY=STRONG)
    assert settings.production and settings.secret_key == STRONG and settings.session_cookie_secure is True
    assert load({"SECRET_KEY": STRONG}, APP_ENV="production", SECRET_KEY="weak").secret_key == STRONG
    with pytest.raises(ConfigurationError):  # the mapping's key is checked too
        load({"SECRET_KEY": "test"}, APP_ENV="production", SECRET_KEY=STRONG)


def test_the_site_name_is_shown_as_written_or_is_the_products_name_in_the_language():
    from assessment.i18n import site_name

    assert load().site_name == "" and load(SITE_NAME="  ").site_name == ""
    assert site_name("fr") == "Autodiagnostic IA souveraine"
    assert site_name("en") == "Sovereign AI self-assessment"
    configured = load(SITE_NAME=" Diagnostic AI Act — Cabinet Martin ").site_name
    assert configured == "Diagnostic AI Act — Cabinet Martin"
    assert site_name("fr", configured) == site_name("en", configured) == configured


def test_app_env_is_production_or_development():
    assert load(APP_ENV="development").app_env == "development"
    assert refused(APP_ENV="prod") == "APP_ENV must be production or development, not 'prod'"


@pytest.mark.parametrize("text, value", [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
                                         ("false", False), ("False", False), ("0", False), ("no", False),
                                         ("off", False), (" true ", True)])
def test_booleans(text, value):
    assert load(SESSION_COOKIE_SECURE=text).session_cookie_secure is value
    assert load(APP_ENV="production", SECRET_KEY=STRONG, SESSION_COOKIE_SECURE=text).session_cookie_secure is value


def test_a_boolean_that_is_neither_is_refused():
    assert refused(SESSION_COOKIE_SECURE="maybe") == "SESSION_COOKIE_SECURE must be true or false, not 'maybe'"
    assert load({"SESSION_COOKIE_SECURE": True}).session_cookie_secure is True


def test_a_task_queue_it_cannot_use_is_refused():
    assert refused(TASK_QUEUE_URL="amqp://h/") == ("TASK_QUEUE_URL must start with redis://, rediss:// or "
                                                   "sqlite:///, not 'amqp'")
    assert load(TASK_QUEUE_URL="sqlite:////tmp/q.sqlite3").task_queue_url == "sqlite:////tmp/q.sqlite3"


def test_a_relative_instance_path_is_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load(INSTANCE_PATH="here").instance_path == tmp_path / "here"


@pytest.mark.parametrize("text", ["fr,en,de", "en,fr", "fr, en, de, it"])
def test_languages_extend_the_bundled_ones_the_default_first(text):
    codes = parse_languages(text)
    assert codes[0] == text.split(",")[0].strip() and {"fr", "en"} <= set(codes)


@pytest.mark.parametrize("text", ["de", "fr,de", "fr,en,fr", "fr,en,DE", "fr,en,de-AT", "fr;en", "fr,en,"])
def test_languages_refused(text):
    with pytest.raises(ConfigurationError, match="^LANGUAGES must be language codes separated by commas"):
        parse_languages(text)


def test_languages_cannot_change_after_the_process_started():
    assert refused(LANGUAGES="fr,en,de").startswith("LANGUAGES is fr,en,de here but this process started with fr,en")


def _in_a_process(environ: dict[str, str], code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **environ}, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_a_third_language_from_the_environment():
    done = _in_a_process({"LANGUAGES": "fr,en,de"}, "import json\nfrom assessment import settings\n"
                         "print(json.dumps([settings.LANGUAGES, settings.DEFAULT_LANGUAGE, "
                         "settings.Settings.load().languages]))")
    assert json.loads(done.stdout) == [["fr", "en", "de"], "fr", ["fr", "en", "de"]], done.stderr


def test_languages_in_error_do_not_break_imports_but_stop_the_start():
    done = _in_a_process({"LANGUAGES": "de"}, "from assessment import settings, questionnaire\n"
                         "print(settings.LANGUAGES)\nsettings.Settings.load()")
    assert done.stdout == "('fr', 'en')\n"
    assert done.stderr.splitlines()[-1].startswith("assessment.settings.ConfigurationError: LANGUAGES must be")


def test_the_settings_import_only_the_standard_library():
    done = _in_a_process({}, "import sys\nimport assessment.settings\n"
                         "print(sorted(m for m in ('flask', 'sqlalchemy', 'pydantic', 'yaml') if m in sys.modules))")
    assert done.stdout == "[]\n", done.stderr


def test_server_settings(monkeypatch):
    settings = ServerSettings.load({})
    assert (settings.app_env, settings.bind, settings.threads, settings.timeout, settings.max_requests,
            settings.forwarded_allow_ips, settings.access_log) == ("production", "127.0.0.1:8000", 4, 120, 2000,
                                                                    "127.0.0.1", "-")
    assert settings.workers == (os.cpu_count() or 1) + 1
    assert ServerSettings.load({"GUNICORN_WORKERS": "3", "APP_ENV": "development"}).workers == 3
    for variable, value in (("GUNICORN_WORKERS", "many"), ("GUNICORN_THREADS", "0"), ("GUNICORN_TIMEOUT", "-1")):
        with pytest.raises(ConfigurationError, match=f"^{variable} must be a whole number, at least "):
            ServerSettings.load({variable: value})
    with pytest.raises(ConfigurationError, match="^APP_ENV must be"):
        ServerSettings.load({"APP_ENV": "staging"})


def _documented() -> list[str]:
    """The variables named in the first column of docs/deployment.md's configuration table."""
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    section = text.split("## 2. Configure", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])]


def test_every_setting_is_documented_once_and_nothing_else_is():
    documented = _documented()
    assert len(documented) == len(set(documented)), documented
    assert set(documented) == set(Settings.variables()) | set(ServerSettings.variables())


def test_languages_not_given_are_the_modules(monkeypatch):
    from assessment import settings

    monkeypatch.setattr(settings, "LANGUAGES", ("fr", "en", "de"))
    assert load().languages == ("fr", "en", "de")
