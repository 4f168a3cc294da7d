"""Static analysis: bandit finds no issue of medium or high severity in the package.

Ruff, mypy and the layers' import contracts are `make lint` (pyproject.toml), which CI runs before
the tests: they are not run again here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_nothing_serious():
    done = subprocess.run([sys.executable, "-m", "bandit", "-r", str(ROOT / "assessment"), "-f", "json", "-q"],
                          capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    serious = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]
               if r["issue_severity"] in ("MEDIUM", "HIGH")]
    assert serious == []
    assert report["metrics"]["_totals"]["loc"] > 1000  # it did read the package
