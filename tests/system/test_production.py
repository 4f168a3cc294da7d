"""Production: the SECRET_KEY check, stateless instances on one database and one Redis, gunicorn."""

from __future__ import annotations

import json
import os
import urllib.request
import uuid

import pytest

from assessment import create_app

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STRONG_KEY = "k" * 20 + uuid.uuid4().hex


@pytest.fixture
def production(monkeypatch, tmp_path):
    """Production mode with its own instance folder."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")


@pytest.mark.parametrize("key", [None, "", "change-me", "short-key"])
def test_production_refuses_a_missing_or_weak_secret_key(production, monkeypatch, capsys, key):
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 4  # gunicorn's "App failed to load": its master stops instead of respawning
    message = capsys.readouterr().err
    assert message.startswith("configuration error: SECRET_KEY must be set") and message.count("\n") == 1


def test_production_with_a_real_key_has_secure_cookies(production, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    app = create_app()
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["database"].engine.dispose()


def test_two_instances_share_one_database(database_url, tmp_path, monkeypatch):
    from assessment.storage.database import upgrade

    upgrade(database_url)
    apps = []
    for n in (1, 2):
        monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / f"instance{n}"))
        apps.append(create_app({"DATABASE_URL": database_url, "SECRET_KEY": STRONG_KEY}))
    first, second = (app.test_client() for app in apps)
    created = first.post("/api/v1/assessments", json={"questionnaire": "sovereign-ai"}).get_json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    patched = second.patch(f"/api/v1/assessments/{created['id']}/answers", headers=headers,
                           json={"answers": {"tech-models": "open-weight"}})
    assert patched.status_code == 200
    read = first.get(f"/api/v1/assessments/{created['id']}", headers=headers).get_json()
    assert read["answers"] == {"tech-models": "open-weight"}
    assert second.get(f"/a/{created['token']}/results").status_code == 200
    for app in apps:
        app.extensions["database"].engine.dispose()


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def test_rate_limits_are_shared_through_redis(tmp_path, monkeypatch, database_url):
    if not _redis_available():
        if IN_CI:
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    from assessment.storage.database import upgrade

    upgrade(database_url)
    prefix = uuid.uuid4().hex  # a fresh counter for this test
    apps = []
    for n in (1, 2):
        monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / f"instance{n}"))
        apps.append(create_app({"DATABASE_URL": database_url, "SECRET_KEY": STRONG_KEY, "WTF_CSRF_ENABLED": False,
                                "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix,
                                "LOGIN_RATE_LIMIT": "3 per minute"}))
    first, second = (app.test_client() for app in apps)
    form = {"email": "x@example.org", "password": "wrong password"}
    assert [first.post("/login", data=form).status_code for _ in range(3)] == [401, 401, 401]
    assert second.post("/login", data=form).status_code == 429  # the other instance knows
    for app in apps:
        app.extensions["database"].engine.dispose()


@pytest.mark.slow
def test_gunicorn_serves_the_app_and_logs_no_secret(tmp_path):
    from assessment.storage.database import upgrade
    from servers import Gunicorn

    database = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    upgrade(database)
    log = tmp_path / "gunicorn.log"
    with Gunicorn(database, tmp_path, log=log) as server:
        with urllib.request.urlopen(server.base + "/") as response:
            assert response.status == 200 and b"Autodiagnostic" in response.read()
        request = urllib.request.Request(server.base + "/api/v1/assessments", data=b'{"questionnaire": "sovereign-ai"}',
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request) as response:
            token = json.loads(response.read())["token"]
        with urllib.request.urlopen(f"{server.base}/a/{token}/results") as response:
            assert response.status == 200
    text = log.read_text()
    assert "/a/[redacted]/results" in text
    assert token not in text
