"""Workshops: a consultant runs the assessment with a whole client team.

Only the consultant who created a workshop can see it; anyone else (signed out, or another
consultant) gets a 404, never the content. Participants join with a short code at /join/<code>.
"""

from __future__ import annotations

import datetime as dt
import io

import segno
from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, send_file, url_for
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .. import services, settings
from ..answers import CONTROL_CHARACTERS
from ..aggregation import pillar_scores
from ..i18n import N_, language_name, translator
from ..report import group_charts
from ..scoring import score
from ..storage import workshops
from .access import current_consultant_id, login_required, show_brand
from .extensions import database, limiter
from .offered import offered
from ..documents import NO_EVIDENCE_TEXTS, documents_csv, evidence_names
from .forms import (COMMENT_SUFFIX, EVIDENCE_SUFFIX, NOTE_SUFFIX, SafeForm, answers_from, country_choices, fill,
                    known_country, questions_form, tampered)
from .report_jobs import download, queue_report, workshop_job

bp = Blueprint("workshops", __name__)


class WorkshopForm(SafeForm):
    """A new workshop."""

    labels = {"organisation": N_("Client organisation"), "country": N_("Country of establishment"),
              "title": N_("Title"), "date": N_("Date"), "language": N_("Language"),
              "questionnaire": N_("Questionnaire"), "baseline": N_("Baseline workshop (to measure the change)")}
    organisation = StringField(validators=[DataRequired(), Length(max=200)])
    country = SelectField(validators=[Optional(), known_country], validate_choice=False)
    title = StringField(validators=[DataRequired(), Length(max=200)])
    date = DateField(validators=[DataRequired()], default=dt.date.today)
    language = RadioField(choices=lambda: [SelectChoice(code, language_name(code)) for code in settings.LANGUAGES],
                          default=settings.DEFAULT_LANGUAGE)
    questionnaire = SelectField(validators=[DataRequired()])
    baseline = SelectField(validators=[Optional()], validate_choice=True)


class JoinForm(SafeForm):
    """A participant's optional name and role."""

    labels = {"name": N_("Your name (optional)"), "role": N_("Your role or department (optional)")}
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
    questionnaires = offered().questionnaires()
    form.questionnaire.choices = [SelectChoice(q.id, f"{q.title[g.lang]} ({q.version})") for q in questionnaires.values()]
    form.country.choices = country_choices(g.lang)
    form.baseline.choices = [SelectChoice("", translator(g.lang).gettext("None"))] + [
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


# The projector mode's self-refresh, in seconds: `?present=1&refresh=N`, N within these bounds; 0 stops it.
REFRESH_DEFAULT, REFRESH_MIN, REFRESH_MAX = 15, 5, 300


def _refresh_seconds() -> int:
    """The `refresh` parameter, or a 400 naming what is wrong (never a 500)."""
    value = request.args.get("refresh", "")
    if value == "":
        return REFRESH_DEFAULT
    if not value.isascii() or not value.isdigit() or not (int(value) == 0 or REFRESH_MIN <= int(value) <= REFRESH_MAX):
        abort(400, translator(g.lang).gettext(
            "refresh: give a whole number of seconds between %(low)s and %(high)s, or 0 to stop refreshing.",
            low=REFRESH_MIN, high=REFRESH_MAX))
    return int(value)


@bp.get("/workshops/<workshop_id>")
def live(workshop_id: str):
    """The facilitator's live view: who joined, aggregates, disagreements, knowledge gaps, and the group's
    pictures; with `?present=1` the same pictures for a projector (large type, no names, no controls,
    refreshing itself every `refresh` seconds without JavaScript)."""
    workshop = _workshop(workshop_id)
    present = request.args.get("present", "") == "1"
    refresh = _refresh_seconds() if present else REFRESH_DEFAULT
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    people, agg = services.live_aggregate(database.session, workshop, questionnaire)
    lang = g.lang
    titles: dict[str, str] = {p.id: p.title[lang] for p in questionnaire.pillars}
    consensus = (pillar_scores(score(questionnaire, services.consensus_sheet(workshop, questionnaire)))
                 if workshop.consensus else None)
    charts = group_charts.live_view(agg, titles, lang, consensus)
    workshop_data = {"id": workshop.id, "title": workshop.title, "organisation": workshop.organisation,
                     "date": workshop.date.isoformat(), "code": workshops.display_code(workshop.code),
                     "join_url": _join_url(workshop)}
    refreshed = dt.datetime.now().strftime("%H:%M:%S")
    qr = segno.make(_join_url(workshop), error="m").svg_inline(scale=5, title=translator(lang).gettext(
        "QR code of the link to join the workshop"))
    if present:  # counts and pictures only: no names, no forms
        return render_template("workshops/live_present.html", workshop=workshop_data, qr_svg=qr, aggregate=agg,
                               charts=charts, refresh=refresh, refreshed=refreshed,
                               refresh_bounds=(REFRESH_MIN, REFRESH_MAX))
    named = [{"name": name, "role": role} for name, role in people if name]
    # Percentages as the page shows them (whole numbers).
    disputed = [{"text": q.text, "disagreement": _percent(q.disagreement),
                 "distribution": [o for o in q.distribution if o.count]} for q in agg.disputed(services.DISPUTED)]
    gaps = [{"text": q.text, "unknown": q.unknown, "share": _percent(q.unknown_share)}
            for q in agg.knowledge_gaps(services.KNOWLEDGE_GAPS)]
    return render_template(
        "workshops/live.html", workshop=workshop_data,
        qr_svg=qr, aggregate=agg, disputed=disputed, gaps=gaps, titles=titles, named=named,
        anonymous=len(people) - len(named), refreshed=refreshed, charts=charts)


def _percent(share: float) -> int:
    """A share (0-1) as a whole percentage, rounded half to even as Jinja's `round` did."""
    return int(round(share * 100))


@bp.get("/workshops/<workshop_id>/qr.svg")
def qr_code(workshop_id: str):
    """The join link as a QR code (SVG made on the server)."""
    workshop = _workshop(workshop_id)
    buffer = io.BytesIO()
    segno.make(_join_url(workshop), error="m").save(buffer, kind="svg", scale=8, title="QR")
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/workshops/<workshop_id>/consensus", methods=["GET", "POST"])
def consensus(workshop_id: str):
    """Record the agreed answer per question (prefilled from the most common answer), how it is backed
    (prefilled with the lowest evidence among the participants who gave it), and dissent notes."""
    workshop = _workshop(workshop_id)
    questionnaire = workshops.questionnaire_of(database.session, workshop)
    lang = g.lang
    form_class = questions_form(questionnaire.pillars, lang, "ConsensusForm",
                                comment_label=N_("Note on dissent (optional)"))
    recorded = workshops.consensus_answers(workshop)
    if request.method == "POST":
        form = form_class()
        if form.validate_on_submit():
            agreed = {}
            for pillar in questionnaire.pillars:
                agreed.update({qid: answer for qid, answer in answers_from(form, pillar).items() if answer is not None})
            workshops.record_consensus(workshop, agreed)
            database.session.commit()
            queue_report(workshop_job(workshop, workshop.language))  # the group report is ready when asked for
            return redirect(url_for("workshops.live", workshop_id=workshop.id, saved=1), code=303)
        status = 400 if form.csrf_token.errors or tampered(form) else 422
    else:
        form = form_class(formdata=None)
        prefill = services.consensus_prefill(database.session, workshop, questionnaire)
        for pillar in questionnaire.pillars:
            fill(form, pillar, prefill)
        status = 200
    _, tallies = services.participants_evidence(database.session, workshop, questionnaire)
    names = evidence_names(lang)

    def compared(question) -> list[dict]:
        """The participants' answers to a question, each with how many back it at each level."""
        return [{"answer": " + ".join(question.options_by_id[o].label[lang] for o in tally.options),
                 "count": tally.count, "levels": [{"name": names[level], "count": n} for level, n in tally.levels]}
                for tally in tallies[question.id]]

    pillars = [{"title": p.title[lang], "questions": [{
        "id": q.id, "type": q.type, "field": form[q.id], "note": form[q.id + COMMENT_SUFFIX],
        "evidence": form[q.id + EVIDENCE_SUFFIX], "evidence_note": form[q.id + NOTE_SUFFIX],
        "what_to_show": q.evidence[lang] if q.evidence is not None else "",
        "participants": compared(q), "proposed": q.id not in recorded and bool(tallies[q.id]),
    } for q in p.questions]} for p in questionnaire.pillars]
    return render_template("workshops/consensus.html", form=form, pillars=pillars, evidence_names=names,
                           workshop={"id": workshop.id, "title": workshop.title}), status


@bp.get("/workshops/<workshop_id>/documents")
def documents(workshop_id: str):
    """The documents the client should bring, question by question (printable before the workshop)."""
    workshop = _workshop(workshop_id)
    items = services.workshop_documents(database.session, workshop, g.lang)
    return render_template("workshops/documents.html", documents=items,
                           workshop={"id": workshop.id, "title": workshop.title, "organisation": workshop.organisation},
                           csv_url=url_for("workshops.documents_download", workshop_id=workshop.id))


@bp.get("/workshops/<workshop_id>/documents.csv")
def documents_download(workshop_id: str):
    """The documents to prepare for a workshop as CSV."""
    workshop = _workshop(workshop_id)
    items = services.workshop_documents(database.session, workshop, g.lang)
    if items is None:
        abort(404, translator(g.lang).gettext(NO_EVIDENCE_TEXTS))
    return Response(documents_csv(items), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=documents-{workshop.date.isoformat()}.csv"})


@bp.get("/workshops/<workshop_id>/report.pdf")
def report_pdf(workshop_id: str):
    """The group PDF report."""
    workshop = _workshop(workshop_id)
    lang = request.args.get("lang", "") if request.args.get("lang") in settings.LANGUAGES else workshop.language
    return download(workshop_job(workshop, lang))


@bp.get("/workshops/<workshop_id>/export.<kind>")
def export(workshop_id: str, kind: str):
    """Participants' answers as CSV, XLSX or JSON."""
    workshop = _workshop(workshop_id)
    if kind not in services.EXPORT_KINDS:
        abort(404)
    file = services.workshop_export(database.session, workshop, kind)
    if kind == "xlsx":
        return send_file(io.BytesIO(file.body), as_attachment=True, download_name=file.filename, mimetype=file.mimetype)
    return Response(file.body, mimetype=file.mimetype,
                    headers={"Content-Disposition": f"attachment; filename={file.filename}"})


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
    show_brand(workshop.id)
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
