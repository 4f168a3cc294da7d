"""The CLI with a questionnaire of its own words (#16 §1): validate, show, score, report, XLSX round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

from documents import text_of
from pypdf import PdfReader

CUSTOM = Path(__file__).parents[1] / "data" / "custom" / "hr-ai-act.yaml"
OWN = ("--questionnaire-file", str(CUSTOM))
ANSWERS = {"questionnaire": "hr-ai-act", "version": "1.0", "language": "en",
           "organisation": {"name": "Example Staffing Co", "country": "FR"},
           "answers": {"inv-register": "complete", "inv-classification": "classified", "inv-emotion": "none-checked",
                       "gov-literacy": "plan", "gov-oversight": "automated", "wk-representatives": "none"}}


def test_validate_and_show_use_its_ids(cli):
    code, out, err = cli("validate", str(CUSTOM))
    assert code == 0, err
    assert out == f"OK {CUSTOM} (hr-ai-act 1.0: 3 pillars, 14 questions, 6 recommendations)\n"
    code, out, _ = cli("show", *OWN, "--lang", "en")
    assert "Inventory and classification (inventory, weight 1)" in out
    shown = json.loads(cli("show", *OWN, "--json")[1])
    assert [p["id"] for p in shown["pillars"]] == ["inventory", "governance", "workers"]
    assert shown["report_title"]["fr"] == "Rapport de préparation à l'AI Act : usages RH de l'IA"
    assert [level["name"]["en"] for level in shown["levels"]] == [
        "Unmapped uses", "Obligations identified", "Compliance under way", "Compliance organised",
        "Demonstrable compliance"]


def test_score_speaks_its_ids_and_level_names(cli, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    code, out, err = cli("score", str(answers), *OWN, "--json")
    assert code == 0, err
    scores = json.loads(out)
    assert list(scores["pillars"]) == ["inventory", "governance", "workers"]
    assert {f["id"] for f in scores["critical"]} == {"automated-hr-decisions", "workers-not-informed"}
    code, out, err = cli("score", str(answers), *OWN)
    assert code == 0, err
    assert "Inventory and classification:  67.8/100, level 3 (Compliance organised)" in out
    assert "Deployer governance:  10.0/100, level 0 (Unmapped uses)" in out
    assert "[governance, max level 1] HR decisions are taken by an AI system with no human review." in out
    assert not re.search(r"souverain|sovereign", out, re.IGNORECASE)


def test_report_writes_its_own_title(cli, tmp_path, monkeypatch):
    answers, output = tmp_path / "answers.json", tmp_path / "hr.pdf"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    monkeypatch.setenv("SITE_NAME", "Cabinet Martin")
    code, out, err = cli("report", str(answers), *OWN, "-o", str(output))
    assert code == 0, err
    text = text_of(output.read_bytes())
    assert "AI Act readiness report: HR uses of AI" in text and "Compliance organised" in text
    assert not re.search(r"souverain|sovereign|four pillars", text, re.IGNORECASE)
    assert PdfReader(output).metadata.author == "Cabinet Martin"


def test_it_survives_the_xlsx_round_trip_with_an_identical_show_json(cli, tmp_path):
    workbook, imported = tmp_path / "hr.xlsx", tmp_path / "hr.yaml"
    code, out, err = cli("questionnaire", "export", str(CUSTOM), "--xlsx", str(workbook))
    assert code == 0, err
    code, out, err = cli("questionnaire", "import", str(workbook), "-o", str(imported))
    assert code == 0, err
    original = cli("show", "--json", *OWN)
    again = cli("show", "--json", "--questionnaire-file", str(imported))
    assert original[0] == again[0] == 0
    assert again[1] == original[1]  # report_title, levels and the content hash included
    assert cli("validate", str(imported))[0] == 0


def test_the_help_names_the_site(cli, monkeypatch):
    monkeypatch.setenv("SITE_NAME", "Diagnostic AI Act")
    code, out, _ = cli("--help")
    assert code == 0 and "Diagnostic AI Act: validate questionnaires" in out
