"""First start: a database never migrated, a configuration error under gunicorn, concurrent first writes.

SQLite (the embedded default) migrates itself on first use; PostgreSQL (production) must be
upgraded with `sovereign-ai db upgrade`, and until then everything refuses in one line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text

from assessment.storage.database import alembic_config, display_url, head_revision, normalise_url, upgrade

from servers import ROOT, Gunicorn, free_port

FIRST_WRITERS = 16


def _revision(url: str) -> str | None:
    """The database's alembic revision, None without an alembic_version table."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        return None
    finally:
        engine.dispose()


def _postgres_only(url: str) -> None:
    if url.startswith("sqlite"):
        pytest.skip("PostgreSQL only: run with TEST_DATABASE_URL")


def _behind(url: str, current: str) -> str:
    """The one line that refuses a PostgreSQL database that is behind."""
    return (f"the database at {display_url(url)} is at revision {current}, the code needs {head_revision()}: "
            "run 'sovereign-ai db upgrade'")


def test_the_cli_migrates_a_new_sqlite_database_on_first_use(cli, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert cli("consultant", "add", "first@example.org") == (0, "consultant first@example.org added\n", "")
    assert _revision(url) == head_revision()
    code, out, _ = cli("consultant", "list")
    assert code == 0 and out.startswith("first@example.org\t0 workshop(s)")


def test_the_app_on_a_new_sqlite_database_answers_its_first_posts(tmp_path, monkeypatch):
    from assessment import create_app

    from pages import csrf_token

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}", "SECRET_KEY": "test-secret"})
    try:
        client = app.test_client()
        assert client.post("/api/v1/assessments", json={"questionnaire": "sovereign-ai"}).status_code == 201
        home = client.get("/").get_data(as_text=True)
        assert client.post("/start", data={"csrf_token": csrf_token(home)}).status_code == 303
    finally:
        app.extensions["database"].engine.dispose()


# Each process loads everything first, says so, then waits for the go file: the migrations themselves race.
STARTER = """
import sys, time
from pathlib import Path
from assessment.cli import main
print("ready", flush=True)
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(main(["consultant", "list"]))
"""


def test_processes_starting_together_on_a_new_sqlite_database_migrate_it_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    go = tmp_path / "go"
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance")}
    processes = [subprocess.Popen([sys.executable, "-c", STARTER, str(go)], env=env, cwd=ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    try:
        assert [process.stdout.readline() for process in processes] == ["ready\n"] * 4
        go.touch()
        results = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert [(process.returncode, err) for process, (_, err) in zip(processes, results, strict=True)] == [(0, "")] * 4
    assert _revision(url) == head_revision()


def test_postgresql_not_migrated_is_refused_in_one_line_until_upgraded(database_url, cli, tmp_path, monkeypatch,
                                                                        capsys):
    from assessment import create_app

    _postgres_only(database_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    assert cli("consultant", "list") == (1, "", f"error: {_behind(database_url, 'empty (no tables)')}\n")
    with pytest.raises(SystemExit) as stopped:
        create_app({"SECRET_KEY": "test-secret"})
    assert stopped.value.code == 4  # gunicorn's "App failed to load": its master stops
    assert capsys.readouterr().err == _behind(database_url, "empty (no tables)") + "\n"

    first = ScriptDirectory.from_config(alembic_config(database_url)).get_bases()[0]
    if first != head_revision():
        upgrade(database_url, first)
        assert cli("consultant", "list") == (1, "", f"error: {_behind(database_url, first)}\n")

    code, out, err = cli("db", "upgrade")
    assert (code, err) == (0, "") and out.startswith("database at revision head")
    assert cli("consultant", "list") == (0, "", "")


def test_a_database_migrated_by_a_newer_version_is_refused_not_touched(database_url, cli, tmp_path, monkeypatch):
    upgrade(database_url)
    engine = create_engine(normalise_url(database_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from-the-future'"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    expected = (f"error: the database at {display_url(database_url)} is at revision from-the-future, which this "
                f"code does not know (it needs {head_revision()}): it was migrated by another version of sovereign-ai\n")
    assert cli("consultant", "list") == (1, "", expected)
    assert cli("db", "upgrade") == (1, "", expected)
    assert _revision(database_url) == "from-the-future"


def test_an_unreachable_database_is_named_without_its_password(cli, tmp_path, monkeypatch):
    url = f"postgresql://someone:s3cret-word@127.0.0.1:{free_port()}/nothing"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    for command in (("consultant", "list"), ("db", "upgrade")):
        code, out, err = cli(*command)
        assert (code, out) == (1, "")
        assert err.startswith("error: cannot use the database at postgresql://someone:***@127.0.0.1:")
        assert "s3cret-word" not in err and err.count("\n") == 1


@pytest.mark.parametrize("url", ["not a url", "mysql://u:secret-pw@h/d", "postgresql+nosuchdriver://u:secret-pw@h/d"])
def test_an_unusable_database_url_is_refused_in_one_line(cli, tmp_path, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    code, out, err = cli("db", "upgrade")
    assert (code, out) == (1, "")
    assert err.startswith("error: DATABASE_URL ") and err.count("\n") == 1 and "secret-pw" not in err


@pytest.mark.slow
@pytest.mark.parametrize("variable, value, message", [
    ("SECRET_KEY", "short", "configuration error: SECRET_KEY must be set to a random value"),
    ("DATABASE_URL", "not a url", "configuration error: DATABASE_URL is not a database URL"),
    ("RATELIMIT_STORAGE_URI", "redis://:pw-secret@127.0.0.1:{port}/0",
     "configuration error: RATELIMIT_STORAGE_URI redis://:***@127.0.0.1:{port}/0 cannot be reached"),
    ("RATELIMIT_STORAGE_URI", "nosuchstore://x", "configuration error: RATELIMIT_STORAGE_URI nosuchstore://x: "),
    ("SESSION_COOKIE_SECURE", "maybe", "configuration error: SESSION_COOKIE_SECURE must be true or false"),
    ("GUNICORN_WORKERS", "many", "configuration error: GUNICORN_WORKERS must be a whole number"),
])
def test_gunicorn_stops_on_a_configuration_error_before_forking(tmp_path, variable, value, message):
    port = free_port()
    server = Gunicorn(f"sqlite:///{tmp_path / 'g.sqlite3'}", tmp_path, **{variable: value.format(port=port)})
    code, output = server.exit_status()
    assert code != 0
    lines = [line for line in output.splitlines() if line.startswith("configuration error:")]
    assert len(lines) == 1 and lines[0].startswith(message.format(port=port)), output
    assert "Booting worker" not in output and "Traceback" not in output and "pw-secret" not in output


@pytest.mark.slow
def test_gunicorn_refuses_a_postgresql_database_that_is_behind(database_url, tmp_path):
    _postgres_only(database_url)
    code, output = Gunicorn(database_url, tmp_path).exit_status()
    assert code != 0
    assert _behind(database_url, "empty (no tables)") in output.splitlines(), output
    assert "Booting worker" not in output and "Traceback" not in output


def _create(base: str) -> int:
    """POST a new assessment; the HTTP status."""
    request = urllib.request.Request(base + "/api/v1/assessments", data=json.dumps({"questionnaire": "sovereign-ai"})
                                     .encode(), headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_concurrent_first_writes_under_gunicorn_all_succeed(database_url, tmp_path):
    upgrade(database_url)  # freshly migrated: no questionnaire snapshot yet
    statuses: list[int] = []
    with Gunicorn(database_url, tmp_path, GUNICORN_WORKERS="2", GUNICORN_THREADS="8") as server:
        start = threading.Barrier(FIRST_WRITERS)

        def writer() -> None:
            start.wait()
            statuses.append(_create(server.base))

        threads = [threading.Thread(target=writer) for _ in range(FIRST_WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [201] * FIRST_WRITERS


def test_a_snapshot_stored_by_another_request_meanwhile_is_kept_not_a_500(app, database_url):
    """Another connection stores the same snapshot just before this request's insert: 201, one snapshot."""
    engine = app.extensions["database"].engine
    other = create_engine(normalise_url(database_url))
    done: list[bool] = []

    def interleave(_conn, _cursor, statement, parameters, *_args) -> None:
        if done or not statement.lstrip().upper().startswith("INSERT INTO QUESTIONNAIRE_SNAPSHOT"):
            return
        done.append(True)
        connection = other.raw_connection()  # the same insert, committed first by another connection
        try:
            connection.cursor().execute(statement, parameters)
            connection.commit()
        finally:
            connection.close()

    event.listen(engine, "before_cursor_execute", interleave)
    try:
        response = app.test_client().post("/api/v1/assessments", json={"questionnaire": "sovereign-ai"})
    finally:
        event.remove(engine, "before_cursor_execute", interleave)
    assert done, "the concurrent insert did not happen"
    assert response.status_code == 201, response.get_data(as_text=True)
    with other.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM questionnaire_snapshot")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1
    other.dispose()


def test_a_worker_forked_after_the_masters_check_starts_while_redis_is_unreachable(tmp_path):
    """A worker recycled while Redis is down must not exit 4 (that stops gunicorn's master)."""
    port = free_port()  # nothing listens there: Redis "down"
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "k" * 40, "INSTANCE_PATH": str(tmp_path / "i"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
           "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0"}
    script = ("import sys; from assessment.web import checked_by_master, create_app\n"
              "if sys.argv[1] == 'worker': checked_by_master()\n"
              "create_app(); print('started')")
    as_worker = subprocess.run([sys.executable, "-c", script, "worker"], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=60)
    as_master = subprocess.run([sys.executable, "-c", script, "master"], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=60)
    assert (as_worker.returncode, as_worker.stdout) == (0, "started\n"), as_worker.stderr
    assert as_master.returncode == 4 and "cannot be reached" in as_master.stderr
