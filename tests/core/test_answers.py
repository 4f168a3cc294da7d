"""The answers document: all-or-nothing validation that names every fault."""

from __future__ import annotations

import pytest

from assessment.answers import Answer, AnswersError, parse_document


def parse(mini, document):
    """Parse a document against the test questionnaire."""
    return parse_document(document, lambda _id: mini)


def test_short_and_long_forms(mini):
    sheet, _ = parse(mini, {"questionnaire": "mini", "answers": {
        "tech-models": "mixed", "data-safeguards": ["dpa", "audit"],
        "tech-skills": {"answer": "team", "comment": "  two engineers  "}}})
    assert sheet.answers["tech-models"] == Answer(("mixed",))
    assert sheet.answers["data-safeguards"] == Answer(("dpa", "audit"))
    assert sheet.answers["tech-skills"] == Answer(("team",), "two engineers")
    assert sheet.language == "fr"


def test_round_trip(mini):
    # One option id for a single or scale question, a list for a multiple one, {answer, comment} with a comment.
    document = {"questionnaire": "mini", "version": "1.0", "language": "en", "organisation": {"name": "ACME"},
                "answers": {"tech-models": "mixed", "tech-skills": {"answer": "team", "comment": "x"},
                            "data-provider": {"answer": None, "comment": "ask"},
                            "data-safeguards": {"answer": [], "comment": "ask"}}}
    sheet, _ = parse(mini, document)
    assert sheet.as_document(mini) == document
    document["answers"]["data-safeguards"] = ["dpa", "audit"]
    assert parse(mini, document)[0].as_document(mini) == document


def test_other_spellings_give_the_one_canonical_document(mini):
    sheet, _ = parse(mini, {"questionnaire": "mini", "answers": {
        "tech-models": ["mixed"], "tech-skills": {"answer": ["team"], "comment": " "}, "data-safeguards": "dpa"}})
    assert sheet.as_document(mini)["answers"] == {"tech-models": "mixed", "tech-skills": "team",
                                                  "data-safeguards": ["dpa"]}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": "x"}, "unknown question 'nope'"),
        ({"tech-models": "gpt"}, "tech-models: unknown option(s) 'gpt' (valid: closed-api, mixed, open-weight, unknown)"),
        ({"tech-models": ["mixed", "open-weight"]}, "tech-models: a single question takes one option, got 2"),
        ({"data-safeguards": ["dpa", "unknown"]}, "data-safeguards: option 'unknown' cannot be combined"),
        ({"data-safeguards": ["dpa", "none"]}, "data-safeguards: option 'none' cannot be combined"),
        ({"data-safeguards": ["dpa", "dpa"]}, "data-safeguards: an option is given twice"),
        ({"tech-models": 3}, "tech-models: an answer is an option id or a list of option ids"),
        ({"tech-models": {"answer": "mixed", "note": "x"}}, "tech-models: unknown key(s) note"),
        ({"tech-models": {"answer": "mixed", "comment": "x" * 5001}}, "tech-models.comment: longer than 5000"),
        ({"tech-models": {"answer": "mixed", "comment": "a\x00b"}}, "tech-models.comment: contains a NUL character"),
    ],
)
def test_each_fault_is_named(mini, answers, message):
    with pytest.raises(AnswersError) as caught:
        parse(mini, {"questionnaire": "mini", "answers": answers})
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


def test_all_faults_are_reported_at_once(mini):
    with pytest.raises(AnswersError) as caught:
        parse(mini, {"questionnaire": "mini", "language": "de", "colour": "red",
                     "answers": {"nope": "x", "tech-models": "gpt"}})
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize("document", [[], "x", {"answers": {}}, {"questionnaire": ""}])
def test_malformed_documents(mini, document):
    with pytest.raises(AnswersError):
        parse(mini, document)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("answers", [], "'answers' must be an object"),
    ("answers", False, "'answers' must be an object"),
    ("organisation", 0, "'organisation' must be an object"),
    ("version", 1.1, "'version' must be text"),  # YAML reads an unquoted 1.10 as 1.1
])
def test_fields_of_the_wrong_type_are_named_not_read_as_absent(mini, field, value, message):
    with pytest.raises(AnswersError) as caught:
        parse(mini, {"questionnaire": "mini", field: value})
    assert any(problem.startswith(message) for problem in caught.value.problems)


def test_null_fields_are_absent(mini):
    sheet, _ = parse(mini, {"questionnaire": "mini", "version": None, "organisation": None, "answers": None})
    assert sheet.answers == {} and sheet.organisation == {}


@pytest.mark.parametrize("text, word, read", [("tech-models: no", "no", "false"),
                                              ("tech-models: {answer: yes}", "yes", "true"),
                                              ("data-safeguards: [dpa, off]", "no", "false")])
def test_a_bare_yaml_boolean_is_named_with_its_fix(mini, tmp_path, text, word, read):
    """YAML 1.1 reads yes/no/on/off unquoted as booleans: an option id that is such a word must be quoted."""
    from assessment.answers import read_document

    path = tmp_path / "answers.yaml"
    path.write_text(f"questionnaire: mini\nanswers:\n  {text}\n", encoding="utf-8")
    with pytest.raises(AnswersError) as refused:
        parse(mini, read_document(path))
    message = " ".join(refused.value.problems)
    assert f"as a boolean ({read})" in message and f'write the option id in quotes, e.g. "{word}"' in message
