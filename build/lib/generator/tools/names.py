"""People and awards by name: what a user types (陈晓丽, Chen Xiaoli, chen-xiaoli) → the folder it means.

A name resolves when it is exactly a folder name, a worker's Chinese name or
English name (as written in `name_en`, or the pinyin the site shows when
none is given), or an award's file name or name. Several workers of one name
are listed with city and unit, to be told apart by folder name. A name that
matches nothing gets suggestions only where the spelling is `close`; an
unrelated person is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from generator.content import schema
from generator.content.gazetteer import Gazetteer
from generator.content.load import Kind, RawEntry, RawTree
from generator.content.model import pinyin_name
from generator.content.spelling import ascii_key, close, folded, han
from generator.editions import Lang
from generator.messages import message
from generator.problems import Problem, problem


@dataclass(frozen=True)
class Person:
    """A model worker as a prompt or a message shows them."""

    slug: str
    name: str
    name_en: str
    city: str
    district: str
    community: str

    def describe(self, lang: Lang) -> str:
        """`陈晓丽（chen-xiaoli，广州市天河区，华景社区）`: enough to tell two of one name apart."""
        place = self.city + self.district
        if lang == "zh":
            return f"{self.name}（{self.slug}，{place}，{self.community}）"
        return f"{self.name} {self.name_en} ({self.slug}, {place}, {self.community})"


@dataclass(frozen=True)
class AwardChoice:
    """An award as a prompt shows it."""

    slug: str
    name: str
    name_en: str
    open: bool
    """Open for nomination on the day of the run."""
    closes: str
    """The last day of nominations (or the day before the 公示), when known."""

    def describe(self, lang: Lang) -> str:
        name = self.name if lang == "zh" or not self.name_en else self.name_en
        return message("names-award", lang, name=name, slug=self.slug, closes=self.closes or "—")


def _data(entry: RawEntry) -> dict[str, Any]:
    source = entry.texts.get("zh")
    data = source.meta.data if source is not None and source.meta is not None else None
    return data if isinstance(data, dict) else {}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int)) else ""


def people(raw: RawTree) -> list[Person]:
    """Every model worker of the tree, by folder name order, with the city named as the gazetteer names it."""
    gazetteer = gazetteer_of(raw)
    found = []
    for entry in sorted((e for e in raw.entries if e.kind is Kind.WORKER), key=lambda e: e.slug):
        data = _data(entry)
        name = _text(data.get("name"))
        city = _text(data.get("city"))
        known = gazetteer.city(city) if gazetteer and city else None
        found.append(Person(entry.slug, name, _text(data.get("name_en")) or pinyin_name(name),
                            known.zh if known else city, _text(data.get("district")), _text(data.get("community"))))
    return found


def gazetteer_of(raw: RawTree) -> Gazetteer | None:
    """The tree's gazetteer, or None when its regions file is missing or wrong (`guardians check` says why)."""
    if raw.regions is None:
        return None
    try:
        return Gazetteer(schema.Regions.model_validate(raw.regions.data))
    except ValidationError:
        return None


def county_slug(raw: RawTree, city_name: str, district_name: str) -> str:
    """The file name of a county's committee list: the county's slug (the city's for 东莞市, 中山市); empty when
    the gazetteer has no such county."""
    gazetteer = gazetteer_of(raw)
    city = gazetteer.city(city_name) if gazetteer and city_name.strip() else None
    if city is None or gazetteer is None:
        return ""
    if not city.divisions:
        return city.slug
    division = gazetteer.division(city, district_name) if district_name.strip() else None
    return division.slug if division else ""


def city_in(text: str, raw: RawTree) -> str:
    """The city a bureau's name holds (广州市民政局 → 广州市); empty for a provincial bureau."""
    gazetteer = gazetteer_of(raw)
    for city in gazetteer.regions.cities if gazetteer else []:
        if city.zh in text or city.zh.removesuffix("市") in text or city.en.lower() in text.lower():
            return city.zh
    return ""


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def awards(raw: RawTree, today: date) -> list[AwardChoice]:
    """Every award of the tree; open for nomination while its nomination period lasts, or, without one, until its
    公示 begins."""
    found = []
    for entry in sorted((e for e in raw.entries if e.kind is Kind.AWARD), key=lambda e: e.slug):
        data = _data(entry)
        period, publicity = _mapping(data.get("nomination")), _mapping(data.get("publicity"))
        start, end, shown = _day(period.get("start")), _day(period.get("end")), _day(publicity.get("start"))
        if end is not None:
            is_open = (start is None or start <= today) and today <= end
            closes = end.isoformat()
        else:
            is_open = shown is not None and today < shown
            closes = date.fromordinal(shown.toordinal() - 1).isoformat() if shown else ""
        found.append(AwardChoice(entry.slug, _text(data.get("name")), _text(_mapping(data.get("en")).get("name")),
                                 is_open, closes))
    return found


# --- matching ------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """What a typed name means: one folder, or the candidates to choose from (all of one name, or close ones)."""

    slug: str | None
    candidates: tuple[Person, ...] = ()
    ambiguous: bool = False


def find_person(typed: str, everyone: list[Person]) -> Resolved:
    """The worker `typed` names, by folder name, Chinese name or English name."""
    typed = typed.strip()
    if any(p.slug == typed for p in everyone):
        return Resolved(typed)
    spelled, key = folded(typed), ascii_key(typed)
    same = tuple(p for p in everyone if spelled in (folded(p.name), folded(p.name_en))
                 or (key and not han(typed) and key == ascii_key(p.name_en)))
    if len(same) == 1:
        return Resolved(same[0].slug)
    if same:
        return Resolved(None, same, ambiguous=True)
    return Resolved(None, tuple(p for p in everyone if any(close(typed, s) for s in (p.slug, p.name, p.name_en))))


def person_problem(typed: str, found: Resolved, where: tuple[str, int, str]) -> Problem:
    """The problem of a name that did not resolve to one worker, listing candidates in both languages."""
    path, line, field = where
    if found.ambiguous:
        return problem(path, line, field, "names-worker-ambiguous", found=typed, count=len(found.candidates),
                       candidates_zh="；".join(p.describe("zh") for p in found.candidates),
                       candidates_en="; ".join(p.describe("en") for p in found.candidates))
    hint_zh = message("names-did-you-mean", "zh", candidates="；".join(p.describe("zh") for p in found.candidates))
    hint_en = message("names-did-you-mean", "en", candidates="; ".join(p.describe("en") for p in found.candidates))
    return problem(path, line, field, "names-worker-unknown", found=typed,
                   hint_zh=hint_zh if found.candidates else "", hint_en=hint_en if found.candidates else "")


def find_award(typed: str, choices: list[AwardChoice]) -> tuple[str | None, tuple[AwardChoice, ...]]:
    """The award `typed` names by file name or name (Chinese or English); else the close ones."""
    typed = typed.strip()
    spelled = folded(typed)
    same = [a for a in choices if typed == a.slug or spelled in (folded(a.name), folded(a.name_en))]
    if len(same) == 1:
        return same[0].slug, ()
    return None, tuple(a for a in choices if any(close(typed, s) for s in (a.slug, a.name, a.name_en)))


def award_problem(typed: str, close_ones: tuple[AwardChoice, ...], choices: list[AwardChoice],
                  where: tuple[str, int, str]) -> Problem:
    """An award that was not found, with the close ones, or else the ones open for nomination."""
    shown = close_ones or tuple(a for a in choices if a.open)
    key = "names-did-you-mean" if close_ones else "names-open-awards"
    hints = {lang: message(key, lang, candidates=("；" if lang == "zh" else "; ").join(a.describe(lang) for a in shown))
             if shown else "" for lang in ("zh", "en")}
    path, line, field = where
    return problem(path, line, field, "names-award-unknown", found=typed, hint_zh=hints["zh"], hint_en=hints["en"])
