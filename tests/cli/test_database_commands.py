"""The CLI's database commands open the database from the settings, without the web app (or Flask)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from servers import ROOT

# Flask made unimportable, then every database command, then what got imported.
WITHOUT_FLASK = """
import io, json, sys
sys.modules["flask"] = None  # `import flask` now raises ImportError
from assessment.cli import main

commands = json.loads(sys.argv[1])
codes = []
for command in commands:
    sys.stdin = io.StringIO("a long password\\n")
    codes.append(main(command))
print(json.dumps({"codes": codes, "web": "assessment.web" in sys.modules,
                  "flask": sys.modules.get("flask") is not None}))
"""


def _run(commands: list[list[str]], env: dict[str, str]) -> tuple[dict, str, str]:
    """Run `commands` in one fresh interpreter without Flask: (its report, stdout before it, stderr)."""
    done = subprocess.run([sys.executable, "-c", WITHOUT_FLASK, json.dumps(commands)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert lines, done.stderr
    return json.loads(lines[-1]), "\n".join(lines[:-1]), done.stderr


def test_database_commands_run_without_the_web_app(app, database_url, tmp_path):
    created = app.test_client().post("/api/v1/assessments", json={"questionnaire": "sovereign-ai"}).get_json()
    env = {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "cli-instance")}
    report, out, err = _run([["db", "upgrade"],
                             ["consultant", "add", "c@example.org"],
                             ["consultant", "list"],
                             ["export", created["id"]],
                             ["purge", "--older-than", "30"],
                             ["erase", created["id"]],
                             ["consultant", "remove", "c@example.org"]], env)
    assert report == {"codes": [0] * 7, "web": False, "flask": False}, err
    assert err == ""
    assert "consultant c@example.org added" in out and f'"id": "{created["id"]}"' in out
    assert f"assessment {created['id']} erased" in out


def test_a_new_sqlite_database_is_migrated_by_the_cli_without_the_web_app(tmp_path):
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("DATABASE_URL", None)
    report, out, err = _run([["consultant", "list"]], env)
    assert report == {"codes": [0], "web": False, "flask": False}, err
    assert (tmp_path / "instance" / "assessment.sqlite3").exists()  # the default: SQLite in the instance folder


def test_a_configuration_error_is_one_line_from_the_cli(tmp_path):
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "APP_ENV": "production", "SECRET_KEY": "short",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}"}
    report, _, err = _run([["db", "upgrade"], ["purge", "--older-than", "1"]], env)
    assert report["codes"] == [1, 1]
    assert err.splitlines() == ["error: SECRET_KEY must be set to a random value of at least 32 characters in "
                                "production (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"] * 2
