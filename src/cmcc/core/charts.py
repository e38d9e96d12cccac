"""Charts as SVG strings rendered on the server: no script, no inline style (the CSP forbids both),
only presentation attributes. Each series is exactly one ``<path>``; axes and grid are ``<line>``,
legend swatches ``<rect>``. Colours are the Okabe–Ito palette, distinct for colour-blind readers,
and line charts add a dash pattern per series so they still read in black-and-white print.

Every chart carries ``<title>`` and ``<desc>`` (``role="img"``); pages show the numbers as a table
beside it for readers who cannot see the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#444444", "#F0E442")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
COMMUNITY_COLOURS = {
    "humanitarian": "#0072B2",
    "military": "#D55E00",
    "party": "#CC79A7",
    "donor": "#009E73",
    "observer": "#E69F00",
    "coordination": "#444444",
}
INK, GRID, MUTED = "#1f2328", "#d0d7de", "#57606a"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    colour: str = ""


def nice_step(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ step at or above ``value``, at least 1 (charts count things)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ticks(count: int, most: int = 6) -> list[int]:
    """Up to ``most`` evenly spread indices, always the first and the last."""
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


class _Frame:
    """Scales, axes and legend shared by every chart type."""

    left, right, top, bottom = 44, 16, 12, 30

    def __init__(self, width: int, height: int, labels: Sequence[str], series: Sequence[Series], top_value):
        self.width, self.labels, self.series = width, list(labels), list(series)
        self.legend = self._legend_rows()
        self.height = height + 22 * len(self.legend)
        self.plot_w = width - self.left - self.right
        self.plot_h = height - self.top - self.bottom
        self.step = nice_step(top_value / 4)
        self.y_max = self.step * max(math.ceil(top_value / self.step), 1)

    def colour(self, i: int) -> str:
        return self.series[i].colour or PALETTE[i % len(PALETTE)]

    def x(self, j: int, slots: bool = False) -> float:
        n = len(self.labels)
        if slots:  # bars: the centre of slot j
            return self.left + self.plot_w * (j + 0.5) / max(n, 1)
        if n <= 1:
            return self.left + self.plot_w / 2
        return self.left + self.plot_w * j / (n - 1)

    def y(self, value: float) -> float:
        return self.top + self.plot_h * (1 - value / self.y_max)

    def _legend_rows(self) -> list[list[tuple[int, float]]]:
        rows: list[list[tuple[int, float]]] = [[]]
        used = 0.0
        for i, s in enumerate(self.series):
            item = 26 + 7 * len(s.label)
            if rows[-1] and used + item > self.width - 16:
                rows.append([])
                used = 0
            rows[-1].append((i, 8 + used))
            used += item
        return rows if rows[0] else []

    def axes(self, slots: bool = False) -> list[str]:
        out = []
        bottom_y = self.top + self.plot_h
        for k in range(round(self.y_max / self.step) + 1):
            value = self.step * k
            y = self.y(value)
            out.append(
                f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.left + self.plot_w}" y2="{y:.1f}" '
                f'stroke="{GRID if k else INK}" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
                f"{_fmt(value)}</text>"
            )
        last = len(self.labels) - 1
        for j in _ticks(len(self.labels)):
            x = self.x(j, slots)
            anchor = "end" if j == last and last and not slots else "middle"
            out.append(
                f'<line x1="{x:.1f}" y1="{bottom_y}" x2="{x:.1f}" y2="{bottom_y + 4}" stroke="{INK}"/>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{bottom_y + 18}" text-anchor="{anchor}" fill="{MUTED}">'
                f"{escape(self.labels[j])}</text>"
            )
        base = self.top + self.plot_h + self.bottom + 6
        for r, row in enumerate(self.legend):
            y = base + 22 * r
            for i, x in row:
                out.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{self.colour(i)}" '
                    f'stroke="{INK}" stroke-width="0.5"/>'
                )
                label = escape(self.series[i].label)
                out.append(f'<text x="{x + 20:.1f}" y="{y + 11:.1f}" fill="{INK}">{label}</text>')
        return out

    def svg(
        self, paths: list[str], *, title: str, desc: str, id_prefix: str, slots: bool = False
    ) -> SafeString:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'class="chart" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
            f'direction="ltr" font-family="system-ui, sans-serif" font-size="12">'
            f'<title id="{id_prefix}-title">{escape(title)}</title>'
            f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>'
        )
        return mark_safe(head + "".join(self.axes(slots) + paths) + "</svg>")


def _check(labels: Sequence[str], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series '{s.label}' has {len(s.values)} values for {len(labels)} labels")


def stacked_area(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    width: int = 720,
    height: int = 280,
    id_prefix: str = "chart",
) -> SafeString:
    """Series stacked on each other over ``labels`` (e.g. days): one filled path per series."""
    _check(labels, series)
    n = len(labels)
    totals = [sum(s.values[j] for s in series) for j in range(n)]
    frame = _Frame(width, height, labels, series, max(totals, default=0))
    xs = [frame.x(j) for j in range(n)]
    if n == 1:  # a single day spans the plot
        xs = [frame.left, frame.left + frame.plot_w]
    body: list[str] = []
    below = [0.0] * n
    for i, s in enumerate(series):
        above = [below[j] + s.values[j] for j in range(n)]
        top = [(xs[k], frame.y(above[min(k, n - 1)])) for k in range(len(xs))]
        bottom = [(xs[k], frame.y(below[min(k, n - 1)])) for k in range(len(xs))][::-1]
        points = " L".join(f"{x:.1f},{y:.1f}" for x, y in top + bottom)
        body.append(
            f'<path d="M{points} Z" fill="{frame.colour(i)}" fill-opacity="0.85" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(s.label)}</title></path>'
        )
        below = above
    return frame.svg(body, title=title, desc=desc, id_prefix=id_prefix)


def lines(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    width: int = 720,
    height: int = 280,
    id_prefix: str = "chart",
) -> SafeString:
    """One line per series, each with its own colour and dash pattern."""
    _check(labels, series)
    top_value = max((v for s in series for v in s.values), default=0)
    frame = _Frame(width, height, labels, series, top_value)
    body: list[str] = []
    for i, s in enumerate(series):
        points = " L".join(f"{frame.x(j):.1f},{frame.y(v):.1f}" for j, v in enumerate(s.values))
        dash = DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<path d="M{points}" fill="none" stroke="{frame.colour(i)}" stroke-width="2.5"{dash_attr}>'
            f"<title>{escape(s.label)}</title></path>"
        )
    return frame.svg(body, title=title, desc=desc, id_prefix=id_prefix)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    width: int = 720,
    height: int = 280,
    id_prefix: str = "chart",
) -> SafeString:
    """A bar per label with the series stacked in it; each series is one path of rectangles."""
    _check(labels, series)
    n = len(labels)
    totals = [sum(s.values[j] for s in series) for j in range(n)]
    frame = _Frame(width, height, labels, series, max(totals, default=0))
    bar = frame.plot_w / max(n, 1) * 0.7
    body: list[str] = []
    below = [0.0] * n
    for i, s in enumerate(series):
        parts = []
        for j in range(n):
            if s.values[j] <= 0:
                continue
            x = frame.x(j, slots=True) - bar / 2
            y_top, y_bottom = frame.y(below[j] + s.values[j]), frame.y(below[j])
            parts.append(f"M{x:.1f},{y_bottom:.1f} V{y_top:.1f} H{x + bar:.1f} V{y_bottom:.1f} Z")
            below[j] += s.values[j]
        body.append(
            f'<path d="{" ".join(parts) or "M0,0"}" fill="{frame.colour(i)}" stroke="#ffffff" '
            f'stroke-width="0.5"><title>{escape(s.label)}</title></path>'
        )
    return frame.svg(body, title=title, desc=desc, id_prefix=id_prefix, slots=True)
