"""Installing a questionnaire from the web (issue #16 §2): a signed-in consultant uploads a YAML file or an XLSX
workbook, sees it validated (the validator's located messages) and previewed, and installs it on confirmation.

Between the preview and the confirmation the questionnaire waits in `instance/uploads/<sha256>.yaml` (a workbook
already converted to YAML); the confirmation names it by that hash, and is checked again, since another
consultant or the CLI may have installed something meanwhile. Nothing is installed before the confirmation.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import Length, Optional

from ..i18n import N_, number, translator
from ..loading import InvalidFile
from ..questionnaire import Questionnaire
from ..registry import BUNDLED, MAX_FILE_BYTES, Offered, Refused, describe, read_questionnaire_file
from .access import login_required
from .forms import SafeForm, questions_form
from .offered import offered

bp = Blueprint("questionnaires", __name__)

PENDING = re.compile(r"^[0-9a-f]{64}$")
PENDING_DAYS = 1  # an upload never confirmed is removed after a day
# The request may be a little larger than the file (the multipart envelope), so that a file just over
# MAX_FILE_BYTES gets the message naming the limit rather than the generic "too large".
MAX_REQUEST_BYTES = 2 * MAX_FILE_BYTES


class UploadForm(SafeForm):
    """The questionnaire file to upload."""

    labels = {"file": N_("Questionnaire file (YAML or XLSX, at most 1 MiB)")}
    file = FileField(validators=[FileRequired()])


class ConfirmForm(SafeForm):
    """Install the questionnaire previewed; `replaces` is the version it replaces as the preview said (or empty)."""

    replaces = HiddenField(validators=[Optional(), Length(max=40)])


def _uploads() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _pending_file(digest: str) -> Path:
    if not PENDING.match(digest):
        abort(404)
    return _uploads() / f"{digest}.yaml"


def _forget_old_uploads() -> None:
    """Remove the uploads nobody confirmed within PENDING_DAYS."""
    limit = time.time() - PENDING_DAYS * 86400
    for path in _uploads().glob("*.yaml"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def _message(exc: Refused) -> str:
    return translator(g.lang).gettext(exc.message, **exc.params)


def _listing() -> list[dict]:
    return [{**describe(entry), "bundled": entry.origin == BUNDLED} for entry in offered().offered().values()]


def _index(form: UploadForm, errors: list[str], problems: list[str], status: int):
    return render_template("questionnaires/index.html", form=form, questionnaires=_listing(), errors=errors,
                           problems=problems, installed=request.args.get("installed", ""),
                           limit=MAX_FILE_BYTES // 1024), status


@bp.get("/questionnaires")
@login_required
def index():
    """The questionnaires offered here, and the form to upload one."""
    return _index(UploadForm(), [], [], 200)


@bp.post("/questionnaires")
@login_required
def upload():
    """Validate an uploaded questionnaire and keep it for the preview; nothing is installed yet."""
    request.max_content_length = MAX_REQUEST_BYTES
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form, [], [], 400 if form.csrf_token.errors else 422)
    upload = form.file.data
    filename = Path(upload.filename or "questionnaire").name[:200]
    content = upload.read(MAX_FILE_BYTES + 1)
    text = translator(g.lang)
    try:
        questionnaire, yaml_text = read_questionnaire_file(content, filename)
        offered().plan(questionnaire, replace=True)  # a bundled id, or the version already installed
    except Refused as exc:
        too_big = len(content) > MAX_FILE_BYTES
        return _index(form, [_message(exc), text.gettext("Nothing was installed.")], [], 413 if too_big else 422)
    except InvalidFile as exc:
        return _index(form, [text.gettext("%(file)s is not a valid questionnaire; nothing was installed. The "
                                          "problems, each with its line (or sheet and cell):", file=filename)],
                      [str(problem) for problem in exc.problems], 422)
    data = yaml_text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    _uploads().mkdir(parents=True, exist_ok=True)
    _forget_old_uploads()
    _pending_file(digest).write_bytes(data)
    return redirect(url_for("questionnaires.preview", digest=digest), code=303)


def _pending(digest: str) -> Questionnaire:
    """The questionnaire waiting under this hash, read and validated again."""
    path = _pending_file(digest)
    try:
        data = path.read_bytes()
    except OSError:
        abort(404, translator(g.lang).gettext("This upload is no longer waiting (installed, or older than a day): "
                                              "upload the file again."))
    if hashlib.sha256(data).hexdigest() != digest:
        abort(404)
    try:
        return read_questionnaire_file(data, f"{digest[:12]}.yaml")[0]
    except (InvalidFile, Refused):
        abort(404)


def _first_page(questionnaire: Questionnaire) -> dict:
    """The first page of questions as a respondent sees it: the first pillar, its questions and options."""
    pillar = questionnaire.pillars[0]
    form = questions_form([pillar], g.lang, "PreviewForm")(formdata=None, meta={"csrf": False})
    questions = [{"number": number, "field": form[q.id], "help": q.help[g.lang], "type": q.type}
                 for number, q in enumerate(pillar.questions, 1)]
    return {"title": pillar.title[g.lang], "description": pillar.description[g.lang], "questions": questions}


def _summary(questionnaire: Questionnaire) -> dict:
    lang = g.lang
    return {
        "id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title[lang],
        "languages": list(questionnaire.languages),
        "description": questionnaire.description[lang] if questionnaire.description else "",
        "pillars": [{"id": p.id, "title": p.title[lang], "weight": number(p.weight, lang, digits=0 if p.weight == int(p.weight) else 1),
                     "questions": len(p.questions)}
                    for p in questionnaire.pillars],
        "questions": sum(1 for _ in questionnaire.questions()),
        "critical": sum(len(q.critical) for _, q in questionnaire.questions()),
        "recommendations": len(questionnaire.recommendations),
    }


def _replaced(questionnaire: Questionnaire) -> Offered | None:
    return offered().plan(questionnaire, replace=True)


@bp.get("/questionnaires/pending/<digest>")
@login_required
def preview(digest: str):
    """The uploaded questionnaire previewed: pillars, counts, the first page; the confirmation installs it."""
    questionnaire = _pending(digest)
    refusal = ""
    replaced = None
    try:
        replaced = _replaced(questionnaire)
    except Refused as exc:
        refusal = _message(exc)
    form = ConfirmForm(formdata=None, replaces=replaced.questionnaire.version if replaced else "")
    return render_template("questionnaires/preview.html", summary=_summary(questionnaire),
                           page=_first_page(questionnaire), form=form, digest=digest, refusal=refusal,
                           replaces=replaced.questionnaire.version if replaced else ""), 409 if refusal else 200


@bp.post("/questionnaires/pending/<digest>")
@login_required
def confirm(digest: str):
    """Install the questionnaire previewed (checked again: something may have been installed meanwhile)."""
    form = ConfirmForm()
    text = translator(g.lang)
    if not form.validate_on_submit():
        abort(400, text.gettext("The form expired or did not come from this site; nothing was installed. Go back "
                                "to the preview, reload it, then confirm again."))
    questionnaire = _pending(digest)
    here = offered()
    try:
        replaced = _replaced(questionnaire)
        now = replaced.questionnaire.version if replaced else ""
        if now != (form.replaces.data or ""):
            abort(409, text.gettext("The questionnaires installed changed since the preview; nothing was installed. "
                                    "Reload the preview, then confirm again."))
        here.install(questionnaire, _pending_file(digest).read_text(encoding="utf-8"), replace=replaced is not None)
    except Refused as exc:
        abort(409, _message(exc) + " " + text.gettext("Nothing was installed."))
    _pending_file(digest).unlink(missing_ok=True)
    return redirect(url_for("questionnaires.index", installed=questionnaire.id), code=303)
