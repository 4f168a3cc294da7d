"""`sovereign-ai questionnaire export/import`: a questionnaire through a spreadsheet and back, unchanged."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

DATA = Path(__file__).parents[1] / "data"
CATALOGUE = ("--catalogue-file", str(DATA / "catalogue.yaml"))


def test_the_bundled_questionnaire_round_trips_with_an_identical_show_json(cli, tmp_path):
    workbook, imported = tmp_path / "q.xlsx", tmp_path / "q.yaml"
    code, out, err = cli("questionnaire", "export", "sovereign-ai", "--xlsx", str(workbook))
    assert code == 0, err
    assert out == f"{workbook} (sovereign-ai 2.0: 4 pillars, 53 questions, 42 recommendations)\n"
    code, out, err = cli("questionnaire", "import", str(workbook), "-o", str(imported))
    assert code == 0, err
    assert out.startswith(f"OK {imported} (sovereign-ai 2.0:")
    original = cli("show", "--json")
    again = cli("show", "--json", "--questionnaire-file", str(imported))
    assert original[0] == again[0] == 0
    assert again[1] == original[1]  # the content hash included


def test_a_questionnaire_file_round_trips(cli, tmp_path):
    workbook, imported = tmp_path / "mini.xlsx", tmp_path / "mini.yaml"
    assert cli("questionnaire", "export", str(DATA / "mini.yaml"), "--xlsx", str(workbook), *CATALOGUE)[0] == 0
    assert cli("questionnaire", "import", str(workbook), "-o", str(imported), *CATALOGUE)[0] == 0
    original = cli("show", "--json", "--questionnaire-file", str(DATA / "mini.yaml"), *CATALOGUE)
    again = cli("show", "--json", "--questionnaire-file", str(imported), *CATALOGUE)
    assert again == original
    assert cli("validate", str(imported), *CATALOGUE)[0] == 0


def test_import_to_standard_output(cli, tmp_path):
    workbook = tmp_path / "mini.xlsx"
    cli("questionnaire", "export", str(DATA / "mini.yaml"), "--xlsx", str(workbook), *CATALOGUE)
    code, out, err = cli("questionnaire", "import", str(workbook), "-o", "-", *CATALOGUE)
    assert code == 0, err
    assert "\nschema: 1\nid: mini\n" in out


def test_import_errors_name_the_cell_and_write_nothing(cli, tmp_path):
    workbook, imported = tmp_path / "mini.xlsx", tmp_path / "mini.yaml"
    cli("questionnaire", "export", str(DATA / "mini.yaml"), "--xlsx", str(workbook), *CATALOGUE)
    book = load_workbook(workbook)
    book["survey"]["G4"] = "heavy"  # tech-skills' weight
    book["choices"]["E2"] = "=1+1"
    book.save(workbook)
    code, out, err = cli("questionnaire", "import", str(workbook), "-o", str(imported), *CATALOGUE)
    assert code == 1
    assert err == f"{workbook}: choices!E2: a formula; write the value itself (formulas are never evaluated)\n"
    book = load_workbook(workbook)
    book["choices"]["E2"] = 0
    book.save(workbook)
    code, out, err = cli("questionnaire", "import", str(workbook), "-o", str(imported), *CATALOGUE)
    assert code == 1
    assert err == f"{workbook}: survey!G4: Input should be a valid number, unable to parse string as a number\n"
    assert not imported.exists() and "Traceback" not in err


def test_the_export_refuses_what_it_cannot_read(cli, tmp_path):
    code, _, err = cli("questionnaire", "export", "nope", "--xlsx", str(tmp_path / "x.xlsx"))
    assert code == 1 and "unknown questionnaire 'nope'" in err
    code, _, err = cli("questionnaire", "export", str(tmp_path / "missing.yaml"), "--xlsx", str(tmp_path / "x.xlsx"))
    assert code == 1 and "cannot read file" in err
    code, _, err = cli("questionnaire", "import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.yaml"))
    assert code == 1 and "cannot read file" in err and "Traceback" not in err


def test_the_export_cannot_write(cli, tmp_path):
    code, _, err = cli("questionnaire", "export", "sovereign-ai", "--xlsx", str(tmp_path / "no" / "such" / "q.xlsx"))
    assert code == 1 and err.startswith("error: cannot write")


def test_usage(cli):
    assert cli("questionnaire")[0] == 2
    assert cli("questionnaire", "import", "x.xlsx")[0] == 2  # -o is required


def test_the_exported_workbook_is_xlsform_shaped(cli, tmp_path):
    workbook = tmp_path / "q.xlsx"
    cli("questionnaire", "export", "sovereign-ai", "--xlsx", str(workbook))
    book = load_workbook(io.BytesIO(workbook.read_bytes()), read_only=True)
    assert book.sheetnames == ["settings", "survey", "choices", "critical", "recommendations", "steps", "facts",
                               "levels"]
    header = next(book["survey"].iter_rows(max_row=1, values_only=True))
    assert header[:6] == ("type", "name", "label::fr", "label::en", "hint::fr", "hint::en")
    # the bundled questionnaire names its levels in its own words (#16 §1): one row per level, 0 to 4
    levels = list(book["levels"].iter_rows(values_only=True))
    assert levels[0] == ("name::fr", "name::en", "description::fr", "description::en")
    assert [row[1] for row in levels[1:]] == ["Unmanaged dependence", "Awareness", "Partial control",
                                              "Established control", "Operational sovereignty"]
    book.close()
