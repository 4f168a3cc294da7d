"""The report as plain data: what the results page, the HTML report and the PDF show.

`build()` turns an evaluation into a `Report` of frozen dataclasses: templates receive only these,
strings and numbers, never ORM rows or questionnaire models, and every text is already in the
report's language. Nobody changes a report after it is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import csf as csf_estimate
from ..answers import AnswerSheet
from ..brand import Brand
from ..catalogue import Tool
from ..documents import DocumentItem, documents_to_prepare
from ..evaluation import Evaluation
from ..evidence import EvidencedResult, not_shown_text
from ..i18n import (CATEGORIES, DEPLOYMENTS, EFFORTS, HORIZONS, PRIORITIES, QUALIFICATION_STATUSES, country, label,
                    long_date, number, percent, translator)
from ..questionnaire import Questionnaire
from ..scoring import LEVELS, Result, level_description, level_name, question_score
from . import charts

STRENGTH = 67  # a known answer at or above this score is a strength ("established" on a 0/33/67/100 scale)
WEAKNESS = 33  # at or below, a weakness
DETAILED_ACTIONS = 6  # the most urgent recommendations get a detailed sheet in the report
HIGHLIGHTS = 3  # strengths and weaknesses shown per pillar


@dataclass(frozen=True)
class AnswerLine:
    """One question of a pillar and what was answered (`status`: answered, unknown, not-applicable,
    unanswered or hidden)."""

    id: str
    text: str
    weight: float
    answer: tuple[str, ...]
    score: float | None
    comment: str
    status: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PillarSection:
    """A pillar's chapter: score, level, what it rests on, and the change since the baseline."""

    id: str
    title: str
    description: str
    score: float | None
    level: int | None
    level_name: str
    uncapped_level: int | None
    raw_score: float | None  # the score before caps, shown beside a capped score
    capped: bool
    confidence: float
    answers: tuple[AnswerLine, ...]
    strengths: tuple[AnswerLine, ...]
    weaknesses: tuple[AnswerLine, ...]
    unknown: tuple[AnswerLine, ...]
    unanswered: tuple[AnswerLine, ...]
    findings: tuple[str, ...]
    baseline_score: float | None
    change: float | None
    bar: str  # inline SVG


@dataclass(frozen=True)
class FindingLine:
    """A critical finding as the summary shows it."""

    id: str
    pillar: str
    question: str
    text: str
    cap: int
    level_before: int | None
    cap_note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ToolMention:
    """A tool named by an action."""

    id: str
    name: str
    vendor: str
    country: str
    fits: bool  # based or qualified in the organisation's country


@dataclass(frozen=True)
class Action:
    """A recommendation of the action plan; the most urgent ones are `detailed` in their own sheet."""

    id: str
    title: str
    rationale: str
    steps: tuple[str, ...]
    priority: str
    priority_label: str
    horizon: str
    horizon_label: str
    effort: str
    effort_label: str
    pillars: tuple[str, ...]
    tools: tuple[ToolMention, ...]
    critical: bool
    sources: tuple[str, ...]
    detailed: bool


@dataclass(frozen=True)
class SourceLink:
    """A titled source."""

    title: str
    url: str


@dataclass(frozen=True)
class QualificationLine:
    """A tool's qualification in one country."""

    scheme: str
    country_name: str
    status: str
    scope: str
    verified_label: str
    source: SourceLink


@dataclass(frozen=True)
class ToolSheet:
    """A catalogue entry as the tools chapter describes it."""

    id: str
    name: str
    vendor: str
    country: str
    country_name: str
    category: str
    description: str
    deployment: tuple[str, ...]
    license: str
    certifications: tuple[str, ...]
    sovereignty_notes: str
    caveats: str
    url: str
    sources: tuple[SourceLink, ...]
    verified: str
    verified_label: str
    owner: str
    qualifications: tuple[QualificationLine, ...]


@dataclass(frozen=True)
class Organisation:
    """The organisation on the cover ('' for what was not given)."""

    name: str
    sector: str
    size: str
    country: str
    country_name: str


@dataclass(frozen=True)
class QuestionnaireInfo:
    """The questionnaire the answers were given with."""

    id: str
    version: str
    title: str
    published: str | None
    content_date: str
    report_title: str = ""  # on the cover, the page headers and the results page: its `report_title`, else its title


@dataclass(frozen=True)
class Overall:
    """The overall score and level, and the change since the baseline."""

    score: float | None
    level: int | None
    level_name: str
    confidence: float
    change: float | None


@dataclass(frozen=True)
class LevelBand:
    """A level of the maturity scale and its band of scores."""

    level: int
    min: int
    name: str
    max: int
    description: str = ""


@dataclass(frozen=True)
class CriticalRuleLine:
    """A critical rule of the questionnaire, for the method's appendix."""

    pillar: str
    question: str
    text: str
    cap: int


@dataclass(frozen=True)
class PillarSpread:
    """How a workshop's participants scored a pillar."""

    pillar: str
    median: float | None
    q1: float | None
    q3: float | None
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class DisputedQuestion:
    """A question the workshop's participants disagreed on, with the consensus's dissent note."""

    text: str
    disagreement: float
    respondents: int
    note: str


@dataclass(frozen=True)
class WorkshopSection:
    """The group report's part on the workshop: participation, spread per pillar, disputed questions."""

    title: str
    participants: int
    completed: int
    spread: tuple[PillarSpread, ...]
    disputed: tuple[DisputedQuestion, ...]


@dataclass(frozen=True)
class EvidencedPillarLine:
    """A pillar's claimed and evidenced scores side by side, and the share of the claimed score resting on
    evidence ('—' when nothing is claimed)."""

    id: str
    title: str
    claimed_score: float | None
    claimed_level: int | None
    evidenced_score: float | None  # None: not assessed in the evidenced view
    evidenced_level: int | None
    evidenced_label: str  # "40/100, level 2" or "not assessed"
    share: float | None
    share_label: str


@dataclass(frozen=True)
class EvidencedSection:
    """The claimed score beside the evidenced score (docs/method.md, "Evidence and the evidenced score")."""

    assessed: bool
    overall_score: float | None
    overall_level: int | None
    overall_level_name: str
    overall_label: str
    claimed_score: float | None
    claimed_level: int | None
    claimed_label: str
    reading: str
    not_assessed_label: str
    pillars: tuple[EvidencedPillarLine, ...]
    not_shown: tuple[str, ...]  # findings fired only in the evidenced view, worded "not shown: …"


@dataclass(frozen=True)
class CsfAnswerLine:
    """An answer that binds an objective's SEAL estimate: the question, what was chosen, how it is backed
    (`number`: its reference in the objectives' table)."""

    number: int
    question: str
    answer: str
    seal: int
    evidence: str  # the evidence level's label
    status: str  # answered, unknown or unanswered


@dataclass(frozen=True)
class CsfObjectiveLine:
    """One objective of the Cloud Sovereignty Framework reading."""

    id: str
    name: str
    seal: int | None  # None: not estimated
    seal_name: str
    indicative: bool  # read through one criterion only
    declared_only: bool  # every binding answer is declared
    binding: tuple[int, ...]  # numbers of the answers (CsfSection.answers) at the objective's SEAL
    criteria_read: tuple[str, ...]
    gating_criteria: int
    c3a: tuple[str, ...]  # BSI C3A groups of the questions read, shown to organisations established in Germany


@dataclass(frozen=True)
class CsfSection:
    """The one-page indicative reading against the Commission's Cloud Sovereignty Framework."""

    seal: int | None
    seal_name: str
    estimated: int
    objectives: tuple[CsfObjectiveLine, ...]
    answers: tuple[CsfAnswerLine, ...]  # every answer that binds an objective, once
    seal_known: int | None  # on known answers only, as the Commission's calculator reads them
    excluded: int  # questions with a SEAL reading that did not apply
    show_c3a: bool
    verified_label: str


@dataclass(frozen=True)
class Report:
    """Everything a results page or report shows, in one language."""

    lang: str
    generated: str
    generated_label: str
    organisation: Organisation
    questionnaire: QuestionnaireInfo
    questionnaire_change: str
    overall: Overall
    reading: str
    pillars: tuple[PillarSection, ...]
    findings: tuple[FindingLine, ...]
    gaps: int
    unanswered: int
    recommendations: tuple[Action, ...]
    urgent: tuple[Action, ...]
    highlights: int
    tools: tuple[ToolSheet, ...]
    neutrality: str
    catalogue_updated: str
    catalogue_updated_label: str
    levels: tuple[LevelBand, ...]
    radar: str  # inline SVG: a radar of the pillars (3 to 8), horizontal bars for 1 or 2
    critical_rules: tuple[CriticalRuleLine, ...]
    sources: tuple[str, ...]
    workshop: WorkshopSection | None = None
    evidenced: EvidencedSection | None = None
    brand: Brand | None = None  # the consultant's, on the cover of a workshop's reports ("Prepared by")
    csf: CsfSection | None = None  # only for a questionnaire with `csf` keys
    # The documents to prepare (annex); None when the questionnaire says for no question what to show.
    documents: tuple[DocumentItem, ...] | None = None


def _pillar_titles(questionnaire: Questionnaire, lang: str) -> dict[str, str]:
    return {pillar.id: pillar.title[lang] for pillar in questionnaire.pillars}


def _answers(questionnaire, pillar, sheet: AnswerSheet, result: Result, lang: str) -> tuple[AnswerLine, ...]:
    rows = []
    for question in pillar.questions:
        answer = sheet.answers.get(question.id)
        options = answer.options if answer else ()
        chosen = [question.option(o) for o in options]
        if question.id not in result.visible:
            status = "hidden"
        elif not options:
            status = "unanswered"
        elif any(o.kind == "unknown" for o in chosen):
            status = "unknown"
        elif any(o.kind == "not-applicable" for o in chosen):
            status = "not-applicable"
        else:
            status = "answered"
        rows.append(AnswerLine(
            id=question.id,
            text=question.text[lang],
            weight=question.weight,
            answer=tuple(o.label[lang] for o in chosen),
            score=question_score(question, options) if options and status != "hidden" else None,
            comment=answer.comment if answer else "",
            status=status,
            sources=tuple(question.sources),
        ))
    return tuple(rows)


def country_first(tools: tuple[Tool, ...], organisation_country: str | None) -> list[Tool]:
    """The tools that fit the organisation's country first (based there, or qualified there), else in
    the recommendation's order: a French hospital reads first of the offers it may use."""
    return sorted(tools, key=lambda tool: not tool.fits(organisation_country))


def _content_date(questionnaire: Questionnaire, lang: str) -> str:
    """'Content up to date as of DATE (questionnaire version V)', or the version alone when undated."""
    if questionnaire.published is None:
        return translator(lang).gettext("Questionnaire version %(version)s.", version=questionnaire.version)
    return translator(lang).gettext("Content up to date as of %(date)s (questionnaire version %(version)s).",
                                    date=long_date(questionnaire.published, lang),
                     version=questionnaire.version)


def _questionnaire_change(result: Result, baseline: Result | None, lang: str) -> str:
    """A sentence when the baseline was answered with another version of the questionnaire, else ''."""
    if baseline is None or baseline.questionnaire_version == result.questionnaire_version:
        return ""
    return translator(lang).gettext(
        "The questionnaire changed since the baseline assessment (questionnaire %(before)s → %(after)s): the "
        "comparison is between pillar scores, whose questions may differ.", before=baseline.questionnaire_version,
                     after=result.questionnaire_version)


def _cap_note(cap: int, level_before: int | None, lang: str) -> str:
    """What a critical finding's cap does: a cap only changes something when the pillar stood above it
    (a pillar not assessed has no level)."""
    text = translator(lang)
    if level_before is None:
        return text.gettext("Cap: level %(cap)s at most (the pillar is not assessed: no informed answer).", cap=cap)
    if level_before > cap:
        return text.gettext("Pillar level brought down from %(before)s to %(cap)s.", cap=cap, before=level_before)
    return text.gettext("Cap: level %(cap)s at most (no effect here: the pillar is at level %(before)s).", cap=cap,
                        before=level_before)


def _reading(result: Result, pillars: list[PillarSection], gaps: int, lang: str,
             questionnaire: Questionnaire | None = None) -> str:
    """A short reading of the result, in plain words."""
    if result.score is None:
        return translator(lang).gettext("No answer has been given yet: there is nothing to measure.")
    scored = [p for p in pillars if p.score is not None]
    strongest = max(scored, key=lambda p: p.score or 0.0)
    weakest = min(scored, key=lambda p: p.score or 0.0)
    text = translator(lang)
    parts = [text.gettext("Your organisation stands at level %(level)s (%(name)s), with an overall score of "
                          "%(score)s/100.", level=result.level, name=level_name(result.level, lang, questionnaire),
                          score=number(result.score, lang))]
    if len(scored) > 1 and strongest is not weakest:
        # "The strongest pillar" would mislead when every pillar is at level 0.
        values = {"strong": strongest.title, "strong_score": number(strongest.score, lang),
                  "weak": weakest.title, "weak_score": number(weakest.score, lang)}
        parts.append(text.gettext("Every pillar is at level 0; the least weak is “%(strong)s” (%(strong_score)s/100), "
                                  "the weakest “%(weak)s” (%(weak_score)s/100).", **values) if strongest.level == 0
                     else text.gettext("The strongest pillar is “%(strong)s” (%(strong_score)s/100); the weakest, "
                                       "“%(weak)s” (%(weak_score)s/100).", **values))
    capped = [p for p in pillars if p.capped]
    if capped:
        parts.append(text.ngettext("%(count)s critical finding caps the level of: %(pillars)s.",
                                   "%(count)s critical findings cap the level of: %(pillars)s.", len(result.findings),
                               pillars=", ".join(p.title for p in capped)))
    if gaps:
        parts.append(text.ngettext("%(count)s question remains to be investigated (an “I don't know” answer); "
                                   "it counts as 0.", "%(count)s questions remain to be investigated (“I don't "
                                   "know” answers); they count as 0.", gaps))
    return " ".join(parts)


def _score_label(score: float | None, level: int | None, lang: str, not_assessed: str) -> str:
    """"40/100, level 2" or the words for "not assessed", never 0 presented as measured."""
    if score is None or level is None:
        return not_assessed
    return translator(lang).gettext("%(score)s/100, level %(level)s", score=number(score, lang), level=level)


def _evidenced_section(evaluation: Evaluation, evidenced: EvidencedResult, titles: dict[str, str],
                       lang: str) -> EvidencedSection:
    """The claimed and evidenced scores side by side, per pillar and overall."""
    text = translator(lang)
    result = evaluation.result
    not_assessed = text.gettext("not assessed")
    def share_label(share: float | None) -> str:
        return percent(share, lang) if share is not None else "—"

    pillars = tuple(EvidencedPillarLine(
        id=pid, title=titles[pid], claimed_score=claimed.score, claimed_level=claimed.level,
        evidenced_score=evidenced.pillars[pid].score, evidenced_level=evidenced.pillars[pid].level,
        evidenced_label=_score_label(evidenced.pillars[pid].score, evidenced.pillars[pid].level, lang, not_assessed),
        share=evidenced.shares[pid],
        share_label=share_label(evidenced.shares[pid]),
    ) for pid, claimed in result.pillars.items())
    if evidenced.level is None:
        reading = text.gettext("The evidenced score is not assessed: no answer is backed by evidence (documented, "
                               "audited or tested) yet. It is not 0: nothing has been checked.")
    else:
        reading = text.gettext("Evidenced score: %(score)s/100, level %(level)s (%(name)s), against a claimed score "
                               "of %(claimed)s/100. An answer counts in it only with the evidence its option needs; "
                               "otherwise it counts as “I don't know”.", score=number(evidenced.score, lang),
                               level=evidenced.level, name=level_name(evidenced.level, lang, evaluation.questionnaire),
                               claimed=number(result.score, lang))
    not_shown = (tuple(not_shown_text(evaluation.questionnaire, evaluation.sheet, evidenced, finding, lang)
                       for finding in evidenced.not_shown) if evidenced.level is not None else ())
    return EvidencedSection(
        assessed=evidenced.level is not None, overall_score=evidenced.score, overall_level=evidenced.level,
        overall_level_name=level_name(evidenced.level, lang, evaluation.questionnaire),
        overall_label=_score_label(evidenced.score, evidenced.level, lang, not_assessed),
        claimed_score=result.score, claimed_level=result.level,
        claimed_label=_score_label(result.score, result.level, lang, not_assessed),
        reading=reading, not_assessed_label=not_assessed, pillars=pillars, not_shown=tuple(dict.fromkeys(not_shown)))


def _csf_section(evaluation: Evaluation, lang: str) -> CsfSection | None:
    """The CSF page's data: per objective its SEAL estimate, the answers that bind it and what was read."""
    estimate = evaluation.csf
    if estimate is None:
        return None
    questionnaire, text = evaluation.questionnaire, translator(lang)
    show_c3a = evaluation.sheet.country == "DE"

    answers: dict[str, CsfAnswerLine] = {}

    def number(binding: csf_estimate.Binding) -> int:
        if binding.question not in answers:
            answers[binding.question] = line(binding, len(answers) + 1)
        return answers[binding.question].number

    def line(binding: csf_estimate.Binding, index: int) -> CsfAnswerLine:
        question = questionnaire.questions_by_id[binding.question]
        chosen = [question.options_by_id[o] for o in binding.options]
        status = ("unanswered" if binding.unanswered else
                  "unknown" if any(o.kind == "unknown" for o in chosen) else "answered")
        return CsfAnswerLine(number=index, question=question.text[lang],
                             answer=_joined(lang, [o.label[lang] for o in chosen]), seal=binding.seal,
                             evidence=text.gettext(csf_estimate.EVIDENCE_NAMES.get(binding.evidence, binding.evidence)),
                             status=status)

    objectives = []
    for objective in estimate.objectives:
        number_ = objective.id.split("-")[1]
        c3a = sorted({group for reading in objective.readings
                      for group in questionnaire.questions_by_id[reading.question].c3a
                      if group.split("-")[1] == number_}) if show_c3a else []
        objectives.append(CsfObjectiveLine(
            id=objective.id, name=csf_estimate.objective_name(objective.id, lang), seal=objective.seal,
            seal_name=csf_estimate.seal_name(objective.seal, lang), indicative=objective.indicative,
            declared_only=objective.declared_only, binding=tuple(number(b) for b in objective.binding),
            criteria_read=objective.criteria_read, gating_criteria=objective.gating_criteria, c3a=tuple(c3a)))
    return CsfSection(seal=estimate.seal, seal_name=csf_estimate.seal_name(estimate.seal, lang),
                      estimated=len(estimate.estimated), objectives=tuple(objectives),
                      answers=tuple(answers.values()), seal_known=estimate.seal_known,
                      excluded=len(estimate.excluded), show_c3a=show_c3a,
                      verified_label=long_date(estimate.verified, lang))


def _joined(lang: str, items: list[str]) -> str:
    """Items joined with the language's list separator."""
    return translator(lang).pgettext("list separator", "; ").join(items)


def build(evaluation: Evaluation, lang: str, *, generated: dt.date | None = None,
          workshop: WorkshopSection | None = None) -> Report:
    """Everything a results page or report shows, in one language (the group report adds its `workshop`)."""
    questionnaire, sheet, result, catalogue = (evaluation.questionnaire, evaluation.sheet, evaluation.result,
                                               evaluation.catalogue)
    advice, baseline = evaluation.advice, evaluation.baseline
    titles = _pillar_titles(questionnaire, lang)
    tools_of = {item.recommendation.id: country_first(item.tools, sheet.country) for item in advice}
    pillars = []
    for pillar in questionnaire.pillars:
        pr = result.pillars[pillar.id]
        answers = _answers(questionnaire, pillar, sheet, result, lang)
        known = [(a, a.score) for a in answers if a.status == "answered" and a.score is not None]
        strengths = sorted((a for a, value in known if value >= STRENGTH), key=lambda a: -a.weight)
        weaknesses = sorted((a for a, value in known if value <= WEAKNESS), key=lambda a: -a.weight)
        before = baseline.pillars.get(pillar.id) if baseline else None
        pillars.append(PillarSection(
            id=pillar.id,
            title=pillar.title[lang],
            description=pillar.description[lang],
            score=pr.score,
            level=pr.level,
            level_name=level_name(pr.level, lang, questionnaire),
            uncapped_level=pr.uncapped_level,
            raw_score=pr.raw_score,
            capped=pr.level is not None and pr.level != pr.uncapped_level,
            confidence=pr.confidence,
            answers=answers,
            strengths=tuple(strengths),
            weaknesses=tuple(weaknesses),
            unknown=tuple(a for a in answers if a.status == "unknown"),
            unanswered=tuple(a for a in answers if a.status == "unanswered"),
            findings=tuple(f.rule.finding[lang] for f in pr.findings),
            baseline_score=before.score if before else None,
            change=evaluation.change(pillar.id),
            bar=charts.bar(pr.score, f"{pillar.title[lang]}: {number(pr.score, lang)}/100"),
        ))
    findings = tuple(FindingLine(
        id=f.rule.id,
        pillar=titles[f.pillar],
        question=questionnaire.questions_by_id[f.question].text[lang],
        text=f.rule.finding[lang],
        cap=f.rule.cap,
        level_before=f.level_before,
        # A cap only changes something when the pillar stood above it (a pillar not assessed has no level).
        cap_note=_cap_note(f.rule.cap, f.level_before, lang),
        sources=tuple(f.rule.sources),
    ) for f in result.findings)
    # The report details the most urgent actions (rationale, steps, tools, sources) and lists the
    # others in the plan's overview: a board reads a short plan, the team its detailed sheets.
    recommendations = tuple(Action(
        id=item.recommendation.id,
        title=item.recommendation.title[lang],
        rationale=item.recommendation.rationale[lang],
        steps=tuple(step[lang] for step in item.recommendation.steps),
        priority=item.recommendation.priority,
        priority_label=label(PRIORITIES, item.recommendation.priority, lang),
        horizon=item.recommendation.horizon,
        horizon_label=label(HORIZONS, item.recommendation.horizon, lang),
        effort=item.recommendation.effort,
        effort_label=label(EFFORTS, item.recommendation.effort, lang),
        pillars=tuple(titles.get(p, p) for p in item.recommendation.pillars),
        tools=tuple(ToolMention(id=t.id, name=t.name, vendor=t.vendor, country=t.country, fits=t.fits(sheet.country))
                    for t in tools_of[item.recommendation.id]),
        critical=bool(item.because_critical),
        sources=tuple(item.recommendation.sources),
        detailed=index < DETAILED_ACTIONS,
    ) for index, item in enumerate(advice))
    detailed = advice[:DETAILED_ACTIONS]
    # Every action of the plan names its tools, so the tools chapter describes each one named.
    named = {t.id: t for item in advice for t in tools_of[item.recommendation.id]}  # in the order first named
    tools = []
    for tool in named.values():
        tools.append(ToolSheet(
            id=tool.id, name=tool.name, vendor=tool.vendor, country=tool.country,
            country_name=country(tool.country, lang),
            category=label(CATEGORIES, tool.category, lang), description=tool.description[lang],
            deployment=tuple(label(DEPLOYMENTS, d, lang) for d in tool.deployment),
            license=tool.license, certifications=tuple(tool.certifications),
            sovereignty_notes=tool.sovereignty_notes[lang],
            caveats=tool.caveats[lang] if tool.caveats else "",
            url=str(tool.url), sources=tuple(SourceLink(s.title, str(s.url)) for s in tool.sources),
            verified=tool.verified.isoformat(), verified_label=long_date(tool.verified, lang),
            owner=tool.owner or "",
            qualifications=tuple(QualificationLine(
                scheme=q.scheme, country_name=country(q.country, lang),
                status=label(QUALIFICATION_STATUSES, q.status, lang), scope=q.scope[lang],
                verified_label=long_date(q.verified, lang), source=SourceLink(q.source.title, str(q.source.url)),
            ) for q in tool.qualifications),
        ))
    gaps = sum(len(p.unknown) for p in pillars)
    evidenced = evaluation.evidenced
    shown = evidenced if evidenced is not None and evidenced.level is not None else None  # a second series
    axes = [charts.Axis(p.title, p.score, p.baseline_score,
                        evidenced=shown.pillars[p.id].score if shown is not None else None) for p in pillars]
    description = "; ".join(translator(lang).gettext("%(pillar)s: %(score)s/100, level %(level)s", pillar=p.title,
                                                     score=number(p.score, lang),
                                                     level=p.level if p.level is not None else "—")
                            for p in pillars)
    if shown is not None:
        description += ". " + translator(lang).gettext("Evidenced score: %(scores)s", scores="; ".join(
            f"{p.title}: " + _score_label(shown.pillars[p.id].score, shown.pillars[p.id].level, lang,
                                          translator(lang).gettext("not assessed")) for p in pillars)) + "."
    rules = list(questionnaire.critical_rules())
    generated = generated or dt.date.today()
    sources = tuple(sorted({s for item in detailed for s in item.recommendation.sources}
                     | {s for f in result.findings for s in f.rule.sources}
                           | {s for _, _, rule in rules for s in rule.sources}))
    organisation = sheet.organisation
    return Report(
        lang=lang,
        generated=generated.isoformat(),
        generated_label=long_date(generated, lang),
        organisation=Organisation(name=organisation.get("name", ""), sector=organisation.get("sector", ""),
                                  size=organisation.get("size", ""), country=organisation.get("country", ""),
                                  country_name=country(sheet.country, lang) if sheet.country else ""),
        questionnaire=QuestionnaireInfo(
            id=questionnaire.id, version=questionnaire.version, title=questionnaire.title[lang],
            published=long_date(questionnaire.published, lang) if questionnaire.published else None,
            content_date=_content_date(questionnaire, lang),
            report_title=(questionnaire.report_title or questionnaire.title)[lang]),
        questionnaire_change=_questionnaire_change(result, baseline, lang),
        overall=Overall(score=result.score, level=result.level, level_name=level_name(result.level, lang, questionnaire),
                        confidence=result.confidence, change=evaluation.change()),
        reading=_reading(result, pillars, gaps, lang, questionnaire),
        pillars=tuple(pillars),
        findings=findings,
        gaps=gaps,
        unanswered=sum(len(p.unanswered) for p in pillars),
        recommendations=recommendations,
        urgent=recommendations[:3],
        highlights=HIGHLIGHTS,
        tools=tuple(tools),
        neutrality=catalogue.neutrality[lang],
        catalogue_updated=catalogue.updated.isoformat(),
        catalogue_updated_label=long_date(catalogue.updated, lang),
        levels=tuple(LevelBand(level=entry.level, min=entry.min_score,
                               name=level_name(entry.level, lang, questionnaire),
                               max=LEVELS[entry.level + 1].min_score - 1 if entry.level < 4 else 100,
                               description=level_description(entry.level, lang, questionnaire))
                     for entry in LEVELS),
        radar=charts.pillar_chart(axes, translator(lang).gettext("Scores by pillar (0 to 100)"), description,
                                  lang=lang, baseline_label=translator(lang).gettext("baseline assessment")
                                  if baseline else None,
                                  evidenced_label=translator(lang).gettext("evidenced score") if shown is not None
                                  else None),
        critical_rules=tuple(CriticalRuleLine(pillar=titles[p.id], question=q.text[lang], text=r.finding[lang],
                                              cap=r.cap) for p, q, r in rules),
        sources=sources,
        workshop=workshop,
        evidenced=_evidenced_section(evaluation, evidenced, titles, lang) if evidenced is not None else None,
        csf=_csf_section(evaluation, lang),
        documents=_documents(questionnaire, sheet, lang),
    )


def _documents(questionnaire: Questionnaire, sheet: AnswerSheet, lang: str) -> tuple[DocumentItem, ...] | None:
    """The report's annex: what to show for each answer (assessment/documents.py)."""
    items = documents_to_prepare(questionnaire, sheet, lang)
    return None if items is None else tuple(items)
