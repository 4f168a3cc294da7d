"""Charts as inline SVG generated on the server: no JavaScript, nothing fetched, readable alt text."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..i18n import number


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar: a label and a score (None when the pillar has no answers)."""

    label: str
    score: float | None
    baseline: float | None = None
    evidenced: float | None = None  # the evidenced score (None: not assessed there, or no such series)


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


# Presentation attributes, not a <style> element: the pages' CSP forbids inline styles.
FONT = "font-family=\"'Bundled Inter', 'DejaVu Sans', sans-serif\""
STYLE = {
    "ring": 'fill="none" stroke="#c9d0d8" stroke-width="1"',
    "spoke": 'stroke="#c9d0d8" stroke-width="1"',
    "score": 'fill="#1d4ed8" fill-opacity="0.22" stroke="#1d4ed8" stroke-width="2.5"',
    "baseline": 'fill="none" stroke="#6b7280" stroke-width="2" stroke-dasharray="6 4"',
    "evidenced": 'fill="none" stroke="#047857" stroke-width="2.5" stroke-dasharray="2 3"',
    "label": f'{FONT} font-size="14" font-weight="600" fill="#1b1f24"',
    "value": f'{FONT} font-size="13" fill="#374151"',
    "tick": f'{FONT} font-size="10" fill="#4a5560"',
}


def _lines(label: str, width: int = 18) -> list[str]:
    """A label on one line, or two balanced lines when it is long."""
    words = label.split()
    if len(label) <= width or len(words) < 2:
        return [label]
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _polygon(cx, cy, radius, values: Sequence[float], css_class: str) -> str:
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (
        _point(cx, cy, radius * v / 100, i, len(values)) for i, v in enumerate(values)))
    return f'<polygon class="{css_class}" points="{points}" {STYLE[css_class]}/>'


def radar(axes: Sequence[Axis], title: str, description: str, size: int = 360,
          baseline_label: str | None = None, lang: str = "en", evidenced_label: str | None = None) -> str:
    """A radar chart of 0-100 scores, one spoke per axis, with rings every 20 points (one per level); with
    `evidenced_label`, the evidenced scores as a second, dotted series (a pillar not assessed there at 0)."""
    width, height = size + 420, size + 170
    cx, cy, radius = width / 2, height / 2, size / 2 - 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="radar-title radar-desc">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(description)}</desc>',

    ]
    count = len(axes)
    for ring in (20, 40, 60, 80, 100):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (
            _point(cx, cy, radius * ring / 100, i, count) for i in range(count)))
        parts.append(f'<polygon class="ring" points="{points}" {STYLE["ring"]}/>')
        parts.append(f'<text class="tick" {STYLE["tick"]} x="{cx + 3:.1f}" y="{cy - radius * ring / 100 + 11:.1f}">{ring}</text>')
    for i in range(count):
        x, y = _point(cx, cy, radius, i, count)
        parts.append(f'<line class="spoke" {STYLE["spoke"]} x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
    if any(axis.baseline is not None for axis in axes):
        parts.append(_polygon(cx, cy, radius, [axis.baseline or 0 for axis in axes], "baseline"))
    parts.append(_polygon(cx, cy, radius, [axis.score or 0 for axis in axes], "score"))
    if evidenced_label:
        parts.append(_polygon(cx, cy, radius, [axis.evidenced or 0 for axis in axes], "evidenced"))
    for i, axis in enumerate(axes):
        x, y = _point(cx, cy, radius + 18, i, count)
        anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        dy = -6 if y < cy - 1 else (16 if y > cy + 1 else 4)
        value = "—" if axis.score is None else f"{number(axis.score, lang)}/100"
        lines = _lines(axis.label)
        if y < cy - 1:
            dy -= 16 * (len(lines) - 1) + 16  # labels above the top spoke grow upwards
        for n, line in enumerate(lines):
            parts.append(f'<text class="label" {STYLE["label"]} x="{x:.1f}" y="{y + dy + 16 * n:.1f}" text-anchor="{anchor}">'
                         f'{escape(line)}</text>')
        parts.append(f'<text class="value" {STYLE["value"]} x="{x:.1f}" y="{y + dy + 16 * len(lines):.1f}" '
                     f'text-anchor="{anchor}">{escape(value)}</text>')
    if baseline_label:
        parts.append(f'<text class="tick" {STYLE["tick"]} x="8" y="{height - 8}">- - - {escape(baseline_label)}</text>')
    if evidenced_label:
        parts.append(f'<line class="evidenced-key" x1="{width - 40}" y1="{height - 12}" x2="{width - 8}" '
                     f'y2="{height - 12}" {STYLE["evidenced"]}/>'
                     f'<text class="tick" {STYLE["tick"]} x="{width - 46}" y="{height - 8}" text-anchor="end">'
                     f'{escape(evidenced_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar(value: float | None, label: str, width: int = 220) -> str:
    """A small horizontal 0-100 bar with its label as alternative text."""
    filled = 0 if value is None else width * value / 100
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 {width} 12" width="{width}" '
            f'height="12" role="img" aria-label="{escape(label)}"><rect width="{width}" height="12" rx="3" '
            f'fill="#e5e9ef"/><rect width="{filled:.1f}" height="12" rx="3" fill="#1d4ed8"/></svg>')


RADAR_AXES = 3  # a radar needs at least three spokes to draw an area; fewer pillars get bars


def bars(axes: Sequence[Axis], title: str, description: str, baseline_label: str | None = None,
         lang: str = "en") -> str:
    """Horizontal 0-100 bars, one per axis, with marks every 20 points (one per level): the chart of a
    questionnaire with one or two pillars, where a radar would be a line or a point."""
    label_width, track, row = 250, 400, 64
    left, top = label_width + 10, 28
    width, height = left + track + 90, top + row * len(axes) + (36 if baseline_label else 20)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="radar-title radar-desc">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(description)}</desc>',
    ]
    bottom = top + row * len(axes)
    for mark in (0, 20, 40, 60, 80, 100):
        x = left + track * mark / 100
        parts.append(f'<line class="spoke" {STYLE["spoke"]} x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}"/>')
        parts.append(f'<text class="tick" {STYLE["tick"]} x="{x:.1f}" y="{top - 10}" text-anchor="middle">{mark}</text>')
    for i, axis in enumerate(axes):
        y = top + row * i + 14
        lines = _lines(axis.label, width=28)
        for n, line in enumerate(lines):
            parts.append(f'<text class="label" {STYLE["label"]} x="{label_width}" y="{y + 16 + 16 * n - 8 * (len(lines) - 1):.1f}" '
                         f'text-anchor="end">{escape(line)}</text>')
        filled = track * (axis.score or 0) / 100
        parts.append(f'<rect class="score" x="{left}" y="{y}" width="{filled:.1f}" height="24" {STYLE["score"]}/>')
        if axis.baseline is not None:
            x = left + track * axis.baseline / 100
            parts.append(f'<line class="baseline" {STYLE["baseline"]} x1="{x:.1f}" y1="{y - 6}" x2="{x:.1f}" y2="{y + 30}"/>')
        value = "—" if axis.score is None else f"{number(axis.score, lang)}/100"
        parts.append(f'<text class="value" {STYLE["value"]} x="{left + filled + 8:.1f}" y="{y + 17}">{escape(value)}</text>')
    if baseline_label:
        parts.append(f'<text class="tick" {STYLE["tick"]} x="8" y="{height - 8}">- - - {escape(baseline_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def pillar_chart(axes: Sequence[Axis], title: str, description: str, baseline_label: str | None = None,
                 lang: str = "en", evidenced_label: str | None = None) -> str:
    """The chart of the pillar scores: a radar from three pillars on (a questionnaire has at most eight),
    horizontal bars for one or two (the evidenced series is drawn on the radar only; the table beside the
    chart gives it in every case)."""
    if len(axes) < RADAR_AXES:
        return bars(axes, title, description, baseline_label=baseline_label, lang=lang)
    return radar(axes, title, description, baseline_label=baseline_label, lang=lang, evidenced_label=evidenced_label)
