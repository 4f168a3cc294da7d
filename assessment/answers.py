"""The answers document: what a company answered, checked against its questionnaire.

Format (JSON or YAML)::

    {"questionnaire": "sovereign-ai", "version": "1.1", "language": "fr",
     "organisation": {"name": "...", "sector": "...", "size": "...", "country": "FR"},
     "answers": {"tech-models": "open-weight",
                 "data-safeguards": ["dpa", "no-training"],
                 "tech-skills": {"answer": "team", "comment": "two ML engineers"},
                 "indep-exit-plan": {"answer": "tested", "evidence": "tested",
                                     "evidence_note": "switch-over report of 12 March"}}}

Validation is all-or-nothing: every unknown question or option is named, and nothing is applied.
The shape is checked by the pydantic models below, the rest against the questionnaire.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .questionnaire import EVIDENCE_LEVELS, ORGANISATION_COUNTRIES, UNQUOTED_NORWAY, EvidenceLevel, Language, Questionnaire

MAX_COMMENT = 5000
MAX_ORGANISATION_FIELD = 200
ORGANISATION_FIELDS = ("name", "sector", "size", "country")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # refused in text typed on a form or posted


class AnswersError(ValueError):
    """An answers document that cannot be used; `problems` names each fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


DECLARED = EVIDENCE_LEVELS[0]  # an answer's evidence level when nothing else is said


@dataclass(frozen=True)
class Answer:
    """One answer: the chosen option ids (one for single/scale), an optional comment, and how it is backed:
    its evidence level (declared, documented, audited, tested) and an optional note on that evidence."""

    options: tuple[str, ...]
    comment: str = ""
    evidence: str = DECLARED
    evidence_note: str = ""

    def as_json(self, multiple: bool = True) -> str | list[str] | dict | None:
        """The form a client writes: a list of option ids, or one id (null if none) when not `multiple`.

        With a comment or evidence: {"answer": ..., "comment": ..., "evidence": ..., "evidence_note": ...},
        keys left out when empty (evidence when declared). Stored answers use the list form throughout.
        """
        chosen = list(self.options) if multiple else (self.options[0] if self.options else None)
        extra: dict[str, str] = {}
        if self.comment:
            extra["comment"] = self.comment
        if self.evidence != DECLARED:
            extra["evidence"] = self.evidence
        if self.evidence_note:
            extra["evidence_note"] = self.evidence_note
        return {"answer": chosen, **extra} if extra else chosen


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
        return {qid: answer.as_json(questionnaire.questions_by_id[qid].type == "multiple")
                for qid, answer in self.answers.items()}

    def as_document(self, questionnaire: Questionnaire) -> dict[str, Any]:
        """The answers document as plain JSON data, as `parse_document` reads it back."""
        doc: dict[str, Any] = {"questionnaire": self.questionnaire_id, "version": self.version,
                               "language": self.language}
        if self.organisation:
            doc["organisation"] = dict(self.organisation)
        doc["answers"] = self.answers_json(questionnaire)
        return doc


# The shape of a document, checked by pydantic (step 1); what pydantic cannot know, the questionnaire's
# ids, options and languages, is checked against the questionnaire after it (step 2). The models are
# also the API's JSON Schema (assessment/web/openapi.py). null stands for "absent" wherever a field is
# optional, but a value of the wrong type is refused, never read as absent.
PLAIN = "^[^\\u0000]*$"  # text the database can store: no NUL (lone surrogates are refused as not Unicode)


def omittable(**constraints: Any) -> Any:
    """The default of a key that may be left out but, when given, is never null (so the JSON Schema does
    not offer null): pydantic's `Field(None, ...)`, typed as Any for the type checker."""
    return Field(None, **constraints)


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


OrganisationText = Annotated[str | None, Field(max_length=MAX_ORGANISATION_FIELD, pattern=PLAIN)]
CommentText = Annotated[str | None, Field(max_length=MAX_COMMENT, pattern=PLAIN)]


class Organisation(_Shape):
    """Who answered; each field optional. `country`: an EU/EEA code or 'other' (checked in step 2)."""

    name: OrganisationText = None
    sector: OrganisationText = None
    size: OrganisationText = None
    country: OrganisationText = None


class Commented(_Shape):
    """An answer with a comment or its evidence; `answer` null (or []) when only a comment is given."""

    answer: str | list[str] | None = None
    comment: CommentText = None
    evidence: EvidenceLevel | None = Field(None, description="how the answer is backed; declared when absent")
    evidence_note: CommentText = Field(None, description="what the evidence is: a document, an audit, a test")


# An option id (single, scale), a list of them (multiple), either with a comment, or null (unanswered).
AnswerValue = str | list[str] | Commented | None
ANSWERS = TypeAdapter(dict[str, AnswerValue])


class AnswersDocument(_Shape):
    """The answers document (the questionnaire's own ids and options are checked in step 2)."""

    questionnaire: str = Field(min_length=1, description="the questionnaire id")
    version: str | None = Field(None, description="the questionnaire version the answers are for")
    language: Language = omittable(description="the answers' language; the questionnaire's first if absent")
    organisation: Organisation | None = None
    answers: dict[str, AnswerValue] | None = None


def _keys(keys: list[str]) -> str:
    return ", ".join(map(repr, sorted(keys)))


def _text_problem(where: str, error: ErrorDetails) -> str:
    """Today's message for a text field pydantic refused."""
    value = error["input"]
    if error["type"] == "string_type":
        return f"{where}: expected text, got {type(value).__name__}"
    if error["type"] == "string_pattern_mismatch":
        return f"{where}: contains a NUL character"
    if error["type"] == "string_too_long":
        return f"{where}: longer than {error['ctx']['max_length']} characters ({len(value)})"
    return f"{where}: not valid Unicode (a lone surrogate)"  # string_unicode


def _not_an_option(value: Any) -> str:
    """Why an answer's value is no option id; a YAML boolean gets the fix (quotes), not only the rule."""
    values = value if isinstance(value, list) else [value]
    if any(isinstance(each, bool) for each in values):
        read_true = any(each is True for each in values)
        word = "yes" if read_true else "no"
        return (f"YAML reads a bare yes, no, on, off, true or false as a boolean ({str(read_true).lower()}), "
                f"not as an option id: write the option id in quotes, e.g. \"{word}\"")
    return "an answer is an option id or a list of option ids"


def _answer_problems(errors: list[ErrorDetails], raw: Mapping[str, Any], questionnaire: Questionnaire,
                     problems: list[str]) -> set[Any]:
    """The messages for answers of the wrong shape (errors located under each question id); their ids."""
    refused: dict[Any, list[ErrorDetails]] = {}
    for error in errors:
        refused.setdefault(error["loc"][0], []).append(error)
    for question_id, faults in refused.items():
        if questionnaire.question(str(question_id)) is None:
            continue  # named as unknown in step 2
        if not isinstance(raw[question_id], Mapping):
            problems.append(f"{question_id}: {_not_an_option(raw[question_id])}")
            continue
        # In the branch of an answer with a comment: ("Commented", field, ...)
        commented = [e for e in faults if len(e["loc"]) > 2 and e["loc"][1] == "Commented"]
        unknown = [str(e["loc"][2]) for e in commented if e["type"] == "extra_forbidden"]
        if unknown:
            problems.append(f"{question_id}: unknown key(s) {', '.join(sorted(unknown))}; "
                            "expected 'answer', 'comment', 'evidence' and 'evidence_note'")
            continue
        problems.extend(_text_problem(f"{question_id}.{e['loc'][2]}", e) for e in commented
                        if e["loc"][2] in ("comment", "evidence_note"))
        problems.extend(f"{question_id}.evidence: unknown evidence level {e['input']!r}; expected one of "
                        f"{', '.join(EVIDENCE_LEVELS)}" for e in commented if e["loc"][2] == "evidence")
        if any(e["loc"][2] == "answer" for e in commented):
            problems.append(f"{question_id}: {_not_an_option(raw[question_id].get('answer'))}")
    return set(refused)


def country_problem(country: str) -> str:
    """The message refusing an organisation country that is not an EU/EEA code nor 'other'."""
    return (f"organisation.country: unknown country {country!r}; expected an EU/EEA country code "
            f"({', '.join(ORGANISATION_COUNTRIES[:-1])}) or '{ORGANISATION_COUNTRIES[-1]}'")


def parse_answers(raw: Mapping[str, Any], questionnaire: Questionnaire, *, partial: bool = True) -> dict[str, Answer]:
    """Check a mapping of question id -> answer: its shape, then against the questionnaire; all faults at once."""
    if not isinstance(raw, Mapping):
        raise AnswersError([f"'answers' must be an object mapping question ids to answers, got {type(raw).__name__}"])
    problems: list[str] = []
    try:
        shaped = ANSWERS.validate_python(raw)
        refused: set[Any] = set()
    except ValidationError as exc:
        refused = _answer_problems(exc.errors(), raw, questionnaire, problems)
        shaped = {qid: value for qid, value in raw.items() if qid not in refused}
    parsed: dict[str, Answer] = {}
    for question_id, value in shaped.items():
        question = questionnaire.question(str(question_id))
        if question is None:
            problems.append(f"unknown question '{question_id}'")
            continue
        comment, evidence, note = "", DECLARED, ""
        if isinstance(value, Commented):
            comment = (value.comment or "").strip()
            evidence = value.evidence or DECLARED
            note = (value.evidence_note or "").strip()
            value = value.answer
        if value is None or value == []:
            if comment or note:
                parsed[question_id] = Answer((), comment, evidence, note)
            continue
        chosen = [value] if isinstance(value, str) else list(value)
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
        exclusive = [v for v in chosen if question.options_by_id[v].kind or question.options_by_id[v].exclusive]
        if len(chosen) > 1 and exclusive:
            problems.append(f"{question_id}: option '{exclusive[0]}' cannot be combined with other options")
            continue
        parsed[question_id] = Answer(tuple(chosen), comment, evidence, note)
    for question_id in refused:
        if questionnaire.question(str(question_id)) is None:
            problems.append(f"unknown question '{question_id}'")
    if problems:
        raise AnswersError(problems)
    return parsed


def _organisation(raw: Any, errors: list[ErrorDetails], problems: list[str]) -> dict[str, str]:
    """The organisation's fields given (stripped), and the messages for those refused."""
    if any(len(e["loc"]) == 1 for e in errors):
        problems.append("'organisation' must be an object")
        return {}
    extra = [str(e["loc"][1]) for e in errors if e["type"] == "extra_forbidden"]
    if extra:
        problems.append(f"organisation: unknown key(s) {_keys(extra)}; expected {', '.join(ORGANISATION_FIELDS)}")
    refused = {e["loc"][1]: e for e in errors if e["type"] != "extra_forbidden"}
    organisation: dict[str, str] = {}
    for key in ORGANISATION_FIELDS:
        if key in refused:
            if key == "country" and raw[key] is False:
                problems.append(f"organisation.country: {UNQUOTED_NORWAY}")
            else:
                problems.append(_text_problem(f"organisation.{key}", refused[key]))
        elif raw and (raw.get(key) or "").strip():
            organisation[key] = raw[key].strip()
    country = organisation.get("country")
    if country is not None and country not in ORGANISATION_COUNTRIES:
        problems.append(country_problem(country))
        del organisation["country"]
    return organisation


def parse_document(data: Any, questionnaire_lookup) -> tuple[AnswerSheet, Questionnaire]:
    """Validate a whole answers document; `questionnaire_lookup(id)` returns the questionnaire.

    Step 1, the shape: `AnswersDocument`. Step 2, against the questionnaire: its version, languages,
    question ids and options, and the organisation's country. Every fault of both steps is named at once.
    """
    if not isinstance(data, Mapping):
        raise AnswersError(["an answers document must be an object"])
    try:
        AnswersDocument.model_validate(data)
        errors: list[ErrorDetails] = []
    except ValidationError as exc:
        errors = exc.errors()
    at: dict[str, list[ErrorDetails]] = {}
    for error in errors:
        at.setdefault(str(error["loc"][0]), []).append(error)
    problems: list[str] = []
    unknown = [key for key, faults in at.items() if len(faults[0]["loc"]) == 1 and faults[0]["type"] == "extra_forbidden"]
    if unknown:
        allowed = sorted(AnswersDocument.model_fields)
        problems.append(f"unknown key(s) {_keys(unknown)}; expected {', '.join(allowed)}")
    if "questionnaire" in at:
        raise AnswersError(problems + ["'questionnaire' (the questionnaire id) is required"])
    questionnaire_id = data["questionnaire"]
    questionnaire = questionnaire_lookup(questionnaire_id)
    version = data.get("version")
    if "version" in at:
        problems.append(f"'version' must be text, such as \"{questionnaire.version}\" (quoted in YAML)")
    elif version is not None and version != questionnaire.version:
        problems.append(f"these answers are for version {version} of '{questionnaire_id}'; "
                        f"this installation has version {questionnaire.version}")
    language = data.get("language", questionnaire.languages[0])
    if "language" in at or language not in questionnaire.languages:
        problems.append(f"language {language!r} is not one of {', '.join(questionnaire.languages)}")
    organisation = _organisation(data.get("organisation"), at.get("organisation", []), problems)
    answers_raw = data.get("answers")
    try:
        if "answers" in at and any(len(e["loc"]) == 1 for e in at["answers"]):
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
