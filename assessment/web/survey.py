"""The questionnaire as a person meets it: start, organisation page, one page per pillar, results.

Every page submission saves. The assessment is reached by its secret link `/a/<token>/`, which
works from any browser; pages under it send `Referrer-Policy: no-referrer` so the link never leaks
to another site.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from .. import services
from ..caches import results_pages
from ..documents import NO_EVIDENCE_TEXTS, documents_csv, evidence_names
from ..i18n import N_, translator
from ..loading import UnknownQuestionnaire
from ..questionnaire import AnswerIs, Questionnaire, condition_questions
from ..scoring import ruled_out_by_country, score
from ..storage import assessments
from .access import load_by_token, show_brand
from .extensions import database
from .offered import offered
from .report_jobs import assessment_job, queue_if_complete, queue_report
from .forms import (COMMENT_SUFFIX, EVIDENCE_SUFFIX, NOTE_SUFFIX, BaselineForm, OrganisationForm, StartForm, answers_from,
                    fill, pillar_form, tampered)

bp = Blueprint("survey", __name__)

STALE = N_("These answers were changed elsewhere (another tab or person) since this page was opened. Nothing was "
           "overwritten: reload the page to see the latest version, then make your changes again.")
EXPIRED = N_("The form expired or did not come from this site; nothing was saved. Go back to the page, reload it, "
             "then submit the form again.")


@bp.after_request
def _no_referrer(response):
    """Pages carrying the secret token never send it as a referrer."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _steps(questionnaire: Questionnaire, token: str) -> list[dict]:
    """The pages in order: organisation, then one per pillar."""
    steps = [{"id": "organisation", "title": translator(g.lang).gettext("Your organisation"),
              "url": url_for("survey.organisation", token=token)}]
    for pillar in questionnaire.pillars:
        steps.append({"id": pillar.id, "title": pillar.title[g.lang],
                      "url": url_for("survey.pillar", token=token, pillar_id=pillar.id)})
    return steps


def _next_url(questionnaire: Questionnaire, token: str, current: str) -> str:
    """Where the button the person pressed leads."""
    go = request.form.get("go", "next")
    steps = _steps(questionnaire, token)
    index = next(i for i, step in enumerate(steps) if step["id"] == current)
    if go == "prev" and index > 0:
        return steps[index - 1]["url"]
    if go == "overview":
        return url_for("survey.overview", token=token)
    if go == "next" and index + 1 < len(steps):
        return steps[index + 1]["url"]
    return url_for("survey.results", token=token)


def _stale(form, assessment) -> bool:
    """True (and an error on the form) when someone saved the assessment since this page was loaded."""
    try:
        expected = int(form.revision.data)
    except (TypeError, ValueError):
        expected = None
    if expected is not None and expected != assessment.revision:
        form.form_errors.append(translator(g.lang).gettext(STALE))
        return True
    return False


def _saved(form, assessment, changes, **fields) -> bool:
    """Save and commit a page; if another request changed the assessment at the same moment, the page is stale.

    The form keeps what was typed, so the 409 page shows it again; nothing of it was stored.
    """
    try:
        assessments.save(database.session, assessment, changes, **fields)
        database.session.commit()
        return True
    except StaleDataError:
        database.session.rollback()  # and the assessment is read again, at its new revision
        form.form_errors.append(translator(g.lang).gettext(STALE))
        return False


def _error_status(form) -> int:
    """409 for a stale page, 400 for an expired or missing CSRF token or a value the page cannot send (an
    unknown evidence level), 422 for invalid answers."""
    if form.form_errors:
        return 409
    if form.csrf_token.errors or tampered(form):
        return 400
    return 422


@bp.post("/start")
def start():
    """Create an assessment of the questionnaire chosen (the default one if none is named) and open its first page."""
    form = StartForm()
    if not form.validate_on_submit():
        if not form.csrf_token.errors:
            abort(400, translator(g.lang).gettext("This questionnaire id is not valid: go back to the home page and "
                                                  "choose a questionnaire."))
        abort(400, translator(g.lang).gettext("The start form expired: go back to the home page and click again."))
    try:
        questionnaire = offered().get(form.questionnaire.data or None)
    except UnknownQuestionnaire:
        abort(400, translator(g.lang).gettext("No questionnaire “%(id)s” is offered here: go back to the home page and "
                                              "choose one of those it lists.", id=form.questionnaire.data))
    assessment, token = assessments.create(database.session, questionnaire, language=g.lang)
    database.session.commit()
    return redirect(url_for("survey.organisation", token=token, new=1), code=303)


@bp.get("/a/<token>/")
def overview(token: str):
    """The secret link's landing page: progress per pillar and where to go next."""
    assessment, questionnaire, sheet = load_by_token(token)
    result = score(questionnaire, sheet)
    pillars = []
    for pillar in questionnaire.pillars:
        pr = result.pillars[pillar.id]
        visible = [q for q in pillar.questions if q.id in result.visible]
        answered = sum(1 for q in visible if sheet.selected(q.id))
        pillars.append({"id": pillar.id, "title": pillar.title[g.lang], "answered": answered,
                        "total": len(visible), "score": pr.score,
                        "url": url_for("survey.pillar", token=token, pillar_id=pillar.id)})
    steps = _steps(questionnaire, token)
    # A workshop participant's organisation is the workshop's: their questions start at the first pillar,
    # and the comparison with an earlier assessment belongs to the facilitator's group report.
    in_workshop = assessment.workshop_id is not None
    return render_template("survey/overview.html", token=token, pillars=pillars,
                           baseline_form=None if in_workshop else BaselineForm(),
                           has_baseline=assessment.baseline_id is not None,
                           organisation=dict(sheet.organisation), secret_link=_secret_link(token), steps=steps,
                           first_step=steps[1 if in_workshop else 0]["url"],
                           started=bool(sheet.answers) or (not in_workshop and any(sheet.organisation.values())))


@bp.post("/a/<token>/baseline")
def baseline(token: str):
    """Compare with an earlier assessment: its secret link proves access to it."""
    assessment, _, _ = load_by_token(token)
    if assessment.workshop_id is not None:  # the page offers no such form: the facilitator compares workshops
        abort(403, translator(g.lang).gettext("In a workshop, the comparison with an earlier assessment is made "
                                              "by the facilitator, in the group report."))
    form = BaselineForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400, translator(g.lang).gettext(EXPIRED))
        abort(422, " ".join(translator(g.lang).gettext("%(field)s: %(message)s", field=field.label.text,
                                                       message=message)
                            for field in form if field.name != "csrf_token" for message in field.errors))
    if form.clear.data:
        assessments.set_baseline(database.session, assessment, None)
    else:
        earlier = assessments.by_token(database.session, assessments.token_from_link(form.link.data or ""))
        try:
            if earlier is None:
                raise ValueError(translator(g.lang).gettext("This link matches no assessment."))
            assessments.set_baseline(database.session, assessment, earlier)
        except ValueError as exc:
            database.session.rollback()
            abort(422, str(exc))
    database.session.commit()
    return redirect(url_for("survey.results", token=token), code=303)


@bp.get("/a/<token>/export.json")
def export(token: str):
    """Everything stored about this assessment, as JSON (the answers document, scores, dates)."""
    assessment, _, _ = load_by_token(token)
    body = services.export(database.session, assessment)
    response = current_app.json.response(body)
    response.headers["Content-Disposition"] = f"attachment; filename=assessment-{assessment.id}.json"
    return response


@bp.get("/a/<token>/documents")
def documents(token: str):
    """The documents to prepare for this assessment's answers, question by question (printable)."""
    assessment, _, sheet = load_by_token(token)
    items = services.assessment_documents(database.session, assessment, g.lang)
    return render_template("survey/documents.html", documents=items, organisation=sheet.organisation.get("name", ""),
                           csv_url=url_for("survey.documents_download", token=token),
                           back_url=url_for("survey.overview", token=token),
                           back_label=translator(g.lang).gettext("Back to the assessment"))


@bp.get("/a/<token>/documents.csv")
def documents_download(token: str):
    """The documents to prepare as CSV."""
    assessment, _, _ = load_by_token(token)
    items = services.assessment_documents(database.session, assessment, g.lang)
    if items is None:
        abort(404, translator(g.lang).gettext(NO_EVIDENCE_TEXTS))
    return Response(documents_csv(items), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=documents-{assessment.id}.csv"})


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str):
    """Erase the assessment and every answer in it, after confirmation."""
    assessment, _, sheet = load_by_token(token)
    form = StartForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400, translator(g.lang).gettext(EXPIRED))
        assessments.erase(database.session, assessment)
        database.session.commit()
        return render_template("survey/deleted.html")
    return render_template("survey/delete.html", form=form, token=token, organisation=sheet.organisation.get("name", ""))


def _secret_link(token: str) -> str:
    return url_for("survey.overview", token=token, _external=True)


@bp.route("/a/<token>/organisation", methods=["GET", "POST"])
def organisation(token: str):
    """The optional first page: organisation name, sector, size, country."""
    assessment, questionnaire, sheet = load_by_token(token)
    form = OrganisationForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and not _stale(form, assessment):
            organisation = {"name": (form.name.data or "").strip(), "sector": (form.sector.data or "").strip(),
                            "size": form.size.data or "", "country": form.country.data or ""}
            if _saved(form, assessment, {}, organisation=organisation):
                return redirect(_next_url(questionnaire, token, "organisation"), code=303)
        status = _error_status(form)
    else:
        form.name.data = sheet.organisation.get("name", "")
        form.sector.data = sheet.organisation.get("sector", "")
        form.size.data = sheet.organisation.get("size")
        form.country.data = sheet.organisation.get("country", "")
    form.revision.data = str(assessment.revision)
    steps = _steps(questionnaire, token)
    return render_template("survey/organisation.html", form=form, token=token, steps=steps, current=0,
                           secret_link=_secret_link(token), is_new=request.args.get("new") == "1"), status


def _depends_hint(questionnaire: Questionnaire, question, lang: str) -> str:
    """A sentence saying when a dependent question applies."""
    if question.depends_on is None:
        return ""
    parts = []
    for leaf in condition_questions(question.depends_on):
        source = questionnaire.questions_by_id[leaf.question]
        text = translator(lang)
        labels = " / ".join(text.gettext("“%(answer)s”", answer=source.options_by_id[o].label[lang]) for o in leaf.in_)
        parts.append(text.gettext("Answer this question if you answered %(answers)s to “%(question)s”.",
                                  question=source.text[lang], answers=labels))
    return " ".join(parts)


def _depends_data(question) -> str:
    """`question:opt1,opt2` for the progressive-enhancement script (simple conditions only)."""
    if isinstance(question.depends_on, AnswerIs):
        return f"{question.depends_on.question}:{','.join(question.depends_on.in_)}"
    return ""


@bp.route("/a/<token>/p/<pillar_id>", methods=["GET", "POST"])
def pillar(token: str, pillar_id: str):
    """One pillar's questions; submitting saves them, whichever button was pressed."""
    assessment, questionnaire, sheet = load_by_token(token)
    pillar_def = next((p for p in questionnaire.pillars if p.id == pillar_id), None)
    if pillar_def is None:
        abort(404)
    # Questions the organisation's country rules out are neither shown nor part of the page's form,
    # and their stored answers are left as they are.
    page = pillar_def.model_copy(update={"questions": [
        q for q in pillar_def.questions if not ruled_out_by_country(q, sheet.country)]})
    shown = page.questions
    form_class = pillar_form(page, g.lang)
    status = 200
    if request.method == "POST":
        form = form_class()
        if form.validate_on_submit() and not _stale(form, assessment):  # noqa: SIM102 (then save, an action)
            if _saved(form, assessment, answers_from(form, page)):
                queue_if_complete(assessment, g.lang)  # the respondent's report, ready before it is asked for
                return redirect(_next_url(questionnaire, token, pillar_id), code=303)
        status = _error_status(form)
    else:
        form = form_class(formdata=None)
        fill(form, page, dict(sheet.answers))
    form.revision.data = str(assessment.revision)
    index = [str(p.id) for p in questionnaire.pillars].index(pillar_id)
    questions = [{
        "id": q.id, "type": q.type, "number": n, "help": q.help[g.lang], "sources": list(q.sources),
        "field": form[q.id], "comment": form[q.id + COMMENT_SUFFIX],
        "evidence": form[q.id + EVIDENCE_SUFFIX], "evidence_note": form[q.id + NOTE_SUFFIX],
        "what_to_show": q.evidence[g.lang] if q.evidence is not None else "",
        "depends_hint": _depends_hint(questionnaire, q, g.lang), "depends": _depends_data(q),
        "kinds": {o.id: o.kind or "" for o in q.options},
    } for n, q in enumerate(shown, 1)]
    return render_template(
        "survey/pillar.html", form=form, token=token, questions=questions, steps=_steps(questionnaire, token),
        current=index + 1, pillar={"id": pillar_def.id, "title": pillar_def.title[g.lang],
                                   "description": pillar_def.description[g.lang]},
        secret_link=_secret_link(token), is_new=request.args.get("new") == "1", evidence_names=evidence_names(g.lang),
        position=index + 1, total=len(questionnaire.pillars), is_last=index + 1 == len(questionnaire.pillars),
    ), status


@bp.get("/a/<token>/results")
def results(token: str):
    """Scores, levels, radar chart, critical findings, knowledge gaps and the top recommendations.

    The page is cached per assessment revision (and the baseline's): it is derived data only.
    """
    assessment = assessments.by_token(database.session, token)
    if assessment is None:
        abort(404)
    brand = show_brand(assessment.workshop_id)
    key = (*services.derived_key(database.session, assessment, g.lang), brand.stamp if brand else None)

    def render() -> str:
        report = services.report_for(database.session, assessment, g.lang)
        queue_report(assessment_job(assessment, g.lang))  # first shown: its PDF is prepared before it is asked for
        questionnaire = assessments.questionnaire_of(database.session, assessment)
        return render_template("survey/results.html", report=report, token=token,
                               steps=_steps(questionnaire, token), secret_link=_secret_link(token))

    return results_pages.get_or_compute(key, render)
