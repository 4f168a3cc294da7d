"""The `sovereign-ai` command: validate, show, score, report, catalogue, serve, worker, db.

User errors (a bad file, an unknown questionnaire) print a clear message on stderr and exit 1;
they never show a traceback. Usage errors exit 2, as argparse does, and so does a questionnaire that
`questionnaire install` refuses (nothing installed).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, registry, resources, settings
from .answers import AnswersError, AnswerSheet, parse_document, read_document
from .evaluation import Evaluation, evaluate
from .i18n import site_name, translator
from .loading import (
    InvalidFile,
    UnknownQuestionnaire,
    bundled_catalogue,
    load_catalogue,
    load_questionnaire,
    overdue_reviews,
)
from .questionnaire import json_schema, questionnaire_json
from .scoring import level_name


_QUIET = logging.NullHandler()


class UserError(Exception):
    """An error the user can fix; its message is printed as is."""


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _iso_date(text: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate questionnaire and catalogue files (default: every bundled one)."""
    catalogue = None
    failed = 0
    overdue = []
    today = args.today or dt.date.today()
    catalogue_path = Path(args.catalogue_file) if args.catalogue_file else resources.catalogue_file()
    try:
        catalogue = load_catalogue(catalogue_path)
        if not args.files or catalogue_path.resolve() in {Path(f).resolve() for f in args.files}:
            print(f"OK {catalogue_path} (catalogue: {len(catalogue.tools)} tools)")
            overdue += overdue_reviews(catalogue, today)
    except InvalidFile as exc:
        failed += 1
        for problem in exc.problems:
            print(problem, file=sys.stderr)
    files = [Path(f) for f in args.files] or resources.questionnaire_files()
    for path in files:
        if path.resolve() == catalogue_path.resolve():
            continue
        try:
            questionnaire = load_questionnaire(path, catalogue)
        except InvalidFile as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        count = sum(1 for _ in questionnaire.questions())
        print(f"OK {path} ({questionnaire.id} {questionnaire.version}: {len(questionnaire.pillars)} pillars, "
              f"{count} questions, {len(questionnaire.recommendations)} recommendations)")
        overdue += overdue_reviews(questionnaire, today)
    if not args.files:
        failed, overdue = _validate_installed(catalogue, today, failed, overdue)
    for problem in overdue:
        print(f"warning: {problem}", file=sys.stderr)
    if overdue:
        print(f"{len(overdue)} fact(s) past their review_by date (as of {today})", file=sys.stderr)
    return 1 if failed or (overdue and args.strict) else 0


def _validate_installed(catalogue, today: dt.date, failed: int, overdue: list) -> tuple[int, list]:
    """`validate` without files also checks every questionnaire installed in QUESTIONNAIRES_DIR, as the app reads them."""
    installed = _registry()
    entries = {entry.path: entry for entry in installed.offered().values() if entry.origin == registry.INSTALLED}
    invalid = installed.invalid()
    for path in sorted({*entries, *invalid}):
        if path in invalid:
            failed += 1
            for problem in invalid[path]:
                print(problem, file=sys.stderr)
            continue
        print(f"OK {path} ({_counts(entries[path].questionnaire)}; installed)")
        overdue += overdue_reviews(entries[path].questionnaire, today)
    return failed, overdue


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the questionnaire format."""
    _print_json(json_schema())
    return 0


# `sovereign-ai questionnaire export/import`: a questionnaire as an XLSX workbook (assessment/spreadsheet.py).


def _questionnaire_from(source: str, args: argparse.Namespace):
    """A bundled questionnaire by id, or a questionnaire file (a path, or a name ending in .yaml)."""
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.is_file() or "/" in source:
        return load_questionnaire(path, _catalogue(args))
    return _registry().get(source)


def _counts(questionnaire) -> str:
    questions = sum(1 for _ in questionnaire.questions())
    return (f"{questionnaire.id} {questionnaire.version}: {len(questionnaire.pillars)} pillars, {questions} questions, "
            f"{len(questionnaire.recommendations)} recommendations")


def cmd_questionnaire_export(args: argparse.Namespace) -> int:
    """Write a questionnaire (bundled id or YAML file) as an XLSX workbook."""
    from .spreadsheet import write_workbook

    questionnaire = _questionnaire_from(args.source, args)
    try:
        write_workbook(questionnaire, args.xlsx)
    except OSError as exc:
        raise UserError(f"cannot write {args.xlsx}: {exc.strerror}") from None
    print(f"{args.xlsx} ({_counts(questionnaire)})")
    return 0


def cmd_questionnaire_import(args: argparse.Namespace) -> int:
    """Validate an XLSX workbook and write it as a questionnaire YAML file."""
    from .spreadsheet import load_workbook_file, questionnaire_yaml

    questionnaire = load_workbook_file(args.workbook, _catalogue(args))
    text = (f"# Imported from {Path(args.workbook).name} by `sovereign-ai questionnaire import`: the format is "
            f"docs/questionnaire-format.md.\n{questionnaire_yaml(questionnaire)}")
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"OK {args.output} ({_counts(questionnaire)})")
    return 0


def _registry() -> registry.Registry:
    """The questionnaires offered here: the bundled ones and those installed in QUESTIONNAIRES_DIR."""
    return registry.registry(_settings().questionnaires_dir)


REFUSED = 2  # `questionnaire install` refused the file: nothing was installed


def cmd_questionnaire_install(args: argparse.Namespace) -> int:
    """Validate a questionnaire (YAML or XLSX) and install it in QUESTIONNAIRES_DIR, as YAML."""
    installed = _registry()
    path = Path(args.file)
    try:
        try:
            size = path.stat().st_size
            if size > registry.MAX_FILE_BYTES:  # refused before reading it
                content = b"\0" * (registry.MAX_FILE_BYTES + 1)
            else:
                content = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {args.file}: {exc.strerror}") from None
        questionnaire, text = registry.read_questionnaire_file(content, args.file)
        replaced = installed.install(questionnaire, text, replace=args.replace)
    except InvalidFile as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"error: {args.file} was not installed", file=sys.stderr)
        return REFUSED
    except (registry.Refused, UserError) as exc:
        print(f"error: {exc}; nothing was installed", file=sys.stderr)
        return REFUSED
    where = installed.offered()[questionnaire.id].path
    print(f"installed {where} ({_counts(questionnaire)})")
    if replaced is not None:
        old = replaced.questionnaire.version
        print(f"version {old} is replaced by {questionnaire.version}: new assessments and workshops use "
              f"{questionnaire.version}; those started with {old} keep it (a snapshot in the database), "
              f"answerable and readable as before")
    return 0


def cmd_questionnaire_list(args: argparse.Namespace) -> int:
    """List the questionnaires offered: id, version, languages, where each comes from."""
    installed = _registry()
    entries = [registry.describe(entry) for entry in installed.offered().values()]
    if args.json:
        _print_json(entries)
    else:
        for entry in entries:
            origin = "bundled" if entry["origin"] == registry.BUNDLED else f"installed {entry['file']}"
            print(f"{entry['id']}\t{entry['version']}\t{','.join(entry['languages'])}\t{origin}")
    for path in sorted(installed.invalid()):
        print(f"not offered: {path} (invalid: sovereign-ai validate names the problems)", file=sys.stderr)
    return 0


# `sovereign-ai answers import`: a workshop's CSV or XLSX export back to answers documents (answer_table.py).


def cmd_answers_import(args: argparse.Namespace) -> int:
    """Read a workshop's answers table (CSV or XLSX) and write one answers document per participant."""
    from .answer_table import read_table

    questionnaire = _questionnaire(args)
    try:
        data = Path(args.table).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.table}: {exc.strerror}") from None
    responses = read_table(data, args.table, questionnaire)
    output = Path(args.output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        for respondent in responses.respondents:
            sheet = AnswerSheet(questionnaire.id, questionnaire.version, questionnaire.languages[0], {},
                                responses.answers[respondent.participant])
            path = output / f"{_file_name(respondent.participant)}.json"
            path.write_text(json.dumps(sheet.as_document(questionnaire), ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
            print(f"{path} ({len(sheet.answers)} answers)")
    except OSError as exc:
        raise UserError(f"cannot write into {output}: {exc.strerror}") from None
    return 0


def _file_name(participant: str) -> str:
    """participant-3, or consensus: a file name made of the participant column's letters and digits."""
    safe = "".join(char for char in participant if char.isalnum() or char in "-_")[:40] or "participant"
    return safe if safe == "consensus" else f"participant-{safe}"


def _questionnaire(args: argparse.Namespace):
    if args.questionnaire_file:
        return load_questionnaire(args.questionnaire_file, _catalogue(args))
    return _registry().get(args.questionnaire)


def _catalogue(args: argparse.Namespace):
    return load_catalogue(args.catalogue_file) if getattr(args, "catalogue_file", None) else bundled_catalogue()


def _language(languages: Sequence[str], lang: str | None, what: str = "questionnaire") -> str:
    """`lang` (by default the default language, else the first one) if it is one of a questionnaire's or
    catalogue's `languages`."""
    if lang is None:
        return settings.DEFAULT_LANGUAGE if settings.DEFAULT_LANGUAGE in languages else languages[0]
    if lang in languages:
        return lang
    if len(languages) == 1:
        raise UserError(f"this {what} is in {languages[0]} only; use --lang {languages[0]}")
    named = f"{', '.join(languages[:-1])} and {languages[-1]}"
    raise UserError(f"this {what} is in {named}; use {' or '.join(f'--lang {code}' for code in languages)}")


def cmd_show(args: argparse.Namespace) -> int:
    """Print a questionnaire, as JSON or as a readable outline."""
    questionnaire = _questionnaire(args)
    if args.json:
        _print_json(questionnaire_json(questionnaire))
        return 0
    lang = _language(questionnaire.languages, args.lang)
    print(f"{questionnaire.title[lang]} — {questionnaire.id} {questionnaire.version}")
    for pillar in questionnaire.pillars:
        print(f"\n{pillar.title[lang]} ({pillar.id}, weight {pillar.weight:g})")
        for question in pillar.questions:
            print(f"  {question.id}: {question.text[lang]}")
            for option in question.options:
                points = "—" if option.score is None else option.score
                print(f"      {option.id} [{points}] {option.label[lang]}")
    return 0


def _scored(args: argparse.Namespace) -> Evaluation:
    """Validate, score and advise on the answers file named on the command line."""
    catalogue = _catalogue(args)
    own = load_questionnaire(args.questionnaire_file, catalogue) if args.questionnaire_file else None

    def lookup(questionnaire_id: str):
        if own is None:
            return _registry().get(questionnaire_id)
        if questionnaire_id != own.id:
            raise UserError(f"the answers are for '{questionnaire_id}', {args.questionnaire_file} is '{own.id}'")
        return own

    sheet, questionnaire = parse_document(read_document(args.answers), lookup)
    return evaluate(questionnaire, sheet, catalogue)


def cmd_score(args: argparse.Namespace) -> int:
    """Score an answers document."""
    evaluation = _scored(args)
    if args.json:
        _print_json(evaluation.as_json())
        return 0
    questionnaire, sheet, result, advice = (evaluation.questionnaire, evaluation.sheet, evaluation.result,
                                            evaluation.advice)
    lang = _language(questionnaire.languages, args.lang or sheet.language)
    text = translator(lang)
    name = sheet.organisation.get("name")
    print(f"{questionnaire.title[lang]} {questionnaire.version}" + (f" — {name}" if name else ""))

    def describe(score_value, level) -> str:
        if score_value is None:
            return text.gettext("not assessed (no informed answer)")
        return text.gettext("%(score)s/100, level %(level)s (%(name)s)", score=format(score_value, "5.1f"), level=level,
                            name=level_name(level, lang, questionnaire))

    print(text.gettext("Overall: %(result)s, confidence %(confidence)s", result=describe(result.score, result.level),
                       confidence=format(result.confidence, ".0%")))
    for pillar in questionnaire.pillars:
        pr = result.pillars[pillar.id]
        described = describe(pr.score, pr.level)
        if pr.level != pr.uncapped_level:
            described += " — " + text.gettext("capped, was %(level)s (raw score %(raw)s)", level=pr.uncapped_level,
                                              raw=format(pr.raw_score, ".1f"))
        print("  " + text.gettext("%(pillar)s: %(result)s, confidence %(confidence)s", pillar=pillar.title[lang],
                                  result=described, confidence=format(pr.confidence, ".0%")))
        if pr.unknown:
            print("      " + text.gettext("to investigate (don’t know): %(questions)s",
                                          questions=", ".join(pr.unknown)))
        if pr.unanswered:
            print("      " + text.gettext("unanswered: %(questions)s", questions=", ".join(pr.unanswered)))
    if result.findings:
        print("\n" + text.gettext("Critical findings:"))
        for finding in result.findings:
            print("  - " + text.gettext("[%(pillar)s, max level %(cap)s] %(finding)s", pillar=finding.pillar,
                                        cap=finding.rule.cap, finding=finding.rule.finding[lang]))
    if advice:
        print("\n" + text.gettext("Recommendations:"))
        for index, item in enumerate(advice, 1):
            rec = item.recommendation
            tools = f" — {', '.join(t.name for t in item.tools)}" if item.tools else ""
            print(f"  {index}. [{rec.priority}, {rec.horizon}] {rec.title[lang]}{tools}")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    """List the tool catalogue."""
    catalogue = _catalogue(args)
    if args.json:
        _print_json([tool.model_dump(mode="json", exclude_none=True) for tool in catalogue.tools])
        return 0
    lang = args.lang
    for tool in catalogue.tools:
        print(f"{tool.id:22} {tool.name} — {tool.vendor} ({tool.country}), {tool.category}, "
              f"{'/'.join(tool.deployment)}, {tool.license} "
              + translator(lang).gettext("[verified %(date)s]", date=tool.verified))
    return 0


def _configured_site_name() -> str | None:
    """SITE_NAME from the environment, as the web app reads it (empty means unset)."""
    return os.environ.get("SITE_NAME", "").strip() or None


def _write_report(args: argparse.Namespace, answers: str, output: Path) -> str:
    """Render the PDF report of one answers document to `output`; the line printed for it."""
    from .report import model, pdf

    evaluation = _scored(argparse.Namespace(**{**vars(args), "answers": answers}))
    lang = _language(evaluation.catalogue.languages,
                     _language(evaluation.questionnaire.languages, args.lang or evaluation.sheet.language), "catalogue")
    report = model.build(evaluation, lang)
    if getattr(args, "brand_data", None) is not None:
        report = dataclasses.replace(report, brand=args.brand_data)
    data = pdf.write_pdf(report, site_name=_configured_site_name())
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from None
    return f"{output} ({len(data) // 1024} KiB, {report.lang})"


def _batch_item(job: tuple[argparse.Namespace, str, Path]) -> tuple[bool, list[str]]:
    """One report of a batch, in a pool process: (written, lines to print)."""
    args, answers, output = job
    try:
        return True, [_write_report(args, answers, output)]
    except InvalidFile as exc:
        return False, [str(problem) for problem in exc.problems]
    except AnswersError as exc:
        return False, [f"{answers}: invalid answers:"] + [f"  - {problem}" for problem in exc.problems]
    except (UnknownQuestionnaire, UserError) as exc:
        return False, [f"error: {answers}: {exc}"]


def _load_brand(args: argparse.Namespace) -> bool:
    """Read `--brand brand.yaml` into `args.brand_data`; False (the problems printed) when it cannot be used."""
    args.brand_data = None
    if not args.brand:
        return True
    from .brand import load_brand_file

    try:
        args.brand_data = load_brand_file(args.brand)
    except InvalidFile as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return False
    return True


def cmd_report(args: argparse.Namespace) -> int:
    """Write the PDF report of an answers document, or of many into a folder with a pool of processes."""
    if not _load_brand(args):
        return 2  # a usage error, as argparse's: nothing is written
    output = Path(args.output)
    if len(args.answers) == 1 and not (args.output.endswith("/") or output.is_dir()):
        print(_write_report(args, args.answers[0], output))
        return 0
    import concurrent.futures
    import multiprocessing

    from .report import pdf

    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs takes a number of processes, at least 1")
    names = [Path(answers).stem + ".pdf" for answers in args.answers]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UserError(f"two answers files would both be written to {output / twice[0]}: rename one")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {output}: {exc.strerror}") from None
    pdf._stylesheets()  # parsed once here, inherited by every forked process
    jobs = [(args, answers, output / name) for answers, name in zip(args.answers, names, strict=True)]
    processes = min(len(jobs), args.jobs or os.cpu_count() or 1)
    failed = 0
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        for written, lines in pool.map(_batch_item, jobs):
            failed += not written
            print("\n".join(lines), file=sys.stdout if written else sys.stderr)
    return 1 if failed else 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the processes that render PDF reports from the task queue, until Ctrl-C or SIGTERM."""
    import os

    from . import create_app
    from .web import render_queue

    app = create_app()
    render_queue.worker_app = app  # each forked worker renders with it
    # The start-up check left a connection in the pool: forked processes sharing it would interleave
    # their statements on one socket (PostgreSQL: "prepared statement already exists", or a hang).
    app.extensions["database"].engine.dispose()
    workers = args.workers or os.cpu_count() or 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # not 60 lines per report
    print(f"{workers} report worker(s) on the queue {render_queue.describe(app)}", flush=True)
    render_queue.queue_of(app).create_consumer(workers=workers, worker_type="process").run()
    return 0


def _settings():
    """The settings from the environment; a configuration error becomes a UserError."""
    from .settings import ConfigurationError, Settings

    try:
        return Settings.load()
    except ConfigurationError as exc:
        raise UserError(str(exc)) from None


def _app():
    """The web app as `serve` builds it; a start-up error becomes a UserError."""
    from .settings import ConfigurationError
    from .storage.database import DatabaseNotReady
    from .web import build_app

    try:
        return build_app()
    except (ConfigurationError, DatabaseNotReady) as exc:
        raise UserError(str(exc)) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app on the development server."""
    app = _app()
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Create or migrate the database to the latest schema (the web app is not built)."""
    from .settings import ConfigurationError
    from .storage.database import DatabaseNotReady, check_url, display_url, upgrade

    url = _settings().database_url
    try:
        check_url(url)
        upgrade(url)
    except (ConfigurationError, DatabaseNotReady) as exc:
        raise UserError(str(exc)) from None
    print(f"database at revision head ({display_url(url)})")
    return 0


def _questionnaire_options(parser: argparse.ArgumentParser, bundled_id: bool = True) -> None:
    """--questionnaire ID (bundled), or a consultant's own --questionnaire-file and --catalogue-file."""
    if bundled_id:
        parser.add_argument("--questionnaire", metavar="ID", help="a questionnaire id (bundled or installed)")
    parser.add_argument("--questionnaire-file", metavar="FILE", help="a questionnaire file instead of a bundled one")
    parser.add_argument("--catalogue-file", metavar="FILE", help="the catalogue its recommendations name")


@contextlib.contextmanager
def _database_session():
    """A session on the database the settings name (SQLite migrated at first use), without the web app."""
    from sqlalchemy.orm import Session

    from .settings import ConfigurationError
    from .storage.database import DatabaseNotReady, open_database

    try:
        engine = open_database(_settings().database_url)
    except (ConfigurationError, DatabaseNotReady) as exc:
        raise UserError(str(exc)) from None
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _read_password() -> str:
    """The password from standard input: asked twice on a terminal, one line otherwise."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Again: "):
            raise UserError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_consultant(args: argparse.Namespace) -> int:
    """Add, list or remove consultant accounts."""
    from .storage import accounts

    with _database_session() as session:
        try:
            if args.consultant_command == "add":
                accounts.add_consultant(session, args.email, _read_password())
                print(f"consultant {accounts.normalise_email(args.email)} added")
            elif args.consultant_command == "remove":
                count = accounts.remove_consultant(session, args.email)
                print(f"consultant {accounts.normalise_email(args.email)} removed, with {count} workshop(s)")
            else:
                for email, count, created in accounts.consultants(session):
                    print(f"{email}\t{count} workshop(s)\tsince {created:%Y-%m-%d}")
        except accounts.AccountError as exc:
            raise UserError(str(exc)) from None
        session.commit()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Print everything stored about an assessment as JSON."""
    from . import services
    from .storage.models import Assessment

    with _database_session() as session:
        assessment = session.get(Assessment, args.id)
        if assessment is None:
            raise UserError(f"no assessment {args.id}")
        _print_json(services.export(session, assessment))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    """Erase an assessment, or a workshop with all its participants."""
    from .storage import assessments, workshops
    from .storage.models import Assessment, Workshop

    with _database_session() as session:
        if (assessment := session.get(Assessment, args.id)) is not None:
            assessments.erase(session, assessment)
            what = "assessment"
        elif (workshop := session.get(Workshop, args.id)) is not None:
            workshops.erase_workshop(session, workshop)
            what = "workshop"
        else:
            raise UserError(f"no assessment or workshop {args.id}")
        session.commit()
    print(f"{what} {args.id} erased")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Erase what has not changed for more than DAYS days (a retention policy)."""
    import datetime as dt

    from .storage import assessments

    if args.older_than < 1:
        raise UserError("--older-than takes a number of days, at least 1")
    with _database_session() as session:
        erased, workshops = assessments.purge(session, dt.timedelta(days=args.older_than))
        session.commit()
    print(f"erased {erased} assessment(s) and {workshops} workshop(s) older than {args.older_than} days")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `sovereign-ai`."""
    site = _configured_site_name() or site_name("en")
    parser = argparse.ArgumentParser(prog="sovereign-ai", description=f"{site}: validate questionnaires, score answers "
                                                                      "and write reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("validate", help="validate questionnaire files (default: every bundled and installed one)")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--catalogue-file", metavar="FILE", help="the catalogue to check tool references against")
    p.add_argument("--strict", action="store_true", help="exit 1 when a fact is past its review_by date")
    p.add_argument("--today", type=_iso_date, metavar="DATE",
                   help="check review_by dates as of this day, YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser("schema", help="print the JSON Schema of the questionnaire format")
    p.set_defaults(func=cmd_schema)

    p = commands.add_parser("questionnaire", help="install and list questionnaires; spreadsheets (XLSX)")
    actions = p.add_subparsers(dest="questionnaire_command", required=True, metavar="ACTION")
    q = actions.add_parser("export", help="write a questionnaire as an XLSX workbook")
    q.add_argument("source", metavar="ID_OR_FILE", help="a bundled questionnaire id, or a questionnaire YAML file")
    q.add_argument("--xlsx", required=True, metavar="OUT.xlsx", help="the workbook to write")
    q.add_argument("--catalogue-file", metavar="FILE", help="the catalogue the file's recommendations name")
    q.set_defaults(func=cmd_questionnaire_export)
    q = actions.add_parser("import", help="validate an XLSX workbook and write it as a questionnaire YAML file")
    q.add_argument("workbook", metavar="IN.xlsx")
    q.add_argument("-o", "--output", required=True, metavar="OUT.yaml", help="the YAML file to write (- for standard output)")
    q.add_argument("--catalogue-file", metavar="FILE", help="the catalogue to check tool references against")
    q.set_defaults(func=cmd_questionnaire_import)
    q = actions.add_parser("install", help="validate a questionnaire (YAML or XLSX) and install it in "
                                           "QUESTIONNAIRES_DIR, offered next to the bundled ones")
    q.add_argument("file", metavar="FILE", help="a questionnaire YAML file or XLSX workbook, at most 1 MiB")
    q.add_argument("--replace", action="store_true",
                   help="install a new version of an installed questionnaire (assessments started keep theirs)")
    q.set_defaults(func=cmd_questionnaire_install)
    q = actions.add_parser("list", help="list the questionnaires offered: id, version, languages, origin")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=cmd_questionnaire_list)

    p = commands.add_parser("answers", help="answers tables (a workshop's CSV or XLSX export)")
    actions = p.add_subparsers(dest="answers_command", required=True, metavar="ACTION")
    q = actions.add_parser("import", help="read a workshop's answers table back into one answers document "
                                          "per participant (and the consensus)")
    q.add_argument("table", metavar="IN.csv|IN.xlsx")
    q.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write the documents into")
    _questionnaire_options(q)
    q.set_defaults(func=cmd_answers_import)

    p = commands.add_parser("show", help="print a questionnaire")
    _questionnaire_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", choices=settings.LANGUAGES,
                   help=f"language of the outline (default: {settings.DEFAULT_LANGUAGE}, if the questionnaire has it)")
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("score", help="score an answers document (JSON or YAML)")
    p.add_argument("answers", metavar="ANSWERS")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", choices=settings.LANGUAGES, help="language of the text output (default: the document's)")
    _questionnaire_options(p, bundled_id=False)
    p.set_defaults(func=cmd_score)

    p = commands.add_parser("report", help="write the PDF report of an answers document (or of many, into a folder)")
    p.add_argument("answers", metavar="ANSWERS", nargs="+")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|DIR/",
                   help="the PDF file; a folder (DIR/) for several answers documents, each to DIR/NAME.pdf")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="processes rendering a batch (default: one per core)")
    p.add_argument("--lang", choices=settings.LANGUAGES, help="language of the report (default: the document's)")
    p.add_argument("--brand", metavar="BRAND.yaml",
                   help="a consultant's brand on the cover: a YAML file with firm, logo (PNG or SVG file, relative "
                        "to it) and colour (\"#rrggbb\")")
    _questionnaire_options(p, bundled_id=False)
    p.set_defaults(func=cmd_report)

    p = commands.add_parser("catalogue", help="list the tool catalogue")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--catalogue-file", metavar="FILE", help="a catalogue file instead of the bundled one")
    p.add_argument("--lang", choices=settings.LANGUAGES, default=settings.DEFAULT_LANGUAGE)
    p.set_defaults(func=cmd_catalogue)

    p = commands.add_parser("serve", help="serve the web app (development server)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("worker", help="render PDF reports from the task queue (run beside the web app)")
    p.add_argument("--workers", type=int, metavar="N", help="rendering processes (default: one per core)")
    p.set_defaults(func=cmd_worker)

    p = commands.add_parser("consultant", help="consultant accounts (workshops)")
    accounts = p.add_subparsers(dest="consultant_command", required=True, metavar="ACTION")
    q = accounts.add_parser("add", help="add a consultant; the password is read from standard input")
    q.add_argument("email")
    q = accounts.add_parser("remove", help="remove a consultant and their workshops")
    q.add_argument("email")
    accounts.add_parser("list", help="list consultants")
    p.set_defaults(func=cmd_consultant)

    p = commands.add_parser("export", help="print everything stored about an assessment (JSON)")
    p.add_argument("id", help="the assessment id")
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("erase", help="erase an assessment, or a workshop and its participants")
    p.add_argument("id", help="an assessment or workshop id")
    p.set_defaults(func=cmd_erase)

    p = commands.add_parser("purge", help="erase what has not changed for a number of days")
    p.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    p.set_defaults(func=cmd_purge)

    p = commands.add_parser("db", help="database commands")
    db_commands = p.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="create or migrate the database").set_defaults(func=cmd_db_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    # Commands print the problems of an installed file themselves (validate, questionnaire list), not as log lines.
    logging.getLogger(registry.log.name).addHandler(_QUIET)
    try:
        return args.func(args)
    except InvalidFile as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
    except AnswersError as exc:
        print("invalid answers:", file=sys.stderr)
        for message in exc.problems:
            print(f"  - {message}", file=sys.stderr)
    except (UnknownQuestionnaire, UserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except BrokenPipeError:
        return 0
    return 1
