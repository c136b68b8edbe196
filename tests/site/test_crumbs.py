"""Breadcrumb trails from addresses: home › section › … before the page, each step a page that exists."""

from __future__ import annotations

import pytest

from generator.editions import edition
from generator.site.crumbs import Crumb, trail

ZH = edition("zh").strings()
TITLES = {"": "社区守护者", "stories/": "守护故事", "stories/2022/": "守护故事 · 2022", "tags/": "标签",
          "awards/": "评选表彰", "awards/award-2022/": "2022年度优秀社区工作者", "guides/": "防控指南"}


@pytest.mark.parametrize("url, expected", [
    ("", []),
    ("about/", [("首页", "../")]),
    ("stories/", [("首页", "../")]),
    ("stories/2022/", [("首页", "../../"), ("守护故事", "../../stories/")]),
    ("stories/2022/grid/", [("首页", "../../../"), ("守护故事", "../../../stories/"),
                            ("守护故事 · 2022", "../../../stories/2022/")]),
    ("stories/page/2/", [("首页", "../../../"), ("守护故事", "../../../stories/")]),  # no page at stories/page/
    ("awards/award-2022/notice/", [("首页", "../../../"), ("评选表彰", "../../../awards/"),
                                   ("2022年度优秀社区工作者", "../../../awards/award-2022/")]),
    ("themes/masks/", [("首页", "../../"), ("防控指南", "../../guides/")]),  # no page at themes/: the guides'
    ("tags/night/", [("首页", "../../"), ("标签", "../../tags/")]),
    ("workers/chen/", [("首页", "../../"), ("先进典型", "../../workers/")]),  # the section is named as its tab
])
def test_trail(url: str, expected: list[tuple[str, str]]) -> None:
    assert trail(url, TITLES, ZH) == tuple(Crumb(text, href) for text, href in expected)


def test_each_edition_names_the_steps_in_its_words() -> None:
    assert trail("workers/chen/", {}, edition("en").strings())[1] == Crumb("Model workers", "../../workers/")
    assert trail("workers/chen/", {}, edition("zh-hant").strings())[0].text == "首頁"
