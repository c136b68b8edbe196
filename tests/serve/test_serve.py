"""`guardians serve`: the live preview builds, serves, rebuilds on change and shows problems in the page."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from conftest import STORY, settings_for

from generator.build import BuildResult
from generator.config import Settings
from generator.content.load import Kind, entry_at
from generator.problems import ContentError, problem
from generator.serve.server import LiveServer, Preview, inject, page_address, panel, refused_page


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@pytest.fixture
def live(tree: Callable[..., Path]) -> Iterator[LiveServer]:
    root = tree()
    server = LiveServer(settings_for(root, work=root / ".guardians"), port=0)
    server.start()
    assert server.wait_for(1, timeout=180)
    yield server
    server.stop()


def test_panel_lists_each_problem_in_the_readers_language() -> None:
    preview = Preview(problems=[problem("stories/2022/a/index.zh.md", 4, "city", "unknown-city",
                                        found="广洲", hint="，是否为“广州市”？")])
    assert "stories/2022/a/index.zh.md:4: city: 未知城市“广洲”，是否为“广州市”？" in panel(preview, "zh")
    assert "1 个错误、0 个警告" in panel(preview, "zh")
    assert "1 error(s), 0 warning(s)" in panel(preview, "en")


def test_panel_shows_submitted_values_escaped_as_html_and_as_text() -> None:
    """Markup in a value is text, and control and bidirectional characters show as escapes, path and field too."""
    preview = Preview(problems=[problem("stories/2022/a\u202e/index.zh.md", 4, "ci\x1bty", "unknown-city",
                                        found="<script>alert(1)</script>\nstories/x.md:1: \x1b[2J", hint="")])
    shown = panel(preview, "en")
    assert ("<li class=\"error\">stories/2022/a\\u202e/index.zh.md:4: ci\\x1bty: unknown city "
            "&#39;&lt;script&gt;alert(1)&lt;/script&gt;\\nstories/x.md:1: \\x1b[2J&#39;</li>") in shown
    assert "<script>alert" not in shown and not any(c in shown for c in "\x1b\u202e")


@pytest.mark.parametrize(("path", "address"), [
    ("/stories/2022/x/", "stories/2022/x/"), ("/en/stories/2022/x/index.html", "stories/2022/x/"),
    ("/zh-hant/workers/li/", "workers/li/"), ("/", ""), ("/en/", ""), ("/media/a.webp", None),
    ("/stories/2022/x", None),
])
def test_a_request_names_the_page_below_its_editions_root(path: str, address: str | None) -> None:
    assert page_address(path) == address


@pytest.mark.parametrize(("path", "entry"), [
    ("stories/2022/x/index.zh.md", (Kind.STORY, "2022", "x")), ("stories/2022/x/team.jpg", (Kind.STORY, "2022", "x")),
    ("stories/2022/x", (Kind.STORY, "2022", "x")), ("content/guides/g/index.en.md", (Kind.GUIDE, "", "g")),
    ("content/workers/li", (Kind.WORKER, "", "li")), ("content/awards/a.yml", (Kind.AWARD, "", "a")),
    ("content/nominations/a/n.yml", (Kind.NOMINATION, "a", "n")), ("content/regions.yml", None), ("stories", None),
])
def test_every_file_of_an_entry_leads_to_it(path: str, entry: tuple[Kind, str, str] | None) -> None:
    assert entry_at(path) == entry


def test_a_refused_entrys_page_lists_only_its_own_problems() -> None:
    preview = Preview(problems=[problem("stories/2022/a/index.zh.md", 4, "city", "unknown-city", found="广洲", hint=""),
                                problem("stories/2022/b/index.zh.md", 4, "city", "unknown-city", found="深洲", hint=""),
                                problem("content/awards/prize.yml", 2, "name", "unknown-city", found="<b>", hint="")])
    page = refused_page(preview, "en", "/en/stories/2022/a/")
    assert page is not None and "广洲" in page and "深洲" not in page and "Entry not published" in page
    award = refused_page(preview, "zh", "/awards/prize/")
    assert award is not None and "&lt;b&gt;" in award and "<b>" not in award
    assert refused_page(preview, "zh", "/stories/2022/c/") is None


def test_a_failed_build_is_told_escaped(tmp_path: Path) -> None:
    from generator.publish.verify import VerifyError
    from generator.serve.server import rebuild

    def failing(settings: Settings) -> NoReturn:
        raise VerifyError(["stories/2022/a\x1b[2J/index.html: link to x\u202e"])

    preview = Preview()
    rebuild(settings_for(tmp_path), preview, failing)
    assert preview.failure is not None
    assert preview.failure.endswith("\nstories/2022/a\\x1b[2J/index.html: link to x\\u202e")


def test_clean_build_adds_no_panel_but_the_reload_script() -> None:
    page = inject("<html><body><p>x</p></body></html>", Preview(generation=3), "zh")
    assert "guardians-problems\"" not in page
    assert page.index("var g=3") < page.index("</body>")


def test_serves_the_site_then_shows_a_new_problem_in_the_page_and_keeps_the_old_site(
        live: LiveServer) -> None:
    root = live.settings.root
    status, page = fetch(live.url)
    assert status == 200 and "凌晨三点的网格" in page
    assert "上次生成发现 0 个错误、1 个警告" in page and "<details><summary>" in page  # warnings: folded
    assert "/__guardians/status" in page
    story_page = fetch(live.url + "stories/2022/grid-night/")
    assert story_page[0] == 200 and "那天夜里" in story_page[1]

    # a mistake in a story: the rebuilt site refuses it and the page says where and why
    (root / "stories/2022/grid-night/index.zh.md").write_text(STORY.replace("city: 广州市", "city: 广洲"),
                                                             encoding="utf-8")
    assert live.wait_for(2, timeout=180)
    status, page = fetch(live.url)
    assert status == 200
    assert "stories/2022/grid-night/index.zh.md:4: city: 未知城市“广洲”，是否为“广州市”？" in page
    problems = fetch(live.url + "__guardians/problems")[1]
    assert "未知城市“广洲”" in problems
    for address in ("stories/2022/grid-night/", "en/stories/2022/grid-night/", "zh-hant/stories/2022/grid-night/"):
        status, refused = fetch(live.url + address)  # the refused story's own address says why, in every edition
        assert status == 404 and "未发布的条目" in refused and "Directory listing" not in refused
        assert "stories/2022/grid-night/index.zh.md:4: city: 未知城市“广洲”" in refused
    status, missing = fetch(live.url + "stories/2022/no-such-story/")
    assert status == 404 and "未发布的条目" not in missing and "Directory listing" not in missing
    assert json.loads(fetch(live.url + "__guardians/status")[1])["errors"] >= 1

    # a broken gazetteer stops the build: nothing is published, the previous site stays served
    (root / "content/regions.yml").write_text("cities: [", encoding="utf-8")
    assert live.wait_for(3, timeout=180)
    status, page = fetch(live.url + "guides/daily-monitoring/")
    assert status == 200 and "楼栋长如何组织每日健康监测" in page
    assert "内容有误，未能生成新网站；仍在显示上一次成功生成的网站" in page
    assert "content/regions.yml" in page


def test_before_any_site_exists_the_problems_page_is_served(tree: Callable[..., Path]) -> None:
    root = tree({"content/regions.yml": "cities: ["})
    server = LiveServer(settings_for(root, work=root / ".guardians"), port=0)
    server.start()
    try:
        assert server.wait_for(1, timeout=60)
        status, page = fetch(server.url)
        assert status == 503 and "content/regions.yml" in page and "社区守护者 · 预览" in page
    finally:
        server.stop()


def test_only_this_servers_own_pages_may_post(tree: Callable[..., Path]) -> None:
    root = tree()

    def echo(path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/json"}, body

    def no_build(settings: object) -> NoReturn:
        raise ContentError([])

    server = LiveServer(settings_for(root, work=root / ".guardians"), port=0, builder=no_build,
                        api={"/api/v1": echo})
    server.start()
    try:
        def post(headers: dict[str, str]) -> int:
            request = urllib.request.Request(server.url + "api/v1", data=b"{}", headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as err:
                return err.code

        json_type = {"Content-Type": "application/json; charset=utf-8"}
        assert post(json_type) == 200
        assert post(json_type | {"Origin": server.url.rstrip("/")}) == 200
        assert post({"Content-Type": "text/plain"}) == 403
        assert post(json_type | {"Origin": "http://evil.example"}) == 403
        assert post(json_type | {"Host": "evil.example"}) == 403
    finally:
        server.stop()


@pytest.fixture
def gated(live: LiveServer) -> Iterator[threading.Event]:
    """The live server with its next full builds held until the event is set."""
    gate = threading.Event()
    real = live.builder

    def held(settings: Settings) -> BuildResult:
        assert gate.wait(timeout=180)
        return real(settings)

    live.builder = held
    yield gate
    gate.set()


def wait_for_text(url: str, text: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in fetch(url)[1]:
            return True
        time.sleep(0.05)
    return False


def test_an_edited_story_is_shown_before_the_full_build_as_the_build_will_make_it(
        live: LiveServer, gated: threading.Event) -> None:
    root, site = live.settings.root, live.settings.out
    story = root / "stories/2022/grid-night/index.zh.md"
    story.write_text(STORY.replace("逐户敲门。", "逐户敲门，一直到天亮。"), encoding="utf-8")
    assert wait_for_text(live.url + "stories/2022/grid-night/", "一直到天亮")
    assert live.preview.generation == 1  # the full build has not run: this is the quick preview
    assert "一直到天亮" not in (site / "stories/2022/grid-night/index.html").read_text(encoding="utf-8")
    assert wait_for_text(live.url + "zh-hant/stories/2022/grid-night/", "一直到天亮")
    previewed = {path: file.read_bytes() for path, file in live.preview.overlay.items()}
    assert set(previewed) == {"stories/2022/grid-night/index.html", "en/stories/2022/grid-night/index.html",
                              "zh-hant/stories/2022/grid-night/index.html"}
    gated.set()
    assert live.wait_for(2, timeout=180)
    assert live.preview.overlay == {}
    for path, preview in previewed.items():  # byte for byte what the full build published
        assert (site / path).read_bytes() == preview, path


def test_the_theme_is_compiled_before_the_first_edit_and_nothing_is_shown_for_it(live: LiveServer) -> None:
    assert live.wait_for(1, timeout=180)
    deadline = time.monotonic() + 60
    while not live.quick.ready and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.quick.ready
    assert live.preview.overlay == {} and live.preview.previews == 0


def test_an_edit_with_an_error_waits_for_the_full_build_which_reports_it(
        live: LiveServer, gated: threading.Event) -> None:
    story = live.settings.root / "stories/2022/grid-night/index.zh.md"
    story.write_text(STORY.replace("city: 广州市", "city: 广洲").replace("逐户敲门。", "逐户敲门，一直到天亮。"),
                     encoding="utf-8")
    time.sleep(3)
    assert live.preview.overlay == {} and live.preview.previews == 0
    assert "一直到天亮" not in fetch(live.url + "stories/2022/grid-night/")[1]
    gated.set()
    assert live.wait_for(2, timeout=180)
    assert "未知城市“广洲”" in fetch(live.url)[1]


def test_only_edits_to_the_texts_of_known_entries_are_previewed(live: LiveServer, gated: threading.Event) -> None:
    root = live.settings.root.resolve()
    story = root / "stories/2022/grid-night/index.zh.md"
    story.write_text(STORY.replace("逐户敲门。", "逐户敲门，一直到天亮。"), encoding="utf-8")
    gone = root / "stories/2022/grid-night/.index.zh.md.swp"  # an editor's temporary file, already removed
    assert set(live.quick.pages({story, gone}) or {}) >= {"stories/2022/grid-night/index.html"}
    (root / "stories/2022/grid-night/notes.txt").write_text("a new file", encoding="utf-8")
    for other in ("stories/2022/grid-night/notes.txt", "stories/2022/grid-night/night.jpg", "content/regions.yml"):
        assert live.quick.pages({story, root / other}) is None, other  # a new file, a photo, the gazetteer
    assert live.quick.pages({gone}) is None  # nothing edited
