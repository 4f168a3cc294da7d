"""Questionnaires as spreadsheets, with XLSForm habits: export to XLSX, import back with errors naming cells.

Sheets: `settings` (the top-level keys, a header row then one row of values), `survey` (one row per
pillar, `type: pillar`, then one row per question), `choices` (the options, `list_name` naming the
question), `critical`, `recommendations`, `steps` (a recommendation's steps, one row each) and
`facts`, and `levels` (a questionnaire's own names of levels 0 to 4, one row each, in order). A
translated text takes one column per language, `label::fr`, `label::en`…

The columns come from the pydantic models of the format, so a key added to a model gets its column
without a change here; only the nesting (which list becomes which sheet) and the XLSForm names
(`name`, `label`, `hint`) are spelled out below. An import is turned into the same data a YAML file
gives and validated by `loading.parse_questionnaire`; its problems are then traced back to cells.

The import never evaluates anything: a file of at most 1 MiB, a zip archive checked before openpyxl
opens it (entries, uncompressed size, no DTD), openpyxl in read-only mode, formulas refused, rows
and columns capped, every cell of a condition read as YAML text with nothing resolved but null.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import types
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from .catalogue import Catalogue
from .loading import InvalidFile, PathKey, Problem, format_path, parse_questionnaire
from .questionnaire import CriticalRule, Fact, LevelText, Option, Pillar, Question, Questionnaire, Recommendation

MAX_FILE_BYTES = 1024 * 1024  # as for uploads (#16 §2)
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024  # what the zip's entries may expand to, in all
MAX_ZIP_ENTRIES = 200
MAX_ROWS = 5000  # per sheet, the header row included
MAX_COLUMNS = 100

SETTINGS, SURVEY, CHOICES, CRITICAL, RECOMMENDATIONS, STEPS, FACTS, LEVELS = (
    "settings", "survey", "choices", "critical", "recommendations", "steps", "facts", "levels")
SHEETS = (SETTINGS, SURVEY, CHOICES, CRITICAL, RECOMMENDATIONS, STEPS, FACTS, LEVELS)
PILLAR_TYPE = "pillar"  # the survey `type` of a pillar row (XLSForm's "begin group")

# The lists that get a sheet of their own, by model: everything else a model holds is a column.
NESTED: dict[type[BaseModel], tuple[str, ...]] = {
    Questionnaire: ("pillars", "recommendations", "facts", "levels"),
    Pillar: ("questions",),
    Question: ("options", "critical"),
    Recommendation: ("steps",),
}
# XLSForm's column names, where they differ from the format's keys.
RENAMED: dict[type[BaseModel], dict[str, str]] = {
    Pillar: {"id": "name", "title": "label", "description": "hint"},
    Question: {"id": "name", "text": "label", "help": "hint"},
    Option: {"id": "name"},
    CriticalRule: {"id": "name"},
    Recommendation: {"id": "name"},
    Fact: {"id": "name"},
}
# The column of a child sheet naming the row it belongs to, and where in its parent the child goes.
PARENT_COLUMN = {CHOICES: "list_name", CRITICAL: "question", STEPS: "recommendation"}
STEP_COLUMN = "text"  # steps::<lang> would read oddly: a step is `text::fr`, `text::en`
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
ID_SEPARATORS = re.compile(r"[\s,;]+")


# ---------------------------------------------------------------------------------------------------
# Columns, derived from the models


@dataclass(frozen=True)
class Column:
    """One field of a model as spreadsheet cells.

    kind: `text` (one column per language), `ids` (identifiers separated by commas), `lines` (one
    text per line), `scalar` (one value), `yaml` (a structure, written as YAML flow text).
    """

    name: str  # the model's field name
    key: str  # the key in the data (the alias: `in`, `not`, `schema`)
    header: str  # the column header, or its stem before `::<lang>` for a text
    kind: str
    annotation: Any
    required: bool
    nullable: bool


def _strip(annotation: Any) -> Any:
    """The annotation without `Annotated[...]` and without `| None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(annotation):
            rest = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _nullable(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _is_identifier(item: Any) -> bool:
    """A Literal, or a string constrained by a pattern (ids, codes): never holds a comma or a space."""
    if get_origin(_strip(item)) is Literal:
        return True
    if get_origin(item) is Annotated and _strip(item) is str:
        return any(getattr(meta, "pattern", None) for arg in get_args(item)[1:]
                   for meta in [arg, *getattr(arg, "metadata", [])])
    return False


def _kind(annotation: Any) -> str:
    bare = _strip(annotation)
    origin = get_origin(bare)
    if origin is dict:
        return "text"
    if origin is list:
        item = get_args(bare)[0]
        if _strip(item) is str and not _is_identifier(item):
            return "lines"
        if _is_identifier(item):
            return "ids"
        return "yaml"
    if bare in (str, int, float, bool, dt.date) or origin is Literal:
        return "scalar"
    return "yaml"


def columns(model: type[BaseModel]) -> list[Column]:
    """The columns of a model's rows: every field but the lists that have a sheet of their own."""
    found = []
    for name, info in model.model_fields.items():
        if name in NESTED.get(model, ()):
            continue
        header = RENAMED.get(model, {}).get(name, info.alias or name)
        found.append(Column(name, info.alias or name, header, _kind(info.annotation), info.annotation,
                            info.is_required(), _nullable(info.annotation)))
    return found


STEP = Column(STEP_COLUMN, STEP_COLUMN, STEP_COLUMN, "text", dict[str, str], True, False)


def _survey_columns() -> list[Column]:
    """Pillar and question columns in one sheet: `type` first, shared headers once."""
    merged: dict[str, Column] = {}
    question = {c.header: c for c in columns(Question)}
    merged["type"] = question.pop("type")
    for column in columns(Pillar) + list(question.values()):
        merged.setdefault(column.header, column)
    return list(merged.values())


def _sheet_layout(languages: Sequence[str]) -> dict[str, list[str]]:
    """The headers of every sheet for a questionnaire in `languages`."""

    def headers(cols: list[Column]) -> list[str]:
        out = []
        for column in cols:
            if column.kind == "text":
                out += [f"{column.header}::{lang}" for lang in languages]
            else:
                out.append(column.header)
        return out

    return {
        SETTINGS: headers(columns(Questionnaire)),
        SURVEY: headers(_survey_columns()),
        CHOICES: [PARENT_COLUMN[CHOICES]] + headers(columns(Option)),
        CRITICAL: [PARENT_COLUMN[CRITICAL]] + headers(columns(CriticalRule)),
        RECOMMENDATIONS: headers(columns(Recommendation)),
        STEPS: [PARENT_COLUMN[STEPS]] + [f"{STEP_COLUMN}::{lang}" for lang in languages],
        FACTS: headers(columns(Fact)),
        LEVELS: headers(columns(LevelText)),
    }


# ---------------------------------------------------------------------------------------------------
# Export


def _flow_yaml(value: Any) -> str:
    """A structure as one line of YAML flow text, as the format's docs write conditions."""
    return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=1_000_000).strip().removesuffix("...").strip()


def _cells_of(model: BaseModel, cols: list[Column], languages: Sequence[str]) -> dict[str, Any]:
    """A model's cells by header. Only the keys set in the source are written, so that an import
    sets the same ones (a default `weight: 1` and a written `weight: 1.0` hash differently)."""
    data = model.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude=set(NESTED.get(type(model), ())))
    cells: dict[str, Any] = {}
    for column in cols:
        if column.key not in data:
            continue
        value = data[column.key]
        if column.kind == "text":
            for lang in languages:
                cells[f"{column.header}::{lang}"] = (value or {}).get(lang)
        elif value is None:
            continue
        elif column.kind == "ids":
            cells[column.header] = ", ".join(value)
        elif column.kind == "lines":
            cells[column.header] = "\n".join(value)
        elif column.kind == "yaml":
            cells[column.header] = _flow_yaml(value)
        else:
            cells[column.header] = value
    return cells


def export_workbook(questionnaire: Questionnaire) -> Workbook:
    """The questionnaire as a workbook, one sheet per part of the format."""
    languages = list(questionnaire.languages)
    layout = _sheet_layout(languages)
    rows: dict[str, list[dict[str, Any]]] = {sheet: [] for sheet in SHEETS}
    rows[SETTINGS].append(_cells_of(questionnaire, columns(Questionnaire), languages))
    for pillar in questionnaire.pillars:
        rows[SURVEY].append({"type": PILLAR_TYPE, **_cells_of(pillar, columns(Pillar), languages)})
        for question in pillar.questions:
            rows[SURVEY].append(_cells_of(question, columns(Question), languages))
            for option in question.options:
                rows[CHOICES].append({PARENT_COLUMN[CHOICES]: question.id,
                                      **_cells_of(option, columns(Option), languages)})
            for rule in question.critical:
                rows[CRITICAL].append({PARENT_COLUMN[CRITICAL]: question.id,
                                       **_cells_of(rule, columns(CriticalRule), languages)})
    for rec in questionnaire.recommendations:
        rows[RECOMMENDATIONS].append(_cells_of(rec, columns(Recommendation), languages))
        for step in rec.steps:
            rows[STEPS].append({PARENT_COLUMN[STEPS]: rec.id,
                                **{f"{STEP_COLUMN}::{lang}": step.get(lang) for lang in languages}})
    for fact in questionnaire.facts:
        rows[FACTS].append(_cells_of(fact, columns(Fact), languages))
    for level in questionnaire.levels or ():
        rows[LEVELS].append(_cells_of(level, columns(LevelText), languages))

    book = Workbook()
    book.remove(book.worksheets[0])  # the blank sheet a new workbook starts with
    filename = questionnaire._source[0] if questionnaire._source else questionnaire.id
    for sheet in SHEETS:
        _write_sheet(book.create_sheet(sheet), layout[sheet], rows[sheet], filename)
        _offer_choices(book[sheet], layout[sheet])
    return book


def _closed_choices() -> dict[str, list[str]]:
    """The values of every column that takes one of a few words (a Literal or a yes/no), by header."""
    by_header: dict[str, list[tuple[str, ...] | None]] = {}
    for model in (Questionnaire, Pillar, Question, Option, CriticalRule, Recommendation, Fact):
        for column in columns(model):
            bare = _strip(column.annotation)
            values = None
            if column.kind == "scalar" and bare is bool:
                values = ("TRUE", "FALSE")
            elif column.kind == "scalar" and get_origin(bare) is Literal and all(
                    isinstance(arg, str) for arg in get_args(bare)):
                values = tuple(get_args(bare))
            by_header.setdefault(column.header, []).append(values)
    # a header several models share (`name`) gets a list only if they all take the same words
    found = {header: list(values[0]) for header, values in by_header.items()
             if values[0] is not None and all(other == values[0] for other in values)}
    found["type"] = [PILLAR_TYPE, *found["type"]]
    return found


def _offer_choices(sheet, headers: list[str]) -> None:
    """A drop-down list on the columns that take one of a few words (`type`, `kind`, `priority`…)."""
    closed = _closed_choices()
    for index, header in enumerate(headers, 1):
        values = closed.get(header)
        if not values:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(type="list", formula1=f'"{",".join(values)}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        sheet.add_data_validation(validation)


def _write_sheet(sheet, headers: list[str], rows: list[dict[str, Any]], filename: str) -> None:
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        wide = "::" in header or header in ("sources", "statement")
        sheet.column_dimensions[get_column_letter(index)].width = 48 if wide else 16
    for number, values in enumerate(rows, 2):
        for index, header in enumerate(headers, 1):
            value = values.get(header)
            if value is None:
                continue
            cell = sheet.cell(row=number, column=index)
            try:
                cell.value = value
            except IllegalCharacterError:
                code = next(ord(c) for c in value if ILLEGAL_CHARACTERS_RE.match(c))
                raise InvalidFile([Problem(filename, None, f"{sheet.title}!{cell.coordinate}",
                                           f"a control character (U+{code:04X}) that an XLSX cell cannot hold")]) from None
            if isinstance(value, str):
                cell.data_type = "s"  # a text starting with "=" stays a text, never a formula
                cell.alignment = wrapped
    sheet.freeze_panes = "A2"


def write_workbook(questionnaire: Questionnaire, path: Path | str) -> None:
    """Write the questionnaire to an XLSX file."""
    export_workbook(questionnaire).save(path)


def workbook_bytes(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as the bytes of an XLSX file."""
    out = io.BytesIO()
    export_workbook(questionnaire).save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------
# Import


class _CellYaml(yaml.SafeLoader):
    """YAML for a condition's cell: every plain word is text (`no`, `NO`, `2026-01-01`), only `null`
    is resolved; numbers stay text and the models read them as numbers where numbers are due."""


_CellYaml.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class _Row:
    number: int
    cells: dict[str, tuple[str, Any]]  # header -> (cell reference, value); non-empty cells only

    def ref(self, sheet: str, headers: dict[str, str], header: str = "name") -> str:
        """The reference of this row's cell in `header` (the `name` column), else of its first cell."""
        if header in headers:
            return f"{sheet}!{headers[header]}{self.number}"
        return f"{sheet}!A{self.number}"


@dataclass
class _Place:
    """Where a path of the data came from."""

    ref: str
    header: str  # the column, for messages ("hint::…"); empty for a row
    exists: bool = True  # False: the sheet has no such column, `ref` is the row's
    structure: bool = False  # a YAML cell: a problem inside it says where (`all[1].question`)
    rows: bool = False  # a list made of rows (`header` names them: choices, steps, questions…)


@dataclass
class _Reader:
    filename: str
    problems: list[Problem] = field(default_factory=list)
    places: dict[str, _Place] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> header -> column letter

    def problem(self, ref: str, message: str) -> None:
        self.problems.append(Problem(self.filename, None, ref, message))

    def fail(self) -> None:
        if self.problems:
            raise InvalidFile(self.problems)

    # -- the archive and the sheets

    def open(self, data: bytes) -> dict[str, list[_Row]]:
        if len(data) > MAX_FILE_BYTES:
            self.problem("", f"the file is {len(data) // 1024} KiB; a questionnaire workbook may be at most "
                             f"{MAX_FILE_BYTES // 1024} KiB")
            self.fail()
        self._check_archive(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (data validation…)
                book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            self.problem("", f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")
            self.fail()
        try:
            sheets = {}
            for name in book.sheetnames:
                if name not in SHEETS:
                    self.problem(name, f"unknown sheet '{name}' (the sheets are {', '.join(SHEETS)})")
                    continue
                try:
                    sheets[name] = self._rows(book[name], name)
                except Exception as exc:  # a damaged sheet: malformed XML, a chart sheet…
                    self.problem(name, f"the sheet cannot be read ({type(exc).__name__}: {exc})")
        finally:
            book.close()
        for name in (SETTINGS, SURVEY):
            if name not in book.sheetnames:
                self.problem(name, f"no sheet '{name}'")
        self.fail()
        return sheets

    def _check_archive(self, data: bytes) -> None:
        """Refuse what openpyxl should never be given: not a zip, too many or too large entries, a DTD."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            self.problem("", "not an XLSX workbook (an XLSX file is a zip archive)")
            self.fail()
        with archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                self.problem("", f"the workbook has {len(entries)} parts; at most {MAX_ZIP_ENTRIES}")
                self.fail()
            # zipfile stops at the declared size (and fails its CRC beyond it), so the sum is a bound.
            total = sum(entry.file_size for entry in entries)
            if total > MAX_UNCOMPRESSED_BYTES:
                self.problem("", f"the workbook expands to {total // (1024 * 1024)} MiB; at most "
                                 f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MiB")
                self.fail()
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                try:
                    content = archive.read(entry)
                except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
                    self.problem("", f"a damaged part in the workbook, {entry.filename}: {exc}")
                    self.fail()
                # An XLSX never declares a DTD: entities are how XML bombs and external fetches start.
                lowered = content.lower()
                if any(marker.encode(encoding) in lowered for marker in ("<!doctype", "<!entity")
                       for encoding in ("utf-8", "utf-16-le", "utf-16-be")):
                    self.problem("", f"the workbook part {entry.filename} declares a DTD, which XLSX files never do")
                    self.fail()

    def _rows(self, sheet, name: str) -> list[_Row]:
        """The non-empty rows of a sheet under its header row, every cell checked."""
        rows: list[_Row] = []
        headers: dict[int, str] = {}
        letters: dict[str, str] = {}
        for number, cells in enumerate(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1), 1):
            if number > MAX_ROWS:
                if any(cell.value is not None for cell in cells):
                    self.problem(f"{name}!A{number}", f"more than {MAX_ROWS} rows")
                break
            values: dict[str, tuple[str, Any]] = {}
            for index, cell in enumerate(cells, 1):
                if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                    continue
                ref = f"{name}!{get_column_letter(index)}{number}"
                if index > MAX_COLUMNS:
                    self.problem(ref, f"more than {MAX_COLUMNS} columns")
                    break
                if cell.data_type == "f":
                    self.problem(ref, "a formula; write the value itself (formulas are never evaluated)")
                    continue
                if cell.data_type == "e":
                    self.problem(ref, f"an error value ({cell.value}); write the value itself")
                    continue
                if number == 1:
                    header = cell.value.strip() if isinstance(cell.value, str) else str(cell.value)
                    if header in letters:
                        self.problem(ref, f"column '{header}' appears twice")
                        continue
                    headers[index] = header
                    letters[header] = get_column_letter(index)
                    continue
                if index not in headers:
                    self.problem(ref, "a value in a column without a header")
                    continue
                values[headers[index]] = (ref, cell.value)
            if values:
                rows.append(_Row(number, values))
        self.headers[name] = letters
        return rows

    def check_headers(self, sheet: str, allowed: list[Column], extra: Sequence[str] = ()) -> None:
        """Every header names a column of the sheet (a text's with a language code)."""
        texts = {c.header for c in allowed if c.kind == "text"}
        plain = {c.header for c in allowed if c.kind != "text"} | set(extra)
        for header, letter in self.headers.get(sheet, {}).items():
            stem, _, lang = header.partition("::")
            if header in plain or (stem in texts and LANGUAGE_CODE.match(lang)):
                continue
            known = sorted(plain) + [f"{stem}::<lang>" for stem in sorted(texts)]
            hint = f"; a text takes one column per language, {header}::<lang>" if header in texts else ""
            self.problem(f"{sheet}!{letter}1", f"unknown column '{header}' (the columns of {sheet} are "
                                               f"{', '.join(known)}){hint}")

    # -- cells to data

    def _value(self, column: Column, ref: str, value: Any) -> Any:
        """A cell's value as the format expects it, or None after recording a problem."""
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            value = value.date()
        bare = _strip(column.annotation)
        if column.kind == "yaml":
            return self._structure(ref, value)
        if bare is dt.date:
            if isinstance(value, dt.date | str):
                return value.strip() if isinstance(value, str) else value
            self.problem(ref, f"expected a date (YYYY-MM-DD), got {value!r}")
            return None
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.problem(ref, f"a date or time where {column.header} is expected: format the cell as text")
            return None
        numeric = bare in (int, float) or (get_origin(bare) is Literal and all(
            isinstance(arg, int) and not isinstance(arg, bool) for arg in get_args(bare)))
        if numeric or bare is bool:
            if isinstance(value, str):
                value = value.strip()
                if numeric and re.fullmatch(r"-?\d+", value):
                    value = int(value)
            return value  # the models read "2.5", "yes", TRUE…; a wrong value is their error, on this cell
        if isinstance(value, bool | float):
            # 2.10 typed in a cell becomes the number 2.1: refuse rather than guess the text meant
            shown = str(value).upper() if isinstance(value, bool) else f"a number ({value:g})"
            self.problem(ref, f"{shown} where a text is expected: format the cell as text")
            return None
        text = str(value)
        if column.kind == "ids":
            return [part for part in ID_SEPARATORS.split(text) if part]
        if column.kind == "lines":
            return [line.strip() for line in text.splitlines() if line.strip()]
        return text.strip() if column.kind == "scalar" else text  # a translated text is kept as written

    def _structure(self, ref: str, value: Any) -> Any:
        """A condition's cell (or `weight_when`, `also_caps`): YAML flow text, every word read as text."""
        if not isinstance(value, str):
            self.problem(ref, f"expected a YAML text such as {{question: ID, in: [OPTION]}}, got {value!r}")
            return None
        loader = _CellYaml(value)
        try:
            return loader.get_single_data()
        except yaml.YAMLError as exc:
            self.problem(ref, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
            return None
        finally:
            loader.dispose()

    def record(self, sheet: str, row: _Row, cols: list[Column]) -> tuple[dict[str, Any], dict[PathKey, _Place]]:
        """A row as the mapping the model reads, with the place of every key (relative paths)."""
        letters = self.headers.get(sheet, {})
        data: dict[str, Any] = {}
        places: dict[PathKey, _Place] = {(): _Place(row.ref(sheet, letters), "")}
        for column in cols:
            if column.kind == "text":
                text: dict[str, str] = {}
                first = None
                for header, (ref, value) in row.cells.items():
                    stem, _, lang = header.partition("::")
                    if stem != column.header or not lang:
                        continue
                    places[(column.key, lang)] = _Place(ref, header)
                    converted = self._value(column, ref, value)
                    if converted is not None:
                        text[lang] = converted
                stems = [h for h in letters if h.partition("::")[0] == column.header and "::" in h]
                if stems:
                    first = _Place(f"{sheet}!{letters[stems[0]]}{row.number}", f"{column.header}::…")
                    for header in stems:
                        lang = header.partition("::")[2]
                        places.setdefault((column.key, lang), _Place(f"{sheet}!{letters[header]}{row.number}", header))
                places[(column.key,)] = first or _Place(places[()].ref, f"{column.header}::…", exists=False)
                if text:
                    data[column.key] = text
                continue
            if column.header in letters:
                places[(column.key,)] = _Place(f"{sheet}!{letters[column.header]}{row.number}", column.header,
                                               structure=column.kind == "yaml")
            else:
                places[(column.key,)] = _Place(places[()].ref, column.header, exists=False)
            if column.header not in row.cells:
                if column.required and column.nullable:
                    data[column.key] = None  # an empty `score` is the format's `score: null`
                continue
            ref, value = row.cells[column.header]
            converted = self._value(column, ref, value)
            if converted is not None:
                data[column.key] = converted
        return data, places

    def place(self, path: PathKey, places: dict[PathKey, _Place]) -> None:
        """Remember where the keys of a record placed at `path` came from."""
        for relative, where in places.items():
            self.places[format_path(path + relative)] = where

    # -- problems back to cells

    def locate(self, problem: Problem) -> Problem:
        """A problem of the data (a path) as a problem of the workbook (a cell)."""
        path = problem.path
        message = problem.message
        missing = re.fullmatch(r"missing key '(.+)'", message)
        if missing:
            key_path = f"{path}.{missing.group(1)}" if path else missing.group(1)
            where = self.places.get(key_path)
            if where is not None:
                if where.rows:
                    return Problem(self.filename, None, where.ref, f"no rows in the {where.header} sheet for it")
                if where.exists:
                    return Problem(self.filename, None, where.ref, f"empty, but {where.header} is required")
                return Problem(self.filename, None, where.ref, f"no column {where.header}, which is required")
        language = re.fullmatch(r"missing language '(.+)'", message)
        if language and f"{path}.{language.group(1)}" in self.places:
            where = self.places[f"{path}.{language.group(1)}"]
            return Problem(self.filename, None, where.ref, f"empty: the text must be given in '{language.group(1)}'")
        if language and path in self.places:
            stem = self.places[path].header.removesuffix("::…")
            message += f" (add a column {stem}::{language.group(1)})"
        found = path
        while found and found not in self.places:
            shorter = re.sub(r"(\.[^.\[\]]+|\[\d+\]|^[^.\[\]]+)$", "", found)
            if shorter == found:
                break
            found = shorter
        where = self.places.get(found) or self.places.get("") or _Place(f"{SETTINGS}!A1", "")
        rest = path[len(found):].lstrip(".") if path.startswith(found) and where.structure else ""
        if where.rows and found == path:
            rest = where.header  # a list made of rows: "choices: List should have at least 2 items"
        return Problem(self.filename, None, where.ref, f"{rest}: {message}" if rest else message)


Parents = dict[str, tuple[dict[str, Any], PathKey]]  # an item's id -> (its data, its path)


def _check_headers(reader: _Reader) -> None:
    reader.check_headers(SETTINGS, columns(Questionnaire))
    reader.check_headers(SURVEY, _survey_columns())
    reader.check_headers(CHOICES, columns(Option), [PARENT_COLUMN[CHOICES]])
    reader.check_headers(CRITICAL, columns(CriticalRule), [PARENT_COLUMN[CRITICAL]])
    reader.check_headers(RECOMMENDATIONS, columns(Recommendation))
    reader.check_headers(STEPS, [STEP], [PARENT_COLUMN[STEPS]])
    reader.check_headers(FACTS, columns(Fact))
    reader.check_headers(LEVELS, columns(LevelText))


def _settings(reader: _Reader, rows: list[_Row]) -> dict[str, Any]:
    """The top-level keys, from the one row of values of the settings sheet."""
    if not rows:
        reader.problem(f"{SETTINGS}!A2", "no values: the settings sheet has a header row, then one row of values")
        reader.fail()
    for extra in rows[1:]:
        reader.problem(f"{SETTINGS}!A{extra.number}", "the settings sheet has one row of values, under its header row")
    data, places = reader.record(SETTINGS, rows[0], columns(Questionnaire))
    reader.place((), places)
    for key, sheet in (("pillars", SURVEY), ("recommendations", RECOMMENDATIONS), ("facts", FACTS),
                       ("levels", LEVELS)):
        reader.places[key] = _Place(f"{sheet}!A1", sheet, rows=True)
    return data


def _survey(reader: _Reader, rows: list[_Row]) -> tuple[list[dict[str, Any]], Parents]:
    """The pillars with their questions (each question under the pillar row above it), and the questions by id."""
    letters = reader.headers.get(SURVEY, {})
    allowed = {Pillar: {c.header for c in columns(Pillar)}, Question: {c.header for c in columns(Question)}}
    pillars: list[dict[str, Any]] = []
    questions: Parents = {}
    for row in rows:
        kind = str(row.cells["type"][1]).strip() if "type" in row.cells else ""
        if not kind:
            reader.problem(row.ref(SURVEY, letters, "type"), f"empty type: '{PILLAR_TYPE}' or a question type")
            continue
        model = Pillar if kind == PILLAR_TYPE else Question
        for header, (ref, _) in row.cells.items():
            if header.partition("::")[0] not in allowed[model] and header != "type":
                reader.problem(ref, f"column {header} does not apply to {'a pillar' if model is Pillar else 'a question'}")
        if model is Question and not pillars:
            reader.problem(row.ref(SURVEY, letters, "type"),
                           f"a question before any pillar: the survey starts with a row of type '{PILLAR_TYPE}'")
            continue
        record, places = reader.record(SURVEY, row, columns(model))
        if model is Pillar:
            path: PathKey = ("pillars", len(pillars))
            record["questions"] = []
            places[("questions",)] = _Place(places[()].ref, "questions", rows=True)
            pillars.append(record)
        else:
            path = ("pillars", len(pillars) - 1, "questions", len(pillars[-1]["questions"]))
            pillars[-1]["questions"].append(record)
            record["options"] = []
            places[("options",)] = _Place(places[()].ref, CHOICES, rows=True)
            places[("critical",)] = _Place(places[()].ref, CRITICAL, rows=True)
            if isinstance(record.get("id"), str):
                questions.setdefault(record["id"], (record, path))
        reader.place(path, places)
    return pillars, questions


def _children(reader: _Reader, sheet: str, rows: list[_Row], cols: list[Column], parents: Parents, key: str) -> None:
    """The rows of a child sheet (options, critical rules, steps) into the `key` list of the item they name."""
    parent_column = PARENT_COLUMN[sheet]
    what, where = ("question", SURVEY) if sheet in (CHOICES, CRITICAL) else ("recommendation", RECOMMENDATIONS)
    letters = reader.headers.get(sheet, {})
    for row in rows:
        if parent_column not in row.cells:
            reader.problem(row.ref(sheet, letters, parent_column), f"empty {parent_column}: the {what} it belongs to")
            continue
        ref, name = row.cells[parent_column]
        if str(name).strip() not in parents:
            reader.problem(ref, f"no {what} '{name}' in the {where} sheet")
            continue
        parent, parent_path = parents[str(name).strip()]
        record, places = reader.record(sheet, row, cols)
        if cols == [STEP]:  # a step is a translated text, not a mapping of keys
            record = record.get(STEP_COLUMN, {})
            places = {(): places[()], **{rel[1:]: place for rel, place in places.items() if rel[:1] == (STEP_COLUMN,)}}
        items = parent.setdefault(key, [])
        reader.place(parent_path + (key, len(items)), places)
        items.append(record)


def _listed(reader: _Reader, sheet: str, rows: list[_Row], model: type[BaseModel], data: dict[str, Any],
            key: str) -> Parents:
    """The rows of a top-level list (recommendations, facts) into `data[key]`; the items by id."""
    found: Parents = {}
    for row in rows:
        record, places = reader.record(sheet, row, columns(model))
        path = (key, len(data.setdefault(key, [])))
        for nested in NESTED.get(model, ()):
            places[(nested,)] = _Place(places[()].ref, nested, rows=True)  # e.g. `steps`: their own sheet
        reader.place(path, places)
        data[key].append(record)
        if isinstance(record.get("id"), str):
            found.setdefault(record["id"], (record, path))
    return found


def _assemble(reader: _Reader, sheets: dict[str, list[_Row]]) -> dict[str, Any]:
    """The questionnaire's data from the sheets' rows, every key's place remembered."""
    _check_headers(reader)
    data = _settings(reader, sheets.get(SETTINGS, []))
    data["pillars"], questions = _survey(reader, sheets.get(SURVEY, []))
    _children(reader, CHOICES, sheets.get(CHOICES, []), columns(Option), questions, "options")
    _children(reader, CRITICAL, sheets.get(CRITICAL, []), columns(CriticalRule), questions, "critical")
    recommendations = _listed(reader, RECOMMENDATIONS, sheets.get(RECOMMENDATIONS, []), Recommendation, data,
                              "recommendations")
    _children(reader, STEPS, sheets.get(STEPS, []), [STEP], recommendations, "steps")
    _listed(reader, FACTS, sheets.get(FACTS, []), Fact, data, "facts")
    _listed(reader, LEVELS, sheets.get(LEVELS, []), LevelText, data, "levels")
    reader.fail()
    return data


# libyaml's emitter when PyYAML was built with it (the bundled questionnaire is 300 KB of YAML)
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SAFE_DUMPER):  # type: ignore[valid-type,misc]
    """Short mappings and lists on one line, as the format's examples write them: `{fr: "…", en: "…"}`."""


def _room_left(value: Any, room: int) -> int:
    """`room` less the estimated width of `value` in flow style; negative once it does not fit."""
    if isinstance(value, dict):
        room -= 2
        for key, child in value.items():
            room = _room_left(child, room - len(str(key)) - 4)
            if room < 0:
                break
        return room
    if isinstance(value, list):
        room -= 2
        for child in value:
            room = _room_left(child, room - 2)
            if room < 0:
                break
        return room
    text = str(value)
    return -1 if "\n" in text else room - len(text) - 2


def _represent(dumper: yaml.SafeDumper, value: dict | list) -> yaml.Node:
    flow = _room_left(value, 80) >= 0
    if isinstance(value, dict):
        return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(dict, _represent)
_Dumper.add_representer(list, _represent)


def _yaml_text(data: dict[str, Any], dumper: type = _SAFE_DUMPER) -> str:
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def parse_workbook(content: bytes, filename: str = "<workbook>", catalogue: Catalogue | None = None) -> Questionnaire:
    """Validate a questionnaire given as the bytes of an XLSX workbook; problems name sheet and cell."""
    reader = _Reader(filename)
    data = _assemble(reader, reader.open(content))
    try:
        return parse_questionnaire(_yaml_text(data), filename, catalogue)
    except InvalidFile as exc:
        raise InvalidFile(list(dict.fromkeys(reader.locate(p) for p in exc.problems))) from None


def load_workbook_file(path: Path | str, catalogue: Catalogue | None = None) -> Questionnaire:
    """Load and validate a questionnaire workbook (.xlsx)."""
    filename = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidFile([Problem(filename, None, "", f"the file is {size // 1024} KiB; a questionnaire "
                                                           f"workbook may be at most {MAX_FILE_BYTES // 1024} KiB")])
        content = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidFile([Problem(filename, None, "", f"cannot read file: {exc.strerror}")]) from None
    return parse_workbook(content, filename, catalogue)


def questionnaire_yaml(questionnaire: Questionnaire) -> str:
    """The questionnaire as a YAML file of the format, with the keys its source set (so it hashes the same)."""
    return _yaml_text(questionnaire.model_dump(by_alias=True, exclude_unset=True), _Dumper)

