"""Scoring: answers -> pillar scores, maturity levels, critical findings and knowledge gaps.

The method (docs/method.md):
- a question scores its option's score (a `multiple` question: the sum of its options, capped at
  100); "don't know" scores 0 and is a knowledge gap; "not applicable" and questions hidden by
  `depends_on` leave the denominator; every assessment is scored as finished, so an unanswered
  applicable question counts as "don't know" (and is reported as unanswered);
- a pillar's raw score is the weighted mean of its counted questions (0-100; `weight_when` may set a
  question's weight from other answers); a pillar with no informed answer is not assessed;
- a score maps to a level on a 0-4 scale (20 points per level); a fired critical rule caps the level
  of its pillar and of any pillar in its `also_caps` (the weakest-link gate); a pillar with a `proof`
  condition reaches the top level only when it holds; the score shown is clamped to the top of the
  capped level's band, so ordering by score orders by level first;
- the overall score is the pillar-weighted mean of the shown scores; the overall level is at most one
  above the weakest pillar and reached by at least half the pillars (a pillar not assessed counts as
  0 and level 0 there); there is no overall score when no pillar is assessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from .answers import Answer, AnswerSheet
from .i18n import N_, translator
from .questionnaire import AllOf, AnswerIs, AnyOf, Condition, CountryIs, CriticalRule, Not, Pillar, Question, Questionnaire

@dataclass(frozen=True)
class Level:
    """A step of the maturity scale: its number, the lowest score that reaches it, and its default name and
    description (English message ids, translated by `level_name` and `level_description`). A questionnaire may
    name and describe the levels in its own words (`levels`); the bands stay these."""

    level: int
    min_score: int
    name: str
    description: str


# The maturity scale. Shared by the web pages, the report and docs. The default names are neutral maturity
# words: a questionnaire gives its own (the bundled one names its sovereignty levels).
LEVELS: tuple[Level, ...] = (
    Level(0, 0, N_("Initial"), N_("Practices are missing or improvised; the risks are not known.")),
    Level(1, 20, N_("Emerging"), N_("The stakes are partly known; the first measures are occasional.")),
    Level(2, 40, N_("Developing"), N_("Practices exist but do not cover every use; the major risks are identified.")),
    Level(3, 60, N_("Established"), N_("Rules are applied across the organisation; the remaining gaps are known and "
                                       "documented.")),
    Level(4, 80, N_("Advanced"), N_("Practices are proven, measured and improved over time.")),
)
OVERALL_MARGIN = 1  # the overall level is at most this many levels above the weakest pillar


def level_for(score: float) -> int:
    """The maturity level (0-4) of a score (0-100)."""
    return max(entry.level for entry in LEVELS if score >= entry.min_score)


def _own_text(text: dict[str, str], language: str) -> str:
    """A questionnaire text in `language`, else in its first language (a report is always in one of them)."""
    return text.get(language) or next(iter(text.values()))


def level_name(level: int | None, language: str, questionnaire: Questionnaire | None) -> str:
    """The name of a level in a language ('' for None): the questionnaire's own name when it declares
    `levels`, else the default one. The one place level names are looked up."""
    if level is None:
        return ""
    if questionnaire is not None and questionnaire.levels:
        return _own_text(questionnaire.levels[level].name, language)
    return translator(language).gettext(LEVELS[level].name)


def level_description(level: int, language: str, questionnaire: Questionnaire | None) -> str:
    """What a level means, in a language: the questionnaire's own description, else the default one."""
    if questionnaire is not None and questionnaire.levels:
        return _own_text(questionnaire.levels[level].description, language)
    return translator(language).gettext(LEVELS[level].description)


@dataclass(frozen=True)
class Finding:
    """A critical rule that fired: what it says and what it capped (one finding, one or more pillars)."""

    rule: CriticalRule
    pillar: str
    question: str
    level_before: int | None
    caps: tuple[tuple[str, int], ...] = ()  # (pillar, cap) for every pillar this finding caps

    def as_json(self) -> dict[str, Any]:
        """The finding as in `score --json`."""
        return {"id": self.rule.id, "pillar": self.pillar, "question": self.question, "cap": self.rule.cap,
                "level_before": self.level_before, "finding": dict(self.rule.finding),
                "sources": list(self.rule.sources),
                "caps": [{"pillar": pillar, "cap": cap} for pillar, cap in self.caps]}


@dataclass(frozen=True)
class PillarResult:
    """A pillar's score, level and what the score rests on.

    `score` is the score shown: the raw score clamped to the top of the band of the (capped) level,
    so that a score always lies in its level's band; `raw_score` is the weighted mean before caps.
    """

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
    raw_score: float | None = None
    proven: bool | None = None  # None when the pillar asks for no proof
    hidden_answers: tuple[str, ...] = ()

    known: int = 0  # answers given with knowledge (neither "don't know" nor unanswered)

    @property
    def assessed(self) -> bool:
        """Whether at least one applicable question has an informed answer: otherwise "not assessed"."""
        return self.known > 0

    def as_json(self) -> dict[str, Any]:
        """The pillar as in `score --json`."""
        return {"score": self.score, "level": self.level, "confidence": self.confidence,
                "unknown": list(self.unknown), "unanswered": list(self.unanswered),
                "not_applicable": list(self.not_applicable),
                "raw_score": self.raw_score, "uncapped_level": self.uncapped_level,
                "assessed": self.assessed, "proven": self.proven, "hidden_answers": list(self.hidden_answers)}


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
    raw_score: float | None = None
    sheet: AnswerSheet | None = None  # the answers as scored: unanswered questions read as "don't know"

    def as_json(self) -> dict[str, Any]:
        """Scores and critical findings as in `sovereign-ai score --json` (evaluation.Evaluation.as_json adds the
        recommendations)."""
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "overall": {"score": self.score, "level": self.level, "confidence": self.confidence,
                        "raw_score": self.raw_score, "assessed": self.level is not None},
            "pillars": {pid: pillar.as_json() for pid, pillar in self.pillars.items()},
            "critical": [finding.as_json() for finding in self.findings],
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
        return float(min(100, sum(option.score or 0 for option in chosen))), False
    return float(chosen[0].score or 0), False  # an option without a kind has a score


def question_score(question: Question, options: tuple[str, ...]) -> float | None:
    """A question's score for the chosen options; None when nothing counts (not applicable)."""
    return _chosen_score(question, options)[0]


def top_of_band(level: int) -> float:
    """The highest score of a level's band (39.9 for level 1; 100 for the top level)."""
    return round(LEVELS[level + 1].min_score - 0.1, 1) if level + 1 < len(LEVELS) else 100.0


def shown_score(raw: float, level: int) -> float:
    """A score clamped to the top of its (capped) level's band, so that scores sort as levels do."""
    return min(raw, top_of_band(level))


def as_finished(questionnaire: Questionnaire, sheet: AnswerSheet) -> tuple[AnswerSheet, frozenset[str], frozenset[str]]:
    """(answers as scored, questions asked, questions left unanswered) for a finished assessment.

    Every applicable question left unanswered reads as its "don't know" option, so that silence never
    scores higher, nor gives fewer findings or actions, than "don't know"; `depends_on` is evaluated
    on these answers (it refers to earlier questions only, so one pass in order suffices).
    """
    answers = dict(sheet.answers)
    # holds() reads answers through the sheet: the copy shares `answers`, filled as questions are reached.
    finished = AnswerSheet(sheet.questionnaire_id, sheet.version, sheet.language, dict(sheet.organisation), answers)
    visible: set[str] = set()
    silent: set[str] = set()
    for _, question in questionnaire.questions():
        if question.depends_on is not None and not holds(question.depends_on, finished, visible):
            continue
        visible.add(question.id)
        if sheet.selected(question.id):
            continue
        silent.add(question.id)
        unknown = next((o.id for o in question.options if o.kind == "unknown"), None)
        if unknown is not None:
            comment = sheet.answers[question.id].comment if question.id in sheet.answers else ""
            answers[question.id] = Answer((unknown,), comment)
    return finished, frozenset(visible), frozenset(silent)


def question_weight(question: Question, sheet: AnswerSheet, visible: frozenset[str]) -> float:
    """A question's weight for these answers: the first `weight_when` that holds, else `weight`."""
    for weighted in question.weight_when:
        if holds(weighted.when, sheet, visible):
            return weighted.weight
    return question.weight


def _fired_rules(questionnaire: Questionnaire, sheet: AnswerSheet, visible: frozenset[str]) -> list[tuple]:
    """(pillar, question id, rule, {pillar: cap}) for every critical rule that fires."""
    fired = []
    for pillar, question, rule in questionnaire.critical_rules():
        if question.id not in visible or not set(sheet.selected(question.id)) & set(rule.when):
            continue
        if rule.also is not None and not holds(rule.also, sheet, visible):
            continue
        caps = {pillar.id: rule.cap}
        for further in rule.also_caps:
            if further.when is None or holds(further.when, sheet, visible):
                caps[further.pillar] = min(caps.get(further.pillar, further.cap), further.cap)
        fired.append((pillar.id, question.id, rule, caps))
    return fired


def _score_pillar(pillar: Pillar, sheet: AnswerSheet, visible: frozenset[str], silent: frozenset[str],
                  original: AnswerSheet, fired: list[tuple]) -> PillarResult:
    total = weights = 0.0
    counted = known = 0
    unknown, unanswered, not_applicable, hidden_answers = [], [], [], []
    for question in pillar.questions:
        if question.id not in visible:
            not_applicable.append(question.id)
            if original.selected(question.id):
                hidden_answers.append(question.id)  # reported, not dropped silently
            continue
        options = sheet.selected(question.id)
        score, is_unknown = _chosen_score(question, options) if options else (0.0, True)
        if score is None:
            not_applicable.append(question.id)
            continue
        if question.id in silent:
            unanswered.append(question.id)
        elif is_unknown:
            unknown.append(question.id)
        else:
            known += 1
        counted += 1
        weight = question_weight(question, sheet, visible)
        total += weight * score
        weights += weight
    raw = round(total / weights, 1) if weights else None
    confidence = round(known / counted, 2) if counted else 1.0
    proven = holds(pillar.proof, sheet, visible) if pillar.proof is not None else None
    if not known or raw is None:
        # No informed answer: "not assessed", never "0/100, level 0".
        return PillarResult(pillar.id, pillar.weight, None, None, None, confidence, counted, tuple(unknown),
                            tuple(unanswered), tuple(not_applicable), (), raw, proven, tuple(hidden_answers), known)
    uncapped = level_for(raw)
    caps = [caps[pillar.id] for _, _, _, caps in fired if pillar.id in caps]
    if proven is False:
        caps.append(len(LEVELS) - 2)  # the top level needs proof
    level = min([uncapped] + caps)
    return PillarResult(pillar.id, pillar.weight, shown_score(raw, level), level, uncapped, confidence, counted,
                        tuple(unknown), tuple(unanswered), tuple(not_applicable), (), raw, proven,
                        tuple(hidden_answers), known)


def _overall_level(pillars: list[PillarResult], score_value: float) -> int:
    """The overall level: the overall score's level, at most one above the weakest pillar, and reached
    by at least half the pillars; a pillar not assessed counts as level 0 here."""
    levels = sorted((p.level or 0 for p in pillars), reverse=True)  # None: not assessed
    majority = levels[math.ceil(len(levels) / 2) - 1]
    return min(level_for(score_value), levels[-1] + OVERALL_MARGIN, majority)


def score(questionnaire: Questionnaire, sheet: AnswerSheet) -> Result:
    """Score an answer sheet against its questionnaire, as a finished assessment (docs/method.md)."""
    finished, visible, silent = as_finished(questionnaire, sheet)
    fired = _fired_rules(questionnaire, finished, visible)
    pillars: dict[str, PillarResult] = {pillar.id: _score_pillar(pillar, finished, visible, silent, sheet, fired)
                                        for pillar in questionnaire.pillars}
    applicable = [p for p in pillars.values() if p.counted]
    assessed = [p for p in applicable if p.assessed]
    overall = raw = level = None
    if assessed:
        # A pillar not assessed weighs as 0 (its raw score, with nothing informed) and as level 0.
        weight = sum(p.weight for p in applicable)
        raw = round(sum(p.weight * (p.raw_score or 0.0) for p in applicable) / weight, 1)
        capped = round(sum(p.weight * (p.score or 0.0) for p in applicable) / weight, 1)
        level = _overall_level(applicable, capped)
        overall = shown_score(capped, level)
    known = sum(p.known for p in pillars.values())
    counted = sum(p.counted for p in pillars.values())
    confidence = round(known / counted, 2) if counted else 1.0
    findings = tuple(Finding(rule, owner, qid, pillars[owner].uncapped_level, tuple(caps.items()))
                     for owner, qid, rule, caps in fired)
    # One finding may cap several pillars: each pillar lists every finding that caps it.
    pillars = {pid: replace(p, findings=tuple(f for f in findings if pid in dict(f.caps)))
               for pid, p in pillars.items()}
    return Result(questionnaire.id, questionnaire.version, overall, level, confidence, pillars, findings, visible,
                  raw, finished)
