"""Scoring: answers -> pillar scores, maturity levels, critical findings and knowledge gaps.

The method (docs/method.md):
- a question scores its option's score (a `multiple` question: the sum of its options, capped at
  100); "don't know" scores 0 and is a knowledge gap; "not applicable" and questions hidden by
  `depends_on` leave the denominator; unanswered questions are reported and not counted;
- a pillar's score is the weighted mean of its counted questions (0-100); the overall score is the
  mean of the pillar scores weighted by pillar weight;
- a score maps to a level on a 0-4 scale (20 points per level); a fired critical rule caps its
  pillar's level (the weakest-link gate); the overall level is at most one above the weakest pillar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .answers import AnswerSheet
from .questionnaire import AllOf, AnswerIs, AnyOf, Condition, CountryIs, CriticalRule, Not, Pillar, Question, Questionnaire

# The maturity scale: level -> (lowest score, names). Shared by the web pages, the report and docs.
LEVELS: tuple[dict[str, Any], ...] = (
    {"level": 0, "min": 0, "name": {"fr": "Dépendance subie", "en": "Unmanaged dependence"}},
    {"level": 1, "min": 20, "name": {"fr": "Prise de conscience", "en": "Awareness"}},
    {"level": 2, "min": 40, "name": {"fr": "Maîtrise partielle", "en": "Partial control"}},
    {"level": 3, "min": 60, "name": {"fr": "Maîtrise établie", "en": "Established control"}},
    {"level": 4, "min": 80, "name": {"fr": "Souveraineté opérationnelle", "en": "Operational sovereignty"}},
)
OVERALL_MARGIN = 1  # the overall level is at most this many levels above the weakest pillar


def level_for(score: float) -> int:
    """The maturity level (0-4) of a score (0-100)."""
    return max(entry["level"] for entry in LEVELS if score >= entry["min"])


def level_name(level: int | None, language: str) -> str:
    """The name of a level in a language ('' for None)."""
    return LEVELS[level]["name"][language] if level is not None else ""


@dataclass(frozen=True)
class Finding:
    """A critical rule that fired: what it says and what it capped."""

    rule: CriticalRule
    pillar: str
    question: str
    level_before: int | None

    def as_json(self) -> dict[str, Any]:
        """The finding as in `score --json`."""
        return {"id": self.rule.id, "pillar": self.pillar, "question": self.question, "cap": self.rule.cap,
                "level_before": self.level_before, "finding": dict(self.rule.finding),
                "sources": list(self.rule.sources)}


@dataclass(frozen=True)
class PillarResult:
    """A pillar's score, level and what the score rests on."""

    id: str
    weight: float
    score: float | None
    level: int | None
    uncapped_level: int | None
    confidence: float
    counted: int
    unknown: tuple[str, ...]
    unanswered: tuple[str, ...]
    not_applicable: tuple[str, ...]
    findings: tuple[Finding, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The pillar as in `score --json`."""
        return {"score": self.score, "level": self.level, "confidence": self.confidence,
                "unknown": list(self.unknown), "unanswered": list(self.unanswered),
                "not_applicable": list(self.not_applicable)}


@dataclass(frozen=True)
class Result:
    """The scored assessment."""

    questionnaire_id: str
    questionnaire_version: str
    score: float | None
    level: int | None
    confidence: float
    pillars: dict[str, PillarResult]
    findings: tuple[Finding, ...]
    visible: frozenset[str] = field(default_factory=frozenset)

    def as_json(self) -> dict[str, Any]:
        """The contract of `sovereign-ai score --json` (recommendations added by the caller)."""
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "overall": {"score": self.score, "level": self.level, "confidence": self.confidence},
            "pillars": {pid: pillar.as_json() for pid, pillar in self.pillars.items()},
            "critical": [finding.as_json() for finding in self.findings],
            "recommendations": [],
        }


def holds(condition: Condition, sheet: AnswerSheet, visible: frozenset[str] | set[str]) -> bool:
    """Whether a condition holds for these answers (answers to hidden questions do not count)."""
    if isinstance(condition, AnswerIs):
        return condition.question in visible and bool(set(sheet.selected(condition.question)) & set(condition.in_))
    if isinstance(condition, CountryIs):
        return sheet.country is not None and sheet.country in condition.country
    if isinstance(condition, Not):
        return not holds(condition.not_, sheet, visible)
    if isinstance(condition, AllOf):
        return all(holds(child, sheet, visible) for child in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(child, sheet, visible) for child in condition.any)
    raise TypeError(f"not a condition: {condition!r}")


def _decided_by_country(condition: Condition, country: str | None) -> bool | None:
    """True or False when the organisation's country alone decides the condition, None when answers matter."""
    if isinstance(condition, CountryIs):
        return country is not None and country in condition.country
    if isinstance(condition, Not):
        decided = _decided_by_country(condition.not_, country)
        return None if decided is None else not decided
    if isinstance(condition, (AllOf, AnyOf)):
        children = [_decided_by_country(child, country) for child in (condition.all if isinstance(condition, AllOf)
                                                                       else condition.any)]
        settles = isinstance(condition, AnyOf)  # one True settles an `any`, one False an `all`
        if settles in children:
            return settles
        return None if None in children else not settles
    return None


def ruled_out_by_country(question: Question, country: str | None) -> bool:
    """Whether a question is never asked for an organisation of this country, whatever its answers."""
    return question.depends_on is not None and _decided_by_country(question.depends_on, country) is False


def visible_questions(questionnaire: Questionnaire, sheet: AnswerSheet) -> frozenset[str]:
    """The questions asked, given the answers and the organisation's country: `depends_on` refers to earlier
    questions only."""
    visible: set[str] = set()
    for _, question in questionnaire.questions():
        if question.depends_on is None or holds(question.depends_on, sheet, visible):
            visible.add(question.id)
    return frozenset(visible)


def _chosen_score(question: Question, options: tuple[str, ...]) -> tuple[float | None, bool]:
    """(score, is a "don't know") for the chosen options; score None when not applicable."""
    by_id = question.options_by_id
    chosen = [by_id[option_id] for option_id in options]
    kinds = {option.kind for option in chosen}
    if "not-applicable" in kinds:
        return None, False
    if "unknown" in kinds:
        return 0.0, True
    if question.type == "multiple":
        return float(min(100, sum(option.score for option in chosen))), False
    return float(chosen[0].score), False


def question_score(question: Question, options: tuple[str, ...]) -> float | None:
    """A question's score for the chosen options; None when nothing counts (not applicable)."""
    return _chosen_score(question, options)[0]


def _score_pillar(pillar: Pillar, sheet: AnswerSheet, visible: frozenset[str]) -> tuple[PillarResult, list]:
    total = weights = 0.0
    counted = known = 0
    unknown, unanswered, not_applicable = [], [], []
    answers = sheet.answers
    for question in pillar.questions:
        if question.id not in visible:
            not_applicable.append(question.id)
            continue
        answer = answers.get(question.id)
        if answer is None or not answer.options:
            unanswered.append(question.id)
            continue
        score, is_unknown = _chosen_score(question, answer.options)
        if score is None:
            not_applicable.append(question.id)
            continue
        if is_unknown:
            unknown.append(question.id)
        else:
            known += 1
        counted += 1
        total += question.weight * score
        weights += question.weight
    applicable = counted + len(unanswered)
    score = round(total / weights, 1) if weights else None
    uncapped = level_for(score) if score is not None else None
    confidence = round(known / applicable, 2) if applicable else 1.0
    fired = []
    for question in pillar.questions:
        for rule in question.critical:
            triggered = question.id in visible and set(sheet.selected(question.id)) & set(rule.when)
            if triggered and (rule.also is None or holds(rule.also, sheet, visible)):
                fired.append((rule, question.id))
    level = uncapped
    if level is not None and fired:
        level = min([level] + [rule.cap for rule, _ in fired])
    findings = tuple(Finding(rule, pillar.id, qid, uncapped) for rule, qid in fired)
    result = PillarResult(pillar.id, pillar.weight, score, level, uncapped, confidence, counted,
                          tuple(unknown), tuple(unanswered), tuple(not_applicable), findings)
    return result, fired


def score(questionnaire: Questionnaire, sheet: AnswerSheet) -> Result:
    """Score an answer sheet against its questionnaire."""
    visible = visible_questions(questionnaire, sheet)
    pillars: dict[str, PillarResult] = {}
    for pillar in questionnaire.pillars:
        pillars[pillar.id], _ = _score_pillar(pillar, sheet, visible)
    scored = [p for p in pillars.values() if p.score is not None]
    overall = level = None
    if scored:
        overall = round(sum(p.weight * p.score for p in scored) / sum(p.weight for p in scored), 1)
        weakest = min(p.level for p in scored)
        level = min(level_for(overall), weakest + OVERALL_MARGIN)
    known = sum(p.counted - len(p.unknown) for p in pillars.values())
    applicable = sum(p.counted + len(p.unanswered) for p in pillars.values())
    confidence = round(known / applicable, 2) if applicable else 1.0
    findings = tuple(f for p in pillars.values() for f in p.findings)
    return Result(questionnaire.id, questionnaire.version, overall, level, confidence, pillars, findings, visible)
