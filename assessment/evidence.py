"""The evidenced score: what the claimed answers are worth once each is held to its evidence (docs/method.md).

Every answer carries an evidence level, `declared` (the default) < `documented` < `audited` < `tested`. The
**credited** answer replaces the chosen option(s) for the evidenced score:

1. an option needing no evidence (`evidence_min: none`: admissions of absence, score 0) counts as itself;
2. an option whose `evidence_min` the evidence meets counts as itself;
3. otherwise an option with a `fallback` counts as the fallback when the evidence is at least `documented`;
4. otherwise the answer counts as "don't know".

A `multiple` question credits each chosen option on its own (rules 1-2) and counts as "don't know" when none is
credited; "don't know" and "not applicable" stay as they are. The credited sheet is then scored with the claimed
score's rules, questions asked and weights; its caps are the union of the claimed caps and the caps fired on the
credited sheet, while a pillar's `proof` and a cap's relief (`also_caps.when`) are read on the credited sheet only.
A pillar is **not assessed** in the evidenced view when none of its applicable informed answers has evidence at
`documented` or better. Pure: no Flask, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .answers import Answer, AnswerSheet
from .i18n import N_, translator
from .questionnaire import EVIDENCE_LEVELS, Option, Pillar, Question, Questionnaire, condition_questions
from .scoring import (LEVELS, Finding, PillarResult, Result, _fired_rules, _overall_level, holds, level_for,
                      question_score, question_weight, score, shown_score)

# The evidence levels in order (the method's total order): raising an answer's evidence never lowers a score.
RANK: dict[str, int] = {name: rank for rank, name in enumerate(EVIDENCE_LEVELS)}
DOCUMENTED = "documented"
# `evidence_min` -> the lowest evidence level that meets it ("none": any level, declared included)
_NEEDED: dict[str, int] = {"none": 0, "documented": RANK["documented"], "tested": RANK["tested"]}
# Evidence level names as sentences use them (lower case), English message ids.
EVIDENCE_NAMES: dict[str, str] = {"declared": N_("declared"), "documented": N_("documented"),
                                  "audited": N_("audited"), "tested": N_("tested")}


def evidence_min(option: Option) -> str:
    """The evidence an option needs to count at its score: its `evidence_min`, else `none` for a `kind` option
    or an admission (score 0), `documented` otherwise."""
    if option.evidence_min is not None:
        return option.evidence_min
    return "none" if option.kind is not None or not option.score else "documented"


def meets(option: Option, evidence: str) -> bool:
    """Whether an evidence level is enough for the option to count at its own score."""
    return RANK.get(evidence, 0) >= _NEEDED[evidence_min(option)]


def credited_options(question: Question, answer: Answer) -> tuple[str, ...]:
    """The options an answer is credited with in the evidenced score (the rules of the module's docstring)."""
    by_id = question.options_by_id
    chosen = [by_id[option_id] for option_id in answer.options if option_id in by_id]
    if not chosen or any(option.kind is not None for option in chosen):
        return answer.options  # "don't know", "not applicable" (or nothing) stay as they are
    unknown = tuple(option.id for option in question.options if option.kind == "unknown")
    if question.type == "multiple":
        kept = tuple(option.id for option in chosen if meets(option, answer.evidence))
        return kept or unknown
    option = chosen[0]
    if meets(option, answer.evidence):
        return (option.id,)
    if option.fallback is not None and RANK.get(answer.evidence, 0) >= RANK[DOCUMENTED]:
        return (option.fallback,)
    return unknown


def credit(questionnaire: Questionnaire, sheet: AnswerSheet) -> AnswerSheet:
    """The answer sheet with every answer replaced by its credited options (evidence and notes kept)."""
    changes: dict[str, Answer | None] = {}
    by_id = questionnaire.questions_by_id
    for question_id, answer in sheet.answers.items():
        question = by_id.get(question_id)
        if question is not None:
            options = credited_options(question, answer)
            if options != answer.options:
                changes[question_id] = Answer(options, answer.comment, answer.evidence, answer.evidence_note)
    return sheet.with_answers(changes)


def is_evidenced(question: Question, answer: Answer | None) -> bool:
    """Whether an answer is informed (neither "don't know", "not applicable" nor silent) and backed by evidence
    at `documented` or better: what makes a pillar assessed in the evidenced view."""
    if answer is None or not answer.options or RANK.get(answer.evidence, 0) < RANK[DOCUMENTED]:
        return False
    return all(question.option(option_id) is not None and question.option(option_id).kind is None  # type: ignore[union-attr]
               for option_id in answer.options)


@dataclass(frozen=True)
class EvidencedResult:
    """The evidenced score: per pillar a `scoring.PillarResult` (its `known` counts the evidenced answers, so
    `assessed` reads "at least one answer evidenced"), the share of the claimed score resting on evidence, and
    the overall score and level (None when no pillar is assessed)."""

    score: float | None
    level: int | None
    raw_score: float | None
    pillars: dict[str, PillarResult]
    shares: dict[str, float | None]  # None: nothing claimed (the claimed score is 0)
    findings: tuple[Finding, ...]  # claimed findings and those fired on the credited sheet, caps merged
    not_shown: tuple[Finding, ...] = ()  # findings fired only in the evidenced view
    sheet: AnswerSheet | None = None  # the credited answers, as scored
    claimed_options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # as claimed (finished)

    @property
    def assessed(self) -> bool:
        """Whether any pillar is assessed in the evidenced view."""
        return self.level is not None

    def as_json(self) -> dict[str, Any]:
        """The `evidenced` part of `sovereign-ai score --json`."""
        return {
            "overall": ({"score": self.score, "level": self.level, "raw_score": self.raw_score}
                        if self.level is not None else None),
            "pillars": {pid: {"score": p.score, "level": p.level, "assessed": p.assessed,
                              "share_evidenced": self.shares[pid]} for pid, p in self.pillars.items()},
            "not_shown": [finding.as_json() for finding in self.not_shown],
        }


def _merged_caps(claimed: Result, credited_fired: list[tuple]) -> dict[str, tuple[str, str, Any, dict[str, int]]]:
    """Rule id -> (pillar, question, rule, {pillar: cap}) for every rule fired on the claimed or the credited
    sheet; a rule fired on both caps each pillar at the lower of its two caps (relief read on the credited sheet)."""
    merged = {f.rule.id: (f.pillar, f.question, f.rule, dict(f.caps)) for f in claimed.findings}
    for owner, question_id, rule, caps in credited_fired:
        if rule.id in merged:
            known = merged[rule.id][3]
            for pillar_id, cap in caps.items():
                known[pillar_id] = min(known.get(pillar_id, cap), cap)
        else:
            merged[rule.id] = (owner, question_id, rule, dict(caps))
    return merged


def _pillar(pillar: Pillar, claimed: Result, credited_sheet: AnswerSheet, caps: list[int]) -> tuple[PillarResult, float | None]:
    """A pillar's evidenced result (claimed questions asked and weights, credited scores) and its share."""
    finished, visible = claimed.sheet, claimed.visible
    assert finished is not None
    total = weights = claimed_total = 0.0
    counted = evidenced_answers = 0
    unknown: list[str] = []
    for question in pillar.questions:
        if question.id not in visible:
            continue
        options = finished.selected(question.id)
        claimed_score = question_score(question, options) if options else 0.0
        if claimed_score is None:
            continue  # not applicable
        credited = credited_sheet.selected(question.id)
        credited_score = question_score(question, credited) if credited else 0.0
        counted += 1
        if is_evidenced(question, finished.answers.get(question.id)):
            evidenced_answers += 1
        if not credited or any(question.option(o).kind == "unknown" for o in credited):  # type: ignore[union-attr]
            unknown.append(question.id)
        weight = question_weight(question, finished, visible)
        total += weight * (credited_score or 0.0)
        claimed_total += weight * claimed_score
        weights += weight
    share = round(total / claimed_total, 2) if claimed_total else None
    raw = round(total / weights, 1) if weights else None
    proven = holds(pillar.proof, credited_sheet, visible) if pillar.proof is not None else None
    claimed_pillar = claimed.pillars[pillar.id]
    confidence = round(evidenced_answers / counted, 2) if counted else 1.0
    result = PillarResult(pillar.id, pillar.weight, None, None, None, confidence, counted, tuple(unknown),
                          claimed_pillar.unanswered, claimed_pillar.not_applicable, (), raw, proven,
                          claimed_pillar.hidden_answers, evidenced_answers)
    if not evidenced_answers or raw is None:
        return result, share  # not assessed: no evidenced answer
    uncapped = level_for(raw)
    if proven is False:
        caps = caps + [len(LEVELS) - 2]  # the top level needs proof, on the credited answers
    level = min([uncapped] + caps)
    return replace(result, score=shown_score(raw, level), level=level, uncapped_level=uncapped), share


def evidenced(questionnaire: Questionnaire, sheet: AnswerSheet, claimed: Result | None = None) -> EvidencedResult:
    """The evidenced score of an answer sheet (`claimed`: its claimed result, when already computed)."""
    claimed = claimed if claimed is not None else score(questionnaire, sheet)
    finished, visible = claimed.sheet, claimed.visible
    assert finished is not None
    credited = credit(questionnaire, finished)
    merged = _merged_caps(claimed, _fired_rules(questionnaire, credited, visible))
    pillars: dict[str, PillarResult] = {}
    shares: dict[str, float | None] = {}
    for pillar in questionnaire.pillars:
        caps = [caps[pillar.id] for _, _, _, caps in merged.values() if pillar.id in caps]
        pillars[pillar.id], shares[pillar.id] = _pillar(pillar, claimed, credited, caps)
    applicable = [p for p in pillars.values() if p.counted]
    overall = raw = level = None
    if any(p.assessed for p in applicable):
        # As in the claimed score: a pillar not assessed weighs as 0 and as level 0.
        weight = sum(p.weight for p in applicable)
        raw = round(sum(p.weight * ((p.raw_score or 0.0) if p.assessed else 0.0) for p in applicable) / weight, 1)
        capped = round(sum(p.weight * (p.score or 0.0) for p in applicable) / weight, 1)
        level = _overall_level(applicable, capped)
        overall = shown_score(capped, level)
    findings = tuple(Finding(rule, owner, qid, pillars[owner].uncapped_level, tuple(caps.items()))
                     for owner, qid, rule, caps in merged.values())
    claimed_ids = {f.rule.id for f in claimed.findings}
    pillars = {pid: replace(p, findings=tuple(f for f in findings if pid in dict(f.caps)))
               for pid, p in pillars.items()}
    return EvidencedResult(overall, level, raw, pillars, shares, findings,
                           tuple(f for f in findings if f.rule.id not in claimed_ids), credited,
                           {qid: answer.options for qid, answer in finished.answers.items()})


def not_evidenced_answers(questionnaire: Questionnaire, result: EvidencedResult, finding: Finding) -> list[str]:
    """The questions whose answer, credited below its claim, makes a finding fire in the evidenced view only:
    the finding's question, else those its further condition reads."""
    assert result.sheet is not None
    candidates = [finding.question]
    if finding.rule.also is not None:
        candidates += [test.question for test in condition_questions(finding.rule.also)]
    changed = [qid for qid in dict.fromkeys(candidates)
               if result.claimed_options.get(qid, ()) != result.sheet.selected(qid)]
    return changed or [finding.question]


def not_shown_text(questionnaire: Questionnaire, sheet: AnswerSheet, result: EvidencedResult, finding: Finding,
                   lang: str) -> str:
    """How the report words a finding fired only in the evidenced view: the claim is not shown, rather than the
    finding's own text (a "don't know" twin's "you do not know whether…" would be false)."""
    text = translator(lang)
    parts = []
    for question_id in not_evidenced_answers(questionnaire, result, finding):
        question = questionnaire.questions_by_id[question_id]
        options = result.claimed_options.get(question_id, ())
        labels = ", ".join(question.option(o).label[lang] for o in options if question.option(o) is not None)  # type: ignore[union-attr]
        answer = sheet.answers.get(question_id)
        evidence = answer.evidence if answer is not None else EVIDENCE_LEVELS[0]
        if RANK.get(evidence, 0) < RANK[DOCUMENTED]:
            parts.append(text.gettext("Not shown: “%(answer)s” (%(question)s) is declared, not evidenced.",
                                      answer=labels, question=question.text[lang]))
        else:
            parts.append(text.gettext("Not shown: “%(answer)s” (%(question)s) is %(evidence)s, not tested.",
                                      answer=labels, question=question.text[lang],
                                      evidence=text.gettext(EVIDENCE_NAMES[evidence])))
    return " ".join(parts)
