"""Operations for both doors on stored assessments and workshops: evaluations, reports, exports.

After Indico's `operations.py`: the web views and the CLI parse their input, call these, and
render or print what they return; storage reads and writes rows and scores nothing. Every
function takes the caller's session and only reads; callers commit.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import answer_table
from .aggregation import EvidenceTally, WorkshopAggregate, aggregate, consensus_evidence, evidence_tallies
from .aggregation import consensus_prefill as most_common_answers
from .answers import Answer, AnswerSheet
from .caches import live_aggregates, scored_sheets
from .documents import DocumentItem, documents_to_prepare
from .evaluation import Evaluation, evaluate
from .loading import bundled_catalogue
from .questionnaire import Questionnaire
from .report import model as report_model
from .report.model import Report
from .scoring import Result, score
from .storage import accounts, assessments, workshops
from .storage.models import Assessment, Workshop

DISPUTED = 10  # questions listed as disputed in the live view and the group report
KNOWLEDGE_GAPS = 10  # questions listed as "don't know" hot spots in the live view


# Assessments


def evaluation_of(session: Session, assessment: Assessment, *, compare: bool = False) -> Evaluation:
    """A stored assessment evaluated with the questionnaire it was answered with (and its baseline if `compare`)."""
    questionnaire = assessments.questionnaire_of(session, assessment)
    sheet = assessments.sheet_of(assessment, questionnaire)
    baseline = baseline_result(session, assessment.baseline_id) if compare else None
    return evaluate(questionnaire, sheet, bundled_catalogue(), baseline)


def baseline_result(session: Session, baseline_id: str | None) -> Result | None:
    """The scored result of a baseline assessment, or None."""
    earlier = session.get(Assessment, baseline_id) if baseline_id else None
    if earlier is None:
        return None
    questionnaire = assessments.questionnaire_of(session, earlier)
    return score(questionnaire, assessments.sheet_of(earlier, questionnaire))


def derived_key(session: Session, assessment: Assessment, lang: str) -> tuple:
    """What a page or report derived from an assessment depends on: its revision and its baseline's."""
    baseline = session.get(Assessment, assessment.baseline_id) if assessment.baseline_id else None
    return (assessment.id, assessment.revision, lang, baseline.id if baseline else None,
            baseline.revision if baseline else None)


def report_for(session: Session, assessment: Assessment, lang: str) -> Report:
    """The report of a stored assessment (results page, HTML report, PDF), dated by its last change; a
    workshop participant's carries the brand of the consultant running the workshop."""
    report = report_model.build(evaluation_of(session, assessment, compare=True), lang,
                                generated=assessment.updated_at.date())
    return _branded(session, report, assessment.workshop_id)


def _branded(session: Session, report: Report, workshop_id: str | None) -> Report:
    """The report with the brand of the consultant running the workshop, if any."""
    brand = accounts.workshop_brand(session, workshop_id)
    return replace(report, brand=brand) if brand is not None else report


def brand_stamp(session: Session, workshop_id: str | None) -> str | None:
    """What a workshop's brand shows, as a digest for the keys of what is derived from it (None: no brand)."""
    line = accounts.workshop_brand_line(session, workshop_id)
    return line.stamp if line is not None else None


def representation(assessment: Assessment, evaluation: Evaluation) -> dict[str, Any]:
    """The API's representation of an assessment: what a client posts, it reads back in the same shape
    and place (language, organisation, answers), then the scores as `score --json` prints them."""
    sheet = evaluation.sheet
    return {"id": assessment.id, "revision": assessment.revision,
            "created_at": assessment.created_at.isoformat(), "updated_at": assessment.updated_at.isoformat(),
            "language": sheet.language, "organisation": dict(sheet.organisation),
            "answers": sheet.answers_json(evaluation.questionnaire), **evaluation.as_json()}


def export(session: Session, assessment: Assessment) -> dict[str, Any]:
    """Everything stored about an assessment, as plain JSON data (GDPR Art. 15 and 20)."""
    evaluation = evaluation_of(session, assessment)
    return {
        "id": assessment.id, "revision": assessment.revision,
        "created_at": assessment.created_at.isoformat(), "updated_at": assessment.updated_at.isoformat(),
        "questionnaire_hash": assessment.questionnaire_hash, "baseline_id": assessment.baseline_id,
        "workshop_id": assessment.workshop_id,
        "participant": {"name": assessment.participant_name, "role": assessment.participant_role},
        "document": evaluation.sheet.as_document(evaluation.questionnaire), "scores": evaluation.as_json(),
    }


# Workshops


def consensus_sheet(workshop: Workshop, questionnaire: Questionnaire) -> AnswerSheet:
    """The recorded consensus as an answer sheet (the dissent note is the comment)."""
    return AnswerSheet(questionnaire.id, questionnaire.version, workshop.language, workshops.organisation_of(workshop),
                       workshops.consensus_answers(workshop))


def participant_sheets(session: Session, workshop: Workshop,
                       questionnaire: Questionnaire) -> tuple[list[Assessment], list[AnswerSheet]]:
    """The participants, in the order they joined, and their answers."""
    people = workshops.participants(session, workshop)
    return people, [assessments.sheet_of(person, questionnaire) for person in people]


def group_report(session: Session, workshop: Workshop, lang: str) -> Report:
    """The group report: the consensus evaluated like an assessment, plus the spread of individual answers."""
    questionnaire = workshops.questionnaire_of(session, workshop)
    baseline = None
    earlier = workshops.owned(session, workshop.baseline_id or "", workshop.consultant_id)
    if earlier is not None:
        earlier_questionnaire = workshops.questionnaire_of(session, earlier)
        baseline = score(earlier_questionnaire, consensus_sheet(earlier, earlier_questionnaire))
    evaluation = evaluate(questionnaire, consensus_sheet(workshop, questionnaire), bundled_catalogue(), baseline)
    _, sheets = participant_sheets(session, workshop, questionnaire)
    group = aggregate(questionnaire, sheets)
    titles: dict[str, str] = {p.id: p.title[lang] for p in questionnaire.pillars}
    section = report_model.WorkshopSection(
        title=workshop.title,
        participants=group.participants,
        completed=group.completed,
        spread=tuple(report_model.PillarSpread(pillar=titles[p.pillar_id], median=p.median, q1=p.q1, q3=p.q3,
                                               minimum=p.minimum, maximum=p.maximum) for p in group.pillars),
        disputed=tuple(report_model.DisputedQuestion(
            text=q.text[lang], disagreement=q.disagreement, respondents=q.respondents,
            note=(workshop.consensus or {}).get(q.question_id, {}).get("note", "")) for q in group.disputed(DISPUTED)),
    )
    return _branded(session, report_model.build(evaluation, lang, generated=workshop.date, workshop=section),
                    workshop.id)


def live_aggregate(session: Session, workshop: Workshop,
                   questionnaire: Questionnaire) -> tuple[list[tuple[str, str]], WorkshopAggregate]:
    """Participants' (name, role) and the group's aggregate, cached under a key that any join, save or
    erasure changes; only participants changed since last time are read and scored."""
    key = ("live", workshop.id, *workshops.participants_version(session, workshop))
    return live_aggregates.get_or_compute(key, lambda: _participants_and_aggregate(session, workshop, questionnaire))


def _participants_and_aggregate(session: Session, workshop: Workshop, questionnaire: Questionnaire):
    rows = session.execute(select(Assessment.id, Assessment.revision, Assessment.participant_name,
                                  Assessment.participant_role).where(Assessment.workshop_id == workshop.id)
                           .order_by(Assessment.created_at, Assessment.id)).all()
    keys = [(row.id, row.revision, workshop.questionnaire_hash) for row in rows]
    missing = [key[0] for key in keys if scored_sheets.peek(key) is None]
    if missing:
        fresh = {}
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            for row in session.execute(select(Assessment.id, Assessment.revision, Assessment.answers)
                                       .where(Assessment.id.in_(chunk))):
                sheet = AnswerSheet(questionnaire.id, questionnaire.version, workshop.language, {},
                                    assessments.stored_answers(row.answers or {}, questionnaire))
                fresh[(row.id, row.revision, workshop.questionnaire_hash)] = (sheet, score(questionnaire, sheet))
        for key, value in fresh.items():
            scored_sheets.put(key, value)
    scored = [scored_sheets.get_or_compute(key, functools.partial(_score_one, session, key, questionnaire, workshop))
              for key in keys]
    named = [(row.participant_name, row.participant_role) for row in rows]
    return named, aggregate(questionnaire, [s for s, _ in scored], [r for _, r in scored])


def _score_one(session: Session, key, questionnaire: Questionnaire, workshop: Workshop):
    """Read and score one participant (when a concurrent save changed the revision meanwhile)."""
    person = session.get(Assessment, key[0])
    sheet = assessments.sheet_of(person, questionnaire) if person else AnswerSheet(
        questionnaire.id, questionnaire.version, workshop.language, {}, {})
    return sheet, score(questionnaire, sheet)


def consensus_prefill(session: Session, workshop: Workshop, questionnaire: Questionnaire) -> dict[str, Answer]:
    """The consensus form's answers: the recorded consensus, else the group's most common answer with the
    lowest evidence level among the participants who gave it."""
    _, sheets = participant_sheets(session, workshop, questionnaire)
    questions = questionnaire.questions_by_id
    prefill = {qid: Answer(options, evidence=consensus_evidence(questions[qid], sheets, options))
               for qid, options in most_common_answers(aggregate(questionnaire, sheets)).items()}
    prefill.update(consensus_sheet(workshop, questionnaire).answers)
    return prefill


def participants_evidence(session: Session, workshop: Workshop,
                          questionnaire: Questionnaire) -> tuple[list[AnswerSheet], dict[str, tuple[EvidenceTally, ...]]]:
    """The participants' sheets, and per question their answers with how each is backed (the consensus page's
    comparison)."""
    _, sheets = participant_sheets(session, workshop, questionnaire)
    return sheets, {question.id: evidence_tallies(question, sheets) for _, question in questionnaire.questions()}


# Documents to prepare (assessment/documents.py)


def assessment_documents(session: Session, assessment: Assessment, lang: str) -> list[DocumentItem] | None:
    """What to bring for an assessment's answers; None when its questionnaire has no evidence texts."""
    questionnaire = assessments.questionnaire_of(session, assessment)
    return documents_to_prepare(questionnaire, assessments.sheet_of(assessment, questionnaire), lang)


def workshop_documents(session: Session, workshop: Workshop, lang: str) -> list[DocumentItem] | None:
    """What the client brings to a workshop: for the recorded consensus, else the group's most common answers
    (before anyone answers, every question that may be asked)."""
    questionnaire = workshops.questionnaire_of(session, workshop)
    sheet = AnswerSheet(questionnaire.id, questionnaire.version, workshop.language, workshops.organisation_of(workshop),
                        consensus_prefill(session, workshop, questionnaire))
    return documents_to_prepare(questionnaire, sheet, lang)


@dataclass(frozen=True)
class Download:
    """A file to hand over: its content, name and media type."""

    body: bytes
    filename: str
    mimetype: str


EXPORT_KINDS = ("csv", "xlsx", "json")


def workshop_export(session: Session, workshop: Workshop, kind: str) -> Download:
    """Participants' answers as CSV, XLSX or JSON (`kind`, one of EXPORT_KINDS)."""
    questionnaire = workshops.questionnaire_of(session, workshop)
    name = f"atelier-{workshop.date.isoformat()}"
    people, sheets = participant_sheets(session, workshop, questionnaire)
    if kind == "json":
        body = {"workshop": {"title": workshop.title, "organisation": workshop.organisation, "country": workshop.country,
                             "date": workshop.date.isoformat(), "questionnaire": questionnaire.id,
                             "version": questionnaire.version, "consensus": workshop.consensus or {}},
                "participants": [{"name": p.participant_name, "role": p.participant_role,
                                  **s.as_document(questionnaire)} for p, s in zip(people, sheets, strict=True)]}
        return Download(json.dumps(body, ensure_ascii=False, indent=2).encode(), f"{name}.json", "application/json")
    # One row per person and answered question (assessment/answer_table.py), the consensus last.
    responses: list[tuple[answer_table.Respondent, Any]] = [
        (answer_table.Respondent(str(number), person.participant_name, person.participant_role,
                                 person.created_at.date().isoformat()), sheet.answers)
        for number, (person, sheet) in enumerate(zip(people, sheets, strict=True), 1)]
    consensus = workshops.consensus_answers(workshop)
    if consensus:
        responses.append((answer_table.Respondent(answer_table.CONSENSUS), consensus))
    table = answer_table.rows(questionnaire, responses)
    if kind == "csv":
        return Download(answer_table.csv_bytes(table), f"{name}.csv", "text/csv")
    if kind == "xlsx":
        return Download(answer_table.xlsx_bytes(table), f"{name}.xlsx", answer_table.XLSX_TYPE)
    raise ValueError(f"no export of kind {kind!r}")
