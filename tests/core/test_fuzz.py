"""Property-based fuzzing: no input makes the loaders raise anything but our own validation errors."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.answers import AnswersError, parse_document
from assessment.loading import InvalidFile, parse_catalogue, parse_questionnaire

MINI = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text()
CATALOGUE = (Path(__file__).parents[1] / "data" / "catalogue.yaml").read_text()
LINES = MINI.splitlines()

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
json_like = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)), max_leaves=30)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def loads_or_refuses(text: str, catalogue=None) -> None:
    """Parsing either succeeds or raises InvalidFile with located problems."""
    try:
        parse_questionnaire(text, "fuzz.yaml", catalogue)
    except InvalidFile as exc:
        assert exc.problems and all(str(p).startswith("fuzz.yaml") for p in exc.problems)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_loaded_or_refused(text):
    loads_or_refuses(text)


@SETTINGS
@given(json_like)
def test_any_yaml_structure_is_loaded_or_refused(data):
    loads_or_refuses(yaml.safe_dump(data))
    loads_or_refuses(yaml.safe_dump({"schema": 1, "id": "x", "version": "1.0", "languages": ["fr"],
                                     "title": {"fr": "t"}, "pillars": data}))


@SETTINGS
@given(st.data())
def test_mutated_questionnaire_is_loaded_or_refused(mini_catalogue, data):
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "duplicate", "replace", "indent"]))
        if action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = "  " + lines[index]
        else:
            line = lines[index]
            if line:
                position = data.draw(st.integers(0, len(line) - 1))
                lines[index] = line[:position] + data.draw(st.text(min_size=1, max_size=3)) + line[position + 1:]
        if not lines:
            break
    loads_or_refuses("\n".join(lines), mini_catalogue)


@SETTINGS
@given(st.text(max_size=300))
def test_any_catalogue_text_is_loaded_or_refused(text):
    try:
        parse_catalogue(CATALOGUE + text, "c.yaml")
    except InvalidFile as exc:
        assert exc.problems


@SETTINGS
@given(json_like)
def test_any_answers_document_is_parsed_or_refused(mini, document):
    for candidate in (document, {"questionnaire": "mini", "answers": document},
                      {"questionnaire": "mini", "organisation": document, "answers": {}}):
        try:
            parse_document(candidate, lambda _id: mini)
        except AnswersError as exc:
            assert exc.problems and all(isinstance(p, str) for p in exc.problems)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["tech-models", "tech-skills", "data-provider", "data-keys",
                                        "data-safeguards", "nope"]),
                       st.one_of(st.sampled_from(["closed-api", "mixed", "unknown", "none", "dpa", "eu", "x"]),
                                 st.lists(st.sampled_from(["dpa", "audit", "none", "unknown", "mixed"]), max_size=4),
                                 json_like), max_size=6))
def test_answers_close_to_valid_are_parsed_or_refused(mini, answers):
    try:
        parse_document({"questionnaire": "mini", "answers": answers}, lambda _id: mini)
    except AnswersError as exc:
        assert exc.problems
