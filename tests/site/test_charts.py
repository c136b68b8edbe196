"""generator/site/charts.py: bar geometry as pure functions; site/templates/chart.html: the SVG and the screen readers' table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.site import charts
from generator.site.pages import environment

SVG = "{http://www.w3.org/2000/svg}"


def drawn(rows: list[tuple[str, int]], chart_id: str = "chart", title: str = "", headers: tuple[str, str] = ("", "")) -> str:
    """The chart's figure as the stats page shows it."""
    return environment().get_template("chart.html").render(chart=charts.bar_chart(chart_id, title, rows, headers))


def svg(rows: list[tuple[str, int]]) -> ET.Element:
    drawing = ET.fromstring(drawn(rows)).find(f"{SVG}svg")
    assert drawing is not None
    return drawing


@pytest.mark.parametrize(("text", "width"), [
    ("", 0),
    ("广州市", 3 * charts.FONT),
    ("2023", 4 * charts.FONT * 0.6),
    ("Shenzhen", 8 * charts.FONT * 0.6),
    ("广州 1", 2 * charts.FONT + 2 * charts.FONT * 0.6),
])
def test_text_width_counts_wide_characters_as_a_full_em(text: str, width: float) -> None:
    assert charts.text_width(text) == pytest.approx(width)


@pytest.mark.parametrize(("value", "largest", "span", "length"), [
    (10, 10, 400, 400.0),
    (5, 10, 400, 200.0),
    (1, 3, 100, 33.3),
    (0, 10, 400, 0.0),
    (0, 0, 400, 0.0),
    (3, 0, 400, 0.0),
])
def test_bar_length_scales_to_the_largest_value(value: int, largest: int, span: float, length: float) -> None:
    assert charts.bar_length(value, largest, span) == length


def test_layout_puts_one_row_per_bar_after_the_widest_label() -> None:
    label_width, bars = charts.layout([("广州市", 4), ("东莞市", 2), ("潮州市", 0)], width=400)
    assert label_width == 3 * charts.FONT + charts.GAP
    assert [b.y for b in bars] == [0, charts.ROW, 2 * charts.ROW]
    span = 400 - label_width - charts.GAP - charts.VALUE_SPACE
    assert [b.length for b in bars] == [round(span, 1), round(span / 2, 1), 0.0]


def test_svg_is_well_formed_hidden_from_screen_readers_and_draws_no_bar_for_zero() -> None:
    drawing = svg([("广州市", 3), ("<b>&", 0)])
    assert drawing.tag == f"{SVG}svg"
    assert drawing.get("aria-hidden") == "true"
    assert drawing.get("viewBox") == f"0 0 {charts.WIDTH} {2 * charts.ROW}"
    assert len(drawing.findall(f"{SVG}rect")) == 1
    texts = [t.text for t in drawing.findall(f"{SVG}text")]
    assert texts == ["广州市", "3", "<b>&", "0"]


def test_a_chart_of_no_rows_is_its_caption_only() -> None:
    figure = ET.fromstring(drawn([], title="各地市故事数"))
    assert figure.find(f"{SVG}svg") is None and figure.find("table") is None
    assert [child.tag for child in figure] == ["figcaption"]


def test_bar_chart_gives_the_figures_as_a_table_named_by_the_caption() -> None:
    html = drawn([("广州市", 3), ("深圳市", 1)], "stories-by-city", "各地市故事数", ("城市", "故事（篇）"))
    assert "\n\n" not in html  # one raw HTML block for Markdown
    figure = ET.fromstring(html)
    caption = figure.find("figcaption")
    table = figure.find("table")
    assert figure.get("aria-labelledby") == caption.get("id") == "stories-by-city-title"
    assert caption.text == "各地市故事数"
    assert table.get("aria-labelledby") == "stories-by-city-title"
    assert table.get("class") == "cg-sr-only"
    assert [th.text for th in table.iter("th")] == ["城市", "故事（篇）", "广州市", "深圳市"]
    assert [td.text for td in table.iter("td")] == ["3", "1"]
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
