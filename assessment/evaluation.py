"""The evaluation pipeline: an answer sheet scored, its findings, its advice, and the change since a baseline.

Every door goes through `evaluate()`: the CLI (`score`, `report`), the web pages, the API, the export
and the workshop's group report. `Evaluation.as_json()` is the one contract of `sovereign-ai score
--json`, of the API representation's scores and of the export's `scores`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .answers import AnswerSheet
from .catalogue import Catalogue
from .evidence import EvidencedResult, evidenced
from .csf import CsfEstimate, estimate
from .questionnaire import Questionnaire
from .recommendations import Advice, recommend
from .scoring import Result, score


@dataclass(frozen=True)
class Evaluation:
    """A scored answer sheet with its advice (most urgent first) and, when given, its baseline's result."""

    questionnaire: Questionnaire
    sheet: AnswerSheet  # the answers as given (`result.sheet` reads unanswered questions as "don't know")
    catalogue: Catalogue
    result: Result
    advice: tuple[Advice, ...]
    baseline: Result | None = None
    evidenced: EvidencedResult | None = None  # the evidenced score (docs/method.md); evaluate() always sets it

    @property
    def complete(self) -> bool:
        """Whether every question that applies has an answer."""
        return not any(pillar.unanswered for pillar in self.result.pillars.values())

    def change(self, pillar_id: str | None = None) -> float | None:
        """The change of a pillar's score (of the overall score with None) since the baseline, if both exist."""
        if self.baseline is None:
            return None
        if pillar_id is None:
            now, before = self.result.score, self.baseline.score
        else:
            pillar, earlier = self.result.pillars[pillar_id], self.baseline.pillars.get(pillar_id)
            now, before = pillar.score, earlier.score if earlier else None
        return round(now - before, 1) if now is not None and before is not None else None

    @functools.cached_property
    def csf(self) -> CsfEstimate | None:
        """The SEAL estimate against the Commission's Cloud Sovereignty Framework (assessment/csf.py); None
        when the questionnaire maps no question to it."""
        return estimate(self.questionnaire, self.sheet)

    def as_json(self) -> dict[str, Any]:
        """The contract of `sovereign-ai score --json`: scores, critical findings and recommendations, the
        evidenced score (`evidenced`), and the CSF estimate (`csf`) when the questionnaire has `csf` keys."""
        data = {**self.result.as_json(), "recommendations": [item.as_json() for item in self.advice]}
        if self.evidenced is not None:
            data["evidenced"] = self.evidenced.as_json()
        if self.csf is not None:
            data["csf"] = self.csf.as_json()
        return data


def evaluate(questionnaire: Questionnaire, sheet: AnswerSheet, catalogue: Catalogue,
             baseline: Result | None = None) -> Evaluation:
    """Score the answers as a finished assessment (docs/method.md) and advise on them."""
    result = score(questionnaire, sheet)
    advice = tuple(recommend(questionnaire, sheet, result, catalogue))
    return Evaluation(questionnaire, sheet, catalogue, result, advice, baseline,
                      evidenced=evidenced(questionnaire, sheet, result))
