"""Bar charts drawn at build time as inline SVG, each with a table for screen readers: the geometry (pure).

No script and no outside request: the chart is markup in the page, drawn by
`site/templates/chart.html` from the `Chart` made here. The SVG
is hidden from assistive technology; the same figures are given as a table
that is visually hidden but read out, named by the figure's caption.
"""

from __future__ import annotations

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
    bars = [BarGeometry(label, value, i * ROW, bar_length(value, largest, span))
            for i, (label, value) in enumerate(rows)]
    return label_width, bars


@dataclass(frozen=True)
class Bar:
    """One bar as drawn: where its label, bar and value go."""

    label: str
    value: int
    length: float
    top: int
    """The bar's top edge."""
    baseline: int
    """The baseline of its label and value."""
    value_x: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart with its figures for screen readers, as `templates/chart.html` draws it."""

    id: str
    title: str
    headers: tuple[str, str]
    width: int
    height: int
    label_width: float
    bars: list[Bar]
    total_label: str = ""
    """The label of the table's total row; no total row when empty."""
    font: int = FONT
    bar_height: int = BAR
    gap: int = GAP

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], headers: tuple[str, str],
              width: int = WIDTH, *, total_label: str = "") -> Chart:
    """The chart of `rows`: label, bar and value per row (with their total under `total_label` if given)."""
    label_width, geometry = layout(rows, width)
    middle = (ROW + FONT) // 2 - 2
    bars = [Bar(b.label, b.value, b.length, b.y + (ROW - BAR) // 2, b.y + middle, label_width + b.length + GAP)
            for b in geometry]
    return Chart(chart_id, title, headers, width, max(ROW, ROW * len(bars)), label_width, bars, total_label)
