"""Recommendations: the questionnaire's advice rules applied to a scored result.

A rule fires when its trigger holds: specific answers (unanswered questions read as "don't know",
as in the scores), a pillar below a level before caps (or not assessed), or a critical finding. Fired rules are ordered by priority, then horizon (quick wins first), then the order in
which the questionnaire lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answers import AnswerSheet
from .catalogue import Catalogue, Tool
from .questionnaire import (AnswerIs, CountryIs, CriticalFired, LevelBelow, Questionnaire, Recommendation, TriggerAll,
                            TriggerAny, TriggerNot)
from .scoring import Result, holds

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
HORIZON_ORDER = {"quick-win": 0, "medium": 1, "strategic": 2}


@dataclass(frozen=True)
class Advice:
    """A fired recommendation with the catalogue entries it names."""

    recommendation: Recommendation
    tools: tuple[Tool, ...]
    because_critical: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The recommendation as in `score --json`."""
        rec = self.recommendation
        return {"id": rec.id, "title": dict(rec.title), "priority": rec.priority, "horizon": rec.horizon,
                "effort": rec.effort, "pillars": list(rec.pillars), "tools": [tool.id for tool in self.tools]}


def _fires(trigger, result: Result, sheet: AnswerSheet, fired_rules: set[str]) -> bool:
    if isinstance(trigger, (AnswerIs, CountryIs)):
        return holds(trigger, sheet, result.visible)
    if isinstance(trigger, TriggerNot):
        return not _fires(trigger.not_, result, sheet, fired_rules)
    if isinstance(trigger, LevelBelow):
        # The level before caps: a capped pillar's weakness is already answered by its finding's actions,
        # and a pillar with applicable questions but no informed answer is below every level.
        pillar = result.pillars.get(trigger.pillar)
        if pillar is None or not pillar.counted:
            return False
        return pillar.uncapped_level is None or pillar.uncapped_level < trigger.level_below  # None: not assessed
    if isinstance(trigger, CriticalFired):
        return trigger.critical in fired_rules
    if isinstance(trigger, TriggerAll):
        return all(_fires(child, result, sheet, fired_rules) for child in trigger.all)
    if isinstance(trigger, TriggerAny):
        return any(_fires(child, result, sheet, fired_rules) for child in trigger.any)
    raise TypeError(f"not a trigger: {trigger!r}")


def _critical_ids(trigger) -> set[str]:
    if isinstance(trigger, CriticalFired):
        return {trigger.critical}
    if isinstance(trigger, (TriggerAll, TriggerAny)):
        children = trigger.all if isinstance(trigger, TriggerAll) else trigger.any
        return set().union(*(_critical_ids(child) for child in children))
    return set()


def recommend(questionnaire: Questionnaire, sheet: AnswerSheet, result: Result,
              catalogue: Catalogue | None = None) -> list[Advice]:
    """The recommendations that apply, most urgent first: those that answer a critical finding of
    this assessment, then by priority, horizon and their order in the questionnaire."""
    fired_rules = {finding.rule.id for finding in result.findings}
    sheet = result.sheet or sheet  # unanswered questions read as "don't know", as in the scores
    advice = []
    for index, rec in enumerate(questionnaire.recommendations):
        if not _fires(rec.when, result, sheet, fired_rules):
            continue
        tools = tuple(t for t in (catalogue.tool(tid) for tid in rec.tools) if t) if catalogue else ()
        because = tuple(sorted(_critical_ids(rec.when) & fired_rules))
        advice.append((0 if because else 1, PRIORITY_ORDER[rec.priority], HORIZON_ORDER[rec.horizon], index,
                       Advice(rec, tools, because)))
    return [entry[-1] for entry in sorted(advice, key=lambda entry: entry[:4])]
