"""`pip install .` (not editable) ships the top-level questionnaires/ and templates/ in the wheel."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_and_validates(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "assessment/_bundle/questionnaires/catalogue.yaml" in names
    assert "assessment/_bundle/templates/base.html" in names
    assert any(n.startswith("assessment/storage/migrations/versions/") for n in names)
    assert "assessment/static/css/site.css" in names
    for lang in ("fr", "en"):  # the compiled interface catalogues
        assert f"assessment/translations/{lang}/LC_MESSAGES/messages.mo" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"), str(wheel)],
                   check=True, capture_output=True)
    # Run from a folder outside the source tree, so only the installed copy can be found.
    done = subprocess.run([str(env_dir / "bin" / "sovereign-ai"), "validate"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "_bundle/questionnaires/catalogue.yaml" in done.stdout
    assert "OK" in done.stdout
    listed = subprocess.run([str(env_dir / "bin" / "sovereign-ai"), "catalogue", "--lang", "fr"], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    assert "[vérifié " in listed.stdout  # French from the installed catalogue, not the English message id
