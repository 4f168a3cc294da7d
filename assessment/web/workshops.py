"""Workshops: a consultant runs the assessment with a whole client team.

Only the consultant who created a workshop can see it; anyone else (signed out, or another
consultant) gets a 404, never the content. Participants join with a short code at /join/<code>.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import functools
import json

import segno
from sqlalchemy import select
from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, send_file, url_for
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..answers import Answer, AnswerSheet
from ..i18n import LANGUAGES, translate
from ..loading import bundled_catalogue, bundled_questionnaires
from ..recommendations import recommend
from ..report import model as report_model
from ..scoring import score
from ..storage import assessments
from ..storage import workshops
from ..storage.models import Assessment
from ..aggregation import aggregate, consensus_prefill
from .accounts import current_consultant_id, login_required
from .extensions import database, limiter
from .page_cache import ObjectCache
from .forms import (COMMENT_SUFFIX, CONTROL_CHARACTERS, SafeForm, answers_from, country_choices, fill, known_country,
                    questions_form)

bp = Blueprint("workshops", __name__)


class WorkshopForm(SafeForm):
    """A new workshop."""

    labels = {"organisation": "workshop.organisation", "country": "survey.org_country", "title": "workshop.title",
              "date": "pdf.date",
              "language": "pdf.language", "questionnaire": "pdf.questionnaire", "baseline": "workshop.baseline"}
    organisation = StringField(validators=[DataRequired(), Length(max=200)])
    country = SelectField(validators=[Optional(), known_country], validate_choice=False)
    title = StringField(validators=[DataRequired(), Length(max=200)])
    date = DateField(validators=[DataRequired()], default=dt.date.today)
    language = RadioField(choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")], default="fr")
    questionnaire = SelectField(validators=[DataRequired()])
    baseline = SelectField(validators=[Optional()], validate_choice=True)


class JoinForm(SafeForm):
    """A participant's optional name and role."""

    labels = {"name": "workshop.your_name", "role": "workshop.your_role"}
    name = StringField(validators=[Optional(), Length(max=100)])
    role = StringField(validators=[Optional(), Length(max=100)])


def _workshop(workshop_id: str):
    """The signed-in consultant's workshop, or 404 for anyone else (signed out included)."""
    workshop = workshops.owned(database.session, workshop_id, current_consultant_id())
    if workshop is None:
        abort(404)
    return workshop


def _join_url(workshop) -> str:
    return url_for("workshops.join", code=workshops.display_code(workshop.code), _external=True)


def _sheets(workshop, questionnaire):
    people = workshops.participants(database.session, workshop)
    return people, [assessments.sheet_of(person, questionnaire) for person in people]


def consensus_sheet(workshop, questionnaire) -> AnswerSheet:
    """The recorded consensus as an answer sheet (the dissent note is the comment)."""
    answers = {qid: Answer(tuple(entry.get("answer", [])), entry.get("note", ""))
               for qid, entry in (workshop.consensus or {}).items()}
    return AnswerSheet(questionnaire.id, questionnaire.version, workshop.language, workshops.organisation_of(workshop),
                       answers)


_live_data = ObjectCache(64)
_scored_sheets = ObjectCache(20000)  # (participant id, revision, questionnaire) -> (sheet, result)


def _participants_and_aggregate(workshop, questionnaire):
    """Participants' names and the aggregate; only participants changed since last time are read and scored."""
    session = database.session
    rows = session.execute(select(Assessment.id, Assessment.revision, Assessment.participant_name,
                                  Assessment.participant_role).where(Assessment.workshop_id == workshop.id)
                           .order_by(Assessment.created_at, Assessment.id)).all()
    keys = [(row.id, row.revision, workshop.questionnaire_hash) for row in rows]
    missing = [key[0] for key in keys if _scored_sheets.peek(key) is None]
    if missing:
        fresh = {}
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            for row in session.execute(select(Assessment.id, Assessment.revision, Assessment.answers)
                                       .where(Assessment.id.in_(chunk))):
                sheet = AnswerSheet(questionnaire.id, questionnaire.version, workshop.language, {},
                                    assessments.stored_answers(row.answers or {}, questionnaire))
                fresh[(row.id, row.revision, workshop.questionnaire_hash)] = (sheet, score(questionnaire, sheet))
        for key in fresh:
            _scored_sheets.get_or_compute(key, functools.partial(fresh.__getitem__, key))
    scored = [_scored_sheets.get_or_compute(key, functools.partial(_score_one, key, questionnaire, workshop))
              for key in keys]
    named = [(row.participant_name, row.participant_role) for row in rows]
    return named, aggregate(questionnaire, [s for s, _ in scored], [r for _, r in scored])


def _score_one(key, questionnaire, workshop):
    """Read and score one participant (when a concurrent save changed the revision meanwhile)."""
    person = database.session.get(Assessment, key[0])
    sheet = assessments.sheet_of(person, questionnaire) if person else AnswerSheet(
        questionnaire.id, questionnaire.version, workshop.language, {}, {})
    return sheet, score(questionnaire, sheet)


@bp.get("/workshops")
@login_required
def index():
    """The consultant's workshops and the "Nouvel atelier" action."""
    rows = [{"id": w.id, "title": w.title, "organisation": w.organisation, "date": w.date.isoformat(),
             "code": workshops.display_code(w.code), "participants": len(workshops.participants(database.session, w))}
            for w in workshops.workshops_of(database.session, current_consultant_id())]
    return render_template("workshops/index.html", workshops=rows)


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a workshop."""
    form = WorkshopForm()
    questionnaires = bundled_questionnaires()
    form.questionnaire.choices = [SelectChoice(q.id, f"{q.title[g.lang]} ({q.version})") for q in questionnaires.values()]
    form.country.choices = country_choices(g.lang)
    form.baseline.choices = [SelectChoice("", translate("workshop.no_baseline", g.lang))] + [
        SelectChoice(w.id, f"{w.title} — {w.organisation} ({w.date.isoformat()})")
        for w in workshops.workshops_of(database.session, current_consultant_id())]
    if form.validate_on_submit():
        consultant = database.session.get_one(workshops.Consultant, current_consultant_id())
        workshop = workshops.create_workshop(database.session, consultant, questionnaires[form.questionnaire.data],
                                       organisation=form.organisation.data.strip(), title=form.title.data.strip(),
                                       date=form.date.data, language=form.language.data,
                                       baseline_id=form.baseline.data or None, country=form.country.data or None)
        database.session.commit()
        return redirect(url_for("workshops.live", workshop_id=workshop.id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("workshops/new.html", form=form), status


@bp.get("/workshops/<workshop_id>")
def live(workshop_id: str):
    """The facilitator's live view: who joined, aggregates, disagreements, knowledge gaps."""
    workshop = _workshop(workshop_id)
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    # The aggregate is derived from the participants' rows: cached under a key that any write changes.
    key = ("live", workshop.id, *workshops.participants_version(database.session, workshop))
    people, agg = _live_data.get_or_compute(key, lambda: _participants_and_aggregate(workshop, questionnaire))
    lang = g.lang
    titles = {p.id: p.title[lang] for p in questionnaire.pillars}
    named = [{"name": name, "role": role} for name, role in people if name]
    qr = segno.make(_join_url(workshop), error="m").svg_inline(scale=5, title=translate("workshop.qr_alt", lang))
    return render_template(
        "workshops/live.html", workshop={"id": workshop.id, "title": workshop.title, "organisation": workshop.organisation,
                                         "date": workshop.date.isoformat(), "code": workshops.display_code(workshop.code),
                                         "join_url": _join_url(workshop)},
        qr_svg=qr, aggregate=agg, titles=titles, named=named, anonymous=len(people) - len(named),
        questions={q.id: q for _, q in questionnaire.questions()}, refreshed=dt.datetime.now().strftime("%H:%M:%S"))


@bp.get("/workshops/<workshop_id>/qr.svg")
def qr_code(workshop_id: str):
    """The join link as a QR code (SVG made on the server)."""
    workshop = _workshop(workshop_id)
    buffer = io.BytesIO()
    segno.make(_join_url(workshop), error="m").save(buffer, kind="svg", scale=8, title="QR")
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/workshops/<workshop_id>/consensus", methods=["GET", "POST"])
def consensus(workshop_id: str):
    """Record the agreed answer per question (prefilled from the most common answer) and dissent notes."""
    workshop = _workshop(workshop_id)
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    lang = g.lang
    form_class = questions_form(questionnaire.pillars, lang, "ConsensusForm", comment_label="workshop.dissent")
    if request.method == "POST":
        form = form_class()
        if form.validate_on_submit():
            recorded = {}
            for pillar in questionnaire.pillars:
                for qid, answer in answers_from(form, pillar).items():
                    if answer is not None:
                        recorded[qid] = {"answer": list(answer.options), "note": answer.comment}
            workshop.consensus = recorded
            database.session.commit()
            from .reports import queue_report, workshop_job

            queue_report(workshop_job(workshop, workshop.language))  # the group report is ready when asked for
            return redirect(url_for("workshops.live", workshop_id=workshop.id, saved=1), code=303)
        status = 422
    else:
        form = form_class(formdata=None)
        _, sheets = _sheets(workshop, questionnaire)
        prefill = {qid: Answer(options) for qid, options in consensus_prefill(aggregate(questionnaire, sheets)).items()}
        prefill.update(consensus_sheet(workshop, questionnaire).answers)
        for pillar in questionnaire.pillars:
            fill(form, pillar, prefill)
        status = 200
    pillars = [{"title": p.title[lang], "questions": [{"id": q.id, "type": q.type, "field": form[q.id],
                                                        "note": form[q.id + COMMENT_SUFFIX]} for q in p.questions]}
               for p in questionnaire.pillars]
    return render_template("workshops/consensus.html", form=form, pillars=pillars,
                           workshop={"id": workshop.id, "title": workshop.title}), status


def group_report(workshop, lang: str) -> dict:
    """The group report: the consensus scored like an assessment, plus the spread of individual answers."""
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    sheet = consensus_sheet(workshop, questionnaire)
    result = score(questionnaire, sheet)
    catalogue = bundled_catalogue()
    baseline = None
    earlier = workshops.owned(database.session, workshop.baseline_id or "", workshop.consultant_id)
    if earlier is not None:
        earlier_questionnaire = workshops.questionnaire_of(database.session, earlier)
        baseline = score(earlier_questionnaire, consensus_sheet(earlier, earlier_questionnaire))
    report = report_model.build(questionnaire, sheet, result, recommend(questionnaire, sheet, result, catalogue),
                                catalogue, lang, generated=workshop.date, baseline=baseline)
    _, sheets = _sheets(workshop, questionnaire)
    agg = aggregate(questionnaire, sheets)
    titles: dict[str, str] = {p.id: p.title[lang] for p in questionnaire.pillars}
    report["workshop"] = {
        "title": workshop.title,
        "participants": agg.participants,
        "completed": agg.completed,
        "spread": [{"pillar": titles[p.pillar_id], "median": p.median, "q1": p.q1, "q3": p.q3,
                    "minimum": p.minimum, "maximum": p.maximum} for p in agg.pillars],
        "disputed": [{"text": q.text[lang], "disagreement": q.disagreement, "respondents": q.respondents,
                      "note": (workshop.consensus or {}).get(q.question_id, {}).get("note", "")}
                     for q in agg.disputed(10)],
    }
    return report


@bp.get("/workshops/<workshop_id>/report.pdf")
def report_pdf(workshop_id: str):
    """The group PDF report."""
    workshop = _workshop(workshop_id)
    lang = request.args.get("lang", "") if request.args.get("lang") in LANGUAGES else workshop.language
    from .reports import download, workshop_job

    return download(workshop_job(workshop, lang))


def _export_rows(workshop, questionnaire) -> tuple[list[str], list[list[str]]]:
    """One row per participant, one column per question (option ids joined by '|')."""
    people, sheets = _sheets(workshop, questionnaire)
    question_ids = [q.id for _, q in questionnaire.questions()]
    header = ["participant", "name", "role", "joined"] + question_ids
    rows = []
    for number, (person, sheet) in enumerate(zip(people, sheets, strict=True), 1):
        rows.append([str(number), person.participant_name, person.participant_role,
                     person.created_at.date().isoformat()] + ["|".join(sheet.selected(qid)) for qid in question_ids])
    return header, rows


def _csv_safe(value: str) -> str:
    """Spreadsheets must not run a participant's text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/workshops/<workshop_id>/export.<kind>")
def export(workshop_id: str, kind: str):
    """Participants' answers as CSV, XLSX or JSON."""
    workshop = _workshop(workshop_id)
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    name = f"atelier-{workshop.date.isoformat()}"
    if kind == "json":
        people, sheets = _sheets(workshop, questionnaire)
        body = {"workshop": {"title": workshop.title, "organisation": workshop.organisation, "country": workshop.country,
                             "date": workshop.date.isoformat(), "questionnaire": questionnaire.id,
                             "version": questionnaire.version, "consensus": workshop.consensus or {}},
                "participants": [{"name": p.participant_name, "role": p.participant_role,
                                  **s.as_document(questionnaire)} for p, s in zip(people, sheets, strict=True)]}
        return Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename={name}.json"})
    header, rows = _export_rows(workshop, questionnaire)
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[_csv_safe(cell) for cell in row] for row in rows])
        return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.worksheets[0]
        sheet.title = "answers"
        sheet.append(header)
        for row in rows:
            sheet.append([_csv_safe(cell) for cell in row])
        data = io.BytesIO()
        book.save(data)
        return send_file(io.BytesIO(data.getvalue()), as_attachment=True, download_name=f"{name}.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    abort(404)


@bp.post("/workshops/<workshop_id>/delete")
def delete(workshop_id: str):
    """Erase the workshop and every participant's answers."""
    workshop = _workshop(workshop_id)
    if not JoinForm().validate_on_submit():
        abort(400)
    workshops.erase_workshop(database.session, workshop)
    database.session.commit()
    return redirect(url_for("workshops.index"), code=303)


@bp.get("/join")
def join_by_code():
    """Type a code: /join?code=ABCD-EFGH goes to /join/ABCD-EFGH."""
    code = workshops.normalise_code(request.args.get("code", ""))
    if not code:
        return render_template("workshops/join_code.html")
    return redirect(url_for("workshops.join", code=workshops.display_code(code)))


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["JOIN_RATE_LIMIT"])
def join(code: str):
    """A participant joins: optional name and role, then the same pages as a single assessment."""
    workshop = workshops.by_code(database.session, code)
    if workshop is None:
        # The code form again, with what was typed, so a mistyped code is corrected rather than retyped.
        return render_template("workshops/join_code.html", code=CONTROL_CHARACTERS.sub("", code)[:20],
                               unknown=True), 404
    form = JoinForm()
    if form.validate_on_submit():
        _, token = workshops.join(database.session, workshop, name=form.name.data or "", role=form.role.data or "")
        database.session.commit()
        # Straight to the questions: the first page shows the secret link, the participant's only way back.
        first = workshops.questionnaire_of(database.session, workshop).pillars[0]
        return redirect(url_for("survey.pillar", token=token, pillar_id=first.id, new=1), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("workshops/join.html", form=form, workshop={"title": workshop.title,
                                                                      "organisation": workshop.organisation}), status
