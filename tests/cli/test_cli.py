"""The `sovereign-ai` command keeps its contract; user errors never show a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assessment import resources
from assessment.loading import bundled_questionnaire

DATA = Path(__file__).parents[1] / "data"
OWN = ("--questionnaire-file", str(DATA / "mini.yaml"), "--catalogue-file", str(DATA / "catalogue.yaml"))


def write_answers(tmp_path: Path, answers: dict, name: str = "answers.json", **extra) -> Path:
    """An answers document for the test questionnaire."""
    path = tmp_path / name
    doc = {"questionnaire": "mini", "version": "1.0", "language": "fr",
           "organisation": {"name": "ACME"}, "answers": answers, **extra}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_validate_bundled_files(cli):
    code, out, err = cli("validate")
    assert code == 0, err
    assert f"OK {resources.catalogue_file()}" in out
    for path in resources.questionnaire_files():
        assert f"OK {path}" in out


def test_validate_reports_located_errors_and_fails(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (DATA / "mini.yaml").read_text().replace("type: scale", "type: slider")
    bad.write_text(text)
    code, out, err = cli("validate", str(bad), "--catalogue-file", str(DATA / "catalogue.yaml"))
    line = text.splitlines().index("        type: slider") + 1
    assert code == 1
    assert f"{bad}:{line}: pillars[0].questions[1].type: Input should be" in err
    assert "Traceback" not in err


def test_validate_missing_file(cli, tmp_path):
    code, _, err = cli("validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and "cannot read file" in err and "Traceback" not in err


def test_schema_is_json_schema(cli):
    code, out, _ = cli("schema")
    schema = json.loads(out)
    assert code == 0 and schema["properties"]["pillars"]["type"] == "array"


def test_show_json_contract(cli):
    code, out, _ = cli("show", "--json")
    assert code == 0
    shown = json.loads(out)
    default = bundled_questionnaire()
    assert {"id", "version", "languages", "pillars"} <= set(shown)
    assert shown["id"] == default.id and shown["version"] == default.version
    pillar = shown["pillars"][0]
    assert {"id", "title", "weight", "questions"} <= set(pillar)
    question = pillar["questions"][0]
    assert {"id", "type", "text", "help", "sources", "options"} <= set(question)
    assert set(question["text"]) == {"fr", "en"}
    assert {"id", "label", "score"} <= set(question["options"][0])


def test_show_own_file_and_unknown_id(cli):
    code, out, _ = cli("show", "--json", *OWN)
    assert code == 0 and json.loads(out)["id"] == "mini"
    code, _, err = cli("show", "--questionnaire", "nope")
    assert code == 1 and "unknown questionnaire 'nope'" in err


def only_language(value, language: str):
    """The questionnaire data with every translated text reduced to one language."""
    if isinstance(value, dict):
        if value and set(value) <= {"fr", "en"}:
            return {language: value[language]}
        return {key: only_language(child, language) for key, child in value.items()}
    if isinstance(value, list):
        return [only_language(child, language) for child in value]
    return value


@pytest.fixture
def english_only(tmp_path) -> tuple[str, ...]:
    """Options naming a valid copy of the test questionnaire written in English only."""
    data = only_language(yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8")), "en")
    data["languages"] = ["en"]
    path = tmp_path / "english.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return ("--questionnaire-file", str(path), "--catalogue-file", str(DATA / "catalogue.yaml"))


def test_a_language_the_questionnaire_lacks_is_named_not_a_crash(cli, tmp_path, english_only):
    answers = write_answers(tmp_path, {"tech-models": "closed-api"}, language="en")
    expected = "this questionnaire is in en only; use --lang en"
    for command in (("show",), ("score", str(answers)), ("report", str(answers), "-o", str(tmp_path / "r.pdf"))):
        code, out, err = cli(*command, "--lang", "fr", *english_only)
        assert (code, out) == (1, ""), command
        assert expected in err and "Traceback" not in err and "KeyError" not in err, err
    assert not (tmp_path / "r.pdf").exists()
    code, out, err = cli("show", *english_only)  # no --lang: the questionnaire's own language, not French
    assert code == 0 and "Mini assessment" in out, err
    code, out, _ = cli("score", str(answers), *english_only)
    assert code == 0 and "Overall" in out


def test_an_answers_language_the_questionnaire_lacks_is_named(cli, tmp_path, english_only):
    answers = write_answers(tmp_path, {"tech-models": "closed-api"})  # "language": "fr"
    for command in (("score", str(answers)), ("report", str(answers), "-o", str(tmp_path / "r.pdf"))):
        code, out, err = cli(*command, *english_only)
        assert (code, out) == (1, "") and "language 'fr' is not one of en" in err, err


def test_a_report_language_the_catalogue_lacks_is_named(cli, tmp_path):
    catalogue = only_language(yaml.safe_load((DATA / "catalogue.yaml").read_text(encoding="utf-8")), "en")
    catalogue["languages"] = ["en"]
    path = tmp_path / "catalogue-en.yaml"
    path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    answers = write_answers(tmp_path, {"tech-models": "closed-api"})
    code, out, err = cli("report", str(answers), "-o", str(tmp_path / "r.pdf"), "--questionnaire-file",
                         str(DATA / "mini.yaml"), "--catalogue-file", str(path))
    assert (code, out) == (1, "") and "this catalogue is in en only; use --lang en" in err, err


def test_the_language_message_names_every_declared_language():
    from assessment.cli import UserError, _language

    with pytest.raises(UserError, match="^this questionnaire is in de and en; use --lang de or --lang en$"):
        _language(("de", "en"), "fr")
    with pytest.raises(UserError, match="^this catalogue is in de, en and it; use --lang de or --lang en or --lang it$"):
        _language(("de", "en", "it"), "fr", "catalogue")
    assert _language(("de", "en"), None) == "de" and _language(("en", "fr"), None) == "fr"


def test_score_json_contract(cli, tmp_path):
    answers = write_answers(tmp_path, {"tech-models": "closed-api", "tech-skills": {"answer": "team", "comment": "2 ML"},
                                       "data-provider": "non-eu", "data-keys": "unknown",
                                       "data-safeguards": ["dpa", "audit"]})
    code, out, err = cli("score", str(answers), "--json", *OWN)
    assert code == 0, err
    result = json.loads(out)
    assert result["questionnaire"] == {"id": "mini", "version": "1.0"}
    assert set(result) >= {"questionnaire", "overall", "pillars", "critical", "recommendations"}
    assert set(result["overall"]) >= {"score", "level"}
    assert set(result["pillars"]) == {"technology", "data"}
    assert set(result["pillars"]["data"]) >= {"score", "level", "confidence", "unknown", "unanswered"}
    assert result["pillars"]["data"]["unknown"] == ["data-keys"]
    assert [c["id"] for c in result["critical"]] == ["closed-only", "foreign-provider-keys"]
    assert [r["id"] for r in result["recommendations"]] == ["rec-keys", "rec-open-models"]
    assert set(result["recommendations"][0]) == {"id", "title", "priority", "horizon", "effort", "pillars", "tools"}


def test_score_text_in_both_languages(cli, tmp_path):
    answers = write_answers(tmp_path, {"tech-models": "closed-api"}, name="a.yaml")
    code, out, _ = cli("score", str(answers), *OWN)
    assert code == 0 and "Global" in out and "Constats critiques" in out and "ACME" in out
    code, out, _ = cli("score", str(answers), "--lang", "en", *OWN)
    assert code == 0 and "Overall" in out and "Critical findings" in out


def test_score_refuses_unknown_questions_and_options_by_name(cli, tmp_path):
    answers = write_answers(tmp_path, {"tech-models": "gpt", "nope": "x"})
    code, out, err = cli("score", str(answers), *OWN)
    assert code == 1 and out == ""
    assert "unknown question 'nope'" in err
    assert "tech-models: unknown option(s) 'gpt'" in err
    assert "Traceback" not in err


def test_score_malformed_file(cli, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"questionnaire": ')
    code, _, err = cli("score", str(path))
    assert code == 1 and "invalid JSON" in err and f"{path}:1" in err


def test_score_wrong_version_is_named(cli, tmp_path):
    answers = write_answers(tmp_path, {}, version="0.9")
    code, _, err = cli("score", str(answers), *OWN)
    assert code == 1 and "version 0.9" in err


def test_catalogue_json(cli):
    code, out, _ = cli("catalogue", "--json")
    entries = json.loads(out)
    assert code == 0 and entries
    assert {"id", "name", "vendor", "country", "category", "deployment", "license", "certifications",
            "sovereignty_notes", "url", "sources", "verified"} <= set(entries[0])


def test_usage_error_exits_2(cli):
    code, _, _ = cli("score")
    assert code == 2


@pytest.mark.slow
def test_python_dash_m_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "assessment", "validate"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout


def test_readme_answers_example_scores_against_the_bundled_questionnaire(cli, tmp_path):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("An answers document:\n\n```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")
    code, out, err = cli("score", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["questionnaire"] == {"id": "sovereign-ai", "version": bundled_questionnaire().version}
