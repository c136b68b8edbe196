"""Bar charts drawn at build time as inline SVG, each with a table for screen readers (pure).

No script and no outside request: the chart is markup in the page. The SVG
is hidden from assistive technology; the same figures are given as a table
that is visually hidden but read out, named by the figure's caption.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass

WIDTH = 440
"""Width of the drawing in SVG units; it scales to the column width."""
ROW = 30
"""Height of one bar's row."""
BAR = 18
"""Height of one bar."""
FONT = 15
"""Font size of labels and values."""
GAP = 8
"""Space between label, bar and value."""
VALUE_SPACE = 40
"""Room kept right of the longest bar for its value."""


@dataclass(frozen=True)
class BarGeometry:
    """Where one bar goes: its row's top edge and the bar's length."""

    label: str
    value: int
    y: int
    length: float


def text_width(text: str, font: int = FONT) -> float:
    """Estimated width of `text`: wide (CJK) characters take a full em, others about 0.6 em."""
    return sum(font if unicodedata.east_asian_width(ch) in ("W", "F") else font * 0.6 for ch in text)


def bar_length(value: int, largest: int, span: float) -> float:
    """Length of a bar for `value` when `largest` fills `span`; 0 when there is nothing to draw."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(span * value / largest, 1)


def layout(rows: list[tuple[str, int]], width: int = WIDTH) -> tuple[float, list[BarGeometry]]:
    """The label column's width and every bar's geometry."""
    label_width = max((text_width(label) for label, _ in rows), default=0.0) + GAP
    span = max(1.0, width - label_width - GAP - VALUE_SPACE)
    largest = max((value for _, value in rows), default=0)
    bars = [BarGeometry(label, value, i * ROW, bar_length(value, largest, span)) for i, (label, value) in enumerate(rows)]
    return label_width, bars


def svg(rows: list[tuple[str, int]], width: int = WIDTH) -> str:
    """A horizontal bar chart: label, bar, value per row."""
    label_width, bars = layout(rows, width)
    height = max(ROW, ROW * len(bars))
    e = html.escape
    parts = [f'<svg class="cg-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-hidden="true" focusable="false" font-size="{FONT}">']
    middle = (ROW + FONT) // 2 - 2
    for bar in bars:
        top = bar.y + (ROW - BAR) // 2
        parts.append(f'<text x="{label_width - GAP:g}" y="{bar.y + middle}" text-anchor="end" '
                     f'fill="currentColor">{e(bar.label)}</text>')
        if bar.length:
            parts.append(f'<rect class="cg-chart__bar" x="{label_width:g}" y="{top}" width="{bar.length:g}" '
                         f'height="{BAR}" rx="2" fill="#c62828"></rect>')
        parts.append(f'<text x="{label_width + bar.length + GAP:g}" y="{bar.y + middle}" '
                     f'fill="currentColor">{bar.value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def table(rows: list[tuple[str, int]], headers: tuple[str, str], labelled_by: str) -> str:
    """The chart's figures as a table, visually hidden, named by the element `labelled_by`."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join(f'<tr><th scope="row">{e(label)}</th><td>{value}</td></tr>' for label, value in rows)
    return (f'<table class="cg-sr-only" aria-labelledby="{e(labelled_by)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], headers: tuple[str, str]) -> str:
    """A figure: caption, SVG bars and the screen readers' table, as one block of HTML without blank lines."""
    e = html.escape
    caption = f"{chart_id}-title"
    return (f'<figure class="cg-chart" id="{e(chart_id)}" aria-labelledby="{e(caption)}">'
            f'<figcaption id="{e(caption)}">{e(title)}</figcaption>'
            f"{svg(rows)}{table(rows, headers, caption)}</figure>")
