"""Workshops: many participants of one client answer the same questionnaire; where do they agree?

`aggregate(questionnaire, sheets)` scores each participant's answer sheet once (with the ordinary
scoring method) and summarises the group, question by question and pillar by pillar. It imports
nothing from Flask so the web app, the CLI and the tests share it.

What is counted
- A participant *responded* to a question when the question was asked to them (it is visible given
  their own answers, see `depends_on`) and they chose at least one option. Answers to questions
  hidden for that participant are ignored, exactly as in the scoring.
- A question's *distribution* counts, for every option, the respondents who chose it; a share is
  that count divided by the question's respondents (for a `multiple` question the shares can add up
  to more than 1, since one person can choose several options).
- The *mode* is the most common whole answer (for a `multiple` question, the most common set of
  options, written in questionnaire order). On a tie, the answer that comes first in questionnaire
  order wins (answers compared option by option, by each option's position in the question).
- A question's score per participant is the scoring method's: the option's score, the capped sum
  for `multiple`, 0 for "don't know"; "not applicable" gives no score and is left out.
- A pillar's statistics (median, quartiles, minimum, maximum) are taken over the participants who
  have a score for that pillar. Quartiles use the "inclusive" method (linear interpolation between
  the sorted scores, the lowest score being the 0th percentile and the highest the 100th). The
  *spread* is the interquartile range q3 - q1: half the participants lie within it. With a single
  score there are no quartiles. Pillar statistics and median scores are rounded to 0.1, shares and
  disagreement to 0.001.

Disagreement (the measure shown to the facilitator)
    disagreement = mean(|score - median|) / 50, over the respondents' scores for the question,
    clipped to [0, 1].

It is the mean absolute distance of each answer's score from the group's median score, divided by
50, the largest value this mean can take on a 0-100 scale. It reads:
- 0 when every respondent's answer scores the same (unanimity, or answers worth the same);
- 1 when the group is split in two equal halves at 0 and 100, the strongest possible disagreement;
- in between, roughly "how far, on average, a participant stands from the middle of the room, as a
  fraction of half the scale": 0.2 means participants are on average 10 points from the median.
"Don't know" counts as a score of 0, as in the scoring, and nothing more (the number of "don't
know" answers is reported separately as a knowledge gap); "not applicable" answers are left out.
A question with fewer than two scored answers has disagreement 0. The measure uses the median
rather than the mean so that one outlier does not make a consensus look disputed, and absolute
rather than squared distances so that it stays in score points a consultant can explain.

The live view's pictures (issue #16 §5)
- A question's *segments* are its answers in maturity order, each respondent counted exactly once:
  for a `single` or `scale` question, every option with a score, by score ascending (ties in
  questionnaire order), zero counts included; for a `multiple` question, the distinct scores of the
  whole answers given (a person ticking DPA and audit, 40 + 40, is one respondent at 80), ascending.
  Then every "don't know" option, then every "not applicable" option, always listed, zero or not:
  they are never hidden nor folded into a score. Shares are of the question's respondents and add up
  to 1 (before rounding).
- "Most disputed first" (`by_dispute`) sorts every answered question by the disagreement above,
  descending, then respondents descending, then questionnaire order. We keep this measure rather
  than "the share not on the most common option" because it follows the maturity order: a room split
  between an answer worth 0 and one worth 100 is more divided than one split between 60 and 70,
  which a modal share cannot tell apart; and it is the number the facilitator already reads.
- A pillar's band is [q1, q3] (the "inclusive" quantiles above); with fewer than two scores there is
  no band (q1, q3 and spread are None) and the pages say "not enough answers".
- *Progress*: a participant has *started* when they chose at least one option anywhere; per pillar
  page, *started* counts those with at least one answer on that page and *finished* those with no
  question of that page left unanswered among those asked to them (so a page whose questions are all
  hidden by earlier answers counts as finished). Counts only: no names.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .answers import AnswerSheet
from .questionnaire import EVIDENCE_LEVELS, Question, Questionnaire
from .scoring import Result, question_score, score

SegmentKind = Literal["scored", "unknown", "not-applicable"]

def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class OptionCount:
    """How many respondents chose one option of a question."""

    option_id: str
    label: dict[str, str] = field(hash=False)
    count: int
    share: float  # of the question's respondents, 0-1, rounded to 0.001

    def as_json(self) -> dict[str, Any]:
        """The option count as plain JSON data."""
        return {"option_id": self.option_id, "label": dict(self.label), "count": self.count, "share": self.share}


@dataclass(frozen=True)
class Segment:
    """One part of a question's answers in maturity order (see "The live view's pictures")."""

    key: str  # the option's id; "score-<value>" for a group of whole answers to a `multiple` question
    kind: SegmentKind
    score: float | None  # the option's (or whole answer's) score; None for "don't know" and "not applicable"
    label: dict[str, str] = field(hash=False)  # the option's label; {} for a `multiple` score group
    count: int = 0
    share: float = 0.0  # of the question's respondents, 0-1, rounded to 0.001

    def as_json(self) -> dict[str, Any]:
        """The segment as plain JSON data."""
        return {"key": self.key, "kind": self.kind, "score": self.score, "label": dict(self.label),
                "count": self.count, "share": self.share}


@dataclass(frozen=True)
class QuestionAggregate:
    """The group's answers to one question."""

    question_id: str
    pillar_id: str
    text: dict[str, str] = field(hash=False)
    respondents: int  # participants to whom the question was visible and who chose an option
    distribution: tuple[OptionCount, ...]  # every option, in questionnaire order
    unknown: int  # answers of kind "unknown"
    unknown_share: float  # unknown / respondents, 0 when no respondents
    mode: tuple[str, ...]  # the most common whole answer; () when no respondents
    median_score: float | None  # "don't know" counts 0, "not applicable" left out
    disagreement: float  # 0-1, see the module docstring
    segments: tuple[Segment, ...] = ()  # every respondent once, in maturity order (see the module docstring)

    def as_json(self) -> dict[str, Any]:
        """The question aggregate as plain JSON data."""
        return {
            "question_id": self.question_id,
            "pillar_id": self.pillar_id,
            "text": dict(self.text),
            "respondents": self.respondents,
            "distribution": [entry.as_json() for entry in self.distribution],
            "unknown": self.unknown,
            "unknown_share": self.unknown_share,
            "mode": list(self.mode),
            "median_score": self.median_score,
            "disagreement": self.disagreement,
            "segments": [segment.as_json() for segment in self.segments],
        }


@dataclass(frozen=True)
class PillarAggregate:
    """The spread of the participants' scores for one pillar."""

    pillar_id: str
    respondents: int  # participants with a score for this pillar
    median: float | None
    q1: float | None
    q3: float | None
    spread: float | None  # q3 - q1, None with fewer than 2 scores
    minimum: float | None
    maximum: float | None

    def as_json(self) -> dict[str, Any]:
        """The pillar aggregate as plain JSON data."""
        return {"pillar_id": self.pillar_id, "respondents": self.respondents, "median": self.median,
                "q1": self.q1, "q3": self.q3, "spread": self.spread, "minimum": self.minimum,
                "maximum": self.maximum}


@dataclass(frozen=True)
class PageProgress:
    """How far the participants are on one pillar's page (counts only, no names)."""

    pillar_id: str
    started: int  # participants with at least one answer on this page
    finished: int  # participants with no question of this page left unanswered (among those asked to them)

    def as_json(self) -> dict[str, Any]:
        """The page's progress as plain JSON data."""
        return {"pillar_id": self.pillar_id, "started": self.started, "finished": self.finished}


@dataclass(frozen=True)
class WorkshopAggregate:
    """The whole group: participation, pillar spreads and every question's answers."""

    participants: int
    completed: int  # participants who answered every question visible to them
    pillars: tuple[PillarAggregate, ...]  # questionnaire order
    questions: tuple[QuestionAggregate, ...]  # questionnaire order
    started: int = 0  # participants who chose at least one option
    pages: tuple[PageProgress, ...] = ()  # questionnaire order

    def by_dispute(self) -> list[QuestionAggregate]:
        """Every question with at least one respondent, most disputed first: disagreement, then respondents,
        descending; ties in questionnaire order (see "The live view's pictures")."""
        candidates = [(index, q) for index, q in enumerate(self.questions) if q.respondents]
        candidates.sort(key=lambda item: (-item[1].disagreement, -item[1].respondents, item[0]))
        return [q for _, q in candidates]

    def disputed(self, limit: int = 10) -> list[QuestionAggregate]:
        """The most disputed questions: disagreement, then respondents, descending; ties in questionnaire order.

        Only questions with at least two respondents and some disagreement are listed.
        """
        candidates = [(index, q) for index, q in enumerate(self.questions)
                      if q.respondents >= 2 and q.disagreement > 0]
        candidates.sort(key=lambda item: (-item[1].disagreement, -item[1].respondents, item[0]))
        return [q for _, q in candidates[:max(limit, 0)]]

    def knowledge_gaps(self, limit: int = 10) -> list[QuestionAggregate]:
        """The questions most answered "don't know": share, then count, descending; ties in questionnaire order."""
        candidates = [(index, q) for index, q in enumerate(self.questions) if q.unknown > 0]
        candidates.sort(key=lambda item: (-item[1].unknown_share, -item[1].unknown, item[0]))
        return [q for _, q in candidates[:max(limit, 0)]]

    def as_json(self) -> dict[str, Any]:
        """The aggregate as plain JSON data, with the ids of the top disputed questions and knowledge gaps."""
        return {
            "participants": self.participants,
            "completed": self.completed,
            "started": self.started,
            "pages": [page.as_json() for page in self.pages],
            "pillars": [pillar.as_json() for pillar in self.pillars],
            "questions": [question.as_json() for question in self.questions],
            "disputed": [q.question_id for q in self.disputed()],
            "knowledge_gaps": [q.question_id for q in self.knowledge_gaps()],
        }


def disagreement(scores: Sequence[float]) -> float:
    """mean(|s - median|) / 50 clipped to [0, 1]; 0 with fewer than two scores (see the module docstring)."""
    if len(scores) < 2:
        return 0.0
    middle = statistics.median(scores)
    deviation = math.fsum(abs(s - middle) for s in scores) / len(scores)
    return round(min(1.0, max(0.0, deviation / 50)), 3)


def _aggregate_question(pillar_id: str, question: Question, answers: list[tuple[str, ...]]) -> QuestionAggregate:
    """Summarise the answers (each non-empty, from a participant who saw the question)."""
    position = {option.id: index for index, option in enumerate(question.options)}
    kinds = {option.id: option.kind for option in question.options}
    # Participants give few distinct answers: count them first, then work once per distinct answer.
    wholes: Counter[tuple[str, ...]] = Counter()
    for chosen, times in Counter(answers).items():
        if len(chosen) > 1:
            chosen = tuple(sorted(set(chosen), key=lambda option_id: position.get(option_id, len(position))))
        wholes[chosen] += times
    counts: Counter[str] = Counter()
    scores: list[float] = []
    unknown = 0
    for whole, times in wholes.items():
        for option_id in whole:
            counts[option_id] += times
        if any(kinds.get(option_id) == "unknown" for option_id in whole):
            unknown += times
        value = question_score(question, whole)
        if value is not None:
            scores.extend([value] * times)
    respondents = len(answers)
    distribution = tuple(
        OptionCount(option.id, dict(option.label), counts[option.id],
                    round(counts[option.id] / respondents, 3) if respondents else 0.0)
        for option in question.options)
    segments = _segments(question, wholes, respondents)
    mode: tuple[str, ...] = ()
    if wholes:
        mode = min(wholes, key=lambda whole: (-wholes[whole], [position.get(o, len(position)) for o in whole]))
    return QuestionAggregate(
        question_id=question.id,
        pillar_id=pillar_id,
        text=dict(question.text),
        respondents=respondents,
        distribution=distribution,
        unknown=unknown,
        unknown_share=round(unknown / respondents, 3) if respondents else 0.0,
        mode=mode,
        median_score=_round(statistics.median(scores), 1) if scores else None,
        disagreement=disagreement(scores),
        segments=segments,
    )


def _segment_key(question: Question, whole: tuple[str, ...]) -> str:
    """The segment a whole answer falls in: its "not applicable" or "don't know" option first (as in the
    scoring), else its option (single, scale) or its score group (multiple)."""
    by_id = question.options_by_id
    for kind in ("not-applicable", "unknown"):
        for option_id in whole:
            option = by_id.get(option_id)
            if option is not None and option.kind == kind:
                return option_id
    if question.type != "multiple":
        return whole[0]
    return f"score-{_number(question_score(question, whole) or 0.0)}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _segments(question: Question, wholes: Counter[tuple[str, ...]], respondents: int) -> tuple[Segment, ...]:
    """The respondents in maturity order (see "The live view's pictures")."""
    counts: Counter[str] = Counter()
    for whole, times in wholes.items():
        counts[_segment_key(question, whole)] += times

    def share(count: int) -> float:
        return round(count / respondents, 3) if respondents else 0.0

    scored: list[Segment]
    if question.type == "multiple":
        groups = sorted({float(key.removeprefix("score-")) for key in counts if key.startswith("score-")})
        scored = [Segment(f"score-{_number(value)}", "scored", value, {}, counts[f"score-{_number(value)}"],
                          share(counts[f"score-{_number(value)}"])) for value in groups]
    else:
        ordered = sorted((o for o in question.options if o.kind is None),
                         key=lambda o: (o.score or 0, question.options.index(o)))
        scored = [Segment(o.id, "scored", float(o.score or 0), dict(o.label), counts[o.id], share(counts[o.id]))
                  for o in ordered]
    kinds: list[Segment] = [Segment(o.id, kind, None, dict(o.label), counts[o.id], share(counts[o.id]))
                            for kind in ("unknown", "not-applicable") for o in question.options if o.kind == kind]
    return (*scored, *kinds)


def _aggregate_pillar(pillar_id: str, scores: list[float]) -> PillarAggregate:
    if not scores:
        return PillarAggregate(pillar_id, 0, None, None, None, None, None, None)
    median = round(statistics.median(scores), 1)
    q1 = q3 = spread = None
    if len(scores) >= 2:
        low, _, high = statistics.quantiles(scores, n=4, method="inclusive")
        q1, q3 = round(low, 1), round(high, 1)
        spread = round(q3 - q1, 1)
    return PillarAggregate(pillar_id, len(scores), median, q1, q3, spread, min(scores), max(scores))


def aggregate(questionnaire: Questionnaire, sheets: Sequence[AnswerSheet],
              results: Sequence[Result] | None = None) -> WorkshopAggregate:
    """Summarise the participants' answer sheets (each scored once with `scoring.score`).

    The sheets are expected to be valid answers to this questionnaire; their order does not matter.
    `results`, when given, are the sheets' scores already computed (in the same order).
    """
    pillar_scores: dict[str, list[float]] = {pillar.id: [] for pillar in questionnaire.pillars}
    answers: dict[str, list[tuple[str, ...]]] = {question.id: [] for _, question in questionnaire.questions()}
    completed = started = 0
    page_started: Counter[str] = Counter()
    page_finished: Counter[str] = Counter()
    for index, sheet in enumerate(sheets):
        result = results[index] if results is not None else score(questionnaire, sheet)
        complete = True
        for pillar_id, pillar_result in result.pillars.items():
            if pillar_result.score is not None:
                pillar_scores[pillar_id].append(pillar_result.score)
            if pillar_result.unanswered:
                complete = False
            else:
                page_finished[pillar_id] += 1
        completed += complete
        touched = {pillar.id for pillar in questionnaire.pillars
                   if any(sheet.selected(question.id) for question in pillar.questions)}
        page_started.update(touched)
        started += bool(touched)
        for question_id in result.visible:
            chosen = sheet.selected(question_id)
            if chosen:
                answers[question_id].append(chosen)
    return WorkshopAggregate(
        participants=len(sheets),
        completed=completed,
        pillars=tuple(_aggregate_pillar(pillar.id, pillar_scores[pillar.id]) for pillar in questionnaire.pillars),
        questions=tuple(_aggregate_question(pillar.id, question, answers[question.id])
                        for pillar, question in questionnaire.questions()),
        started=started,
        pages=tuple(PageProgress(pillar.id, page_started[pillar.id], page_finished[pillar.id])
                    for pillar in questionnaire.pillars),
    )


def pillar_scores(result: Result) -> dict[str, float | None]:
    """The pillar scores of one scored sheet (the recorded consensus, drawn over the group's spread)."""
    return {pillar_id: pillar.score for pillar_id, pillar in result.pillars.items()}


def consensus_prefill(aggregate: WorkshopAggregate) -> dict[str, tuple[str, ...]]:
    """A starting point for the group's consensus answers: each answered question's most common answer.

    Questions nobody answered are left out. The caller records the consensus as an ordinary answer
    sheet; answers to questions the consensus itself hides (`depends_on`) are ignored when scored.
    """
    return {q.question_id: q.mode for q in aggregate.questions if q.respondents}


# Evidence in a workshop: each participant backs their own answer; the consensus carries the facilitator's
# choice, proposed as the lowest level among the participants who gave the consensus answer (aggregation
# never makes evidence stronger than its weakest witness).


@dataclass(frozen=True)
class EvidenceTally:
    """The participants who gave one whole answer to a question, and how they back it."""

    options: tuple[str, ...]  # in questionnaire order
    count: int
    levels: tuple[tuple[str, int], ...]  # (evidence level, participants), weakest first, levels present only


def _whole(question: Question, options: tuple[str, ...]) -> tuple[str, ...]:
    position = {option.id: index for index, option in enumerate(question.options)}
    return tuple(sorted(set(options), key=lambda option_id: position.get(option_id, len(position))))


def evidence_tallies(question: Question, sheets: Sequence[AnswerSheet]) -> tuple[EvidenceTally, ...]:
    """The participants' answers to a question with their evidence: most common answer first (ties in
    questionnaire order), each with its count per evidence level."""
    position = {option.id: index for index, option in enumerate(question.options)}
    levels: dict[tuple[str, ...], Counter[str]] = {}
    for sheet in sheets:
        answer = sheet.answers.get(question.id)
        if answer is None or not answer.options:
            continue
        levels.setdefault(_whole(question, answer.options), Counter())[answer.evidence] += 1
    ordered = sorted(levels, key=lambda whole: (-sum(levels[whole].values()), [position.get(o, 0) for o in whole]))
    return tuple(EvidenceTally(whole, sum(levels[whole].values()),
                               tuple((level, levels[whole][level]) for level in EVIDENCE_LEVELS if levels[whole][level]))
                 for whole in ordered)


def consensus_evidence(question: Question, sheets: Sequence[AnswerSheet], options: Sequence[str]) -> str:
    """The consensus answer's proposed evidence level: the lowest level among the participants who gave that
    answer; if nobody gave it whole (a multiple answer the facilitator composed), among those who chose one of
    its options; declared when nobody did."""
    whole = _whole(question, tuple(options))
    if not whole:
        return EVIDENCE_LEVELS[0]
    same, sharing = [], []
    for sheet in sheets:
        answer = sheet.answers.get(question.id)
        if answer is None or not answer.options:
            continue
        if _whole(question, answer.options) == whole:
            same.append(answer.evidence)
        elif set(answer.options) & set(whole):
            sharing.append(answer.evidence)
    witnesses = same or sharing
    if not witnesses:
        return EVIDENCE_LEVELS[0]
    return min(witnesses, key=lambda level: EVIDENCE_LEVELS.index(level) if level in EVIDENCE_LEVELS else 0)
