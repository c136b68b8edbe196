"""Search facets of the pages search covers (generator/site/facets.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import AWARD, TODAY, settings_for

from generator.content.load import load_tree
from generator.content.model import Site, build_site
from generator.content.schema import Theme
from generator.content.validate import validate_tree
from generator.editions import EDITIONS, edition
from generator.mkdocs.staging import search_strings
from generator.photos.stage import make_photos
from generator.site.facets import UNDATED, ContentType, page_facets
from generator.site.render import OWN_PAGES, item_pages, render_site

PAST_AWARD = AWARD.replace("year: 2026", "year: 2022").replace(
    "{start: 2026-11-23, end: 2026-12-11}", "{start: 2022-06-06, end: 2022-06-14}").replace(
    "2026 Outstanding Community Workers", "2022 Exemplary Individuals").replace(
    "2026年度优秀社区工作者", "2022年度优秀社区工作者") + (
    "decision: {document: 粤民函〔2022〕60号, date: 2022-06-20, issuer: 广东省民政厅}\n")


def site_of(root: Path) -> Site:
    valid = validate_tree(load_tree(root), today=TODAY)
    assert [p for p in valid.problems if p.level.is_error()] == []
    return build_site(valid, today=TODAY)


def test_facets_of_each_kind(tree: Callable[..., Path]) -> None:
    site = site_of(tree({"content/awards/gd-2026.yml": PAST_AWARD}))
    zh = page_facets(site, "zh")
    assert zh["stories/2022/grid-night/"] == {"type": ["story"], "city": ["广州市"], "year": ["2022"],
                                              "role": ["grid-worker"], "date": ["2022-04-12"]}
    assert zh["workers/chen-xiaoli/"] == {"type": ["worker"], "city": ["广州市"], "year": ["2022"],
                                          "role": ["grid-worker"], "award": ["2022年度优秀社区工作者"],
                                          "date": ["2022-12-31"]}
    assert zh["guides/daily-monitoring/"] == {"type": ["guide"], "date": ["2022-04-02"]}
    assert zh["awards/gd-2026/"] == {"type": ["award"], "year": ["2022"], "award": ["2022年度优秀社区工作者"],
                                     "date": ["2022-12-31"]}
    en = page_facets(site, "en")
    assert en["workers/chen-xiaoli/"]["city"] == ["Guangzhou"]
    assert en["workers/chen-xiaoli/"]["award"] == ["2022 Exemplary Individuals"]
    assert zh["awards/gd-2026/notice/"] == {"type": ["award"], "year": ["2022"], "award": ["2022年度优秀社区工作者"],
                                            "date": ["2022-06-06"]}
    assert zh["cities/guangzhou/"] == {"type": ["city"], "city": ["广州市"], "date": ["2022-04-12"]}
    assert en["cities/guangzhou/"]["city"] == ["Guangzhou"]
    assert zh["themes/mobilisation/"] == {"type": ["guide"], "date": ["2022-04-02"]}
    assert zh["honors/2022/"] == {"type": ["honours"], "year": ["2022"], "award": ["2022年度优秀社区工作者"],
                                  "date": ["2022-12-31"]}
    assert en["honors/cities/guangzhou/"] == {"type": ["honours"], "city": ["Guangzhou"], "year": ["2022"],
                                              "award": ["2022 Exemplary Individuals"], "date": ["2022-12-31"]}
    assert set(zh) == {"stories/2022/grid-night/", "workers/chen-xiaoli/", "guides/daily-monitoring/",
                       "awards/gd-2026/", "awards/gd-2026/notice/", "honors/", "honors/2022/",
                       "honors/cities/guangzhou/", "cities/guangzhou/", "cities/shenzhen/", "cities/dongguan/",
                       *(f"themes/{theme.value}/" for theme in Theme)}


def test_a_notice_not_yet_public_and_an_award_with_no_honours_give_no_pages(tree: Callable[..., Path]) -> None:
    """Only pages that exist are covered: no notice before its period, no honour roll without honours."""
    nominating = AWARD.replace("{start: 2026-11-23, end: 2026-12-11}", "{start: 2026-12-20, end: 2026-12-31}")
    facets = page_facets(site_of(tree({"content/awards/gd-2026.yml": nominating})), "zh")
    assert "awards/gd-2026/" in facets and "awards/gd-2026/notice/" not in facets
    assert not [url for url in facets if url.startswith("honors/") and url != "honors/"]


def test_each_type_is_named_by_its_navigation_section() -> None:
    """The type filter and the results show the navigation's names (one set of strings, `nav_*`)."""
    for lang in ("zh", "en", "zh-hant"):
        t = edition(lang).strings()
        shown = search_strings(t)
        nav = {t(kind.nav) for kind in ContentType}
        assert {shown[f"search_type_{kind.value}"] for kind in ContentType} == nav
        assert len(nav) == len(ContentType)
        assert not {key for key in t.table if key.startswith("search_type_") and key != "search_type_to_search"}
    assert search_strings(edition("zh").strings())["search_type_guide"] == "防控指南"
    assert search_strings(edition("en").strings())["search_type_policy"] == "Notices"


def test_every_page_has_a_sort_key(tree: Callable[..., Path]) -> None:
    """Pagefind leaves pages without the sort key out of sorted lists: a worker with no date gets one."""
    site = site_of(tree({"stories/2022/grid-night/index.zh.md": None, "stories/2022/grid-night/index.en.md": None,
                         "stories/2022/grid-night/night.jpg": None}))
    facets = page_facets(site, "zh")
    assert facets["workers/chen-xiaoli/"]["date"] == [UNDATED]
    assert all(len(f["date"]) == 1 for f in facets.values())


def test_an_entry_page_made_alone_is_the_page_the_whole_site_makes(sample_site: Path) -> None:
    """`guardians serve` previews an edited entry with `item_pages`, which works out the facets of those pages
    alone: its pages (facets, breadcrumbs, converted text) are the ones the full build publishes."""
    root = sample_site.parent
    valid = validate_tree(load_tree(root), today=TODAY)
    site = build_site(valid, today=TODAY)
    photos = make_photos(valid, settings_for(root).cache_dir).processed  # the sample build's: no image work
    items = [item for item in site.items() if item.entry.kind in OWN_PAGES]
    assert {item.entry.kind for item in items} == set(OWN_PAGES)
    for e in EDITIONS:
        whole = {page.url: page for page in render_site(site, e, photos)}
        for page in item_pages(site, e, photos, items):
            assert page == whole[page.url], (e.code, page.url)
