"""The questionnaires this installation offers (bundled and installed), for every view and the API."""

from __future__ import annotations

from flask import current_app

from ..registry import Registry, registry


def offered() -> Registry:
    """The registry of the app's QUESTIONNAIRES_DIR: re-read when the folder changes, so every worker sees an install."""
    return registry(current_app.config["QUESTIONNAIRES_DIR"])
