"""The story listing's pages link to a short row of pages: the first, the neighbours, the last."""

from __future__ import annotations

import itertools
import re

import pytest

from generator.editions import edition
from generator.site.pages import Here, template
from generator.site.stories import NEIGHBOURS, page_numbers, pagination


@pytest.mark.parametrize("count", range(1, 40))
def test_every_page_of_every_listing_shows_a_short_row_that_reaches_everywhere(count: int) -> None:
    for number in range(1, count + 1):
        row = page_numbers(number, count)
        shown = [n for n in row if n]
        assert shown == sorted(set(shown)), (number, count, row)
        assert {1, count, number} <= set(shown)
        near = range(max(1, number - NEIGHBOURS), min(count, number + NEIGHBOURS) + 1)
        assert set(near) <= set(shown)
        assert len(row) <= 2 * NEIGHBOURS + 5  # first, gap, neighbours and itself, gap, last
        for before, after in itertools.pairwise(row):
            if before and after:
                assert after == before + 1, (number, count, row)
        for at, n in enumerate(row):
            if not n:  # a gap stands for two numbers or more, never for one
                assert 0 < at < len(row) - 1 and row[at + 1] - row[at - 1] > 2, (number, count, row)


def test_a_listing_of_hundreds_of_pages_links_to_a_few() -> None:
    here = Here("stories/page/50/", 0)
    p = pagination(here, 50, 417)
    html = template("macros.html").module.pagination(p, edition("en").strings())
    numbers = re.findall(r'<a href="[^"]*"(?: aria-current="page")?>(\d+)</a>', html)
    assert numbers == ["1", "48", "49", "50", "51", "52", "417"]
    assert html.count("cg-pagination__gap") == 2
    assert re.findall(r'href="([^"]*)" aria-current="page">', html) == ["../../../stories/page/50/"]
    assert 'rel="prev" href="../../../stories/page/49/"' in html and 'rel="next" href="../../../stories/page/51/"' in html
    assert 'href="../../../stories/">1<' in html  # page 1 is the listing itself


def test_a_listing_of_one_page_has_no_row() -> None:
    p = pagination(Here("stories/", 0), 1, 1)
    assert template("macros.html").module.pagination(p, edition("zh").strings()).strip() == ""
