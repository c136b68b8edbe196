"""公示 integrity: the list as published and its corrections, phases and the decision, the objection channel, and
the 公示's length in working days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import AWARD, NOMINATION, TODAY, WORKER, jpeg

from generator.content.load import load_tree
from generator.content.model import Phase, build_site
from generator.content.validate import Validated, validate_tree
from generator.content.workdays import HOLIDAYS, calendar, parse
from generator.tools.notice import run

AWARD_PATH = "content/awards/gd-2026.yml"
NOMINATION_PATH = "content/nominations/gd-2026/chen-xiaoli.yml"
WANG = (WORKER.replace("name: 陈晓丽", "name: 王建国").replace("gender: female", "gender: male")
        .replace("陈晓丽是华景社区的网格员。", "王建国是华景社区的楼栋长。"))
WANG_NOMINATION = "worker: wang-jianguo\nbureau: 广州市民政局\nreason: 全楼入群，物资送到每户门口。\n"
OTHER_AWARD = AWARD.replace("2026年度优秀社区工作者", "2026年度社区志愿服务先进个人").replace(
    "2026 Outstanding Community Workers", "2026 Outstanding Community Volunteers")
WITH_NOMINATIONS = AWARD.replace("publicity:", "nomination: {start: 2026-10-08, end: 2026-11-10}\npublicity:")


def check(root: Path, today: date = TODAY) -> Validated:
    return validate_tree(load_tree(root), today=today)


def errors(valid: Validated) -> list[tuple[str, str, str, str]]:
    return [(p.path, p.field, p.key, p.text("en")) for p in valid.problems if p.level.is_error()]


def add_wang(root: Path) -> None:
    (root / "content/workers/wang-jianguo").mkdir(parents=True)
    (root / "content/workers/wang-jianguo/index.zh.md").write_text(WANG, encoding="utf-8")
    (root / "content/workers/wang-jianguo/portrait.jpg").write_bytes(jpeg(400, 500))
    (root / "content/nominations/gd-2026/wang-jianguo.yml").write_text(WANG_NOMINATION, encoding="utf-8")


def amend(root: Path, today: date = TODAY, **kw: str) -> int:
    return run("amend", root, "gd-2026", today=today, lang="en", document=kw.get("document", "粤民函〔2026〕141号"),
               reason=kw.get("reason", "推荐单位来函更正"), day=today)


# --- the list as published ---------------------------------------------------------------------------------------


def test_a_recorded_list_that_still_holds_passes(tree: Callable[..., Path]) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS})
    assert "notice:\n  recorded: 2026-11-23\n  nominees:\n    chen-xiaoli:" in (root / AWARD_PATH).read_text()
    assert errors(check(root)) == []


def test_a_nomination_added_after_the_list_was_published_refuses_that_award_only(tree: Callable[..., Path]) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS, "content/awards/gd-other.yml": OTHER_AWARD,
                 "content/nominations/gd-other/chen-xiaoli.yml": NOMINATION})
    add_wang(root)
    valid = check(root)
    found = errors(valid)
    assert found[0][:3] == (AWARD_PATH, "notice.nominees", "notice-added")
    assert "content/nominations/gd-2026/wang-jianguo.yml: '王建国' is not on the notice list as published" in found[0][3]
    assert {p for p, *_ in found} == {AWARD_PATH, "content/nominations/gd-2026/chen-xiaoli.yml",
                                      "content/nominations/gd-2026/wang-jianguo.yml"}  # refused with their award
    site = build_site(valid, today=TODAY)
    assert [a.slug for a in site.awards] == ["gd-other"]
    assert [n.slug for n in site.awards[0].on_notice()] == ["chen-xiaoli"]


def test_an_amendment_covers_the_addition_and_the_notice_shows_it(tree: Callable[..., Path]) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS})
    add_wang(root)
    assert amend(root) == 0
    text = (root / AWARD_PATH).read_text()
    assert "amendments:\n- date: 2026-11-28\n  document: 粤民函〔2026〕141号\n  reason: 推荐单位来函更正\n  added:\n" \
           "    wang-jianguo:\n      name: 王建国\n" in text
    valid = check(root)
    assert errors(valid) == []
    award = build_site(valid, today=TODAY).awards[0]
    assert [n.slug for n in award.on_notice()] == ["chen-xiaoli", "wang-jianguo"]
    assert [name for name, _ in award.original()] == ["陈晓丽"]
    # a second quiet change after the amendment is caught again
    (root / "content/nominations/gd-2026/wang-jianguo.yml").write_text(WANG_NOMINATION.replace("每户", "每一户"))
    assert [e[2] for e in errors(check(root)) if e[0] == AWARD_PATH] == ["notice-changed"]


@pytest.mark.parametrize("how", ["deleted", "withdrawn"])
def test_a_published_nominee_removed_is_an_error_unless_amended(tree: Callable[..., Path], how: str) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS})
    nomination = root / NOMINATION_PATH
    if how == "deleted":
        nomination.unlink()
    else:
        nomination.write_text(NOMINATION.replace("status: nominated", "status: withdrawn"), encoding="utf-8")
    found = [e for e in errors(check(root)) if e[0] == AWARD_PATH]
    assert [(f, k) for _, f, k, _ in found] == [("notice.nominees.chen-xiaoli", "notice-removed")]
    assert found[0][3].startswith(f"'陈晓丽' ({NOMINATION_PATH}) is on the notice list as published but no longer")
    assert amend(root) == 0
    assert "  removed:\n    chen-xiaoli: 陈晓丽\n" in (root / AWARD_PATH).read_text()
    valid = check(root)
    assert errors(valid) == []
    assert build_site(valid, today=TODAY).awards[0].on_notice() == []


@pytest.mark.parametrize(("path", "old", "new"), [
    (NOMINATION_PATH, "reason: 坚守网格一线。", "reason: 坚守网格一线十年。"),
    (NOMINATION_PATH, "post: 网格员", "post: 网格长"),
    ("content/workers/chen-xiaoli/index.zh.md", "name: 陈晓丽", "name: 陈晓莉"),
    ("content/workers/chen-xiaoli/index.zh.md", "community: 华景社区", "community: 棠下社区"),
])
def test_what_the_notice_shows_changed_is_an_error_unless_amended(tree: Callable[..., Path], path: str, old: str,
                                                                 new: str) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS})
    file = root / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    found = [e for e in errors(check(root)) if e[0] == AWARD_PATH]
    assert [(f, k) for _, f, k, _ in found] == [("notice.nominees.chen-xiaoli", "notice-changed")]
    assert found[0][3].startswith(f"{NOMINATION_PATH}: what the notice shows of")
    assert amend(root) == 0
    assert "  changed:\n    chen-xiaoli:\n" in (root / AWARD_PATH).read_text()
    assert errors(check(root)) == []


def test_an_english_translation_is_not_a_change_of_the_notice(tree: Callable[..., Path]) -> None:
    root = tree()
    (root / NOMINATION_PATH).write_text(NOMINATION + "en: {reason: Always on duty in her grid.}\n", encoding="utf-8")
    assert errors(check(root)) == []


def test_before_the_publicity_period_a_changed_list_is_recorded_again(tree: Callable[..., Path]) -> None:
    root = tree({AWARD_PATH: WITH_NOMINATIONS})
    add_wang(root)
    early = date(2026, 11, 15)
    assert [e for e in errors(check(root, early)) if e[0] == AWARD_PATH] == [
        (AWARD_PATH, "notice", "notice-stale", "the recorded notice list is out of date (王建国 changed): before the "
         "publicity period begins, run guardians notice record gd-2026 again")]
    assert run("record", root, "gd-2026", today=early, lang="en", day=early) == 0
    assert errors(check(root, early)) == []
    assert errors(check(root)) == []


def test_no_record_once_the_publicity_period_has_begun(tree: Callable[..., Path]) -> None:
    root = tree(record=False)
    assert errors(check(root, date(2026, 11, 22))) == []
    found = [e for e in errors(check(root)) if e[0] == AWARD_PATH]
    assert found == [(AWARD_PATH, "notice", "notice-missing",
                      "the publicity period began on 2026-11-23 but the award records no notice list (notice): run "
                      "guardians notice record gd-2026 --date 2026-11-23 with the list as it was published that day")]


def test_record_command_writes_the_list_and_refuses_once_open(tree: Callable[..., Path]) -> None:
    root = tree(record=False)
    assert run("record", root, "gd-2026", today=date(2026, 11, 20), lang="en") == 0
    assert errors(check(root)) == []
    assert run("record", root, "gd-2026", today=TODAY, lang="en") == 1
    assert amend(root) == 0  # nothing to correct: nothing written
    assert "amendments" not in (root / AWARD_PATH).read_text()


def test_a_list_recorded_after_the_period_began_or_an_amendment_without_its_number(
        tree: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = tree(record=False)
    assert run("record", root, "gd-2026", today=TODAY, lang="en") == 0  # late, but nothing was recorded
    assert [e[2] for e in errors(check(root)) if e[0] == AWARD_PATH] == ["notice-recorded-late"]
    root = tree()
    (root / NOMINATION_PATH).unlink()
    before = (root / AWARD_PATH).read_text()
    assert amend(root, document="141号") == 1
    assert "a correction needs --document" in capsys.readouterr().err
    assert (root / AWARD_PATH).read_text() == before


# --- phases and the decision -------------------------------------------------------------------------------------

DECIDED = AWARD + "decision: {document: 粤民函〔2026〕150号, date: 2026-12-18, issuer: 广东省民政厅}\n"


@pytest.mark.parametrize(("text", "today", "phase"), [
    (AWARD, date(2026, 11, 22), Phase.NOMINATING),
    (AWARD, date(2026, 11, 23), Phase.PUBLICITY),
    (AWARD, date(2026, 12, 11), Phase.PUBLICITY),
    (AWARD, date(2026, 12, 12), Phase.CLOSED),
    (AWARD, date(2027, 6, 1), Phase.CLOSED),
    (DECIDED, date(2026, 12, 17), Phase.CLOSED),
    (DECIDED, date(2026, 12, 18), Phase.AWARDED),
])
def test_awarded_only_with_a_decision_in_force(tree: Callable[..., Path], text: str, today: date,
                                              phase: Phase) -> None:
    valid = check(tree({AWARD_PATH: text}), today)
    assert errors(valid) == []
    site = build_site(valid, today=today)
    assert site.awards[0].phase is phase
    assert [h.nominee.slug for h in site.honours] == (["chen-xiaoli"] if phase is Phase.AWARDED else [])


def test_a_decision_dated_within_the_publicity_period(tree: Callable[..., Path]) -> None:
    found = errors(check(tree({AWARD_PATH: DECIDED.replace("2026-12-18", "2026-12-11")})))
    assert found[0][:3] == (AWARD_PATH, "decision.date", "decision-before-publicity-end")


# --- the objection channel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("feedback", "field", "key"), [
    ("{contact: 处, phone: '12345678'}", "feedback.phone", "phone-format"),
    ("{contact: 处, phone: 020 1234 5678}", "feedback.phone", "phone-format"),
    ("{contact: 处}", "feedback.phone", "missing"),
    ("{contact: 处, phone: 020-12345678, email: jiceng@}", "feedback.email", "email-format"),
    ("{contact: 处, phone: 020-12345678, address: 广州市越秀区某路1号, postcode: '51003'}", "feedback.postcode",
     "postcode-format"),
    ("{contact: 处, phone: 020-12345678, address: 广州市越秀区某路1号}", "feedback", "postcode-address"),
])
def test_the_objection_channel_is_checked(tree: Callable[..., Path], feedback: str, field: str, key: str) -> None:
    text = AWARD.replace("feedback:\n  contact: 基层政权建设和社区治理处\n  phone: 020-12345678\n", f"feedback: {feedback}\n")
    assert text != AWARD
    found = [e for e in errors(check(tree({AWARD_PATH: text}), date(2026, 11, 1))) if e[0] == AWARD_PATH]
    assert [(f, k) for _, f, k, _ in found] == [(field, key)]


@pytest.mark.parametrize("phone", ["020-12345678", "0757-8123456", "020-12345678-801", "13800138000", "400-123-4567",
                                   "12345"])
def test_the_ways_a_public_telephone_is_written(tree: Callable[..., Path], phone: str) -> None:
    text = AWARD.replace("phone: 020-12345678", f"phone: '{phone}'")
    assert errors(check(tree({AWARD_PATH: text}))) == []


# --- working days ------------------------------------------------------------------------------------------------


def period(start: str, end: str) -> str:
    return AWARD.replace("{start: 2026-11-23, end: 2026-12-11}", f"{{start: {start}, end: {end}}}")


@pytest.mark.parametrize(("start", "end", "found"), [
    ("2026-09-28", "2026-10-08", 4),  # eleven days, but the National Day holiday: four working days
    ("2026-11-23", "2026-11-27", None),  # a plain working week
    ("2026-10-08", "2026-10-13", None),  # five working days only with the adjusted Saturday 10 October
    ("2026-10-08", "2026-10-12", 4),
    ("2026-02-13", "2026-02-24", 3),  # Spring Festival: 13, 14 (adjusted Saturday), 24
    ("2026-02-13", "2026-02-26", None),  # 13, 14, 24, 25, 26
])
def test_the_publicity_period_lasts_five_working_days(tree: Callable[..., Path], start: str, end: str,
                                                      found: int | None) -> None:
    problems = [e for e in errors(check(tree({AWARD_PATH: period(start, end)}), date(2026, 1, 2)))
                if e[0] == AWARD_PATH]
    if found is None:
        assert problems == []
    else:
        assert problems == [(AWARD_PATH, "publicity.end", "publicity-too-short",
                             f"the publicity period {start} to {end} has {found} working days (public holidays left "
                             "out, adjusted working days counted); it must have at least 5: move its last day later")]


def test_working_days_across_a_holiday_and_an_adjusted_saturday() -> None:
    days = calendar()
    assert days.working_days(date(2026, 9, 28), date(2026, 10, 10)) == 6  # 28–30 September, 8–10 October
    assert days.is_working_day(date(2026, 10, 10))  # a Saturday worked in exchange
    assert not days.is_working_day(date(2026, 10, 5))  # a Monday of the holiday
    assert days.working_days(date(2026, 2, 13), date(2026, 2, 27)) == 6  # 13, 14 (Saturday), 24, 25, 26, 27
    assert days.working_days(date(2024, 2, 4), date(2024, 2, 18)) == 7  # Sunday 4 (worked), 5–9, Sunday 18 (worked)
    assert days.working_days(date(2020, 1, 20), date(2020, 2, 7)) == 9  # 20–23 January, 3–7 February: the Spring
    # Festival of 2020 was extended to 2 February, and Saturday 1 February was no longer worked


def test_the_holiday_calendar_is_consistent() -> None:
    days = parse(HOLIDAYS.read_text(encoding="utf-8"))
    assert days.years >= set(range(2020, 2027))
    assert all(d.weekday() >= 5 for d in days.work)  # only weekend days are worked in exchange
    assert not days.off & days.work
    assert all(date(y, 1, 1) in days.off and date(y, 10, 1) in days.off for y in days.years)


def test_a_year_the_calendar_does_not_cover_is_warned_of_not_refused(tree: Callable[..., Path]) -> None:
    valid = check(tree({AWARD_PATH: period("2031-03-03", "2031-03-14")}), date(2026, 11, 1))
    found = [p for p in valid.problems if p.path == AWARD_PATH]
    assert [(p.field, p.key, p.level.is_error()) for p in found] == [("publicity", "holidays-year-missing", False)]
    assert "runs into 2031, which the holiday calendar generator/content/holidays.yml does not cover" in found[0].text("en")
