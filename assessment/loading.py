"""Reading questionnaire and catalogue files, with errors that name the file, the line and the field.

Validation happens in three steps: YAML syntax (with duplicate keys refused, which PyYAML would
silently accept), the pydantic models, then the cross-checks pydantic cannot express. Every error
is a `Problem` located at the YAML node it concerns.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import resources
from .catalogue import Catalogue
from .questionnaire import (
    ORGANISATION_COUNTRIES,
    SCHEMA_VERSION,
    AllOf,
    AnswerIs,
    AnyOf,
    CountryIs,
    CriticalFired,
    LevelBelow,
    Not,
    Question,
    Questionnaire,
    TriggerAll,
    TriggerAny,
    TriggerNot,
)

PathKey = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (five times faster), else the pure-Python one;
# both give every node its line, which the error messages need.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_BOOL = "tag:yaml.org,2002:bool"
# Pydantic errors that mean "a text was expected here": a YAML 1.1 boolean word is their usual cause.
TEXT_EXPECTED = {"string_type", "invalid_key", "literal_error"}
TEXT_KEYS = {"title", "report_title", "description", "text", "help", "label", "finding", "rationale", "neutrality", "evidence", "name",
             "sovereignty_notes", "caveats", "scope"}


@dataclass(frozen=True)
class Problem:
    """One error in a file: where it is and what is wrong."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidFile(Exception):
    """A questionnaire or catalogue file that cannot be used; `problems` says why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(path: Iterable[str | int]) -> str:
    """('pillars', 1, 'questions', 3) -> 'pillars[1].questions[3]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Document:
    """A parsed YAML document that remembers the line of every node."""

    def __init__(self, text: str, filename: str):
        self.filename = filename
        self.lines: dict[PathKey, int] = {}
        self.problems: list[Problem] = []
        # Unquoted words YAML 1.1 reads as booleans (no, yes, on, off…): values by path, keys by mapping path.
        self.boolean_values: dict[PathKey, str] = {}
        self.boolean_keys: dict[PathKey, list[tuple[str, bool, int]]] = {}
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if node is None:
                self.data: Any = None
                return
            self._index(node, ())
            self.data = loader.construct_document(node)
        finally:
            loader.dispose()

    def _index(self, node: yaml.Node, path: PathKey) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if _boolean_word(key_node):
                    self.boolean_keys.setdefault(path, []).append(
                        (key, key.lower() in ("yes", "true", "on"), key_node.start_mark.line + 1))
                if key in seen:
                    self.problems.append(Problem(self.filename, key_node.start_mark.line + 1,
                                                 format_path(path), f"duplicate key '{key}'"))
                seen.add(key)
                self._index(value_node, path + (key,))
                # An error about a key or its value is reported on the key's line.
                self.lines[path + (key,)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._index(item, path + (index,))
        elif _boolean_word(node):
            self.boolean_values[path] = node.value

    def line_of(self, path: PathKey) -> int | None:
        """The line of the deepest node on `path` that exists."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def problem(self, path: PathKey, message: str) -> Problem:
        """A problem located at `path`."""
        return Problem(self.filename, self.line_of(path), format_path(path), message)

    def boolean_problem(self, path: PathKey, value: bool) -> Problem | None:
        """The problem of a bare boolean word at `path` (a value, or a key of a mapping on it), if there is one."""
        if path in self.boolean_values:
            return self.problem(path, _quote_it(self.boolean_values[path], value))
        # A key: pydantic names it by its value (True reads as 1, False as 0), so look up the mappings on the path.
        for end in range(len(path), -1, -1):
            for word, key_value, line in self.boolean_keys.get(path[:end], ()):
                if key_value is value:
                    return Problem(self.filename, line, format_path(path[:end] + (word,)), _quote_it(word, value))
        return None


def _boolean_word(node: yaml.Node) -> bool:
    """A plain (unquoted) scalar that YAML 1.1 resolved to a boolean."""
    return isinstance(node, yaml.ScalarNode) and node.tag == YAML_BOOL and not node.style


def _quote_it(word: str, value: bool) -> str:
    return (f"YAML reads the bare word {word} as a boolean ({str(value).lower()}), not as text; "
            f'write it in quotes: "{word}"')


def _data_path(data: Any, loc: Sequence[str | int]) -> PathKey:
    """Turn a pydantic error location into a path in the data, dropping union tags."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        following = loc[index + 1] if index + 1 < len(loc) else None
        is_tag = (isinstance(node, dict) and isinstance(following, str)
                  and (following in node or not isinstance(node.get(part), (dict, list))))
        if is_tag:
            continue  # a discriminated union's tag, followed by a field of the same mapping
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):  # noqa: SIM114 (types differ)
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part[:1].islower() and "[" not in part:
            path.append(part)  # a missing or unknown key: name it, stop descending
            node = None
        # anything else is a union member's tag: not part of the data
    return tuple(path)


def _pydantic_problems(doc: _Document, error: ValidationError) -> list[Problem]:
    """Pydantic errors as located problems, one per distinct place."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        path = _data_path(doc.data, err["loc"])
        kind = err["type"]
        boolean = None
        if kind in TEXT_EXPECTED and isinstance(err.get("input"), bool):
            boolean = doc.boolean_problem(path, err["input"])
        if boolean is not None:
            problems.append(boolean)
        elif kind == "extra_forbidden":
            problems.append(Problem(doc.filename, doc.line_of(path), format_path(path[:-1]),
                                    f"unknown key '{path[-1]}'"))
        elif kind == "missing":
            problems.append(Problem(doc.filename, doc.line_of(path[:-1]), format_path(path[:-1]),
                                    f"missing key '{path[-1]}'"))
        else:
            message = err["msg"]
            if kind.startswith("value_error"):
                message = message.removeprefix("Value error, ")
            problems.append(doc.problem(path, message))
    unique = list(dict.fromkeys(problems))
    return unique


def _tab_in_indentation(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """The line and column of a tab in the indentation of the lines the YAML error names, if any.

    libyaml's message ("found character that cannot start any token") does not say the character is a tab.
    """
    lines = text.splitlines()
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is None or mark.line >= len(lines):
            continue
        line = lines[mark.line]
        indentation = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indentation:
            return mark.line + 1, indentation.index("\t") + 1
        if line[mark.column:mark.column + 1] == "\t":
            return mark.line + 1, mark.column + 1
    return None


def _parse(text: str, filename: str) -> _Document:
    try:
        return _Document(text, filename)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {exc.problem}"
        tab = _tab_in_indentation(text, exc)
        if tab is not None:
            line = tab[0]
            message += f" (a tab character at column {tab[1]}: YAML indents with spaces only, never tabs)"
        raise InvalidFile([Problem(filename, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Problem(filename, None, "", f"YAML error: {exc}")]) from None


def _read(path: Path | str) -> tuple[str, str]:
    filename = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidFile([Problem(filename, None, "", f"cannot read file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8"), filename
    except UnicodeDecodeError as exc:
        raise InvalidFile([Problem(filename, None, "", f"not UTF-8 text (byte {exc.start})")]) from None


def _validate_model(doc: _Document, model: type[Model], kind: str) -> Model:
    if doc.problems:
        raise InvalidFile(doc.problems)
    if not isinstance(doc.data, dict):
        raise InvalidFile([doc.problem((), f"a {kind} file must be a YAML mapping")])
    if doc.data.get("schema") != SCHEMA_VERSION:
        found = doc.data.get("schema", "none")
        raise InvalidFile([doc.problem(("schema",), f"unsupported format version {found!r}; "
                                                    f"this version of sovereign-ai reads schema {SCHEMA_VERSION}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InvalidFile(_pydantic_problems(doc, exc)) from None


def _text_problems(doc: _Document, languages: Sequence[str]) -> Iterator[Problem]:
    """Every translated text must give exactly the declared languages."""
    wanted = set(languages)

    def check(value: Any, path: PathKey) -> Iterator[Problem]:
        if isinstance(value, dict):
            for key, child in value.items():
                if key in TEXT_KEYS and isinstance(child, dict):
                    yield from check_text(child, path + (key,))
                elif key == "steps" and isinstance(child, list):
                    for index, step in enumerate(child):
                        if isinstance(step, dict):
                            yield from check_text(step, path + (key, index))
                else:
                    yield from check(child, path + (key,))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                yield from check(child, path + (index,))

    def check_text(text: dict, path: PathKey) -> Iterator[Problem]:
        for language in sorted(wanted - set(text)):
            yield doc.problem(path, f"missing language '{language}'")
        for language in sorted(set(text) - wanted):
            yield doc.problem(path + (language,), f"language '{language}' is not declared in 'languages'")

    yield from check(doc.data, ())


def _condition_problems(doc, condition, path: PathKey, known: dict[str, list[str]], what: str):
    """Check that a condition names known questions (from `known`) and their options."""
    if isinstance(condition, AnswerIs):
        if condition.question not in known:
            yield doc.problem(path + ("question",), f"{what} refers to '{condition.question}', "
                                                    "which is not an earlier question")
            return
        for option in condition.in_:
            if option not in known[condition.question]:
                yield doc.problem(path + ("in",), f"question '{condition.question}' has no option '{option}'")
    elif isinstance(condition, CountryIs):
        for index, code in enumerate(condition.country):
            if code not in ORGANISATION_COUNTRIES:
                yield doc.problem(path + ("country", index), f"unknown country code '{code}' (expected an EU/EEA "
                                                             f"code, {', '.join(ORGANISATION_COUNTRIES)})")
    elif isinstance(condition, Not):
        yield from _condition_problems(doc, condition.not_, path + ("not",), known, what)
    elif isinstance(condition, (AllOf, TriggerAll)):
        for index, child in enumerate(condition.all):
            yield from _condition_problems(doc, child, path + ("all", index), known, what)
    elif isinstance(condition, (AnyOf, TriggerAny)):
        for index, child in enumerate(condition.any):
            yield from _condition_problems(doc, child, path + ("any", index), known, what)


def _trigger_problems(doc, trigger, path: PathKey, known, pillars: set[str], rules: set[str]):
    if isinstance(trigger, LevelBelow):
        if trigger.pillar not in pillars:
            yield doc.problem(path + ("pillar",), f"the questionnaire has no pillar '{trigger.pillar}'")
    elif isinstance(trigger, CriticalFired):
        if trigger.critical not in rules:
            yield doc.problem(path + ("critical",), f"no critical rule '{trigger.critical}'")
    elif isinstance(trigger, (TriggerAll, TriggerAny)):
        key = "all" if isinstance(trigger, TriggerAll) else "any"
        for index, child in enumerate(getattr(trigger, key)):
            yield from _trigger_problems(doc, child, path + (key, index), known, pillars, rules)
    elif isinstance(trigger, TriggerNot):
        yield from _trigger_problems(doc, trigger.not_, path + ("not",), known, pillars, rules)
    else:
        yield from _condition_problems(doc, trigger, path, known, "the trigger")


def _dated_problems(doc: _Document, item, path: PathKey) -> Iterator[Problem]:
    """A fact cannot be due for review before it was verified."""
    if item.review_by is not None and item.review_by < item.verified:
        yield doc.problem(path + ("review_by",), f"review_by {item.review_by} is before verified {item.verified}")


def _questions_at(q: Questionnaire) -> Iterator[tuple[PathKey, Question]]:
    """Every question with its path in the file, in questionnaire order."""
    for p_index, pillar in enumerate(q.pillars):
        for q_index, question in enumerate(pillar.questions):
            yield ("pillars", p_index, "questions", q_index), question


def _fact_problems(doc: _Document, q: Questionnaire) -> Iterator[Problem]:
    """Unique fact ids, sensible dates, and every `facts:` reference naming a declared fact."""
    seen: set[str] = set()
    for index, fact in enumerate(q.facts):
        if fact.id in seen:
            yield doc.problem(("facts", index, "id"), f"duplicate fact id '{fact.id}'")
        seen.add(fact.id)
        yield from _dated_problems(doc, fact, ("facts", index))

    def references(item, path: PathKey) -> Iterator[Problem]:
        for index, fact_id in enumerate(item.facts):
            if fact_id not in seen:
                yield doc.problem(path + ("facts", index), f"no fact '{fact_id}' in the questionnaire's 'facts'")

    for path, question in _questions_at(q):
        yield from references(question, path)
        for o_index, option in enumerate(question.options):
            yield from references(option, path + ("options", o_index))
        for r_index, rule in enumerate(question.critical):
            yield from references(rule, path + ("critical", r_index))
    for index, rec in enumerate(q.recommendations):
        yield from references(rec, ("recommendations", index))


def _id_problems(doc: _Document, q: Questionnaire) -> Iterator[Problem]:
    """Pillar, question, critical rule and recommendation ids are unique; option ids within a question."""
    pillar_ids: set[str] = set()
    for p_index, pillar in enumerate(q.pillars):
        if pillar.id in pillar_ids:
            yield doc.problem(("pillars", p_index, "id"), f"duplicate pillar id '{pillar.id}'")
        pillar_ids.add(pillar.id)
    question_ids: set[str] = set()
    rule_ids: set[str] = set()
    for path, question in _questions_at(q):
        if question.id in question_ids:
            yield doc.problem(path + ("id",), f"duplicate question id '{question.id}'")
        question_ids.add(question.id)
        option_ids = [o.id for o in question.options]
        for o_index, option_id in enumerate(option_ids):
            if option_id in option_ids[:o_index]:
                yield doc.problem(path + ("options", o_index, "id"), f"duplicate option id '{option_id}'")
        for r_index, rule in enumerate(question.critical):
            if rule.id in rule_ids:
                yield doc.problem(path + ("critical", r_index, "id"), f"duplicate critical rule id '{rule.id}'")
            rule_ids.add(rule.id)
    recommendation_ids: set[str] = set()
    for index, rec in enumerate(q.recommendations):
        if rec.id in recommendation_ids:
            yield doc.problem(("recommendations", index, "id"), f"duplicate recommendation id '{rec.id}'")
        recommendation_ids.add(rec.id)


def _score_problems(doc: _Document, q: Questionnaire) -> Iterator[Problem]:
    """Every question spans the same 0-100 range, so all-best answers give 100, all-worst 0; a scale
    rises; at most one option says "unknown" and one "not applicable"."""
    for path, question in _questions_at(q):
        scores = [o.score for o in question.options if o.score is not None]
        if not scores:
            yield doc.problem(path + ("options",), "at least one option must have a score")
        else:
            if question.best_score != 100:
                yield doc.problem(path + ("options",), f"the best answer must score 100 (it scores "
                                                       f"{question.best_score})")
            if min(scores) != 0:
                yield doc.problem(path + ("options",), f"the lowest answer must score 0 (it scores {min(scores)})")
        for kind in ("unknown", "not-applicable"):
            if sum(o.kind == kind for o in question.options) > 1:
                yield doc.problem(path + ("options",), f"more than one option of kind '{kind}'")
        if question.type == "scale" and scores != sorted(scores):
            yield doc.problem(path + ("options",), "a scale's scores must rise from first to last option")


def _conditions_problems(doc: _Document, q: Questionnaire, everything: dict[str, list[str]]) -> Iterator[Problem]:
    """Every condition and trigger names known questions and options; `depends_on` only earlier questions."""
    pillar_ids: set[str] = {p.id for p in q.pillars}
    rule_ids = {rule.id for _, question in q.questions() for rule in question.critical}
    known: dict[str, list[str]] = {}  # questions seen so far -> option ids
    for path, question in _questions_at(q):
        if question.depends_on is not None:
            yield from _condition_problems(doc, question.depends_on, path + ("depends_on",), known, "depends_on")
        for r_index, rule in enumerate(question.critical):
            r_path = path + ("critical", r_index)
            if rule.also is not None:
                yield from _condition_problems(doc, rule.also, r_path + ("also",), everything, "also")
            for c_index, further in enumerate(rule.also_caps):
                if further.when is not None:
                    yield from _condition_problems(doc, further.when, r_path + ("also_caps", c_index, "when"),
                                                   everything, "when")
        for w_index, weighted in enumerate(question.weight_when):
            yield from _condition_problems(doc, weighted.when, path + ("weight_when", w_index, "when"),
                                           everything, "weight_when")
        known[question.id] = [o.id for o in question.options]
    for p_index, pillar in enumerate(q.pillars):
        if pillar.proof is not None:
            yield from _condition_problems(doc, pillar.proof, ("pillars", p_index, "proof"), everything, "proof")
    for index, rec in enumerate(q.recommendations):
        yield from _trigger_problems(doc, rec.when, ("recommendations", index, "when"), everything, pillar_ids,
                                     rule_ids)


def _reference_problems(doc: _Document, q: Questionnaire, tool_ids: set[str] | None) -> Iterator[Problem]:
    """Critical rules name their question's options; pillars and catalogue tools named exist."""
    pillar_ids = {p.id for p in q.pillars}
    for path, question in _questions_at(q):
        option_ids = [o.id for o in question.options]
        for r_index, rule in enumerate(question.critical):
            r_path = path + ("critical", r_index)
            for option in rule.when:
                if option not in option_ids:
                    yield doc.problem(r_path + ("when",), f"question '{question.id}' has no option '{option}'")
            for c_index, further in enumerate(rule.also_caps):
                if further.pillar not in pillar_ids:
                    yield doc.problem(r_path + ("also_caps", c_index, "pillar"),
                                      f"the questionnaire has no pillar '{further.pillar}'")
    for index, rec in enumerate(q.recommendations):
        path = ("recommendations", index)
        for pillar in rec.pillars:
            if pillar not in pillar_ids:
                yield doc.problem(path + ("pillars",), f"the questionnaire has no pillar '{pillar}'")
        for t_index, tool in enumerate(rec.tools):
            if tool_ids is not None and tool not in tool_ids:
                yield doc.problem(path + ("tools", t_index), f"'{tool}' is not in the tool catalogue")


def _questionnaire_problems(doc: _Document, q: Questionnaire, tool_ids: set[str] | None) -> Iterator[Problem]:
    """Cross-checks: languages, facts, unique ids, scores, conditions, references (to the catalogue too)."""
    everything: dict[str, list[str]] = {}  # every question -> option ids (the first of a duplicated id)
    for _, question in q.questions():
        everything.setdefault(question.id, [o.id for o in question.options])
    yield from _text_problems(doc, q.languages)
    yield from _fact_problems(doc, q)
    yield from _id_problems(doc, q)
    yield from _score_problems(doc, q)
    yield from _conditions_problems(doc, q, everything)
    yield from _reference_problems(doc, q, tool_ids)


def overdue_reviews(model: Questionnaire | Catalogue, today: dt.date) -> list[Problem]:
    """Every fact, catalogue entry and qualification whose `review_by` date is before `today`, located
    in the file the model was read from (no line for a model rebuilt from a stored snapshot)."""
    filename, lines = model._source or ("<stored>", {})

    def located(path: PathKey, message: str) -> Problem:
        line = next((lines[path[:end]] for end in range(len(path), -1, -1) if path[:end] in lines), None)
        return Problem(filename, line, format_path(path), message)

    def due(item) -> str:
        return f"was due for review on {item.review_by} (verified {item.verified})"

    found: list[Problem] = []
    if isinstance(model, Questionnaire):
        for index, fact in enumerate(model.facts):
            if fact.review_by is not None and fact.review_by < today:
                found.append(located(("facts", index, "review_by"), f"fact '{fact.id}' {due(fact)}: {fact.statement}"))
        return found
    for t_index, tool in enumerate(model.tools):
        path: PathKey = ("tools", t_index)
        if tool.review_by is not None and tool.review_by < today:
            found.append(located(path + ("review_by",), f"tool '{tool.id}' ({tool.name}, {tool.vendor}) {due(tool)}"))
        for q_index, qualification in enumerate(tool.qualifications):
            if qualification.review_by is not None and qualification.review_by < today:
                found.append(located(path + ("qualifications", q_index, "review_by"),
                                     f"qualification {qualification.scheme} ({qualification.country}, "
                                     f"{qualification.status}) of tool '{tool.id}' {due(qualification)}"))
    return found


def parse_catalogue(text: str, filename: str = "<catalogue>") -> Catalogue:
    """Validate a catalogue given as YAML text."""
    doc = _parse(text, filename)
    catalogue = _validate_model(doc, Catalogue, "catalogue")
    problems = list(_text_problems(doc, catalogue.languages))
    for t_index, tool in enumerate(catalogue.tools):
        tool_path: PathKey = ("tools", t_index)
        problems.extend(_dated_problems(doc, tool, tool_path))
        for q_index, qualification in enumerate(tool.qualifications):
            problems.extend(_dated_problems(doc, qualification, tool_path + ("qualifications", q_index)))
    if problems:
        raise InvalidFile(problems)
    catalogue._source = (filename, doc.lines)
    return catalogue


def parse_questionnaire(text: str, filename: str = "<questionnaire>",
                        catalogue: Catalogue | None = None) -> Questionnaire:
    """Validate a questionnaire given as YAML text; `catalogue` checks the tools it names."""
    doc = _parse(text, filename)
    questionnaire = _validate_model(doc, Questionnaire, "questionnaire")
    tool_ids = {t.id for t in catalogue.tools} if catalogue is not None else None
    problems = list(dict.fromkeys(_questionnaire_problems(doc, questionnaire, tool_ids)))
    if problems:
        raise InvalidFile(problems)
    questionnaire._source = (filename, doc.lines)
    return questionnaire


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Load and validate a catalogue file (the bundled one by default)."""
    text, filename = _read(path or resources.catalogue_file())
    return parse_catalogue(text, filename)


def load_questionnaire(path: Path | str, catalogue: Catalogue | None = None) -> Questionnaire:
    """Load and validate a questionnaire file."""
    text, filename = _read(path)
    return parse_questionnaire(text, filename, catalogue)


@functools.cache
def bundled_catalogue() -> Catalogue:
    """The catalogue shipped with the project, loaded once."""
    return load_catalogue()


@functools.cache
def bundled_questionnaires() -> dict[str, Questionnaire]:
    """The questionnaires shipped with the project by id, loaded and validated once."""
    catalogue = bundled_catalogue()
    found: dict[str, Questionnaire] = {}
    for path in resources.questionnaire_files():
        questionnaire = load_questionnaire(path, catalogue)
        found[questionnaire.id] = questionnaire
    return found


class UnknownQuestionnaire(LookupError):
    """No bundled questionnaire has this id."""

    def __init__(self, questionnaire_id: str):
        self.questionnaire_id = questionnaire_id
        known = ", ".join(sorted(bundled_questionnaires())) or "none"
        super().__init__(f"unknown questionnaire '{questionnaire_id}' (available: {known})")


def bundled_questionnaire(questionnaire_id: str | None = None) -> Questionnaire:
    """A bundled questionnaire by id (the default one when None)."""
    questionnaires = bundled_questionnaires()
    wanted = questionnaire_id or resources.DEFAULT_QUESTIONNAIRE
    try:
        return questionnaires[wanted]
    except KeyError:
        raise UnknownQuestionnaire(wanted) from None
