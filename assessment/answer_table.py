"""Answers as a table: a workshop's CSV and XLSX export, and reading them back.

One row per person and answered question, in the order people joined then in questionnaire order:

    participant | name | role | joined | question | answer | comment | evidence | evidence_note

`participant` is a number (1, 2… in the order people joined) or `consensus` (the facilitator's record, whose
comment is the note on dissent); `answer` holds the option ids, joined by `|` for a multiple question (empty
when only a comment or an evidence note is given); `evidence` is one of declared, documented, audited, tested
(empty reads as declared). A cell whose text a spreadsheet would run as a formula (=, +, -, @…) is written
with a leading apostrophe, which the reader takes off again.

`read_table` reads such a file back into answers, checked against the questionnaire as an answers document
is, every fault named with its place (`answers.csv: row 12, evidence: …`, `answers.xlsx: answers!H12: …`);
nothing is returned when any row is wrong. Pure: imports nothing from Flask or SQLAlchemy.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from .answers import DECLARED, Answer, AnswersError, parse_answers
from .questionnaire import EVIDENCE_LEVELS, Questionnaire

COLUMNS = ("participant", "name", "role", "joined", "question", "answer", "comment", "evidence", "evidence_note")
CONSENSUS = "consensus"
SHEET = "answers"
SEPARATOR = "|"
MAX_FILE_BYTES = 16 * 1024 * 1024  # 200 participants x 53 questions with long comments stay well under it
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Respondent:
    """Who gave a set of answers: a participant's number (or `consensus`), name, role and the day they joined."""

    participant: str
    name: str = ""
    role: str = ""
    joined: str = ""


@dataclass
class Responses:
    """What a table holds: each respondent with their answers, in the table's order."""

    respondents: list[Respondent] = field(default_factory=list)
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)  # participant -> question id -> answer


def _safe(value: str) -> str:
    """Spreadsheets must not run a participant's text as a formula."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _unsafe(value: str) -> str:
    """The text as typed: the apostrophe `_safe` put in front of a formula-like text taken off."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def rows(questionnaire: Questionnaire, responses: Sequence[tuple[Respondent, Mapping[str, Answer]]]) -> list[list[str]]:
    """The table's rows (the header first), every text cell made safe for spreadsheets."""
    table = [list(COLUMNS)]
    for respondent, answers in responses:
        for _, question in questionnaire.questions():
            answer = answers.get(question.id)
            if answer is None:
                continue
            table.append([_safe(respondent.participant), _safe(respondent.name), _safe(respondent.role),
                          respondent.joined, question.id, SEPARATOR.join(answer.options), _safe(answer.comment),
                          answer.evidence, _safe(answer.evidence_note)])
    return table


def csv_bytes(table: list[list[str]]) -> bytes:
    """The rows as CSV, UTF-8 with a byte order mark (so that spreadsheets read the accents)."""
    text = io.StringIO()
    csv.writer(text).writerows(table)
    return ("\ufeff" + text.getvalue()).encode()


def xlsx_bytes(table: list[list[str]]) -> bytes:
    """The rows as an XLSX workbook with one sheet, `answers`, every cell text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = SHEET
    for row in table:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- reading back


def _csv_cells(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(row number, texts) of a CSV file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError([f"{filename}: not UTF-8 text (byte {exc.start})"]) from None
    try:
        read = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise AnswersError([f"{filename}: not a readable CSV file ({exc})"]) from None
    return list(enumerate(read, 1))


def _check_archive(data: bytes, filename: str) -> None:
    """Refuse what openpyxl should never be given: not a zip, one that expands too far, a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise AnswersError([f"{filename}: not an XLSX workbook (an XLSX file is a zip archive)"]) from None
    with archive:
        entries = archive.infolist()
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise AnswersError([f"{filename}: the workbook expands to more than "
                                f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MiB"])
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")) and b"<!doctype" in archive.read(entry).lower():
                raise AnswersError([f"{filename}: the workbook part {entry.filename} declares a DTD, "
                                    "which XLSX files never do"])


def _xlsx_cells(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(row number, texts) of the workbook's `answers` sheet; formulas and error values refused."""
    from openpyxl import load_workbook

    _check_archive(data, filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise AnswersError([f"{filename}: not a readable XLSX workbook ({type(exc).__name__})"]) from None
    try:
        if SHEET not in book.sheetnames:
            raise AnswersError([f"{filename}: no sheet '{SHEET}'"])
        problems: list[str] = []
        table = []
        for number, cells in enumerate(book[SHEET].iter_rows(max_row=MAX_ROWS + 1), 1):
            row = []
            for index, cell in enumerate(cells, 1):
                place = f"{SHEET}!{get_column_letter(index)}{number}"
                if cell.data_type == "f":
                    problems.append(f"{filename}: {place}: a formula; write the value itself")
                elif cell.data_type == "e":
                    problems.append(f"{filename}: {place}: an error value ({cell.value}); write the value itself")
                row.append("" if cell.value is None else str(cell.value))
            table.append((number, row))
    finally:
        book.close()
    if problems:
        raise AnswersError(problems)
    return table


def read_table(data: bytes, filename: str, questionnaire: Questionnaire) -> Responses:
    """Read a table written by `rows` (CSV, or XLSX when `filename` ends with .xlsx) back into answers."""
    if len(data) > MAX_FILE_BYTES:
        raise AnswersError([f"{filename}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"])
    xlsx = filename.lower().endswith(".xlsx")
    table = _xlsx_cells(data, filename) if xlsx else _csv_cells(data, filename)
    table = [(number, cells) for number, cells in table if any(text.strip() for text in cells)]
    if not table:
        raise AnswersError([f"{filename}: empty; the first row names the columns: {', '.join(COLUMNS)}"])
    if len(table) > MAX_ROWS:
        raise AnswersError([f"{filename}: more than {MAX_ROWS} rows"])
    header = [text.strip() for text in table[0][1]]
    while header and not header[-1]:
        header.pop()
    if header != list(COLUMNS):
        missing = [name for name in COLUMNS if name not in header]
        unknown = [name for name in header if name not in COLUMNS]
        detail = "; ".join(part for part in (missing and f"missing {', '.join(missing)}",
                                             unknown and f"unknown {', '.join(map(repr, unknown))}") if part)
        raise AnswersError([f"{filename}: row {table[0][0]}: the columns must be {', '.join(COLUMNS)}, in this "
                            f"order{f' ({detail})' if detail else ''}"])
    responses = Responses()
    problems: list[str] = []
    for number, cells in table[1:]:
        places = {name: f"{filename}: {SHEET}!{get_column_letter(i + 1)}{number}" if xlsx else
                  f"{filename}: row {number}, {name}" for i, name in enumerate(COLUMNS)}
        _read_row(cells + [""] * (len(COLUMNS) - len(cells)), places, questionnaire, responses, problems)
    if problems:
        raise AnswersError(problems)
    return responses


def _read_row(cells: list[str], where: dict[str, str], questionnaire: Questionnaire, responses: Responses,
              problems: list[str]) -> None:
    """One row: its answer added to its respondent's, or its faults (each at `where[column]`) to `problems`."""
    value = {name: _unsafe(cells[i].strip()) for i, name in enumerate(COLUMNS)}
    participant, question_id = value["participant"], value["question"]
    if not participant:
        problems.append(f"{where['participant']}: empty; a participant's number, or '{CONSENSUS}'")
        return
    question = questionnaire.question(question_id)
    if question is None:
        problems.append(f"{where['question']}: unknown question {question_id!r}")
        return
    evidence = value["evidence"] or DECLARED
    if evidence not in EVIDENCE_LEVELS:
        problems.append(f"{where['evidence']}: unknown evidence level {evidence!r}; expected one of "
                        f"{', '.join(EVIDENCE_LEVELS)}")
        return
    if participant not in responses.answers:
        responses.answers[participant] = {}
        responses.respondents.append(Respondent(participant, value["name"], value["role"], value["joined"]))
    if question_id in responses.answers[participant]:
        problems.append(f"{where['question']}: a second answer of participant {participant} to {question_id}")
        return
    options = [option.strip() for option in value["answer"].split(SEPARATOR) if option.strip()]
    chosen: str | list[str] | None = options
    if question.type != "multiple":
        chosen = options[0] if len(options) == 1 else (options or None)
    try:
        parsed = parse_answers({question_id: {"answer": chosen, "comment": value["comment"], "evidence": evidence,
                                              "evidence_note": value["evidence_note"]}}, questionnaire)
    except AnswersError as exc:
        problems.extend(f"{where['answer']}: {problem}" for problem in exc.problems)
        return
    if question_id in parsed:
        responses.answers[participant][question_id] = parsed[question_id]
