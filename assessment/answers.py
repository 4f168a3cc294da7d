"""The answers document: what a company answered, checked against its questionnaire.

Format (JSON or YAML)::

    {"questionnaire": "sovereign-ai", "version": "1.1", "language": "fr",
     "organisation": {"name": "...", "sector": "...", "size": "...", "country": "FR"},
     "answers": {"tech-models": "open-weight",
                 "data-safeguards": ["dpa", "no-training"],
                 "tech-skills": {"answer": "team", "comment": "two ML engineers"}}}

Validation is all-or-nothing: every unknown question or option is named, and nothing is applied.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import settings
from .questionnaire import ORGANISATION_COUNTRIES, UNQUOTED_NORWAY, Questionnaire

MAX_COMMENT = 5000
MAX_ORGANISATION_FIELD = 200
ORGANISATION_FIELDS = ("name", "sector", "size", "country")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # refused in text typed on a form or posted


class AnswersError(ValueError):
    """An answers document that cannot be used; `problems` names each fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Answer:
    """One answer: the chosen option ids (one for single/scale) and an optional comment."""

    options: tuple[str, ...]
    comment: str = ""

    def as_json(self, multiple: bool = True) -> str | list[str] | dict | None:
        """The form a client writes: a list of option ids, or one id (null if none) when not `multiple`.

        With a comment: {"answer": ..., "comment": ...}. Stored answers use the list form throughout.
        """
        chosen = list(self.options) if multiple else (self.options[0] if self.options else None)
        return {"answer": chosen, "comment": self.comment} if self.comment else chosen


@dataclass(frozen=True)
class AnswerSheet:
    """A validated answers document."""

    questionnaire_id: str
    version: str
    language: str = "fr"
    organisation: Mapping[str, str] = field(default_factory=dict)
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def country(self) -> str | None:
        """The organisation's country (an EU/EEA code or 'other'), None when not given."""
        return self.organisation.get("country") or None

    def selected(self, question_id: str) -> tuple[str, ...]:
        """The options chosen for a question (empty when unanswered)."""
        answer = self.answers.get(question_id)
        return answer.options if answer else ()

    def with_answers(self, changes: Mapping[str, Answer | None]) -> AnswerSheet:
        """A copy with some answers replaced (None removes one)."""
        merged = dict(self.answers)
        for question_id, answer in changes.items():
            if answer is None:
                merged.pop(question_id, None)
            else:
                merged[question_id] = answer
        return AnswerSheet(self.questionnaire_id, self.version, self.language, dict(self.organisation), merged)

    def answers_json(self, questionnaire: Questionnaire) -> dict[str, Any]:
        """The answers as a client writes them: an option id (single, scale) or a list of them (multiple)."""
        return {qid: answer.as_json(questionnaire.question(qid).type == "multiple")
                for qid, answer in self.answers.items()}

    def as_document(self, questionnaire: Questionnaire) -> dict[str, Any]:
        """The answers document as plain JSON data, as `parse_document` reads it back."""
        doc: dict[str, Any] = {"questionnaire": self.questionnaire_id, "version": self.version,
                               "language": self.language}
        if self.organisation:
            doc["organisation"] = dict(self.organisation)
        doc["answers"] = self.answers_json(questionnaire)
        return doc


def _text(value: Any, where: str, limit: int, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: expected text, got {type(value).__name__}")
        return ""
    if "\x00" in value:
        problems.append(f"{where}: contains a NUL character")
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(f"{where}: not valid Unicode (a lone surrogate)")
        return ""
    if len(value) > limit:
        problems.append(f"{where}: longer than {limit} characters ({len(value)})")
        return ""
    return value.strip()


def country_problem(country: str) -> str:
    """The message refusing an organisation country that is not an EU/EEA code nor 'other'."""
    return (f"organisation.country: unknown country {country!r}; expected an EU/EEA country code "
            f"({', '.join(ORGANISATION_COUNTRIES[:-1])}) or '{ORGANISATION_COUNTRIES[-1]}'")


def parse_answers(raw: Mapping[str, Any], questionnaire: Questionnaire, *, partial: bool = True) -> dict[str, Answer]:
    """Check a mapping of question id -> answer against the questionnaire; all faults at once."""
    problems: list[str] = []
    parsed: dict[str, Answer] = {}
    if not isinstance(raw, Mapping):
        raise AnswersError([f"'answers' must be an object mapping question ids to answers, got {type(raw).__name__}"])
    for question_id, value in raw.items():
        question = questionnaire.question(str(question_id))
        if question is None:
            problems.append(f"unknown question '{question_id}'")
            continue
        comment = ""
        if isinstance(value, Mapping):
            unknown = set(value) - {"answer", "comment"}
            if unknown:
                problems.append(f"{question_id}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                                "expected 'answer' and 'comment'")
                continue
            comment = _text(value.get("comment"), f"{question_id}.comment", MAX_COMMENT, problems)
            value = value.get("answer")
        if value is None or value == []:
            if comment:
                parsed[question_id] = Answer((), comment)
            continue
        if isinstance(value, str):
            chosen = [value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            chosen = list(value)
        else:
            problems.append(f"{question_id}: an answer is an option id or a list of option ids")
            continue
        unknown_options = [v for v in chosen if question.option(v) is None]
        if unknown_options:
            valid = ", ".join(o.id for o in question.options)
            problems.append(f"{question_id}: unknown option(s) {', '.join(map(repr, unknown_options))} "
                            f"(valid: {valid})")
            continue
        if len(set(chosen)) != len(chosen):
            problems.append(f"{question_id}: an option is given twice")
            continue
        if question.type != "multiple" and len(chosen) > 1:
            problems.append(f"{question_id}: a {question.type} question takes one option, got {len(chosen)}")
            continue
        exclusive = [v for v in chosen if question.option(v).kind or question.option(v).exclusive]
        if len(chosen) > 1 and exclusive:
            problems.append(f"{question_id}: option '{exclusive[0]}' cannot be combined with other options")
            continue
        parsed[question_id] = Answer(tuple(chosen), comment)
    if problems:
        raise AnswersError(problems)
    return parsed


def parse_document(data: Any, questionnaire_lookup) -> tuple[AnswerSheet, Questionnaire]:
    """Validate a whole answers document; `questionnaire_lookup(id)` returns the questionnaire."""
    if not isinstance(data, Mapping):
        raise AnswersError(["an answers document must be an object"])
    problems: list[str] = []
    allowed = {"questionnaire", "version", "language", "organisation", "answers"}
    unknown = sorted(map(str, set(data) - allowed))
    if unknown:
        problems.append(f"unknown key(s) {', '.join(map(repr, unknown))}; expected {', '.join(sorted(allowed))}")
    questionnaire_id = data.get("questionnaire")
    if not isinstance(questionnaire_id, str) or not questionnaire_id:
        raise AnswersError(problems + ["'questionnaire' (the questionnaire id) is required"])
    questionnaire = questionnaire_lookup(questionnaire_id)
    version = data.get("version")
    if version is not None and not isinstance(version, str):
        problems.append(f"'version' must be text, such as \"{questionnaire.version}\" (quoted in YAML)")
    elif version is not None and version != questionnaire.version:
        problems.append(f"these answers are for version {version} of '{questionnaire_id}'; "
                        f"this installation has version {questionnaire.version}")
    language = data.get("language", questionnaire.languages[0])
    if language not in settings.LANGUAGES or language not in questionnaire.languages:
        problems.append(f"language {language!r} is not one of {', '.join(questionnaire.languages)}")
    # null means absent; any other value must have the right type (an empty list is not an object).
    organisation_raw = data.get("organisation")
    organisation_raw = {} if organisation_raw is None else organisation_raw
    organisation: dict[str, str] = {}
    if not isinstance(organisation_raw, Mapping):
        problems.append("'organisation' must be an object")
    else:
        extra = sorted(map(str, set(organisation_raw) - set(ORGANISATION_FIELDS)))
        if extra:
            problems.append(f"organisation: unknown key(s) {', '.join(map(repr, extra))}; "
                            f"expected {', '.join(ORGANISATION_FIELDS)}")
        if organisation_raw.get("country") is False:
            problems.append(f"organisation.country: {UNQUOTED_NORWAY}")
            organisation_raw = {k: v for k, v in organisation_raw.items() if k != "country"}
        for key in ORGANISATION_FIELDS:
            text = _text(organisation_raw.get(key), f"organisation.{key}", MAX_ORGANISATION_FIELD, problems)
            if text:
                organisation[key] = text
        country = organisation.get("country")
        if country is not None and country not in ORGANISATION_COUNTRIES:
            problems.append(country_problem(country))
            del organisation["country"]
    answers_raw = data.get("answers")
    try:
        if answers_raw is not None and not isinstance(answers_raw, Mapping):
            raise AnswersError(["'answers' must be an object mapping question ids to answers"])
        answers = parse_answers({} if answers_raw is None else answers_raw, questionnaire)
    except AnswersError as exc:
        problems.extend(exc.problems)
        answers = {}
    if problems:
        raise AnswersError(problems)
    sheet = AnswerSheet(questionnaire.id, questionnaire.version, language, organisation, answers)
    return sheet, questionnaire


def read_document(path: Path | str) -> Any:
    """Read an answers file as JSON (.json) or YAML (anything else); errors become AnswersError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnswersError([f"{path}: cannot read file: {exc.strerror}"]) from None
    except UnicodeDecodeError:
        raise AnswersError([f"{path}: not UTF-8 text"]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise AnswersError([f"{path}:{exc.lineno}: invalid JSON: {exc.msg}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise AnswersError([f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}"]) from None
