"""Settings shared by the two doors, the web app and the CLI, read from the environment in one place.

Each setting has one environment variable, and the same name is its key in the Flask `app.config`
and in the mapping `create_app(test_config)` takes. `Settings.load()` takes the defaults, then the
environment, then that mapping, as Flask's tutorial does; an empty variable counts as unset. A
value it cannot use raises `ConfigurationError` with one line naming the variable: gunicorn's
master prints it and exits 4, the CLI prints it and exits 1. The table of variables in
docs/deployment.md is checked against `Settings` and `ServerSettings` by a test.

The interface languages are declared here once; everything else that lists languages (pydantic
types, argparse choices, OpenAPI enums, the language switch) derives from `LANGUAGES`. Because
types are built from it, it is the one setting read when the module is imported.

This module imports only the standard library: the core imports it for the languages. The checks
that need a library of the web or storage layer (a database URL's driver, a rate-limit storage, a
rate-limit string) are made where that library is used, and raise the same `ConfigurationError`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration; the one-line message says what to set."""


# The bundled questionnaires and catalogue are written in these: every installation offers them.
BUNDLED_LANGUAGES: tuple[str, ...] = ("fr", "en")
PRODUCTION, DEVELOPMENT = "production", "development"
WEAK_KEYS = {"dev", "secret", "change-me", "changeme", "development", "test", "please-change-me"}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def parse_languages(text: str) -> tuple[str, ...]:
    """LANGUAGES as `fr,en,de`: language codes, fr and en among them, the default first."""
    codes = tuple(code.strip() for code in text.split(","))
    if (any(not re.fullmatch(r"[a-z]{2,3}", code) for code in codes) or len(set(codes)) != len(codes)
            or not set(BUNDLED_LANGUAGES) <= set(codes)):
        raise ConfigurationError(f"LANGUAGES must be language codes separated by commas, fr and en among them, the "
                                 f"default first (e.g. fr,en,de), not {text!r}")
    return codes


def _languages_at_import() -> tuple[str, ...]:
    """The LANGUAGES of this process's environment; a value in error is reported by `Settings.load()`."""
    try:
        return parse_languages(os.environ.get("LANGUAGES") or ",".join(BUNDLED_LANGUAGES))
    except ConfigurationError:
        return BUNDLED_LANGUAGES


LANGUAGES: tuple[str, ...] = _languages_at_import()
DEFAULT_LANGUAGE = LANGUAGES[0]


def default_instance_path() -> Path:
    """Where Flask puts the instance folder of the `assessment` package when INSTANCE_PATH is not set.

    Beside the package in a source checkout; `PREFIX/var/assessment-instance` once installed (the
    rule of Flask's `auto_find_instance_path`, so the CLI finds the same folder without Flask).
    """
    package_path = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    prefix = os.path.abspath(sys.prefix)
    if PurePath(package_path).is_relative_to(prefix):
        return Path(prefix, "var", "assessment-instance")
    site_parent, site_folder = os.path.split(package_path)
    if site_folder.lower() != "site-packages":
        return Path(package_path, "instance")
    parent, folder = os.path.split(site_parent)
    if folder.lower() == "lib":
        prefix = parent
    elif os.path.basename(parent).lower() == "lib":
        prefix = os.path.dirname(parent)
    else:
        prefix = site_parent
    return Path(prefix, "var", "assessment-instance")


def _setting(variable: str, **options: Any) -> Any:
    """A dataclass field read from the environment variable `variable` (also its app.config key)."""
    return dataclasses.field(metadata={"variable": variable}, **options)


class _Reader:
    """Raw values by variable name: the mapping first, then the environment; empty means unset."""

    def __init__(self, environ: Mapping[str, str], overrides: Mapping[str, Any]):
        self.environ, self.overrides = environ, overrides

    def raw(self, name: str) -> Any:
        """The value given for `name`, or None."""
        value = self.overrides[name] if name in self.overrides else self.environ.get(name)
        return None if value is None or value == "" else value

    def text(self, name: str, default: str) -> str:
        """A string setting."""
        value = self.raw(name)
        return default if value is None else str(value)

    def path(self, name: str, default: Path) -> Path:
        """A folder; a relative path is taken from the current directory."""
        value = self.raw(name)
        return default if value is None else Path(os.path.abspath(os.path.expanduser(str(value))))

    def boolean(self, name: str, default: bool) -> bool:
        """true/false, yes/no, on/off or 1/0, in any case."""
        value = self.raw(name)
        if value is None or isinstance(value, bool):
            return default if value is None else value
        text = str(value).strip().lower()
        if text not in TRUE | FALSE:
            raise ConfigurationError(f"{name} must be true or false, not {value!r}")
        return text in TRUE

    def integer(self, name: str, default: int, minimum: int) -> int:
        """A whole number, at least `minimum`."""
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
        if number is None or number < minimum:
            raise ConfigurationError(f"{name} must be a whole number, at least {minimum}, not {value!r}")
        return number

    def app_env(self, default: str) -> str:
        """APP_ENV, checked here and nowhere else."""
        value = self.text("APP_ENV", default)
        if value not in (PRODUCTION, DEVELOPMENT):
            raise ConfigurationError(f"APP_ENV must be {PRODUCTION} or {DEVELOPMENT}, not {value!r}")
        return value


def _task_queue_url(url: str) -> str:
    """TASK_QUEUE_URL: Redis, a SQLite file, or empty (a SQLite file in the instance folder)."""
    if url and not url.startswith(("redis://", "rediss://", "unix://", "sqlite:///")):
        raise ConfigurationError(f"TASK_QUEUE_URL must start with redis://, rediss:// or sqlite:///, "
                                 f"not {url.split(':')[0]!r}")
    return url


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the web app and the CLI read from the environment; `Settings.load()` builds it."""

    app_env: str = _setting("APP_ENV")
    instance_path: Path = _setting("INSTANCE_PATH")
    database_url: str = _setting("DATABASE_URL", repr=False)
    secret_key: str = _setting("SECRET_KEY", repr=False)
    session_cookie_secure: bool = _setting("SESSION_COOKIE_SECURE")
    ratelimit_storage_uri: str = _setting("RATELIMIT_STORAGE_URI", repr=False)
    login_rate_limit: str = _setting("LOGIN_RATE_LIMIT")
    join_rate_limit: str = _setting("JOIN_RATE_LIMIT")
    task_queue_url: str = _setting("TASK_QUEUE_URL", repr=False)
    languages: tuple[str, ...] = _setting("LANGUAGES")
    questionnaires_dir: Path = _setting("QUESTIONNAIRES_DIR")
    site_name: str = _setting("SITE_NAME")  # '' = the product's name in the page's language (i18n.site_name)

    @property
    def production(self) -> bool:
        """APP_ENV=production."""
        return self.app_env == PRODUCTION

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        """The environment variables, which are also the app.config keys."""
        return tuple(field.metadata["variable"] for field in dataclasses.fields(cls))

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
        """The defaults, then `environ` (default: the process environment), then `overrides`; checked."""
        read = _Reader(os.environ if environ is None else environ, overrides or {})
        app_env = read.app_env(DEVELOPMENT)
        production = app_env == PRODUCTION
        instance = read.path("INSTANCE_PATH", default_instance_path())
        secret_key = read.text("SECRET_KEY", "")
        if production and (len(secret_key) < 32 or secret_key.lower() in WEAK_KEYS):
            raise ConfigurationError("SECRET_KEY must be set to a random value of at least 32 characters in production "
                                     "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))')")
        # The module's LANGUAGES unless given; given, it must be what the process started with.
        languages = LANGUAGES if read.raw("LANGUAGES") is None else parse_languages(read.text("LANGUAGES", ""))
        if languages != LANGUAGES:
            raise ConfigurationError(f"LANGUAGES is {','.join(languages)} here but this process started with "
                                     f"{','.join(LANGUAGES)}: set it in the environment before starting")
        return cls(
            app_env=app_env,
            instance_path=instance,
            database_url=read.text("DATABASE_URL", f"sqlite:///{instance / 'assessment.sqlite3'}"),
            secret_key=secret_key,
            # Behind TLS in production; SESSION_COOKIE_SECURE=false only for a plain-HTTP test deployment.
            session_cookie_secure=read.boolean("SESSION_COOKIE_SECURE", production),
            ratelimit_storage_uri=read.text("RATELIMIT_STORAGE_URI", "memory://"),
            login_rate_limit=read.text("LOGIN_RATE_LIMIT", "5 per minute; 50 per hour"),
            # A whole workshop often joins from one office address: generous per IP, still far too slow
            # to enumerate 8.5e11 codes.
            join_rate_limit=read.text("JOIN_RATE_LIMIT", "300 per minute; 3000 per hour"),
            task_queue_url=_task_queue_url(read.text("TASK_QUEUE_URL", "")),
            languages=languages,
            questionnaires_dir=read.path("QUESTIONNAIRES_DIR", instance / "questionnaires"),
            site_name=read.text("SITE_NAME", "").strip(),
        )

    def as_config(self) -> dict[str, Any]:
        """The settings as app.config entries, keyed by their variable names."""
        return {field.metadata["variable"]: getattr(self, field.name) for field in dataclasses.fields(self)}


@dataclasses.dataclass(frozen=True)
class ServerSettings:
    """What gunicorn.conf.py reads from the environment (the command line still overrides it)."""

    app_env: str = _setting("APP_ENV")
    bind: str = _setting("GUNICORN_BIND")
    workers: int = _setting("GUNICORN_WORKERS")
    threads: int = _setting("GUNICORN_THREADS")
    timeout: int = _setting("GUNICORN_TIMEOUT")
    max_requests: int = _setting("GUNICORN_MAX_REQUESTS")
    forwarded_allow_ips: str = _setting("FORWARDED_ALLOW_IPS")
    access_log: str = _setting("GUNICORN_ACCESS_LOG")

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        """The environment variables gunicorn.conf.py reads."""
        return tuple(field.metadata["variable"] for field in dataclasses.fields(cls))

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        """The defaults, then `environ` (default: the process environment); checked."""
        read = _Reader(os.environ if environ is None else environ, {})
        return cls(
            app_env=read.app_env(PRODUCTION),
            bind=read.text("GUNICORN_BIND", "127.0.0.1:8000"),
            workers=read.integer("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1, minimum=1),
            threads=read.integer("GUNICORN_THREADS", 4, minimum=1),
            timeout=read.integer("GUNICORN_TIMEOUT", 120, minimum=0),  # room for a PDF report on a busy machine
            max_requests=read.integer("GUNICORN_MAX_REQUESTS", 2000, minimum=0),  # bounds memory growth per worker
            forwarded_allow_ips=read.text("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            access_log=read.text("GUNICORN_ACCESS_LOG", "-"),
        )
