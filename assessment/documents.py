"""How answers are backed, as people read it: evidence level names, and the "documents to prepare" list.

A consultant preparing a workshop or reviewing an assessment prints, per question, what to bring: the
question's `evidence` text (what to show for its better options) and, for a chosen option that has one,
that option's own `evidence` text (more specific: the record of a test). The list follows the
questionnaire's order and holds only the questions that are, or may yet be, asked of this organisation:
a question its country rules out, or whose condition is false on answers already given, is left out; a
question whose condition reads a question not answered yet is kept (it may be asked). Questions answered
"not applicable" and questions without an evidence text are left out. A questionnaire without any evidence
text has no list (`documents_to_prepare` returns None).

Pure: imports nothing from Flask, WTForms or SQLAlchemy.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .answers import DECLARED, AnswerSheet
from .i18n import N_, translator
from .questionnaire import EVIDENCE_LEVELS, Questionnaire, condition_questions
from .scoring import holds, ruled_out_by_country

# The evidence levels as a person reads them, weakest first (message ids; translate with gettext).
EVIDENCE_NAMES = {"declared": N_("Declared"), "documented": N_("Documented"), "audited": N_("Audited"),
                  "tested": N_("Tested")}
EVIDENCE_HINTS = {"declared": N_("our word, nothing shown yet"),
                  "documented": N_("a document exists and was seen"),
                  "audited": N_("checked by a third party or an internal audit"),
                  "tested": N_("shown to work (an exit run, a restore, a fallback switched on)")}
NO_EVIDENCE_TEXTS = N_("This questionnaire says for no question what to show: there is no list of documents to prepare.")
SHOWN = frozenset(EVIDENCE_LEVELS[1:])  # a level at which something was shown: documented and above


def evidence_name(level: str, lang: str) -> str:
    """An evidence level's name in `lang` ('Documented', « Documenté »)."""
    return translator(lang).gettext(EVIDENCE_NAMES.get(level, EVIDENCE_NAMES[DECLARED]))


def evidence_names(lang: str) -> dict[str, str]:
    """Every evidence level's name in `lang`, by level."""
    return {level: evidence_name(level, lang) for level in EVIDENCE_LEVELS}


def has_evidence_texts(questionnaire: Questionnaire) -> bool:
    """Whether any question or option says what to show."""
    return any(question.evidence is not None or any(o.evidence is not None for o in question.options)
               for _, question in questionnaire.questions())


@dataclass(frozen=True)
class DocumentItem:
    """One question of the list: what to bring for it, and how its answer is backed so far."""

    number: int  # the question's position in the questionnaire, from 1
    question_id: str
    pillar: str  # the pillar's title
    question: str
    answer: tuple[str, ...]  # the chosen options' labels; () when not answered yet
    what_to_show: str  # the question's evidence text ('' when only an option has one)
    option_evidence: tuple[str, ...]  # the chosen options' own evidence texts
    evidence: str  # the answer's evidence level (declared when not answered)
    evidence_name: str
    evidence_note: str
    shown: bool  # documented, audited or tested: already shown
    conditional: bool  # asked only depending on answers not given yet


def documents_to_prepare(questionnaire: Questionnaire, sheet: AnswerSheet, lang: str) -> list[DocumentItem] | None:
    """The documents to prepare for these answers, in questionnaire order; None without evidence texts."""
    if not has_evidence_texts(questionnaire):
        return None
    asked: set[str] = set()  # asked given the answers (what `holds` reads)
    listed: set[str] = set()  # asked, or perhaps asked once earlier questions are answered
    items: list[DocumentItem] = []
    for number, (pillar, question) in enumerate(questionnaire.questions(), 1):
        if ruled_out_by_country(question, sheet.country):
            continue
        conditional = False
        if question.depends_on is not None and not holds(question.depends_on, sheet, asked):
            open_questions = [leaf.question for leaf in condition_questions(question.depends_on)
                              if leaf.question in listed and not sheet.selected(leaf.question)]
            if not open_questions:
                continue
            conditional = True
        else:
            asked.add(question.id)
        listed.add(question.id)
        answer = sheet.answers.get(question.id)
        chosen = [question.options_by_id[o] for o in (answer.options if answer else ())]
        if any(o.kind == "not-applicable" for o in chosen):
            continue
        option_texts = tuple(o.evidence[lang] for o in chosen if o.evidence is not None)
        if question.evidence is None and not option_texts:
            continue
        level = answer.evidence if answer else DECLARED
        items.append(DocumentItem(
            number=number, question_id=question.id, pillar=pillar.title[lang], question=question.text[lang],
            answer=tuple(o.label[lang] for o in chosen),
            what_to_show=question.evidence[lang] if question.evidence is not None else "",
            option_evidence=option_texts, evidence=level, evidence_name=evidence_name(level, lang),
            evidence_note=answer.evidence_note if answer else "", shown=level in SHOWN, conditional=conditional))
    return items


CSV_COLUMNS = ("number", "pillar", "question_id", "question", "answer", "what_to_show", "option_evidence",
               "evidence", "evidence_note", "shown")


def _cell(value: str) -> str:
    """Spreadsheets must not run a respondent's text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def documents_csv(items: list[DocumentItem]) -> bytes:
    """The list as CSV (UTF-8 with a byte order mark, for spreadsheets): one row per question."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([str(item.number), item.pillar, item.question_id, item.question, " | ".join(item.answer),
                         item.what_to_show, " | ".join(item.option_evidence), item.evidence,
                         _cell(item.evidence_note), "yes" if item.shown else "no"])
    return ("\ufeff" + text.getvalue()).encode()
