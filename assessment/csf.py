"""An indicative reading of the answers against the European Commission's Cloud Sovereignty Framework (CSF).

Questions follow criteria of the Commission's calculator (`csf: [SOV-2.2, ...]`) and options may carry the
SEAL (0-4) the answer reads as (`seal:`). The estimate (docs/method.md, docs/research/csf-2026-11-30/
format-proposal.md §4), on the claimed answers of a finished assessment:

1. a visible question with at least one `seal` option, not answered "not applicable", reads as the lowest
   seal among the chosen options that carry one ("don't know", and silence, which reads as "don't know",
   are SEAL-0: our rule of prudence, not the Commission calculator's, which ignores unanswered criteria);
   when no chosen option carries a seal, the question does not bind;
2. an objective's SEAL is the lowest reading among the questions following one of its criteria; with none,
   the objective is not estimated (never SEAL-0);
3. the overall SEAL is the lowest estimated objective, with how many of the eight were estimated.

It estimates the exposure of an organisation's use of AI and of its providers: neither a provider's SEAL
nor a certification. No weighted CSF score is computed (the Commission's two weight sets disagree, and the
questionnaire reads only some criteria).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .answers import AnswerSheet
from .i18n import N_, translator
from .questionnaire import Question, Questionnaire
from .scoring import as_finished

OBJECTIVES: tuple[str, ...] = tuple(f"SOV-{n}" for n in range(1, 9))
# Criteria per objective in the Commission's calculator (June 2026, 48 in all), and those of them that can
# set a SEAL: nine criteria give SEAL-4 to every answer ("no impact on the SEAL calculation").
CRITERIA = {"SOV-1": 8, "SOV-2": 6, "SOV-3": 5, "SOV-4": 6, "SOV-5": 7, "SOV-6": 5, "SOV-7": 7, "SOV-8": 4}
INERT = frozenset({"SOV-1.2", "SOV-1.4", "SOV-1.5", "SOV-1.6", "SOV-1.7", "SOV-2.5", "SOV-5.3", "SOV-7.2", "SOV-8.4"})
GATING = {objective: count - sum(c.startswith(objective + ".") for c in INERT) for objective, count in CRITERIA.items()}
# Objectives read through a single criterion of the questionnaire: shown as indicative.
INDICATIVE = frozenset({"SOV-7", "SOV-8"})
UNKNOWN_SEAL = 0  # our rule of prudence: "don't know" and silence read as SEAL-0
FRAMEWORK = "EU Cloud Sovereignty Framework v1.2.1; implementation guidance and calculator (June 2026)"
VERIFIED = dt.date(2026, 11, 30)  # when the framework's facts used here were last checked (docs/method.md)

# Names of v1.2.1 and the calculator ("and" for "&": messages hold no markup characters); the French names are ours (no official French version was found).
OBJECTIVE_NAMES = {
    "SOV-1": N_("Strategic Sovereignty"),
    "SOV-2": N_("Legal and Jurisdictional Sovereignty"),
    "SOV-3": N_("Data and AI Sovereignty"),
    "SOV-4": N_("Operational Sovereignty"),
    "SOV-5": N_("Supply Chain Sovereignty"),
    "SOV-6": N_("Technology Sovereignty"),
    "SOV-7": N_("Security and Compliance Sovereignty"),
    "SOV-8": N_("Environmental Sustainability"),
}
# The implementation guidance's names, with v1.2.1's name of SEAL-3 in brackets.
SEAL_NAMES = (
    N_("No Sovereignty"),
    N_("Jurisdictional Sovereignty"),
    N_("Data Sovereignty"),
    N_("Technological Sovereignty (Digital Resilience)"),
    N_("Full Digital Sovereignty"),
)

# How a binding answer is backed (Answer.evidence), as the CSF page shows it.
EVIDENCE_NAMES = {"declared": N_("declared"), "documented": N_("documented"), "audited": N_("audited"),
                  "tested": N_("tested")}


def objective_of(criterion: str) -> str:
    """The objective of a calculator criterion: SOV-2 for SOV-2.3."""
    return criterion.split(".")[0]


def objective_name(objective: str, language: str) -> str:
    """An objective's name in a language."""
    return translator(language).gettext(OBJECTIVE_NAMES[objective])


def seal_name(seal: int | None, language: str) -> str:
    """A SEAL level's name in a language ('' for None)."""
    return translator(language).gettext(SEAL_NAMES[seal]) if seal is not None else ""


def has_csf(questionnaire: Questionnaire) -> bool:
    """Whether the questionnaire maps any question to the framework (otherwise there is no CSF reading)."""
    return any(question.csf for _, question in questionnaire.questions())


@dataclass(frozen=True)
class Binding:
    """A question's SEAL reading: the options chosen (after finishing), the seal, how the answer is backed,
    and whether it was left unanswered (read as "don't know")."""

    question: str
    options: tuple[str, ...]
    seal: int
    evidence: str
    comment: str
    unanswered: bool
    criteria: tuple[str, ...]  # the question's criteria

    def as_json(self) -> dict[str, Any]:
        """The binding answer as in `score --json`."""
        return {"question": self.question, "options": list(self.options), "seal": self.seal,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Objective:
    """One objective's estimate: its SEAL (None: not estimated), the answers at that SEAL, and coverage."""

    id: str
    seal: int | None
    binding: tuple[Binding, ...]
    readings: tuple[Binding, ...]  # every reading of the objective, binding or not
    criteria_read: tuple[str, ...]  # the objective's criteria followed by the questions that gave a reading
    gating_criteria: int
    seal_known: int | None  # the lowest reading among known answers only (the calculator's reading)

    @property
    def estimated(self) -> bool:
        """Whether at least one answer gives this objective a SEAL reading."""
        return self.seal is not None

    @property
    def declared_only(self) -> bool:
        """Whether every answer that binds the objective is only declared (no evidence recorded)."""
        return bool(self.binding) and all(b.evidence == "declared" for b in self.binding)

    @property
    def indicative(self) -> bool:
        """Whether the questionnaire reads this objective through one criterion only."""
        return self.id in INDICATIVE

    def as_json(self) -> dict[str, Any]:
        """The objective as in `score --json`."""
        return {"id": self.id, "seal": self.seal, "estimated": self.estimated,
                "criteria_read": list(self.criteria_read), "gating_criteria": self.gating_criteria,
                "binding": [b.as_json() for b in self.binding], "declared_only": self.declared_only}


@dataclass(frozen=True)
class CsfEstimate:
    """The SEAL estimate of an assessment, per objective and overall."""

    objectives: tuple[Objective, ...]
    excluded: tuple[str, ...]  # questions with a SEAL reading that do not count: not applicable or not asked
    verified: dt.date = VERIFIED

    @property
    def estimated(self) -> tuple[Objective, ...]:
        """The objectives with a SEAL reading."""
        return tuple(o for o in self.objectives if o.estimated)

    @property
    def seal(self) -> int | None:
        """The overall SEAL: the lowest estimated objective (None when none is estimated)."""
        return min((o.seal for o in self.estimated if o.seal is not None), default=None)

    @property
    def seal_known(self) -> int | None:
        """The overall SEAL on known answers only ("don't know" and silence skipped, as the calculator does)."""
        return min((o.seal_known for o in self.objectives if o.seal_known is not None), default=None)

    def as_json(self) -> dict[str, Any]:
        """The `csf` part of `score --json`."""
        return {"policy": {"unknown": UNKNOWN_SEAL, "framework": FRAMEWORK, "verified": self.verified.isoformat()},
                "overall": {"seal": self.seal, "objectives_estimated": len(self.estimated)},
                "objectives": [o.as_json() for o in self.objectives]}


def question_seal(question: Question, options: tuple[str, ...]) -> int | None:
    """The SEAL an answer reads as: the lowest seal among the chosen options that carry one (an unknown
    option carries 0), None when none does or the answer is not applicable."""
    chosen = [question.options_by_id[o] for o in options if o in question.options_by_id]
    if any(option.kind == "not-applicable" for option in chosen):
        return None
    return min((option.seal for option in chosen if option.seal is not None), default=None)


def _known(readings: list[Binding], questionnaire: Questionnaire) -> int | None:
    """The lowest reading among answers that are neither "don't know" nor silent."""
    def is_unknown(reading: Binding) -> bool:
        question = questionnaire.questions_by_id[reading.question]
        return reading.unanswered or any(question.options_by_id[o].kind == "unknown" for o in reading.options)

    return min((r.seal for r in readings if not is_unknown(r)), default=None)


def estimate(questionnaire: Questionnaire, sheet: AnswerSheet) -> CsfEstimate | None:
    """The SEAL estimate of the answers as a finished assessment; None when the questionnaire has no `csf`."""
    if not has_csf(questionnaire):
        return None
    finished, visible, silent = as_finished(questionnaire, sheet)
    readings: dict[str, list[Binding]] = {objective: [] for objective in OBJECTIVES}
    excluded = []
    for _, question in questionnaire.questions():
        if not question.csf or not any(option.seal is not None for option in question.options):
            continue
        options = finished.selected(question.id)
        seal = question_seal(question, options) if question.id in visible else None
        if seal is None:
            if question.id not in visible or any(question.options_by_id[o].kind == "not-applicable" for o in options):
                excluded.append(question.id)
            continue
        answer = finished.answers[question.id]
        reading = Binding(question.id, options, seal, answer.evidence, answer.comment, question.id in silent,
                          tuple(question.csf))
        for objective in dict.fromkeys(objective_of(c) for c in question.csf):
            readings[objective].append(reading)
    objectives = []
    for objective in OBJECTIVES:
        rows = readings[objective]
        seal = min((r.seal for r in rows), default=None)
        read = {c for r in rows for c in r.criteria if objective_of(c) == objective and c not in INERT}
        objectives.append(Objective(
            id=objective, seal=seal, binding=tuple(r for r in rows if r.seal == seal), readings=tuple(rows),
            criteria_read=tuple(sorted(read, key=lambda c: int(c.split(".")[1]))),
            gating_criteria=GATING[objective], seal_known=_known(rows, questionnaire)))
    return CsfEstimate(tuple(objectives), tuple(excluded))
