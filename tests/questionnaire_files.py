"""Questionnaires to install in tests: small ones made from the test questionnaire, with ids of their own."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


def small(questionnaire_id: str = "hr-small", version: str = "1.0", *, title: str = "RH et IA",
          title_en: str = "HR and AI", languages: tuple[str, ...] = ("fr", "en")) -> dict:
    """The test questionnaire (tests/data/mini.yaml) under another id, version and title, naming no tool
    (an installed questionnaire is checked against the bundled catalogue)."""
    data = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
    data.update(id=questionnaire_id, version=version, title={"fr": title, "en": title_en})
    for recommendation in data.get("recommendations", []):
        recommendation.pop("tools", None)
    if languages != ("fr", "en"):
        data = _only(data, languages)
        data["languages"] = list(languages)
    return data


def _only(node, languages):
    if isinstance(node, dict):
        if set(node) == {"fr", "en"} and all(isinstance(v, str) for v in node.values()):
            return {code: node[code] for code in languages}
        return {key: _only(value, languages) for key, value in node.items()}
    if isinstance(node, list):
        return [_only(item, languages) for item in node]
    return node


def small_yaml(*args, **kwargs) -> str:
    """`small(...)` as the text of a YAML file."""
    return yaml.safe_dump(small(*args, **kwargs), allow_unicode=True, sort_keys=False)


def write_small(path: Path, *args, **kwargs) -> Path:
    """`small(...)` written to `path`."""
    path.write_text(small_yaml(*args, **kwargs), encoding="utf-8")
    return path
