"""A workshop's pictures as inline SVG drawn on the server (issue #16 §5): the group radar with the median
and the interquartile band per pillar (and the consensus once recorded), one stacked bar per question
with its answers in maturity order, and the participants' progress page by page.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says the numbers in words;
the pages put a table of the same numbers beside it. Nothing depends on colour alone: the band is
hatched and outlined, the consensus is dashed with square marks, "don't know" is striped and "not
applicable" dotted, and every segment is named in a legend in the bar's own left-to-right order.
Presentation attributes only (the pages' CSP forbids inline styles), as in `charts.py`, whose
helpers and fonts are reused. Several charts share a page: every id carries the caller's `prefix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from typing import Any

from ..aggregation import QuestionAggregate, Segment, WorkshopAggregate
from ..i18n import number, percent, translator
from .charts import FONT, _lines, _point

# Scores 0-100 by bands of 20 points, the maturity levels' width: red (low) to blue (high). Each takes
# white text at 4.5:1 or more and stands at 3:1 or more against the white page.
RAMP = ("#b91c1c", "#c2410c", "#a16207", "#4d7c0f", "#047857", "#1d4ed8")
INK = "#1b1f24"
MUTED = "#4a5560"
LINE = "#c9d0d8"
MEDIAN = "#1d4ed8"
CONSENSUS = "#9a3412"
RADAR_MAX_AXES = 8  # beyond (and below 3) the pillars are drawn as bars


@dataclass(frozen=True)
class PillarSpread:
    """One pillar's spread across the participants, and the consensus score once recorded."""

    label: str
    median: float | None
    q1: float | None
    q3: float | None
    consensus: float | None = None

    @property
    def band(self) -> bool:
        """Whether there is an interquartile band (two scores or more)."""
        return self.q1 is not None and self.q3 is not None


@dataclass(frozen=True)
class BarSegment:
    """One part of a stacked bar: a label, a count and a kind ("scored", "unknown", "not-applicable")."""

    label: str
    count: int
    kind: str = "scored"
    score: float | None = None


@dataclass(frozen=True)
class PageCount:
    """A page's progress: participants who finished it, and those who started it (finished included)."""

    label: str
    started: int
    finished: int


def colour(score: float | None) -> str:
    """The fill of a scored segment: its 20-point band of the ramp."""
    return RAMP[min(5, max(0, int((score or 0) // 20)))]


def _defs(prefix: str) -> str:
    """Hatches for the band and the two kinds of answer without a score."""
    return (f'<defs><pattern id="{prefix}-band" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#dbe4fb"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{MEDIAN}" stroke-width="2"/></pattern>'
            f'<pattern id="{prefix}-unknown" width="10" height="10" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="10" height="10" fill="#eef0f3"/>'
            f'<line x1="0" y1="0" x2="0" y2="10" stroke="{MUTED}" stroke-width="3"/></pattern>'
            f'<pattern id="{prefix}-not-applicable" width="10" height="10" patternUnits="userSpaceOnUse">'
            f'<rect width="10" height="10" fill="#ffffff"/><circle cx="5" cy="5" r="2.2" fill="{MUTED}"/></pattern>'
            f'<pattern id="{prefix}-started" width="10" height="10" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="10" height="10" fill="#dbe4fb"/>'
            f'<line x1="0" y1="0" x2="0" y2="10" stroke="{MEDIAN}" stroke-width="3"/></pattern></defs>')


def _open(prefix: str, width: float, height: float, title: str, description: str, css_class: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{prefix}-title {prefix}-desc">',
            f'<title id="{prefix}-title">{escape(title)}</title>',
            f'<desc id="{prefix}-desc">{escape(description)}</desc>', _defs(prefix)]


def _text(x: float, y: float, text: str, size: int = 16, anchor: str = "start", weight: str = "400",
          fill: str = INK) -> str:
    return (f'<text {FONT} font-size="{size}" font-weight="{weight}" fill="{fill}" x="{x:.1f}" y="{y:.1f}" '
            f'text-anchor="{anchor}">{escape(text)}</text>')


def _text_width(text: str, size: int) -> float:
    """A generous estimate of a text's width (Inter averages about 0.55 em a character)."""
    return len(text) * size * 0.54


# The group radar (or bars)


def spread_summary(spread: PillarSpread, lang: str) -> str:
    """A pillar's numbers in words, as the description and the legend say them."""
    t = translator(lang)
    if spread.median is None:
        text = t.gettext("%(pillar)s: no answers yet", pillar=spread.label)
    elif not spread.band:
        text = t.gettext("%(pillar)s: median %(median)s, not enough answers for a band", pillar=spread.label,
                         median=number(spread.median, lang))
    else:
        text = t.gettext("%(pillar)s: median %(median)s, half of the participants between %(q1)s and %(q3)s",
                         pillar=spread.label, median=number(spread.median, lang), q1=number(spread.q1, lang),
                         q3=number(spread.q3, lang))
    if spread.consensus is not None:
        text += t.gettext("; consensus %(score)s", score=number(spread.consensus, lang))
    return text


def spread_chart(spreads: Sequence[PillarSpread], lang: str, prefix: str = "group") -> str:
    """The group's pillars: a radar for 3 to 8 pillars, horizontal bars otherwise."""
    t = translator(lang)
    title = t.gettext("Scores by pillar: median and interquartile range of the participants")
    description = ". ".join(spread_summary(s, lang) for s in spreads) + "."
    if 3 <= len(spreads) <= RADAR_MAX_AXES:
        return _radar(spreads, title, description, lang, prefix)
    return _spread_bars(spreads, title, description, lang, prefix)


def _ring(cx: float, cy: float, radius: float, values: Sequence[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (
        _point(cx, cy, radius * v / 100, i, len(values)) for i, v in enumerate(values)))


def _radar(spreads: Sequence[PillarSpread], title: str, description: str, lang: str, prefix: str) -> str:
    width, height, radius = 1100.0, 880.0, 220.0
    cx, cy = width / 2, 400.0  # room above and below for a label of two lines and three lines of values
    count = len(spreads)
    parts = _open(prefix, width, height, title, description, "group-radar")
    for ring in (20, 40, 60, 80, 100):
        parts.append(f'<polygon points="{_ring(cx, cy, radius, [ring] * count)}" fill="none" stroke="{LINE}"/>')
        parts.append(_text(cx + 4, cy - radius * ring / 100 + 18, str(ring), 18, fill=MUTED))
    for i in range(count):
        x, y = _point(cx, cy, radius, i, count)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
    if all(s.band for s in spreads):  # the band as one hatched ring, outer edge q3, inner edge q1
        outer, inner = _ring(cx, cy, radius, [s.q3 or 0 for s in spreads]), _ring(cx, cy, radius, [s.q1 or 0 for s in spreads])
        parts.append(f'<path class="band" d="M{outer.replace(" ", " L")} Z M{inner.replace(" ", " L")} Z" '
                     f'fill-rule="evenodd" fill="url(#{prefix}-band)" stroke="{MEDIAN}" stroke-width="1.5"/>')
    for i, s in enumerate(spreads):  # each pillar's band on its spoke, drawn even when another has none
        if s.band:
            (x1, y1), (x2, y2) = _point(cx, cy, radius * (s.q1 or 0) / 100, i, count), _point(
                cx, cy, radius * (s.q3 or 0) / 100, i, count)
            parts.append(f'<line class="iqr" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke="{MEDIAN}" stroke-width="7" stroke-opacity="0.55"/>')
    parts.extend(_series(cx, cy, radius, [s.median for s in spreads], "median"))
    parts.extend(_series(cx, cy, radius, [s.consensus for s in spreads], "consensus"))
    for i, s in enumerate(spreads):
        parts.extend(_axis_label(cx, cy, radius, i, count, s, lang))
    parts.append(_legend(24, height - 34, spreads, lang, prefix))
    parts.append("</svg>")
    return "".join(parts)


def _series(cx: float, cy: float, radius: float, values: Sequence[float | None], kind: str) -> list[str]:
    """The median (solid line, round marks) or the consensus (dashed line, square marks); the line only
    when every pillar has a value, the marks wherever there is one."""
    if all(v is None for v in values):
        return []
    stroke = MEDIAN if kind == "median" else CONSENSUS
    dash = "" if kind == "median" else ' stroke-dasharray="10 6"'
    parts = []
    if all(v is not None for v in values):
        parts.append(f'<polygon class="{kind}" points="{_ring(cx, cy, radius, [v or 0 for v in values])}" '
                     f'fill="none" stroke="{stroke}" stroke-width="3.5"{dash}/>')
    for i, value in enumerate(values):
        if value is None:
            continue
        x, y = _point(cx, cy, radius * value / 100, i, len(values))
        if kind == "median":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#ffffff" stroke="{stroke}" stroke-width="3"/>')
        else:
            parts.append(f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{stroke}"/>')
    return parts


def _axis_label(cx: float, cy: float, radius: float, i: int, count: int, s: PillarSpread, lang: str) -> list[str]:
    t = translator(lang)
    x, y = _point(cx, cy, radius + 22, i, count)
    anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
    lines = [(line, 26, "700", INK) for line in _lines(s.label, 20)]
    if s.median is None:
        lines.append((t.gettext("no answers yet"), 16, "400", MUTED))
    else:
        lines.append((t.gettext("median %(value)s", value=number(s.median, lang)), 24, "600", MEDIAN))
        lines.append((f"{number(s.q1, lang)} – {number(s.q3, lang)}" if s.band else t.gettext("not enough answers"),
                      24, "400", MUTED if not s.band else INK))
    if s.consensus is not None:
        lines.append((t.gettext("consensus %(value)s", value=number(s.consensus, lang)), 24, "600", CONSENSUS))
    step = 29
    top = y - step * len(lines) + 12 if y < cy - 1 else (y + 24 if y > cy + 1 else y - step * (len(lines) - 1) / 2 + 8)
    return [_text(x, top + step * n, text, size, anchor, weight, fill) for n, (text, size, weight, fill) in enumerate(lines)]


def _legend(x: float, y: float, spreads: Sequence[PillarSpread], lang: str, prefix: str) -> str:
    t = translator(lang)
    parts = [f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 34:.1f}" y2="{y:.1f}" stroke="{MEDIAN}" stroke-width="3.5"/>',
             f'<circle cx="{x + 17:.1f}" cy="{y:.1f}" r="6" fill="#ffffff" stroke="{MEDIAN}" stroke-width="3"/>',
             _text(x + 44, y + 7, t.gettext("median"), 20)]
    x += 60 + _text_width(t.gettext("median"), 20)
    parts += [f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="34" height="20" fill="url(#{prefix}-band)" '
              f'stroke="{MEDIAN}" stroke-width="1.5"/>',
              _text(x + 44, y + 7, t.gettext("interquartile range (half of the participants)"), 20)]
    x += 60 + _text_width(t.gettext("interquartile range (half of the participants)"), 20)
    if any(s.consensus is not None for s in spreads):
        parts += [f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 34:.1f}" y2="{y:.1f}" stroke="{CONSENSUS}" '
                  f'stroke-width="3.5" stroke-dasharray="10 6"/>',
                  f'<rect x="{x + 11:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{CONSENSUS}"/>',
                  _text(x + 44, y + 7, t.gettext("consensus"), 20)]
    return "".join(parts)


def _spread_bars(spreads: Sequence[PillarSpread], title: str, description: str, lang: str, prefix: str) -> str:
    """One row a pillar: the 0-100 track, the hatched band, the median (round mark), the consensus (square)."""
    row, left, track = 120.0, 24.0, 660.0
    width, height = 1000.0, 60 + row * len(spreads) + 50
    parts = _open(prefix, width, height, title, description, "group-bars")
    for tick in (0, 20, 40, 60, 80, 100):
        x = left + track * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="40" x2="{x:.1f}" y2="{height - 60:.1f}" stroke="{LINE}"/>')
        parts.append(_text(x, 30, str(tick), 18, "middle", fill=MUTED))
    for n, s in enumerate(spreads):
        top = 60 + row * n
        parts.append(_text(left, top + 6, s.label, 24, weight="700"))
        mid = top + 40
        parts.append(f'<rect x="{left:.1f}" y="{mid - 14:.1f}" width="{track:.1f}" height="28" fill="#f3f5f8" stroke="{LINE}"/>')
        if s.band:
            x1, x2 = left + track * (s.q1 or 0) / 100, left + track * (s.q3 or 0) / 100
            parts.append(f'<rect class="band" x="{x1:.1f}" y="{mid - 14:.1f}" width="{max(x2 - x1, 2):.1f}" height="28" '
                         f'fill="url(#{prefix}-band)" stroke="{MEDIAN}" stroke-width="1.5"/>')
        if s.median is not None:
            x = left + track * s.median / 100
            parts.append(f'<circle class="median" cx="{x:.1f}" cy="{mid:.1f}" r="9" fill="#ffffff" stroke="{MEDIAN}" '
                         f'stroke-width="3.5"/>')
        if s.consensus is not None:
            x = left + track * s.consensus / 100
            parts.append(f'<line x1="{x:.1f}" y1="{mid - 22:.1f}" x2="{x:.1f}" y2="{mid + 22:.1f}" stroke="{CONSENSUS}" '
                         f'stroke-width="3" stroke-dasharray="6 4"/>')
            parts.append(f'<rect class="consensus" x="{x - 7:.1f}" y="{mid - 29:.1f}" width="14" height="14" fill="{CONSENSUS}"/>')
        parts.extend(_bar_values(left + track + 24, mid, s, lang))
    parts.append(_legend(left, height - 24, spreads, lang, prefix))
    parts.append("</svg>")
    return "".join(parts)


def _bar_values(x: float, mid: float, s: PillarSpread, lang: str) -> list[str]:
    t = translator(lang)
    if s.median is None:
        return [_text(x, mid + 8, t.gettext("no answers yet"), 22, fill=MUTED)]
    parts = [_text(x, mid - 4, t.gettext("median %(value)s", value=number(s.median, lang)), 22, weight="600", fill=MEDIAN),
             _text(x, mid + 22, f"{number(s.q1, lang)} – {number(s.q3, lang)}" if s.band
                   else t.gettext("not enough answers"), 22, fill=INK if s.band else MUTED)]
    if s.consensus is not None:
        parts.append(_text(x, mid + 48, t.gettext("consensus %(value)s", value=number(s.consensus, lang)), 22,
                           weight="600", fill=CONSENSUS))
    return parts


# A question's answers


def segment_fill(segment: BarSegment, prefix: str) -> str:
    """A segment's fill: the ramp by score, or the pattern of its kind."""
    return colour(segment.score) if segment.kind == "scored" else f"url(#{prefix}-{segment.kind})"


def segment_summary(segment: BarSegment, total: int, lang: str) -> str:
    """"Label: count (share)", as the description and the legend say it."""
    share = percent(segment.count / total, lang) if total else "—"
    return translator(lang).gettext("%(answer)s: %(count)s (%(share)s)", answer=segment.label, count=segment.count,
                                    share=share)


def answers_bar(segments: Sequence[BarSegment], title: str, lang: str, prefix: str) -> str:
    """A question's respondents in one bar, segments left to right in maturity order (the caller's order),
    each with its count inside when it fits, and a legend in the same order below."""
    t = translator(lang)
    total = sum(s.count for s in segments)
    width, bar_height, left = 1000.0, 44.0, 4.0
    track = width - 2 * left
    legend, legend_height = _segment_legend(segments, total, lang, prefix, width)
    height = bar_height + 16 + legend_height
    description = (t.ngettext("%(count)s answer, from the least to the most mature:",
                              "%(count)s answers, from the least to the most mature:", total)
                   + " " + "; ".join(segment_summary(s, total, lang) for s in segments) + ".")
    parts = _open(prefix, width, height, title, description, "answers-bar")
    parts.append(f'<rect x="{left}" y="2" width="{track:.1f}" height="{bar_height:.0f}" fill="#ffffff" stroke="{MUTED}"/>')
    x = left
    for s in segments:
        if not s.count:
            continue
        w = track * s.count / total
        parts.append(f'<rect class="segment" x="{x:.1f}" y="2" width="{w:.1f}" height="{bar_height:.0f}" '
                     f'fill="{segment_fill(s, prefix)}" stroke="#ffffff" stroke-width="2"/>')
        if w >= 34:
            label = str(s.count)
            if s.kind == "scored":
                parts.append(_text(x + w / 2, 2 + bar_height / 2 + 8, label, 22, "middle", "700", "#ffffff"))
            else:  # a white plate under the count, over the pattern
                parts.append(f'<rect x="{x + w / 2 - 15:.1f}" y="{bar_height / 2 - 12:.1f}" width="30" height="28" '
                             f'rx="4" fill="#ffffff"/>')
                parts.append(_text(x + w / 2, 2 + bar_height / 2 + 8, label, 22, "middle", "700", INK))
        x += w
    parts.append(f'<g transform="translate(0 {bar_height + 16:.0f})">{legend}</g>')
    parts.append("</svg>")
    return "".join(parts)


def _wrap(text: str, size: int, width: float) -> list[str]:
    """A text cut into lines no wider than `width` (estimated), at spaces."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _segment_legend(segments: Sequence[BarSegment], total: int, lang: str, prefix: str,
                    width: float) -> tuple[str, float]:
    """Swatch and "label: count (share)" per segment drawn, and always "don't know" and "not applicable"
    (zero or not), flowing left to right in rows, long labels wrapped; (svg, height). Options nobody
    chose are in the description and the table, not here."""
    size, line = 20, 26.0
    parts: list[str] = []
    x, y, row = 4.0, 0.0, line
    for s in segments:
        if not s.count and s.kind == "scored":
            continue
        lines = _wrap(segment_summary(s, total, lang), size, width - 40)
        item = 32 + max(_text_width(text, size) for text in lines)
        if x > 4 and x + item > width:
            x, y, row = 4.0, y + row + 6, line
        parts.append(f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="22" height="22" fill="{segment_fill(s, prefix)}" '
                     f'stroke="{MUTED}"/>')
        parts.extend(_text(x + 32, y + 20 + line * n, text, size) for n, text in enumerate(lines))
        row = max(row, line * len(lines))
        x += item + 28
    return "".join(parts), y + row + 8


# Progress


def progress_chart(joined: int, pages: Sequence[PageCount], lang: str, prefix: str = "progress") -> str:
    """One bar a page, out of the participants who joined: finished (solid), started only (hatched)."""
    t = translator(lang)
    title = t.gettext("Participants' progress, page by page")
    summaries = [t.gettext("%(page)s: %(finished)s finished, %(started)s started, out of %(joined)s",
                           page=p.label, finished=p.finished, started=p.started, joined=joined) for p in pages]
    description = ". ".join(summaries) + "." if pages else ""
    row, left, track = 66.0, 4.0, 430.0
    width, height = 800.0, row * len(pages) + 48
    parts = _open(prefix, width, height, title, description, "progress-chart")
    for n, p in enumerate(pages):
        top = n * row
        parts.append(_text(left, top + 20, p.label, 20, weight="700"))
        parts.append(f'<rect x="{left}" y="{top + 28:.1f}" width="{track}" height="26" fill="#ffffff" stroke="{MUTED}"/>')
        if joined:
            done = track * min(p.finished, joined) / joined
            begun = track * max(0, min(p.started, joined) - min(p.finished, p.started)) / joined
            parts.append(f'<rect class="finished" x="{left}" y="{top + 28:.1f}" width="{done:.1f}" height="26" fill="{MEDIAN}"/>')
            parts.append(f'<rect class="started" x="{left + done:.1f}" y="{top + 28:.1f}" width="{begun:.1f}" height="26" '
                         f'fill="url(#{prefix}-started)"/>')
        parts.append(_text(left + track + 16, top + 49, t.gettext("%(finished)s finished, %(started)s started",
                                                                finished=p.finished, started=p.started), 20))
    y = height - 14
    after = left + 60 + _text_width(t.gettext("finished"), 20)
    parts += [f'<rect x="{left}" y="{y - 17:.1f}" width="24" height="20" fill="{MEDIAN}"/>',
              _text(left + 32, y, t.gettext("finished"), 20),
              f'<rect x="{after:.1f}" y="{y - 17:.1f}" width="24" height="20" fill="url(#{prefix}-started)" '
              f'stroke="{MEDIAN}"/>', _text(after + 32, y, t.gettext("started, not finished"), 20)]
    parts.append("</svg>")
    return "".join(parts)


# The live view's data: plain dicts and SVG strings for the templates


def _in(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or next(iter(text.values()), "")


def segment_label(segment: Segment, lang: str) -> str:
    """An option's label, or for a `multiple` question's score group the score its whole answers are worth."""
    if segment.label:
        return _in(segment.label, lang)
    return translator(lang).gettext("combined answers worth %(score)s", score=number(segment.score, lang, digits=0))


def _question_view(index: int, question: QuestionAggregate, pillar: str, lang: str) -> dict[str, Any]:
    segments = [BarSegment(segment_label(s, lang), s.count, s.kind, s.score) for s in question.segments]
    total = sum(s.count for s in segments)
    return {
        "id": question.question_id, "text": _in(question.text, lang), "pillar": pillar,
        "respondents": question.respondents, "disagreement": int(round(question.disagreement * 100)),
        "segments": [{"label": s.label, "count": s.count, "share": percent(s.count / total, lang) if total else "—",
                      "kind": s.kind} for s in segments],
        "svg": answers_bar(segments, _in(question.text, lang), lang, f"answers-{index}"),
    }


def live_view(aggregate: WorkshopAggregate, titles: dict[str, str], lang: str,
              consensus: dict[str, float | None] | None = None) -> dict[str, Any]:
    """What the live page and its projector mode draw: the pillars' spread (with the consensus when
    recorded), the progress page by page, and every answered question, most disputed first."""
    spreads = [PillarSpread(titles[p.pillar_id], p.median, p.q1, p.q3, (consensus or {}).get(p.pillar_id))
               for p in aggregate.pillars]
    pages = [PageCount(titles[p.pillar_id], p.started, p.finished) for p in aggregate.pages]
    ranked = aggregate.by_dispute()
    return {
        "pillars": [{"title": s.label, "median": s.median, "q1": s.q1, "q3": s.q3, "band": s.band,
                     "consensus": s.consensus, "respondents": p.respondents, "minimum": p.minimum, "maximum": p.maximum}
                    for s, p in zip(spreads, aggregate.pillars, strict=True)],
        "pillars_svg": spread_chart(spreads, lang),
        "consensus": consensus is not None,
        "progress": {"joined": aggregate.participants, "started": aggregate.started, "completed": aggregate.completed,
                     "pages": [{"title": p.label, "started": p.started, "finished": p.finished} for p in pages]},
        "progress_svg": progress_chart(aggregate.participants, pages, lang),
        "questions": [_question_view(n, q, titles[q.pillar_id], lang) for n, q in enumerate(ranked)],
        "unanswered": len(aggregate.questions) - len(ranked),
    }


__all__ = ["BarSegment", "PageCount", "PillarSpread", "answers_bar", "colour", "progress_chart", "segment_summary",
           "live_view", "segment_label", "spread_chart", "spread_summary"]
