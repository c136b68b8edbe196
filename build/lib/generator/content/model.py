"""Validated entries → the Site: translations paired, references resolved, listings built.

Pure: reads no file and writes none. Everything a page needs is here, so
render never goes looking for another entry or the other language's file:
each item gives its fields per language, and where an English twin leaves
one out, the Chinese one is shown (`in_lang`, the one place that decides).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import Any, Protocol, TypeVar

from pypinyin import lazy_pinyin

from generator.content import notice
from generator.content.committees import Coverage, coverage
from generator.content.gazetteer import Gazetteer
from generator.content.load import Kind, folded
from generator.content.schema import Award, City, NominationStatus, NoticeEntry, Photo, TagInfo, Theme
from generator.content.validate import Entry, Place, Validated, tag_slug
from generator.editions import Lang
from generator.problems import Problem, problem

T = TypeVar("T")


def in_lang(lang: Lang, zh: T, en: T | None) -> T:
    """The value a reader of `lang` is shown: the English one in English where there is one, else the Chinese."""
    return en if lang == "en" and en is not None else zh


class Bilingual(Protocol):
    """A name given in both languages: a gazetteer's city or division, a tag."""

    zh: str
    en: str


class Phase(str, Enum):
    """Where an award is in its lifecycle on the build date."""

    NOMINATING = "nominating"
    PUBLICITY = "publicity"
    CLOSED = "closed"
    """The 公示 is over and the commendation decision is not yet recorded: nobody is honoured yet."""
    AWARDED = "awarded"

    @classmethod
    def on(cls, award: Award, today: date) -> Phase:
        """Nominating before the publicity period, publicity during it; after its last day awarded once the
        award records a decision dated on or before `today`, closed until then."""
        publicity = award.publicity
        if today < publicity.start:
            return cls.NOMINATING
        if today <= publicity.end:
            return cls.PUBLICITY
        return cls.AWARDED if award.decision is not None and award.decision.date <= today else cls.CLOSED

    def is_public(self) -> bool:
        """Nominees are shown from the start of the publicity period on."""
        return self is not Phase.NOMINATING


class Standing(str, Enum):
    """Where one nominee is on the build date: the award's phase and the nomination's status together."""

    NOMINATED = "nominated"
    """The award is still taking nominations: nothing is shown."""
    ON_NOTICE = "on-notice"
    """Named on the 公示 notice."""
    AWARDED = "awarded"
    """On the honour roll."""
    NOT_AWARDED = "not-awarded"
    """Marked not awarded, or left out of the award's `winners` list."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by the bureau, at any point: shown nowhere."""

    def is_awarded(self) -> bool:
        return self is Standing.AWARDED


@dataclass
class Item:
    """One published entry, paired with its English twin when there is one."""

    entry: Entry
    url: str
    """Address below the language root, e.g. `stories/2022/tianhe-grid/`."""

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def record(self) -> Any:
        return self.entry.record

    @property
    def place(self) -> Place:
        """The city and district of a story or worker (validation resolved one for every such entry)."""
        assert self.entry.place is not None
        return self.entry.place

    def translated(self, lang: Lang) -> bool:
        """Whether the entry has its own text in `lang` (zh always has)."""
        return in_lang(lang, True, "en" in self.entry.texts)

    def text(self, name: str, lang: Lang) -> Any:
        """A field in `lang`: the twin's value where it gives one, the Chinese one otherwise."""
        return in_lang(lang, getattr(self.entry.record, name), getattr(self.entry.twin, name, None))

    def body(self, lang: Lang) -> tuple[str, str]:
        """The Markdown body in `lang` (falling back to Chinese) and the file it came from."""
        source = in_lang(lang, self.entry.texts["zh"], self.entry.texts.get("en"))
        return source.body, source.path


@dataclass
class WorkerItem(Item):
    stories: list[StoryItem] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)

    def name(self, lang: Lang) -> str:
        return in_lang(lang, self.record.name, self.english_name)

    @cached_property
    def english_name(self) -> str:
        """The English name given, else the Chinese one in pinyin."""
        return self.record.name_en or pinyin_name(self.record.name)


@dataclass
class StoryItem(Item):
    workers: list[WorkerItem] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)

    def photos(self) -> list[Photo]:
        """The photos that are published (consent present and current)."""
        return [p for p in self.record.photos if p.file not in self.entry.held_photos]

    def caption(self, photo: Photo, lang: Lang) -> str:
        twin = self.entry.twin
        return in_lang(lang, photo.caption, twin.captions.get(photo.file) if twin is not None else None)

    def credit(self, photo: Photo, lang: Lang) -> str:
        """Who took the photo, in `lang` where the twin gives it, else as the Chinese file gives it."""
        twin = self.entry.twin
        return in_lang(lang, photo.credit, twin.credits.get(photo.file) if twin is not None else None)


@dataclass(frozen=True)
class Tag:
    """A story tag with its page address."""

    zh: str
    en: str
    slug: str
    theme: Theme | None = None
    """The theme whose page lists the tag's stories (`tags.yml`)."""

    def name(self, lang: Lang) -> str:
        return in_lang(lang, self.zh, self.en)

    @property
    def url(self) -> str:
        return f"tags/{self.slug}/"


@dataclass
class Nominee:
    """A nomination as the public sees it (never with the internal block)."""

    entry: Entry
    award: AwardItem
    worker: WorkerItem | None

    @property
    def slug(self) -> str:
        """The nomination file's name: the worker's slug, or the organisation's file name."""
        return self.entry.slug

    @property
    def status(self) -> NominationStatus:
        return self.entry.record.status

    @property
    def standing(self) -> Standing:
        """The nominee's place in the award's lifecycle on the build date."""
        if self.status is NominationStatus.WITHDRAWN:
            return Standing.WITHDRAWN
        if self.status is NominationStatus.NOT_AWARDED:
            return Standing.NOT_AWARDED
        phase = self.award.phase
        if phase is Phase.NOMINATING:
            return Standing.NOMINATED
        if phase is not Phase.AWARDED:
            return Standing.ON_NOTICE
        winners = self.award.record.winners
        return Standing.AWARDED if winners is None or self.slug in winners else Standing.NOT_AWARDED

    @property
    def place(self) -> Place:
        """The worker's city and district, or the organisation's."""
        place = self.worker.place if self.worker is not None else self.entry.place
        assert place is not None
        return place

    def text(self, name: str, lang: Lang) -> Any:
        return in_lang(lang, getattr(self.entry.record, name), getattr(self.entry.record.en, name, None))

    def name(self, lang: Lang) -> str:
        if self.worker is not None:
            return self.worker.name(lang)
        org = self.entry.record.organisation
        return in_lang(lang, org.name, org.name_en or None)

    def notice_entry(self) -> NoticeEntry:
        """The nominee as the notice list records them (name and digest of what the notice shows)."""
        return notice.entry(self.entry.record, self.worker.record if self.worker is not None else None)

    def community(self, lang: Lang) -> str:
        """The community as of the award: the nomination's, else the worker's profile's."""
        if self.entry.record.community is not None:
            return str(self.text("community", lang))
        return str(self.worker.text("community", lang)) if self.worker is not None else ""


@dataclass
class Honour:
    """An award received: a nominee whose award is final and who stood to the end."""

    nominee: Nominee

    @property
    def award(self) -> AwardItem:
        return self.nominee.award

    @property
    def year(self) -> int:
        return int(self.award.record.year)


@dataclass
class AwardItem(Item):
    phase: Phase = Phase.NOMINATING
    nominees: list[Nominee] = field(default_factory=list)

    @property
    def notice_url(self) -> str:
        """The 公示 notice, published from the first day of the publicity period and kept afterwards."""
        return f"{self.url}notice/"

    def text(self, name: str, lang: Lang) -> Any:
        chinese = self.record.feedback.contact if name == "contact" else getattr(self.record, name)
        return in_lang(lang, chinese, getattr(self.record.en, name, None))

    def translated(self, lang: Lang) -> bool:
        return in_lang(lang, True, getattr(self.record.en, "name", None) is not None)

    def on_notice(self) -> list[Nominee]:
        """The nominees the 公示 names once the period has begun, by city then name: every standing one, and
        those marked not awarded after they were listed (`notice.on_list`)."""
        if not self.phase.is_public():
            return []
        return sorted((n for n in self.nominees if notice.on_list(n.slug, n.status, self.record)),
                      key=lambda n: (n.place.city.slug, n.slug))

    def original(self) -> list[tuple[str, Nominee | None]]:
        """The list as first published, in its order of record: each name, with its nominee where what the notice
        shows of them is still what was published (None for one since removed or changed)."""
        record = self.record.notice
        if record is None:
            return []
        current = {n.slug: n for n in self.nominees}
        out: list[tuple[str, Nominee | None]] = []
        for slug, published in record.nominees.items():
            nominee = current.get(slug)
            same = nominee is not None and nominee.notice_entry().digest == published.digest
            out.append((published.name, nominee if same else None))
        return out

    def winners(self) -> list[Nominee]:
        """The nominees awarded, by city then name."""
        return [n for n in self.on_notice() if n.standing.is_awarded()]


@dataclass
class CityItem:
    """A city page: its stories and its model workers."""

    city: City
    stories: list[StoryItem] = field(default_factory=list)
    workers: list[WorkerItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"cities/{self.city.slug}/"

    def name(self, lang: Lang) -> str:
        return in_lang(lang, self.city.zh, self.city.en)


@dataclass
class Site:
    """Everything the site shows, ready to render."""

    today: date
    gazetteer: Gazetteer
    guides: list[Item]
    policies: list[Item]
    workers: list[WorkerItem]
    stories: list[StoryItem]
    awards: list[AwardItem]
    cities: list[CityItem]
    tags: list[Tag]
    stories_by_tag: dict[str, list[StoryItem]]
    problems: list[Problem]
    honours: list[Honour] = field(default_factory=list)
    """Every award received, by people and organisations: newest award first, then by city."""
    coverage: Coverage | None = None
    """Public health committees: every city's and county's coverage (`committees.coverage`)."""
    trainings: list[TrainingItem] = field(default_factory=list)
    """Every training session, newest first."""

    def items(self) -> list[Item]:
        return [*self.guides, *self.policies, *self.workers, *self.stories, *self.awards, *self.trainings]


def pinyin_name(name: str) -> str:
    """Chinese name → English name in pinyin, family name first: 陈晓丽 → Chen Xiaoli."""
    syllables = lazy_pinyin(name)
    if not syllables:
        return name
    family, given = syllables[0], "".join(syllables[1:])
    return f"{family.capitalize()} {given.capitalize()}".strip()


_FOLDERS = {Kind.GUIDE: "guides", Kind.POLICY: "policies", Kind.WORKER: "workers", Kind.STORY: "stories",
            Kind.AWARD: "awards", Kind.TRAINING: "trainings"}


def address(kind: Kind, group: str, slug: str) -> str | None:
    """The address below an edition's root of an entry's own page (`stories/2022/x/`); None for a nomination,
    which is shown on its award's pages."""
    if kind not in _FOLDERS:
        return None
    return f"{_FOLDERS[kind]}/{group}/{slug}/" if kind is Kind.STORY else f"{_FOLDERS[kind]}/{slug}/"


def _url(entry: Entry) -> str:
    found = address(entry.kind, entry.group, entry.slug)
    assert found is not None, entry.kind
    return found


def build_site(valid: Validated, *, today: date) -> Site:
    """Assemble the site from validated entries."""
    assert valid.gazetteer is not None
    guides = sorted((Item(e, _url(e)) for e in valid.of_kind(Kind.GUIDE)),
                    key=lambda i: (i.record.theme.value, -i.record.updated.toordinal(), i.slug))
    policies = sorted((Item(e, _url(e)) for e in valid.of_kind(Kind.POLICY)),
                      key=lambda i: (-i.record.date.toordinal(), i.slug))
    workers = {e.slug: WorkerItem(e, _url(e)) for e in valid.of_kind(Kind.WORKER)}
    tags = _tags(valid)
    stories = []
    for entry in valid.of_kind(Kind.STORY):
        if not entry.record.status.is_published():
            continue
        story = StoryItem(entry, _url(entry))
        story.workers = [workers[s] for s in entry.record.workers if s in workers]
        story.tags = [tags[t] for t in entry.record.tags]
        for worker in story.workers:
            worker.stories.append(story)
        stories.append(story)
    stories.sort(key=lambda s: (-s.record.date.toordinal(), s.url))
    for worker in workers.values():
        worker.stories.sort(key=lambda s: (-s.record.date.toordinal(), s.url))
    awards = _awards(valid, workers, today)
    by_tag: dict[str, list[StoryItem]] = defaultdict(list)
    for story in stories:
        for tag in story.tags:
            by_tag[tag.slug].append(story)
    cities = _cities(valid.gazetteer, stories, list(workers.values()))
    worker_list = sorted(workers.values(), key=lambda w: (w.place.city.slug, w.slug))
    site = Site(today, valid.gazetteer, guides, policies, worker_list, stories, awards, cities,
                sorted({t for s in stories for t in s.tags}, key=lambda t: t.slug), dict(by_tag), [])
    site.honours = _honours(awards)
    site.coverage = coverage(valid.entries, valid.gazetteer)
    site.trainings = trainings(valid, {g.slug: g for g in guides})
    site.problems = _collisions(site)
    return site


def _tags(valid: Validated) -> dict[str, Tag]:
    """Every tag used by a story: from tags.yml, or with a pinyin slug where it is not listed."""
    tags: dict[str, Tag] = {}
    for entry in valid.of_kind(Kind.STORY):
        for name in entry.record.tags:
            info: TagInfo | None = valid.tags.get(name)
            tags[name] = Tag(name, info.en if info else name, tag_slug(name, valid.tags), info.theme if info else None)
    return tags


def _awards(valid: Validated, workers: dict[str, WorkerItem], today: date) -> list[AwardItem]:
    awards: dict[str, AwardItem] = {}
    for entry in valid.of_kind(Kind.AWARD):
        awards[entry.slug] = AwardItem(entry, _url(entry), Phase.on(entry.record, today))
    for entry in sorted(valid.of_kind(Kind.NOMINATION), key=lambda e: (e.group, e.slug)):
        award = awards[entry.group]
        worker = workers.get(entry.record.worker) if entry.record.worker else None
        award.nominees.append(Nominee(entry, award, worker))
    return sorted(awards.values(), key=lambda a: (-a.record.year, a.slug))


def _honours(awards: list[AwardItem]) -> list[Honour]:
    """Every award received, newest award first; each one is also given to its worker's profile."""
    honours = [Honour(n) for award in awards for n in award.winners()]
    for honour in honours:
        if honour.nominee.worker is not None:
            honour.nominee.worker.honours.append(honour)
    return honours


def _cities(gazetteer: Gazetteer, stories: list[StoryItem], workers: list[WorkerItem]) -> list[CityItem]:
    cities = {c.slug: CityItem(c) for c in gazetteer.regions.cities}
    for story in stories:
        cities[story.place.city.slug].stories.append(story)
    for worker in sorted(workers, key=lambda w: w.slug):
        cities[worker.place.city.slug].workers.append(worker)
    return list(cities.values())


def _collisions(site: Site) -> list[Problem]:
    """Entries that would be written to one address (`folded`): each is reported, naming another."""
    by_url: dict[str, list[Item]] = defaultdict(list)
    for item in site.items():
        by_url[folded(item.url)].append(item)
    found = []
    for items in by_url.values():
        for item in items if len(items) > 1 else []:
            other = next(i for i in items if i is not item)
            found.append(problem(item.entry.texts["zh"].path, 0, "", "url-collision", url="/" + item.url,
                                 other=other.entry.texts["zh"].path))
    return found


# --- training sessions -------------------------------------------------------


@dataclass
class TrainingItem(Item):
    """A training session, with the guides it taught."""

    guides: list[Item] = field(default_factory=list)

    @property
    def year(self) -> int:
        return int(self.record.date.year)

    def material_title(self, index: int, lang: Lang) -> str:
        material = self.record.materials[index]
        return str(in_lang(lang, material.title, material.title_en))

    def blob(self, name: str) -> bytes:
        """The bytes of an attached file, published as they are."""
        return self.entry.blobs[name]


def trainings(valid: Validated, guides: dict[str, Item]) -> list[TrainingItem]:
    """Every training session, newest first, each with the guides it links."""
    items = []
    for entry in valid.of_kind(Kind.TRAINING):
        item = TrainingItem(entry, _url(entry))
        item.guides = [guides[g] for g in entry.record.guides if g in guides]
        items.append(item)
    return sorted(items, key=lambda i: (-i.record.date.toordinal(), i.slug))
