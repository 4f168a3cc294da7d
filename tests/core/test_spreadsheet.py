"""Questionnaires as XLSX workbooks: the round trip keeps everything, errors name the cell, hostile files are refused."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from assessment import resources, spreadsheet
from assessment.loading import InvalidFile, bundled_catalogue, bundled_questionnaire, load_catalogue, parse_questionnaire
from assessment.questionnaire import Questionnaire, questionnaire_json
from assessment.spreadsheet import parse_workbook, questionnaire_yaml, workbook_bytes

DATA = Path(__file__).parents[1] / "data"
MINI = (DATA / "mini.yaml").read_text()
TEST_CATALOGUE = load_catalogue(DATA / "catalogue.yaml")

# mini.yaml plus every key the format has that it lacks: top-level description, published and facts,
# a pillar's proof, weight_when, also_caps, country conditions (Norway unquoted in a cell), `not`,
# facts on a question, an option, a rule and a recommendation, several steps, and texts a
# spreadsheet could mangle (a leading "=", a newline, surrounding spaces, a bare "no").
EVERYTHING = (
    MINI.replace("languages: [fr, en]\n", """languages: [fr, en]
published: 2026-11-30
description: {fr: "=Pas une formule", en: "  Two lines,\\nkept as written  "}
facts:
  - id: dpf
    statement: "The EU-US Data Privacy Framework decision is in force."
    sources: ["EU-US Data Privacy Framework decision Art. 1", "CJEU C-311/18 (Schrems II), 16 July 2020"]
    verified: 2026-11-20
    review_by: 2027-05-20
  - id: hds
    statement: "French law requires health data hosts to be certified."
    sources: ["Code de la santé publique, art. L.1111-8"]
    verified: 2026-11-20
""", 1)
    .replace("    weight: 1\n    questions:\n",
             "    weight: 1\n    proof: {question: tech-skills, in: [team]}\n    questions:\n", 1)
    .replace("        depends_on: {question: data-provider, in: [non-eu, eu]}\n",
             "        depends_on: {all: [{question: data-provider, in: [non-eu, eu]}, {not: {country: [FR, \"NO\"]}}]}\n"
             "        weight_when: [{when: {question: data-provider, in: [non-eu]}, weight: 3}]\n"
             "        facts: [dpf]\n", 1)
    .replace("{id: eu, label: {fr: \"Oui, européen\", en: \"Yes, European\"}, score: 70}",
             "{id: eu, label: {fr: \"Oui, européen\", en: \"no\"}, score: 70, facts: [hds]}", 1)
    .replace("            cap: 1\n            finding: {fr: \"Fournisseur hors UE",
             "            cap: 2\n            also_caps: [{pillar: technology, cap: 1, when: {country: [DE]}}]\n"
             "            sources: [\"GDPR Art. 48\"]\n            facts: [dpf]\n"
             "            finding: {fr: \"Fournisseur hors UE", 1)
    .replace("    steps: [{fr: \"Exiger le BYOK.\", en: \"Require BYOK.\"}]\n",
             "    steps: [{fr: \"Exiger le BYOK.\", en: \"Require BYOK.\"}, {fr: \"Vérifier.\", en: \"Check.\"}]\n"
             "    sources: [\"US CLOUD Act, 18 U.S.C. §2713\"]\n    facts: [dpf]\n", 1)
)


def everything() -> Questionnaire:
    return parse_questionnaire(EVERYTHING, "everything.yaml", TEST_CATALOGUE)


def round_trip(questionnaire: Questionnaire, catalogue=None) -> Questionnaire:
    return parse_workbook(workbook_bytes(questionnaire), "q.xlsx", catalogue)


def assert_same(original: Questionnaire, imported: Questionnaire) -> None:
    assert questionnaire_json(imported) == questionnaire_json(original)
    assert imported.content_hash() == original.content_hash()
    assert imported.model_dump() == original.model_dump()
    # the YAML the import writes reads back as the same questionnaire too
    again = parse_questionnaire(questionnaire_yaml(imported), "again.yaml")
    assert again.content_hash() == original.content_hash()


def test_the_bundled_questionnaire_survives_the_round_trip():
    original = bundled_questionnaire()
    assert_same(original, round_trip(original, bundled_catalogue()))


def test_mini_survives_the_round_trip():
    original = parse_questionnaire(MINI, "mini.yaml", TEST_CATALOGUE)
    assert_same(original, round_trip(original, TEST_CATALOGUE))


def test_every_key_of_the_format_survives_the_round_trip():
    original = everything()
    assert original.facts and original.pillars[0].proof and original.published
    assert_same(original, round_trip(original, TEST_CATALOGUE))


def test_a_questionnaire_of_its_own_pillar_ids_survives_the_round_trip():
    data = yaml.safe_load(MINI)
    data.pop("recommendations")
    ids = ["hr-governance", "hr-data", "hr-people"]
    data["pillars"].append({**data["pillars"][1], "questions": [
        {**question, "id": "x-" + question["id"],
         "critical": [{**rule, "id": "x-" + rule["id"]} for rule in question.get("critical", [])]}
        for question in data["pillars"][1]["questions"]]})
    for pillar, new_id in zip(data["pillars"], ids, strict=True):
        pillar["id"] = new_id
    data["pillars"][2]["questions"][1]["depends_on"] = {"question": "x-data-provider", "in": ["non-eu", "eu"]}
    try:
        original = parse_questionnaire(yaml.safe_dump(data), "hr.yaml")
    except InvalidFile as exc:
        # only the pillar ids may be refused: anything else is a mistake of this test
        assert all(re.fullmatch(r"pillars\[\d\]\.id", p.path) for p in exc.problems), exc.problems
        pytest.skip(f"the format does not take pillar ids of a questionnaire's own yet (#16 §1): {exc.problems[0]}")
    assert [p.id for p in original.pillars] == ids
    assert_same(original, round_trip(original))


def test_the_columns_cover_every_field_of_the_models():
    """A key added to a model gets a column (or a sheet) without a change in spreadsheet.py."""
    from assessment.questionnaire import CriticalRule, Fact, Option, Pillar, Question, Recommendation

    layout = spreadsheet._sheet_layout(["fr", "en"])
    every_header = {header.partition("::")[0] for headers in layout.values() for header in headers}
    for model in (Questionnaire, Pillar, Question, Option, CriticalRule, Recommendation, Fact):
        for name, info in model.model_fields.items():
            if name in spreadsheet.NESTED.get(model, ()):
                continue
            header = spreadsheet.RENAMED.get(model, {}).get(name, info.alias or name)
            assert header in every_header, f"{model.__name__}.{name} has no column"


def test_columns_follow_the_declared_languages_not_a_fixed_pair():
    english = yaml.safe_load(MINI)

    def only_en(value):
        if isinstance(value, dict):
            if set(value) == {"fr", "en"}:
                return {"en": value["en"]}
            return {key: only_en(child) for key, child in value.items()}
        if isinstance(value, list):
            return [only_en(child) for child in value]
        return value

    english = only_en(english)
    english["languages"] = ["en"]
    original = parse_questionnaire(yaml.safe_dump(english), "en.yaml", TEST_CATALOGUE)
    book = load_workbook(io.BytesIO(workbook_bytes(original)))
    headers = [cell.value for cell in book["survey"][1]]
    assert "label::en" in headers and "label::fr" not in headers
    assert_same(original, round_trip(original, TEST_CATALOGUE))


def test_the_export_writes_texts_never_formulas():
    book = load_workbook(io.BytesIO(workbook_bytes(everything())))
    cell = book["settings"]["F2"] if book["settings"]["F1"].value == "description::fr" else None
    header = [c.value for c in book["settings"][1]]
    cell = book["settings"].cell(row=2, column=header.index("description::fr") + 1)
    assert cell.value == "=Pas une formule" and cell.data_type == "s"


def test_the_template_imports_cleanly_and_matches_its_example():
    template = resources.questionnaires_dir() / "template.xlsx"
    imported = spreadsheet.load_workbook_file(template, bundled_catalogue())
    example = parse_questionnaire((DATA / "template.yaml").read_text(), "template.yaml", bundled_catalogue())
    assert imported.content_hash() == example.content_hash(), (
        "questionnaires/template.xlsx is stale: sovereign-ai questionnaire export tests/data/template.yaml "
        "--xlsx questionnaires/template.xlsx")
    assert template.stat().st_size < spreadsheet.MAX_FILE_BYTES


# ---------------------------------------------------------------------------------------------------
# Errors name the cell


def edited(questionnaire: Questionnaire, *changes: tuple[str, int, str, object]) -> bytes:
    """The questionnaire's workbook with cells changed: (sheet, row, header, value)."""
    book = load_workbook(io.BytesIO(workbook_bytes(questionnaire)))
    for sheet, row, header, value in changes:
        headers = [cell.value for cell in book[sheet][1]]
        book[sheet].cell(row=row, column=headers.index(header) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(content: bytes, catalogue=TEST_CATALOGUE) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse_workbook(content, "IN.xlsx", catalogue)
    return [str(problem) for problem in caught.value.problems]


def mini() -> Questionnaire:
    return parse_questionnaire(MINI, "mini.yaml", TEST_CATALOGUE)


# survey rows of mini: 2 pillar technology, 3 tech-models, 4 tech-skills, 5 pillar data, 6 data-provider,
# 7 data-keys, 8 data-safeguards. Columns: A type, B name, C label::fr, D label::en, E hint::fr,
# F hint::en, G weight, H proof, I sources, J depends_on, K weight_when, L facts.
def test_survey_columns_are_the_xlsform_ones():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    assert [cell.value for cell in book["survey"][1]] == [
        "type", "name", "label::fr", "label::en", "hint::fr", "hint::en", "weight", "proof", "sources",
        "depends_on", "weight_when", "facts", "evidence::fr", "evidence::en", "csf", "c3a"]
    assert [cell.value for cell in book["choices"][1]][:6] == [
        "list_name", "name", "label::fr", "label::en", "score", "kind"]
    assert book.sheetnames == list(spreadsheet.SHEETS)


def test_a_bad_number_names_its_cell():
    found = problems(edited(mini(), ("survey", 4, "weight", "heavy")))
    assert found == ["IN.xlsx: survey!G4: Input should be a valid number, unable to parse string as a number"]


def test_a_weight_out_of_range_names_its_cell():
    assert problems(edited(mini(), ("survey", 4, "weight", 11))) == [
        "IN.xlsx: survey!G4: Input should be less than or equal to 10"]


def test_an_empty_required_cell_is_named():
    found = problems(edited(mini(), ("survey", 3, "sources", None)))
    assert found == ["IN.xlsx: survey!I3: empty, but sources is required"]


def test_a_missing_translation_names_the_language_cell():
    found = problems(edited(mini(), ("survey", 6, "hint::en", None)))
    assert found == ["IN.xlsx: survey!F6: empty: the text must be given in 'en'"]


def test_an_empty_score_needs_a_kind():
    found = problems(edited(mini(), ("choices", 2, "score", None)))
    assert found == ["IN.xlsx: choices!B2: an option with score null needs kind: unknown or not-applicable"]


def test_a_wrong_option_type_names_its_cell():
    found = problems(edited(mini(), ("choices", 3, "score", "high")))
    assert found == ["IN.xlsx: choices!E3: Input should be a valid integer, unable to parse string as an integer"]


def test_a_bad_question_type_names_its_cell():
    found = problems(edited(mini(), ("survey", 4, "type", "slider")))
    assert found == ["IN.xlsx: survey!A4: Input should be 'single', 'multiple' or 'scale'"]


def test_cross_checks_name_the_cell_a_duplicate_option():
    found = problems(edited(mini(), ("choices", 3, "name", "closed-api")))
    assert found == ["IN.xlsx: choices!B3: duplicate option id 'closed-api'"]


def test_a_condition_names_its_cell_and_the_place_inside():
    found = problems(edited(mini(), ("survey", 7, "depends_on", "{all: [{question: data-providr, in: [eu]}]}")))
    assert found == ["IN.xlsx: survey!J7: all[0].question: depends_on refers to 'data-providr', "
                     "which is not an earlier question"]


def test_a_condition_that_is_not_yaml_names_its_cell():
    found = problems(edited(mini(), ("survey", 7, "depends_on", "{question: data-provider, in: [eu")))
    assert len(found) == 1 and found[0].startswith("IN.xlsx: survey!J7: not valid YAML:")


def test_norway_needs_no_quotes_in_a_cell():
    imported = parse_workbook(edited(mini(), ("survey", 7, "depends_on", "{country: [NO, FR]}")), "IN.xlsx",
                              TEST_CATALOGUE)
    assert imported.question("data-keys").depends_on.country == ["NO", "FR"]


def test_an_unknown_column_names_its_header_cell():
    found = problems(edited(mini(), ("survey", 1, "facts", "scroe")))
    assert len(found) == 1 and found[0].startswith("IN.xlsx: survey!L1: unknown column 'scroe' (the columns of survey are")


def test_a_text_column_without_language_is_explained():
    found = problems(edited(mini(), ("survey", 1, "label::en", "label")))
    assert found[0].startswith("IN.xlsx: survey!D1: unknown column 'label'")
    assert "one column per language, label::<lang>" in found[0]


def test_a_language_the_questionnaire_does_not_declare_names_its_cell():
    found = problems(edited(mini(), ("survey", 3, "facts", "Welche Modelle?"), ("survey", 1, "facts", "label::de")))
    assert found == ["IN.xlsx: survey!L3: language 'de' is not declared in 'languages'"]


def test_a_missing_required_column_is_named():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    book["survey"].delete_cols(9)  # sources
    out = io.BytesIO()
    book.save(out)
    found = problems(out.getvalue())
    assert found[0] == "IN.xlsx: survey!B3: no column sources, which is required"
    assert len(found) == 5  # one per question


def test_a_column_that_does_not_apply_to_a_pillar():
    found = problems(edited(mini(), ("survey", 2, "depends_on", "{question: tech-models, in: [mixed]}")))
    assert found == ["IN.xlsx: survey!J2: column depends_on does not apply to a pillar"]


def test_a_question_before_any_pillar():
    found = problems(edited(mini(), ("survey", 2, "type", "single")))
    assert "IN.xlsx: survey!A2: a question before any pillar: the survey starts with a row of type 'pillar'" in found


def test_a_choice_of_an_unknown_question():
    found = problems(edited(mini(), ("choices", 2, "list_name", "tech-modles")))
    assert found == ["IN.xlsx: choices!A2: no question 'tech-modles' in the survey sheet"]


def test_a_question_without_choices_is_named_on_its_row():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    rows = [row for row in book["choices"].iter_rows(min_row=2) if row[0].value == "data-keys"]
    for row in rows:
        for cell in row:
            cell.value = None
    out = io.BytesIO()
    book.save(out)
    found = problems(out.getvalue())
    assert found[0] == "IN.xlsx: survey!B7: choices: List should have at least 2 items after validation, not 0"


def test_a_recommendation_naming_an_unknown_tool():
    found = problems(edited(mini(), ("recommendations", 2, "tools", "tool-a, tool-z")))
    assert found == ["IN.xlsx: recommendations!K2: 'tool-z' is not in the tool catalogue"]


def test_wrong_cell_types_are_named():
    found = problems(edited(mini(), ("survey", 3, "label::fr", 2.1), ("survey", 3, "hint::fr", True),
                            ("settings", 2, "version", dt.datetime(2026, 1, 10, 12, 30))))
    assert found == [
        "IN.xlsx: settings!C2: a date or time where version is expected: format the cell as text",
        "IN.xlsx: survey!C3: a number (2.1) where a text is expected: format the cell as text",
        "IN.xlsx: survey!E3: TRUE where a text is expected: format the cell as text",
    ]


def test_a_date_cell_is_read_as_a_date():
    imported = parse_workbook(edited(everything(), ("settings", 2, "published", dt.datetime(2026, 12, 1))),
                              "IN.xlsx", TEST_CATALOGUE)
    assert imported.published == dt.date(2026, 12, 1)


def test_unknown_and_missing_sheets():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    book.create_sheet("notes")
    del book["settings"]
    out = io.BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == [
        "IN.xlsx: notes: unknown sheet 'notes' (the sheets are settings, survey, choices, critical, "
        "recommendations, steps, facts)",
        "IN.xlsx: settings: no sheet 'settings'",
    ]


def test_a_second_settings_row_is_refused():
    found = problems(edited(mini(), ("settings", 3, "id", "other")))
    assert found == ["IN.xlsx: settings!A3: the settings sheet has one row of values, under its header row"]


# ---------------------------------------------------------------------------------------------------
# Hostile files


def test_a_formula_is_refused_and_never_evaluated():
    found = problems(edited(mini(), ("survey", 3, "label::en", '=HYPERLINK("http://example.com","x")'),
                            ("choices", 2, "score", "=1+1")))
    assert found == [
        "IN.xlsx: survey!D3: a formula; write the value itself (formulas are never evaluated)",
        "IN.xlsx: choices!E2: a formula; write the value itself (formulas are never evaluated)",
    ]


def test_a_file_over_one_mebibyte_is_refused_unread():
    found = problems(b"PK" + b"\0" * spreadsheet.MAX_FILE_BYTES)
    assert found == ["IN.xlsx: the file is 1024 KiB; a questionnaire workbook may be at most 1024 KiB"]


def test_a_file_that_is_not_a_workbook():
    assert problems(b"schema: 1\n") == ["IN.xlsx: not an XLSX workbook (an XLSX file is a zip archive)"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hello.txt", "hi")
    found = problems(archive.getvalue())
    assert len(found) == 1 and found[0].startswith("IN.xlsx: not a readable XLSX workbook")


def rezipped(content: bytes, change) -> bytes:
    """The workbook with its parts passed through `change(name, data) -> data`, plus whatever it adds."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
        change.extra(target)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it():
    def change(name, data):
        return data

    change.extra = lambda target: target.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    content = rezipped(workbook_bytes(mini()), change)
    assert len(content) < spreadsheet.MAX_FILE_BYTES
    assert problems(content) == ["IN.xlsx: the workbook expands to 40 MiB; at most 32 MiB"]


def test_an_xml_entity_is_refused():
    def change(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b"<workbook", b'<!DOCTYPE workbook [<!ENTITY lol "lol">]><workbook', 1)
        return data

    change.extra = lambda target: None
    found = problems(rezipped(workbook_bytes(mini()), change))
    assert found == ["IN.xlsx: the workbook part xl/workbook.xml declares a DTD, which XLSX files never do"]


def test_a_huge_sheet_is_refused_at_the_row_cap():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("settings")
    for _ in range(spreadsheet.MAX_ROWS + 10):
        sheet.append(["x"])
    out = io.BytesIO()
    book.save(out)
    found = problems(out.getvalue())
    assert f"IN.xlsx: settings!A{spreadsheet.MAX_ROWS + 1}: more than {spreadsheet.MAX_ROWS} rows" in found


def test_a_wide_sheet_is_refused_at_the_column_cap():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    book["survey"].cell(row=3, column=spreadsheet.MAX_COLUMNS + 1, value="far")
    out = io.BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == ["IN.xlsx: survey!CW3: more than 100 columns"]


def test_a_value_without_a_header_is_refused():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    book["survey"].cell(row=3, column=20, value="stray")
    out = io.BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == ["IN.xlsx: survey!T3: a value in a column without a header"]


def test_a_damaged_sheet_is_named_not_a_crash():
    def change(name, data):
        if name == "xl/worksheets/sheet2.xml":
            return data.replace(b"</sheetData>", b"<row></sheetData>", 1)
        return data

    change.extra = lambda target: None
    found = problems(rezipped(workbook_bytes(mini()), change))
    assert len(found) == 1 and found[0].startswith("IN.xlsx: survey: the sheet cannot be read (ParseError:")


MINI_BOOK = None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=st.sampled_from(["settings", "survey", "choices", "critical", "recommendations", "steps"]),
       row=st.integers(1, 9), column=st.integers(1, 14),
       value=st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                       st.booleans(), st.datetimes(min_value=dt.datetime(1900, 3, 1)), st.sampled_from(
                           ["{", "[", "{question: x, in: [y]}", "no", "=1", "null", "1e400", " ", "pillar"])))
def test_any_value_in_any_cell_is_accepted_or_named_never_a_crash(sheet, row, column, value):
    global MINI_BOOK
    if MINI_BOOK is None:
        MINI_BOOK = workbook_bytes(mini())
    book = load_workbook(io.BytesIO(MINI_BOOK))
    cell = book[sheet].cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    try:
        parse_workbook(out.getvalue(), "IN.xlsx", TEST_CATALOGUE)
    except InvalidFile as exc:
        assert exc.problems
        for problem in exc.problems:
            assert str(problem).startswith(("IN.xlsx: settings", "IN.xlsx: survey", "IN.xlsx: choices",
                                            "IN.xlsx: critical", "IN.xlsx: recommendations", "IN.xlsx: steps")), problem


def test_a_text_a_cell_cannot_hold_is_named_on_export():
    text = MINI.replace('help: {fr: "Aide.", en: "Help."}', 'help: {fr: "Aide.", en: "Help\\a."}', 1)
    questionnaire = parse_questionnaire(text, "bell.yaml", TEST_CATALOGUE)
    with pytest.raises(InvalidFile) as caught:
        workbook_bytes(questionnaire)
    assert [str(p) for p in caught.value.problems] == [
        "bell.yaml: survey!F3: a control character (U+0007) that an XLSX cell cannot hold"]


def test_columns_of_a_few_words_offer_a_drop_down_list():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    lists = {str(v.sqref): v.formula1 for v in book["survey"].data_validations.dataValidation}
    assert lists == {f"A2:A{spreadsheet.MAX_ROWS}": '"pillar,single,multiple,scale"'}
    lists = {str(v.sqref): v.formula1 for v in book["choices"].data_validations.dataValidation}
    assert lists[f"F2:F{spreadsheet.MAX_ROWS}"] == '"unknown,not-applicable"'
    assert lists[f"G2:G{spreadsheet.MAX_ROWS}"] == '"TRUE,FALSE"'


def test_a_recommendation_without_steps_and_a_pillar_without_questions():
    book = load_workbook(io.BytesIO(workbook_bytes(mini())))
    book["steps"].delete_rows(3)  # rec-keys' step
    book["survey"].insert_rows(5)
    book["survey"]["A5"], book["survey"]["B5"] = "pillar", "ethics"
    book["survey"]["C5"], book["survey"]["D5"], book["survey"]["E5"], book["survey"]["F5"] = "É", "E", "É.", "E."
    out = io.BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == [
        "IN.xlsx: survey!B5: questions: List should have at least 1 item after validation, not 0",
        "IN.xlsx: recommendations!A3: no rows in the steps sheet for it",
    ]
