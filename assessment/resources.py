"""Where the bundled data lives: beside the package in a source tree, inside it once installed.

`questionnaires/` and `templates/` sit at the top of the repository so consultants find them; the
wheel copies them into `assessment/_bundle/` (see pyproject.toml), and this module finds either.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONNAIRE = "sovereign-ai"
CATALOGUE_NAME = "catalogue.yaml"


def _bundled(name: str) -> Path:
    """The installed copy of a top-level folder, else the source tree's."""
    installed = PACKAGE_DIR / "_bundle" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def questionnaires_dir() -> Path:
    """The folder of bundled questionnaires and the catalogue."""
    return _bundled("questionnaires")


def templates_dir() -> Path:
    """The folder of Jinja templates (web pages and the PDF report)."""
    return _bundled("templates")


def static_dir() -> Path:
    """Static files served by the web app and used by the report: CSS, fonts, scripts."""
    return PACKAGE_DIR / "static"


def catalogue_file() -> Path:
    """The bundled tool catalogue."""
    return questionnaires_dir() / CATALOGUE_NAME


def questionnaire_files() -> list[Path]:
    """Every bundled questionnaire file (the catalogue and examples are not questionnaires)."""
    return sorted(p for p in questionnaires_dir().glob("*.yaml") if p.name != CATALOGUE_NAME)


def examples_dir() -> Path:
    """Example answers documents (the calibration personas)."""
    return questionnaires_dir() / "examples"
