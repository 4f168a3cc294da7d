"""The questionnaire format: valid files load; each kind of error names file, line and path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment import resources
from assessment.loading import InvalidFile, parse_catalogue, parse_questionnaire
from assessment.questionnaire import json_schema

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text()


def problems_of(text: str, catalogue) -> list[str]:
    """The error lines for a questionnaire text (fails if it is valid)."""
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(text, "x.yaml", catalogue)
    return [str(p) for p in caught.value.problems]


def line_of(fragment: str, text: str = MINI, nth: int = 1) -> int:
    """The 1-based line of the nth occurrence of a fragment."""
    index = -1
    for _ in range(nth):
        index = text.index(fragment, index + 1)
    return text[:index].count("\n") + 1


def test_mini_questionnaire_is_valid(mini):
    assert mini.id == "mini"
    assert [p.id for p in mini.pillars] == ["technology", "data"]
    assert mini.question("data-keys").depends_on is not None


def test_unknown_key_is_located_like_the_contract(mini_catalogue):
    text = MINI.replace("{id: mixed, label: {fr: \"Les deux\", en: \"Both\"}, score: 50}",
                        "{id: mixed, label: {fr: \"Les deux\", en: \"Both\"}, scroe: 50}")
    lines = problems_of(text, mini_catalogue)
    line = line_of("scroe: 50", text)
    assert f"x.yaml:{line}: pillars[0].questions[0].options[1]: unknown key 'scroe'" in lines


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("type: scale", "type: slider",
         "pillars[0].questions[1].type: Input should be 'single', 'multiple' or 'scale'"),
        ("weight: 2\n", "weight: -1\n", "pillars[0].questions[1].weight: Input should be greater than 0"),
        ("{id: dpa, label: {fr: \"DPA\", en: \"DPA\"}, score: 40}",
         "{id: dpa, label: {fr: \"DPA\"}, score: 40}",
         "pillars[1].questions[2].options[0].label: missing language 'en'"),
        ("{id: none, label: {fr: \"Non\", en: \"No\"}, score: 100}",
         "{id: none, label: {fr: \"Non\", en: \"No\", de: \"Nein\"}, score: 100}",
         "pillars[1].questions[0].options[2].label.de: language 'de' is not declared in 'languages'"),
        ("depends_on: {question: data-provider, in: [non-eu, eu]}",
         "depends_on: {question: data-safeguards, in: [dpa]}",
         "pillars[1].questions[1].depends_on.question: depends_on refers to 'data-safeguards', "
         "which is not an earlier question"),
        ("depends_on: {question: data-provider, in: [non-eu, eu]}",
         "depends_on: {question: data-provider, in: [non-eu, mars]}",
         "pillars[1].questions[1].depends_on.in: question 'data-provider' has no option 'mars'"),
        ("tools: [tool-b]", "tools: [tool-z]", "recommendations[1].tools[0]: 'tool-z' is not in the tool catalogue"),
        ("id: tech-skills", "id: tech-models", "pillars[0].questions[1].id: duplicate question id 'tech-models'"),
        ("{id: some, label", "{id: none, label", "pillars[0].questions[1].options[1].id: duplicate option id 'none'"),
        ("when: [closed-api]", "when: [closed]", "pillars[0].questions[0].critical[0].when: question 'tech-models' "
                                                 "has no option 'closed'"),
        ("{id: some, label: {fr: \"Quelques-unes\", en: \"Some\"}, score: 50}",
         "{id: some, label: {fr: \"Quelques-unes\", en: \"Some\"}, score: 150}",
         "pillars[0].questions[1].options[1].score: Input should be less than or equal to 100"),
        ("score: null, kind: not-applicable", "score: null",
         "pillars[0].questions[1].options[4]: an option with score null needs kind: unknown or not-applicable"),
        ("{critical: foreign-provider-keys}", "{critical: no-such-rule}",
         "recommendations[1].when.critical: no critical rule 'no-such-rule'"),
        ("{pillar: technology, level_below: 2}", "{pillar: technology, level_below: 9}",
         "recommendations[0].when.any[1].level_below: Input should be less than or equal to 4"),
        ("{pillar: technology, level_below: 2}", "{pilar: technology, level_below: 2}",
         "recommendations[0].when.any[1]: a condition needs one of the keys question, pillar, critical, all, any"),
    ],
)
def test_errors_name_line_and_path(mini_catalogue, old, new, expected):
    assert old in MINI
    text = MINI.replace(old, new, 1)
    lines = problems_of(text, mini_catalogue)
    line = next(n for n, (a, b) in enumerate(zip(MINI.splitlines(), text.splitlines()), 1) if a != b)
    assert f"x.yaml:{line}: {expected}" in lines, lines


def test_scale_scores_must_rise(mini_catalogue):
    text = MINI.replace("{id: none, label: {fr: \"Aucune\", en: \"None\"}, score: 0}",
                        "{id: none, label: {fr: \"Aucune\", en: \"None\"}, score: 80}")
    assert any("a scale's scores must rise" in p for p in problems_of(text, mini_catalogue))


def test_question_scores_must_span_0_to_100(mini_catalogue):
    text = MINI.replace("{id: open-weight, label: {fr: \"Poids ouverts\", en: \"Open weights\"}, score: 100}",
                        "{id: open-weight, label: {fr: \"Poids ouverts\", en: \"Open weights\"}, score: 90}")
    assert any("pillars[0].questions[0].options: the best answer must score 100" in p
               for p in problems_of(text, mini_catalogue))


def test_other_schema_versions_are_refused(mini_catalogue):
    lines = problems_of(MINI.replace("schema: 1", "schema: 2"), mini_catalogue)
    assert lines == ["x.yaml:1: schema: unsupported format version 2; this version of sovereign-ai reads schema 1"]


def test_duplicate_yaml_keys_are_refused(mini_catalogue):
    text = MINI.replace('version: "1.0"', 'version: "1.0"\nversion: "2.0"')
    assert problems_of(text, mini_catalogue) == ["x.yaml:4: duplicate key 'version'"]


def test_yaml_syntax_error_has_a_line(mini_catalogue):
    text = MINI.replace("languages: [fr, en]", "languages: [fr, en")
    (line,) = problems_of(text, mini_catalogue)
    assert line.startswith("x.yaml:") and "YAML syntax error" in line


def test_not_a_mapping(mini_catalogue):
    assert problems_of("- a\n- b\n", mini_catalogue) == ["x.yaml:1: a questionnaire file must be a YAML mapping"]


def test_catalogue_errors_are_located():
    text = (Path(__file__).parent / "data" / "catalogue.yaml").read_text().replace("country: DE", "country: Germany")
    with pytest.raises(InvalidFile) as caught:
        parse_catalogue(text, "c.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"c.yaml:{line_of('country: Germany', text)}: tools[1].country: String should match")


def test_json_schema_describes_the_format():
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"schema", "id", "version", "languages", "pillars"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    json.dumps(schema)  # serialisable as is


def test_bundled_files_are_found():
    assert resources.catalogue_file().is_file()
    assert resources.questionnaire_files(), "no bundled questionnaire"
    assert all(p.name != "catalogue.yaml" for p in resources.questionnaire_files())
