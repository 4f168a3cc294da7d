"""The questionnaires offered: the bundled ones and those installed in QUESTIONNAIRES_DIR (issue #16 §2).

One registry for the web pages, the API and the CLI. The installed folder is scanned again whenever its
listing changes (names, sizes, modification times, inodes), so a questionnaire installed by the CLI or
by another gunicorn worker is offered by every process at its next request, without a restart. A file
there that is not valid is logged with the validator's located problems and skipped: it never stops
the app. Installing validates first, then writes `<id>.yaml` in one step (a temporary file renamed),
so no process ever reads half a file. Assessments keep the questionnaire they were answered with (a
snapshot by content hash), so replacing a questionnaire by a new version never changes them.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import resources, settings
from .i18n import N_
from .loading import InvalidFile, Problem, UnknownQuestionnaire, bundled_catalogue, bundled_questionnaires, parse_questionnaire
from .questionnaire import Questionnaire

log = logging.getLogger("assessment.questionnaires")

MAX_FILE_BYTES = 1024 * 1024  # an installed questionnaire, YAML or XLSX (the bundled one is about 330 KB)
YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIX = ".xlsx"
BUNDLED = "bundled"
INSTALLED = "installed"


@dataclasses.dataclass(frozen=True)
class Offered:
    """A questionnaire offered here, and where it comes from (`origin` BUNDLED or INSTALLED, and its file)."""

    questionnaire: Questionnaire
    origin: str
    path: Path


class Refused(Exception):
    """An installation refused for a reason other than the file's content.

    `message` is an English msgid (marked N_, with %(name)s placeholders) so the web can say it in the
    page's language; `str()` is the English sentence the CLI prints.
    """

    def __init__(self, message: str, **params: Any):
        self.message, self.params = message, params
        super().__init__(message % params if params else message)


class NotOffered(UnknownQuestionnaire):
    """No questionnaire offered here has this id (bundled or installed)."""

    def __init__(self, questionnaire_id: str, known: Sequence[str]):
        self.questionnaire_id = questionnaire_id
        LookupError.__init__(self, f"unknown questionnaire '{questionnaire_id}' (available: {', '.join(known) or 'none'})")


# Reading a questionnaire someone wants to install


def _refuse_aliases(text: str, filename: str) -> None:
    """YAML anchors and aliases (&a, *a) are refused in a file to install: nested, they are how YAML bombs start."""
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise InvalidFile([Problem(filename, mark.line + 1 if mark else None, "",
                                           "an alias (*name): write the value itself; anchors and aliases are not "
                                           "accepted in a questionnaire to install")])
    except yaml.YAMLError:
        return  # the validator names the syntax error with its line


def read_questionnaire_file(content: bytes, filename: str) -> tuple[Questionnaire, str]:
    """A questionnaire to install, from the bytes of a YAML or XLSX file: (the questionnaire, its YAML text).

    Refused: a file over MAX_FILE_BYTES or of another kind (`Refused`), invalid content (`InvalidFile`, with
    the validator's located problems), a questionnaire the web pages could not show (not in every interface
    language). A workbook is converted to YAML, which is what gets installed.
    """
    name = filename
    suffix = Path(name).suffix.lower()
    if suffix not in (*YAML_SUFFIXES, WORKBOOK_SUFFIX):
        raise Refused(N_("%(file)s: a questionnaire is a YAML file (.yaml) or an XLSX workbook (.xlsx)"), file=name)
    if len(content) > MAX_FILE_BYTES:
        raise Refused(N_("%(file)s: the file is %(size)s KiB; a questionnaire to install may be at most %(limit)s KiB"),
                      file=name, size=len(content) // 1024, limit=MAX_FILE_BYTES // 1024)
    catalogue = bundled_catalogue()
    if suffix == WORKBOOK_SUFFIX:
        from .spreadsheet import parse_workbook, questionnaire_yaml

        questionnaire = parse_workbook(content, name, catalogue)
        text = (f"# Imported from {Path(name).name} (an XLSX workbook) when it was installed: the format is "
                f"docs/questionnaire-format.md.\n{questionnaire_yaml(questionnaire)}")
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidFile([Problem(name, None, "", f"not UTF-8 text (byte {exc.start})")]) from None
        _refuse_aliases(text, name)
        questionnaire = parse_questionnaire(text, name, catalogue)
    missing_languages(questionnaire, name)
    return questionnaire, text


def missing_languages(questionnaire: Questionnaire, filename: str) -> None:
    """Refuse (InvalidFile) a questionnaire not written in every interface language: the pages would lack its text."""
    missing = [code for code in settings.LANGUAGES if code not in questionnaire.languages]
    if missing:
        lines = questionnaire._source[1] if questionnaire._source else {}
        raise InvalidFile([Problem(filename, lines.get(("languages",)), "languages",
                                   f"the web pages are in {', '.join(settings.LANGUAGES)}: a questionnaire installed "
                                   f"here must be written in each of them (missing: {', '.join(missing)})")])


# The registry


@dataclasses.dataclass(frozen=True)
class _Scan:
    signature: tuple
    bundled: dict[str, Questionnaire]
    offered: dict[str, Offered]
    invalid: dict[Path, list[Problem]]


def _listing(folder: Path) -> tuple:
    """What tells a change in the folder: every YAML file's name, size, modification time and inode."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    found = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(YAML_SUFFIXES):
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue  # removed meanwhile
        found.append((entry.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(sorted(found))


class Registry:
    """The bundled questionnaires and those installed in one folder, re-read when the folder changes."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._scan = _Scan((None,), {}, {}, {})
        # One parse per file version: (name, size, mtime, inode) -> the questionnaire, or its problems.
        self._parsed: dict[tuple, Questionnaire | list[Problem]] = {}
        self._logged: set[tuple] = set()  # the file versions whose clash of ids was logged

    def _current(self) -> _Scan:
        signature = _listing(self.folder)
        bundled = bundled_questionnaires()
        scan = self._scan
        if scan.signature == signature and scan.bundled is bundled:
            return scan
        with self._lock:
            if self._scan.signature != signature or self._scan.bundled is not bundled:
                self._scan = self._rescan(signature, bundled)
            return self._scan

    def _parse(self, key: tuple) -> Questionnaire | list[Problem]:
        if key in self._parsed:
            return self._parsed[key]
        path = self.folder / key[0]
        try:
            result: Questionnaire | list[Problem] = read_questionnaire_file(path.read_bytes(), str(path))[0]
        except InvalidFile as exc:
            result = exc.problems
        except Refused as exc:
            result = [Problem(str(path), None, "", str(exc))]
        except OSError as exc:
            result = [Problem(str(path), None, "", f"cannot read file: {exc.strerror}")]
        if isinstance(result, list):
            log.warning("questionnaire file skipped, not offered:\n%s", "\n".join(str(p) for p in result))
        self._parsed[key] = result
        return result

    def _rescan(self, signature: tuple, bundled: dict[str, Questionnaire]) -> _Scan:
        bundled_files = {q.id: Path(q._source[0]) if q._source else resources.questionnaires_dir()
                         for q in bundled.values()}
        offered = {qid: Offered(q, BUNDLED, bundled_files[qid]) for qid, q in bundled.items()}
        invalid: dict[Path, list[Problem]] = {}
        parsed = [(key, self._parse(key)) for key in signature]
        # For an id in two files, `<id>.yaml` (what install writes) wins over another name, then the first by name.
        parsed.sort(key=lambda item: (isinstance(item[1], list) or Path(item[0][0]).stem != item[1].id, item[0][0]))
        for key, result in parsed:
            path = self.folder / key[0]
            if isinstance(result, list):
                invalid[path] = result
                continue
            if result.id in offered:
                where = "bundled" if offered[result.id].origin == BUNDLED else f"installed in {offered[result.id].path}"
                problem = Problem(str(path), None, "id", f"'{result.id}' is the id of a questionnaire already "
                                                         f"{where}; this file is not offered")
                if key not in self._logged:
                    log.warning("questionnaire file skipped, not offered:\n%s", problem)
                    self._logged.add(key)
                invalid[path] = [problem]
                continue
            offered[result.id] = Offered(result, INSTALLED, path)
        # Forget the parses of file versions that are gone.
        self._parsed = {key: value for key, value in self._parsed.items() if key in signature}
        self._logged &= set(signature)
        return _Scan(signature, bundled, offered, invalid)

    def offered(self) -> dict[str, Offered]:
        """Every questionnaire offered, by id: the bundled ones first, then the installed ones."""
        return self._current().offered

    def questionnaires(self) -> dict[str, Questionnaire]:
        """The questionnaires offered, by id."""
        return {qid: entry.questionnaire for qid, entry in self.offered().items()}

    def invalid(self) -> dict[Path, list[Problem]]:
        """The files of the folder that are not offered, with why."""
        return self._current().invalid

    def get(self, questionnaire_id: str | None = None) -> Questionnaire:
        """A questionnaire offered here by id (the default one for None), else NotOffered."""
        wanted = questionnaire_id or resources.DEFAULT_QUESTIONNAIRE
        offered = self.offered()
        if wanted not in offered:
            raise NotOffered(wanted, list(offered))
        return offered[wanted].questionnaire

    # Installing

    def plan(self, questionnaire: Questionnaire, replace: bool = False) -> Offered | None:
        """What installing `questionnaire` would replace (None: nothing), or Refused saying why it may not."""
        offered = self.offered()
        current = offered.get(questionnaire.id)
        if current is not None and current.origin == BUNDLED:
            raise Refused(N_("'%(id)s' is the id of a bundled questionnaire: give yours another id"), id=questionnaire.id)
        target = self.folder / f"{questionnaire.id}.yaml"
        if current is None:
            if target.exists() and not replace:
                raise Refused(N_("%(file)s already exists (a file that is not offered: see sovereign-ai validate); "
                                 "install with --replace to overwrite it"), file=str(target))
            return None
        if not replace:
            raise Refused(N_("'%(id)s' version %(version)s is already installed; to install a new version, "
                             "replace it (--replace)"), id=questionnaire.id, version=current.questionnaire.version)
        if current.questionnaire.version == questionnaire.version:
            raise Refused(N_("'%(id)s' version %(version)s is already installed: a replacement must have another "
                             "version"), id=questionnaire.id, version=questionnaire.version)
        return current

    def install(self, questionnaire: Questionnaire, text: str, replace: bool = False) -> Offered | None:
        """Install a questionnaire read by `read_questionnaire_file` (its YAML `text`); returns what it replaced.

        The file is `<id>.yaml` in the folder (or the replaced questionnaire's own file), written to a
        temporary file then renamed, so other processes see the old file or the new one, never half of one.
        """
        replaced = self.plan(questionnaire, replace)
        target = replaced.path if replaced is not None else self.folder / f"{questionnaire.id}.yaml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".installing-", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(text)
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise Refused(N_("cannot write in %(folder)s: %(reason)s"), folder=str(self.folder),
                          reason=exc.strerror or str(exc)) from None
        return replaced


_registries: dict[Path, Registry] = {}
_registries_lock = threading.Lock()


def registry(folder: Path | str) -> Registry:
    """The registry of the bundled questionnaires and those installed in `folder` (one per folder and process)."""
    key = Path(folder).absolute()
    with _registries_lock:
        if key not in _registries:
            _registries[key] = Registry(key)
        return _registries[key]


def offered_with_hash(content_hash: str) -> Questionnaire | None:
    """A questionnaire some registry of this process offers with this content hash (an installed one read
    from its file, with no snapshot to decode), else None."""
    with _registries_lock:
        scans = [r._scan for r in _registries.values()]
    for scan in scans:
        for entry in scan.offered.values():
            if entry.origin == INSTALLED and entry.questionnaire.content_hash() == content_hash:
                return entry.questionnaire
    return None


def describe(entry: Offered) -> Mapping[str, Any]:
    """A questionnaire offered, as `questionnaire list --json` and the web list give it."""
    q = entry.questionnaire
    return {"id": q.id, "version": q.version, "languages": list(q.languages), "title": dict(q.title),
            "origin": entry.origin, "file": str(entry.path), "pillars": len(q.pillars),
            "questions": sum(1 for _ in q.questions())}
