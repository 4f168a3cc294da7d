"""The report as plain data: what the results page, the HTML report and the PDF show.

Templates receive only dicts, lists, strings and numbers built here, never ORM rows or models, and
every text is already in the report's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..answers import ORGANISATION_FIELDS, AnswerSheet
from ..catalogue import Catalogue, Tool
from ..i18n import country, long_date, number, translate
from ..questionnaire import Questionnaire
from ..recommendations import Advice
from ..scoring import LEVELS, Result, level_name, question_score
from . import charts

STRENGTH = 67  # a known answer at or above this score is a strength ("established" on a 0/33/67/100 scale)
WEAKNESS = 33  # at or below, a weakness
DETAILED_ACTIONS = 6  # the most urgent recommendations get a detailed sheet in the report
HIGHLIGHTS = 3  # strengths and weaknesses shown per pillar


def _pillar_titles(questionnaire: Questionnaire, lang: str) -> dict[str, str]:
    return {pillar.id: pillar.title[lang] for pillar in questionnaire.pillars}


def _answers(questionnaire, pillar, sheet: AnswerSheet, result: Result, lang: str) -> list[dict[str, Any]]:
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
        rows.append({
            "id": question.id,
            "text": question.text[lang],
            "weight": question.weight,
            "answer": [o.label[lang] for o in chosen],
            "score": question_score(question, options) if options and status != "hidden" else None,
            "comment": answer.comment if answer else "",
            "status": status,
            "sources": list(question.sources),
        })
    return rows


def country_first(tools: tuple[Tool, ...], organisation_country: str | None) -> list[Tool]:
    """The tools that fit the organisation's country first (based there, or qualified there), else in
    the recommendation's order: a French hospital reads first of the offers it may use."""
    return sorted(tools, key=lambda tool: not tool.fits(organisation_country))


def _content_date(questionnaire: Questionnaire, lang: str) -> str:
    """'Content up to date as of DATE (questionnaire version V)', or the version alone when undated."""
    if questionnaire.published is None:
        return translate("report.questionnaire_version", lang, version=questionnaire.version)
    return translate("report.content_date", lang, date=long_date(questionnaire.published, lang),
                     version=questionnaire.version)


def _questionnaire_change(result: Result, baseline: Result | None, lang: str) -> str:
    """A sentence when the baseline was answered with another version of the questionnaire, else ''."""
    if baseline is None or baseline.questionnaire_version == result.questionnaire_version:
        return ""
    return translate("baseline.questionnaire_changed", lang, before=baseline.questionnaire_version,
                     after=result.questionnaire_version)


def _reading(result: Result, pillars: list[dict[str, Any]], gaps: int, lang: str) -> str:
    """A short reading of the result, in plain words."""
    if result.score is None:
        return translate("report.reading.empty", lang)
    scored = [p for p in pillars if p["score"] is not None]
    strongest = max(scored, key=lambda p: p["score"])
    weakest = min(scored, key=lambda p: p["score"])
    parts = [translate("report.reading.overall", lang, level=result.level, name=level_name(result.level, lang),
                       score=number(result.score, lang))]
    if len(scored) > 1 and strongest is not weakest:
        # "The strongest pillar" would mislead when every pillar is at level 0.
        key = "report.reading.range_low" if strongest["level"] == 0 else "report.reading.range"
        parts.append(translate(key, lang, strong=strongest["title"], strong_score=number(strongest["score"], lang),
                               weak=weakest["title"], weak_score=number(weakest["score"], lang)))
    capped = [p for p in pillars if p["capped"]]
    if capped:
        parts.append(translate("report.reading.capped", lang, count=len(result.findings),
                               pillars=", ".join(p["title"] for p in capped)))
    if gaps:
        parts.append(translate("report.reading.gaps", lang, count=gaps))
    return " ".join(parts)


def build(questionnaire: Questionnaire, sheet: AnswerSheet, result: Result, advice: list[Advice],
          catalogue: Catalogue, lang: str, *, generated: dt.date | None = None,
          baseline: Result | None = None) -> dict[str, Any]:
    """Everything a results page or report shows, in one language, as plain data."""
    titles = _pillar_titles(questionnaire, lang)
    tools_of = {item.recommendation.id: country_first(item.tools, sheet.country) for item in advice}
    pillars: list[dict[str, Any]] = []
    for pillar in questionnaire.pillars:
        pr = result.pillars[pillar.id]
        answers = _answers(questionnaire, pillar, sheet, result, lang)
        known = [a for a in answers if a["status"] == "answered" and a["score"] is not None]
        strengths = sorted((a for a in known if a["score"] >= STRENGTH), key=lambda a: -a["weight"])
        weaknesses = sorted((a for a in known if a["score"] <= WEAKNESS), key=lambda a: -a["weight"])
        before = baseline.pillars.get(pillar.id) if baseline else None
        pillars.append({
            "id": pillar.id,
            "title": pillar.title[lang],
            "description": pillar.description[lang],
            "score": pr.score,
            "level": pr.level,
            "level_name": level_name(pr.level, lang),
            "uncapped_level": pr.uncapped_level,
            "raw_score": pr.raw_score,  # the score before caps, shown beside a capped score
            "capped": pr.level is not None and pr.level != pr.uncapped_level,
            "confidence": pr.confidence,
            "answers": answers,
            "strengths": strengths,
            "weaknesses": weaknesses,
            "unknown": [a for a in answers if a["status"] == "unknown"],
            "unanswered": [a for a in answers if a["status"] == "unanswered"],
            "findings": [f.rule.finding[lang] for f in pr.findings],
            "baseline_score": before.score if before else None,
            "change": (round(pr.score - before.score, 1)
                       if before and before.score is not None and pr.score is not None else None),
            "bar": charts.bar(pr.score, f"{pillar.title[lang]}: {number(pr.score, lang)}/100"),
        })
    findings = [{
        "id": f.rule.id,
        "pillar": titles[f.pillar],
        "question": questionnaire.questions_by_id[f.question].text[lang],
        "text": f.rule.finding[lang],
        "cap": f.rule.cap,
        "level_before": f.level_before,
        # A cap only changes something when the pillar stood above it (a pillar not assessed has no level).
        "cap_note": (translate("results.finding_cap_unassessed", lang, cap=f.rule.cap) if f.level_before is None
                     else translate("results.finding_cap" if f.level_before > f.rule.cap
                                    else "results.finding_cap_moot", lang, cap=f.rule.cap, before=f.level_before)),
        "sources": list(f.rule.sources),
    } for f in result.findings]
    recommendations = [{
        "id": item.recommendation.id,
        "title": item.recommendation.title[lang],
        "rationale": item.recommendation.rationale[lang],
        "steps": [step[lang] for step in item.recommendation.steps],
        "priority": item.recommendation.priority,
        "priority_label": translate(f"priority.{item.recommendation.priority}", lang),
        "horizon": item.recommendation.horizon,
        "horizon_label": translate(f"horizon.{item.recommendation.horizon}", lang),
        "effort": item.recommendation.effort,
        "effort_label": translate(f"effort.{item.recommendation.effort}", lang),
        "pillars": [titles.get(p, p) for p in item.recommendation.pillars],
        "tools": [{"id": t.id, "name": t.name, "vendor": t.vendor, "country": t.country,
                   "fits": t.fits(sheet.country)} for t in tools_of[item.recommendation.id]],
        "critical": bool(item.because_critical),
        "sources": list(item.recommendation.sources),
    } for item in advice]
    # The report details the most urgent actions (rationale, steps, tools, sources) and lists the
    # others in the plan's overview: a board reads a short plan, the team its detailed sheets.
    for index, rec in enumerate(recommendations):
        rec["detailed"] = index < DETAILED_ACTIONS
    detailed = advice[:DETAILED_ACTIONS]
    # Every action of the plan names its tools, so the tools chapter describes each one named.
    tool_ids = list(dict.fromkeys(t.id for item in advice for t in tools_of[item.recommendation.id]))
    tools = []
    for tool_id in tool_ids:
        tool = catalogue.tools_by_id[tool_id]
        tools.append({
            "id": tool.id, "name": tool.name, "vendor": tool.vendor, "country": tool.country,
            "country_name": country(tool.country, lang),
            "category": translate(f"category.{tool.category}", lang), "description": tool.description[lang],
            "deployment": [translate(f"deployment.{d}", lang) for d in tool.deployment],
            "license": tool.license, "certifications": list(tool.certifications),
            "sovereignty_notes": tool.sovereignty_notes[lang],
            "caveats": tool.caveats[lang] if tool.caveats else "",
            "url": str(tool.url), "sources": [{"title": s.title, "url": str(s.url)} for s in tool.sources],
            "verified": tool.verified.isoformat(), "verified_label": long_date(tool.verified, lang),
            "owner": tool.owner or "",
            "qualifications": [{
                "scheme": q.scheme, "country_name": country(q.country, lang),
                "status": translate(f"qualification.{q.status}", lang), "scope": q.scope[lang],
                "verified_label": long_date(q.verified, lang), "source": {"title": q.source.title, "url": str(q.source.url)},
            } for q in tool.qualifications],
        })
    gaps = sum(len(p["unknown"]) for p in pillars)
    axes = [charts.Axis(p["title"], p["score"], p["baseline_score"]) for p in pillars]
    description = "; ".join(f"{p['title']}: {number(p['score'], lang)}/100, "
                            f"{translate('report.level', lang)} {p['level'] if p['level'] is not None else '—'}"
                            for p in pillars)
    rules = list(questionnaire.critical_rules())
    generated = generated or dt.date.today()
    sources = sorted({s for item in detailed for s in item.recommendation.sources}
                     | {s for f in result.findings for s in f.rule.sources}
                     | {s for _, _, rule in rules for s in rule.sources})
    return {
        "lang": lang,
        "generated": generated.isoformat(),
        "generated_label": long_date(generated, lang),
        "organisation": {**{key: sheet.organisation.get(key, "") for key in ORGANISATION_FIELDS},
                         "country_name": country(sheet.country, lang) if sheet.country else ""},
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version,
                          "title": questionnaire.title[lang],
                          "published": long_date(questionnaire.published, lang) if questionnaire.published else None,
                          "content_date": _content_date(questionnaire, lang)},
        "questionnaire_change": _questionnaire_change(result, baseline, lang),
        "overall": {"score": result.score, "level": result.level, "level_name": level_name(result.level, lang),
                    "confidence": result.confidence,
                    "change": (round(result.score - baseline.score, 1) if baseline and baseline.score is not None
                               and result.score is not None else None)},
        "reading": _reading(result, pillars, gaps, lang),
        "pillars": pillars,
        "findings": findings,
        "gaps": gaps,
        "unanswered": sum(len(p["unanswered"]) for p in pillars),
        "recommendations": recommendations,
        "urgent": recommendations[:3],
        "highlights": HIGHLIGHTS,
        "tools": tools,
        "neutrality": catalogue.neutrality[lang],
        "catalogue_updated": catalogue.updated.isoformat(),
        "catalogue_updated_label": long_date(catalogue.updated, lang),
        "levels": [{"level": entry["level"], "min": entry["min"], "name": entry["name"][lang],
                    "max": LEVELS[entry["level"] + 1]["min"] - 1 if entry["level"] < 4 else 100} for entry in LEVELS],
        "radar": charts.radar(axes, translate("report.radar.title", lang), description, lang=lang,
                              baseline_label=translate("report.baseline", lang) if baseline else None),
        "critical_rules": [{"pillar": titles[p.id], "question": q.text[lang], "text": r.finding[lang], "cap": r.cap}
                           for p, q, r in rules],
        "sources": sources,
    }
