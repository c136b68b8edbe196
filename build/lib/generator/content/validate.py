"""Raw entries → typed records, with every problem collected.

Validation never stops at the first problem: each file is checked against
its schema, then every reference (cities, districts, workers, awards, tags,
photos) is resolved, and each problem is reported with its file, line and
field. An entry with an error is refused; the others go on.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pypinyin import lazy_pinyin

from generator.content import committees, internal, markup, materials, notice, privacy, schema, trainings, workdays
from generator.content.checked import Checked, Found, entry_digest
from generator.content.gazetteer import Gazetteer
from generator.content.load import BESIDE_FROM, Kind, RawEntry, RawTree, Source, folded
from generator.content.safeyaml import Located
from generator.content.schema import City, Division, Record, TagInfo
from generator.content.spelling import closest
from generator.messages import message
from generator.problems import Level, Problem, problem
from generator.scheduler import SEQUENTIAL, Scheduler, halves

RECORDS: dict[Kind, type[Record]] = {
    Kind.GUIDE: schema.Guide,
    Kind.POLICY: schema.Policy,
    Kind.WORKER: schema.Worker,
    Kind.STORY: schema.Story,
    Kind.AWARD: schema.Award,
    Kind.NOMINATION: schema.Nomination,
    Kind.COMMITTEE: schema.Committees,
    Kind.TRAINING: schema.Training,
}


@dataclass(frozen=True)
class Place:
    """A resolved city and county-level division."""

    city: City
    division: Division | None
    """None in the cities without county-level divisions (东莞市, 中山市)."""
    town: str | None = None
    """What was written as the district there, usually a town or subdistrict."""


@dataclass
class Entry:
    """A valid entry: its records in both languages and its resolved references."""

    kind: Kind
    slug: str
    group: str
    folder: str
    record: Any
    twin: Any | None
    texts: dict[str, Source]
    assets: dict[str, Path]
    place: Place | None = None
    held_photos: dict[str, str] = field(default_factory=dict)
    """Photos held back from the site, by file name, with the message key why."""
    blobs: dict[str, bytes] = field(default_factory=dict)
    """The bytes of the files published as they are (a training session's handouts), by file name."""

    @property
    def key(self) -> tuple[Kind, str, str]:
        return (self.kind, self.group, self.slug)

    def files(self) -> list[str]:
        return [s.path for s in self.texts.values()] + [f"{self.folder}/{n}" for n in self.assets]


@dataclass
class Validated:
    """The outcome of validation: accepted entries, refused ones and all problems."""

    gazetteer: Gazetteer | None
    tags: dict[str, TagInfo]
    entries: list[Entry]
    refused: list[RawEntry | Entry]
    problems: list[Problem]
    strays: dict[str, str]
    secrets: list[internal.Secret] = field(default_factory=list)
    """Every nomination's internal values that are looked for (`internal.gather`): in no entry, in no output."""

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries if e.kind is kind]


def validate_tree(raw: RawTree, *, today: date, scheduler: Scheduler = SEQUENTIAL,
                  work: Path | None = None) -> Validated:
    """Check every entry of `raw` and resolve its references; with a `work` folder, check the texts of only the
    entries that are new or changed since the last build there (`checked`)."""
    problems = list(raw.problems)
    secrets, public = internal.gather(raw)
    problems += public
    kept = Checked(work, secrets)
    digests = [entry_digest(item) for item in raw.entries]
    fresh = [item for item, digest in zip(raw.entries, digests, strict=True) if not kept.known(digest)]
    own = functools.partial(_own_problems_of, quotes=internal.Quotes(secrets))
    for part in scheduler.in_parts(own, halves(fresh, BESIDE_FROM)):
        kept.add(part)
    for digest in digests:
        found = kept.take(digest)
        problems += found.problems
        markup.keep_plain(found.plain)  # the trial renders, here or in a child: no edition renders them again
    kept.save()
    gazetteer = _gazetteer(raw, problems)
    tags = _tags(raw, problems)
    candidates: list[Entry] = []
    partial: list[Entry] = []
    for item in raw.entries:
        entry, complete = _check_entry(item, problems)
        if entry is not None:
            (candidates if complete else partial).append(entry)
    _check_references(candidates + partial, raw.entries, gazetteer, tags, problems, today=today)
    committees.check(candidates + partial, gazetteer, problems, today=today)
    problems += _tag_collisions(raw, tags, candidates + partial)
    accepted = {e.key for e in candidates}
    valid = Validated(gazetteer, tags, candidates, [r for r in raw.entries if r.key not in accepted], problems,
                      dict(raw.strays), secrets)
    return settle(valid)


def _own_problems_of(items: Sequence[RawEntry], *, quotes: internal.Quotes) -> dict[str, Found]:
    """`own_problems` of some entries with their bodies as the trial render made them, by the entries' digests:
    a large tree's halves are checked side by side (`Scheduler.in_parts`)."""
    return {entry_digest(item): Found(own_problems(item, quotes),
                                      markup.plain_of(source.body for source in item.texts.values()))
            for item in items}


def own_problems(item: RawEntry, quotes: internal.Quotes) -> list[Problem]:
    """What is wrong in an entry's texts whatever its schema: personal data, internal values quoted, bodies that
    cannot be rendered, references to missing files."""
    problems = privacy.scan_entry(item) + internal.quoted(item, quotes)
    problems += [p for source in item.texts.values() for p in markup.body_problems(source, item.assets)]
    if item.kind is Kind.TRAINING:
        problems += materials.scan_entry(item, quotes)
    return problems


def validate_entry(item: RawEntry, raw_entries: list[RawEntry], valid: Validated, *,
                   today: date) -> tuple[Entry | None, list[Problem]]:
    """One entry checked again on its own, against an earlier validation of the others (`raw_entries` holds
    it in place of its old self); the entry is None when its schema fails."""
    problems = own_problems(item, internal.Quotes(valid.secrets))
    entry, complete = _check_entry(item, problems)
    if entry is None or not complete:
        return None, problems
    _check_references([entry], raw_entries, valid.gazetteer, valid.tags, problems, today=today)
    return entry, problems


def settle(valid: Validated) -> Validated:
    """Refuse every entry with an error, and every entry that depends on a refused one."""
    failed = {p.path for p in valid.problems if p.level.is_error()}
    refused_keys = {r.key for r in valid.refused}
    entries = list(valid.entries)
    changed = True
    while changed:
        changed = False
        for entry in entries:
            if entry.key in refused_keys:
                continue
            own = any(path in failed for path in [*entry.files(), entry.folder])
            dep = next((d for d in _dependencies(entry) if d in refused_keys), None)
            if dep is not None:
                valid.problems.append(problem(entry.texts["zh"].path, 0, "", "refused-reference", found=dep[2]))
            if own or dep is not None:
                refused_keys.add(entry.key)
                changed = True
    valid.refused += [e for e in entries if e.key in refused_keys]
    valid.entries = [e for e in entries if e.key not in refused_keys]
    return valid


# --- schema ------------------------------------------------------------------


def _gazetteer(raw: RawTree, problems: list[Problem]) -> Gazetteer | None:
    if raw.regions is None:
        return None
    regions = _model(schema.Regions, raw.regions, "content/regions.yml", problems, twin=False)
    if regions is None:
        return None
    seen: set[str] = set()
    for city in regions.cities:
        for name in [city.slug, city.zh] + [f"{city.slug}/{d.slug}" for d in city.divisions]:
            if name in seen:
                problems.append(problem("content/regions.yml", 0, "cities", "duplicate-region", name=name))
            seen.add(name)
    return Gazetteer(regions)


def _tags(raw: RawTree, problems: list[Problem]) -> dict[str, TagInfo]:
    if raw.tags is None:
        return {}
    path = "content/tags.yml"
    tags: dict[str, TagInfo] = {}
    for name, value in raw.tags.data.items():
        info = _model(TagInfo, Located(value, _sub_lines(raw.tags, name)), path, problems, twin=False)
        if info is not None:
            tags[str(name)] = info
    return tags


def tag_slug(name: str, tags: dict[str, TagInfo]) -> str:
    """The address of a tag's page: its slug in tags.yml, else its name in pinyin, NFKC-normalised and lowercase."""
    info = tags.get(name)
    return info.slug if info else "-".join(lazy_pinyin(unicodedata.normalize("NFKC", name))).lower()


def _tag_collisions(raw: RawTree, tags: dict[str, TagInfo], entries: list[Entry]) -> list[Problem]:
    """Tags of different names whose pages would share one address (`folded`), reported where they are
    listed or used, each naming another, so the stories showing them are refused rather than merged.

    A tag listed alone at its address in tags.yml keeps it: only the uses of the other names are refused.
    """
    uses: dict[str, list[tuple[str, str, int, str]]] = {}  # folded address → (tag, file, line, field) of each
    for name in tags:
        assert raw.tags is not None
        uses.setdefault(folded(tags[name].slug), []).append((name, "content/tags.yml", raw.tags.line_of((name,)), name))
    for entry in entries:
        zh = entry.texts["zh"]
        if entry.kind is not Kind.STORY or zh.meta is None:
            continue
        for i, name in enumerate(getattr(entry.record, "tags", [])):
            uses.setdefault(folded(tag_slug(name, tags)), []).append(
                (name, zh.path, zh.meta.line_of(("tags", i)), f"tags[{i}]"))
    found = []
    for address, group in uses.items():
        listed = {name for name, path, _, _ in group if path == "content/tags.yml"}
        named = _first_two_names([use for use in group if not listed or use[0] in listed])
        for name, path, line, field_name in group:
            other = next((use for use in named if use[0] != name), None)  # the first use of another name
            if other is not None and (len(listed) != 1 or name not in listed):
                found.append(problem(path, line, field_name, "tag-collision", found=name, other_tag=other[0],
                                     other=other[1], url=f"/tags/{address}/"))
    return found


def _first_two_names(uses: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int, str]]:
    """The first use, and the first use of a name other than its: whatever name is asked about, the first use of
    another name is one of these two (a popular tag's hundreds of uses are looked at once, not once per use)."""
    if not uses:
        return []
    return [uses[0], *[use for use in uses if use[0] != uses[0][0]][:1]]


def _sub_lines(located: Located, key: str) -> dict[tuple[str | int, ...], int]:
    """The line map of one sub-tree, re-rooted at that key."""
    return {path[1:]: line for path, line in located.lines.items() if path[:1] == (key,)}


def _check_entry(item: RawEntry, problems: list[Problem]) -> tuple[Entry | None, bool]:
    """The entry with its records, and whether it passed its schema.

    An entry that fails its schema still comes back with a partial record
    (the fields that are valid on their own), so that its references are
    checked too and every problem is reported in one run.
    """
    zh = item.texts.get("zh")
    if not schema.SLUG.match(item.slug):
        path = zh.path if zh and not item.kind.is_bundle() else item.folder
        problems.append(problem(path, 0, "", "folder-slug", name=item.slug))
    if zh is None or zh.meta is None:
        return None, False
    model = RECORDS[item.kind]
    record = _model(model, zh.meta, zh.path, problems, twin=False)
    twin = None
    en = item.texts.get("en")
    if en is not None and en.meta is not None:
        twin = _model(schema.TWINS[model], en.meta, en.path, problems, twin=True)
    complete = record is not None
    if record is None:
        record = _partial(model, zh.meta.data)
    return Entry(item.kind, item.slug, item.group, item.folder, record, twin, item.texts, item.assets,
                 blobs=item.blobs), complete


def _partial(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """A record of only the fields that are valid by themselves (for reference checks)."""
    values = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        try:
            values[name] = TypeAdapter(info.rebuild_annotation()).validate_python(data[name])
        except ValidationError:
            continue
    return model.model_construct(**values)


def _model(model: type[BaseModel], located: Located, path: str, problems: list[Problem], *, twin: bool) -> Any:
    try:
        return model.model_validate(located.data)
    except ValidationError as err:
        for error in err.errors():
            problems.append(_translate(error, model, located, path, twin))
        return None


def _translate(error: Any, model: type[BaseModel], located: Located, path: str, twin: bool) -> Problem:
    """A pydantic error as one of our problems, with line and a useful message."""
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tuple["))))
    kind = error["type"]
    found = _shown(error.get("input"))
    if model is schema.Nomination and loc[:1] == ("internal",):
        found = "…"  # an internal value is never repeated, not even in a message or the site report
    line = located.line_of(loc)
    name = internal.field_name(loc)
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        key = str(loc[-1])
        if twin:
            return problem(path, line, name, "twin-field", name=key, allowed=", ".join(allowed))
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)  # a schema's own words, not names
        hint = _hint("unknown-field-hint", close)
        return problem(path, line, name, "unknown-field", name=key, hint_zh=hint[0], hint_en=hint[1])
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']+)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(found, choices, n=1, cutoff=0.5)
        hint = _hint("choice-hint", close)
        return problem(path, line, name, "expected-choice", choices=", ".join(choices), found=found,
                       hint_zh=hint[0], hint_en=hint[1])
    simple = {
        "missing": "missing",
        "string_type": "expected-text",
        "int_type": "expected-number",
        "int_parsing": "expected-number",
        "int_from_float": "expected-number",
        "float_type": "expected-decimal",
        "float_parsing": "expected-decimal",
        "bool_type": "expected-bool",
        "bool_parsing": "expected-bool",
        "list_type": "expected-list",
        "tuple_type": "expected-pair",
        "dict_type": "expected-mapping",
        "model_type": "expected-mapping",
        "model_attributes_type": "expected-mapping",
        "greater_than_equal": "out-of-range",
        "less_than_equal": "out-of-range",
    }
    if kind in simple:
        return problem(path, line, name, simple[kind], found=found)
    if kind == "too_short":
        if "tuple" in str(error.get("msg", "")).lower():
            return problem(path, line, name, "expected-pair")
        return problem(path, line, name, "too-short", min=ctx.get("min_length", 1))
    if kind == "too_long" and not isinstance(error.get("input"), str):
        if "tuple" in str(error.get("msg", "")).lower():
            return problem(path, line, name, "expected-pair")
        return problem(path, line, name, "too-long", max=ctx.get("max_length", ""))
    if kind in ("string_too_long", "too_long"):
        return problem(path, line, name, "too-long-text", max=ctx.get("max_length", ""))
    if kind in _CUSTOM:  # the value quoted as `found` is shortened, and an internal one hidden, as above
        params: dict[str, Any] = {k: found if k == "found" else str(v) for k, v in ctx.items()}
        return problem(path, line, name, kind, **params)
    return problem(path, line, name, "invalid-value", detail=error.get("msg", kind))


_CUSTOM = {"phone-format", "email-format", "postcode-format", "postcode-address",
           "date-format", "date-invalid", "text-empty", "slug-invalid", "document-number", "focus-range",
           "guardian-required", "period-order", "nominee-one", "text-invisible", "text-bidi", "text-control",
           "village-code", "committee-undated"}


def _hint(key: str, close: list[str]) -> tuple[str, str]:
    """A "did you mean" suffix in both languages, or empty strings."""
    if not close:
        return "", ""
    return message(key, "zh", suggestion=close[0]), message(key, "en", suggestion=close[0])


def _shown(value: Any) -> str:
    text = str(value) if value is not None else ""
    return text if len(text) <= 60 else text[:57] + "…"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The field names of the (nested) model that `loc` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if _is_model(current) else None
        if field_info is None:
            return set()
        current = _inner_model(field_info.annotation)
    return set(current.model_fields) if _is_model(current) else set()


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# --- references --------------------------------------------------------------


def _check_references(
    entries: list[Entry],
    raw_entries: list[RawEntry],
    gazetteer: Gazetteer | None,
    tags: dict[str, TagInfo],
    problems: list[Problem],
    *,
    today: date,
) -> None:
    workers = {e.slug for e in raw_entries if e.kind is Kind.WORKER}
    guides = {e.slug for e in raw_entries if e.kind is Kind.GUIDE}
    failed = {p.path for p in problems if p.level.is_error()}
    profiles = {e.slug: e for e in entries if e.kind is Kind.WORKER and e.texts["zh"].path not in failed}
    awards = {e.slug: e for e in entries if e.kind is Kind.AWARD}
    award_files = {e.slug for e in raw_entries if e.kind is Kind.AWARD}
    nominations: dict[str, dict[str, Entry | None]] = {}
    for raw in raw_entries:
        if raw.kind is Kind.NOMINATION:
            nominations.setdefault(raw.group, {})[raw.slug] = None
    for candidate in entries:
        if candidate.kind is Kind.NOMINATION:
            nominations.setdefault(candidate.group, {})[candidate.slug] = candidate
    listed: list[tuple[Entry, Any]] = []  # awards, checked against their 公示 list once every nomination is
    for entry in entries:
        zh = entry.texts["zh"]
        lines = zh.meta
        assert lines is not None
        record = entry.record

        report = _reporter(problems, zh.path, lines)

        if entry.kind.is_bundle() and "en" not in entry.texts:
            problems.append(problem(entry.folder, 0, "", "missing-twin", level=Level.WARNING))
        if gazetteer is not None and getattr(record, "city", None) is not None:
            entry.place = _resolve_place(record.city, getattr(record, "district", None), ("city",), ("district",),
                                         gazetteer, report)
        if entry.kind is Kind.NOMINATION and getattr(record, "organisation", None) and gazetteer is not None:
            org = record.organisation
            entry.place = _resolve_place(org.city, org.district, ("organisation", "city"),
                                         ("organisation", "district"), gazetteer, report)
        if entry.kind is Kind.WORKER and getattr(record, "portrait", None):
            _check_file(entry, record.portrait, ("portrait",), report)
        if entry.kind is Kind.STORY:
            _check_story(entry, workers, tags, report, problems, today=today)
        if entry.kind is Kind.NOMINATION:
            _check_nomination(entry, workers, award_files, awards, report)
        if entry.kind is Kind.TRAINING:
            trainings.check_training(entry, guides, report, _hint, today=today)
        if entry.kind is Kind.POLICY:
            _check_policy_dates(entry, report)
        if entry.kind is Kind.AWARD:
            _check_award(entry, nominations.get(entry.slug, {}), report)
            _check_publicity(entry, report)
            listed.append((entry, report))
    _check_twice_nominated(entries, problems)
    failed = {p.path for p in problems if p.level.is_error()}  # now with every nomination's own problems
    for entry, report in listed:
        _check_notice(entry, nominations.get(entry.slug, {}), profiles, failed, report, today=today)


def _reporter(problems: list[Problem], path: str, lines: Located) -> Any:
    """A function that adds a problem of the file at `path`, its line found from the field's path."""

    def report(loc: tuple[Any, ...], key: str, *, level: Level = Level.ERROR, **params: object) -> None:
        problems.append(problem(path, lines.line_of(loc), internal.field_name(loc), key, level=level, **params))

    return report


def _resolve_place(city_name: str, district_name: str | None, city_loc: tuple[Any, ...], district_loc: tuple[Any, ...],
                   gazetteer: Gazetteer, report: Any) -> Place | None:
    city = gazetteer.city(city_name)
    if city is None:
        suggestion = gazetteer.suggest_city(city_name)
        hint = _hint("did-you-mean", [suggestion] if suggestion else [])
        report(city_loc, "unknown-city", found=city_name, hint_zh=hint[0], hint_en=hint[1])
        return None
    if not city.divisions:
        return Place(city, None, district_name)
    if district_name is None:
        report(district_loc, "missing")
        return None
    division = gazetteer.division(city, district_name)
    if division is None:
        elsewhere = gazetteer.division_anywhere(district_name)
        if elsewhere:
            report(district_loc, "district-elsewhere", found=district_name, city=city.zh, other=elsewhere[0].zh)
        else:
            suggestion = gazetteer.suggest_division(city, district_name)
            hint = _hint("did-you-mean", [suggestion] if suggestion else [])
            report(district_loc, "unknown-district", found=district_name, city=city.zh, hint_zh=hint[0],
                   hint_en=hint[1])
        return None
    return Place(city, division)


def _check_file(entry: Entry, name: str, loc: tuple[Any, ...], report: Any) -> bool:
    """A referenced file must be a plain name of a file inside the entry's own folder."""
    if "/" in name or "\\" in name or "\x00" in name or name in (".", "..") or name.startswith("."):
        report(loc, "bad-photo-path", found=name)
        return False
    if name not in entry.assets:
        report(loc, "missing-photo", found=name)
        return False
    return True


def _check_story(entry: Entry, workers: set[str], tags: dict[str, TagInfo], report: Any, sink: list[Problem], *,
                 today: date) -> None:
    story: schema.Story = entry.record
    day = getattr(story, "date", None)
    if day is not None and str(day.year) != entry.group:
        report(("date",), "year-mismatch", date=day.isoformat(), year=entry.group)
    for i, slug in enumerate(getattr(story, "workers", [])):
        if slug not in workers:
            close = closest(slug, sorted(workers))
            hint = _hint("did-you-mean", close)
            report(("workers", i), "unknown-worker", found=slug, hint_zh=hint[0], hint_en=hint[1])
    for i, tag in enumerate(getattr(story, "tags", [])):
        if tag not in tags and not re.fullmatch(r"[^\W_]+(?:[ -][^\W_]+)*", tag):
            report(("tags", i), "tag-name", found=tag)  # its page address is made from the name
        elif tag not in tags:
            close = closest(tag, sorted(tags))
            hint = _hint("did-you-mean", close)
            report(("tags", i), "unknown-tag", level=Level.WARNING, found=tag, hint_zh=hint[0], hint_en=hint[1])
    for i, photo in enumerate(getattr(story, "photos", [])):
        _check_file(entry, photo.file, ("photos", i, "file"), report)
        if photo.people and photo.consent is None:
            report(("photos", i, "people"), "consent-required", level=Level.WARNING)
            entry.held_photos[photo.file] = "consent-required"
        elif photo.consent and photo.consent.expires and photo.consent.expires < today:
            report(("photos", i, "consent", "expires"), "consent-expired", level=Level.WARNING,
                   expires=photo.consent.expires.isoformat())
            entry.held_photos[photo.file] = "consent-expired"
    twin = entry.twin
    en = entry.texts.get("en")
    if twin is not None and en is not None and en.meta is not None:
        files = {p.file for p in getattr(story, "photos", [])}
        for name in twin.captions:
            if name not in files:
                sink.append(problem(en.path, en.meta.line_of(("captions", name)), f"captions.{name}",
                                    "caption-unknown-photo", found=name))
        for name in twin.credits:
            if name not in files:
                sink.append(problem(en.path, en.meta.line_of(("credits", name)), f"credits.{name}",
                                    "credit-unknown-photo", found=name))


def _check_policy_dates(entry: Entry, report: Any) -> None:
    """A notice is published (发布日期) on or after the day it was written (成文日期)."""
    written, published = getattr(entry.record, "date", None), getattr(entry.record, "published", None)
    if written is not None and published is not None and published < written:
        report(("published",), "policy-published-early", published=published.isoformat(), date=written.isoformat())


def _check_nomination(entry: Entry, workers: set[str], award_files: set[str], awards: dict[str, Entry],
                      report: Any) -> None:
    nomination: schema.Nomination = entry.record
    worker = getattr(nomination, "worker", None)
    if entry.group not in award_files:
        close = closest(entry.group, sorted(award_files))
        hint = _hint("did-you-mean", close)
        report((), "unknown-award", found=entry.group, hint_zh=hint[0], hint_en=hint[1])
    if worker is not None:
        if worker != entry.slug:
            report(("worker",), "worker-file-name", name=entry.slug)
        if worker not in workers:
            close = closest(worker, sorted(workers))
            hint = _hint("did-you-mean", close)
            report(("worker",), "unknown-worker", found=worker, hint_zh=hint[0], hint_en=hint[1])
    award = awards.get(entry.group)
    if award is not None:
        wants_orgs = award.record.recipients is schema.Recipients.ORGANISATIONS
        if wants_orgs and getattr(nomination, "organisation", None) is None:
            report(("worker",), "award-not-people")
        if not wants_orgs and worker is None:
            report(("organisation",), "award-not-organisations")


def _check_award(entry: Entry, nominations: dict[str, Entry | None], report: Any) -> None:
    """Publicity after nominations close; every listed winner nominated and still standing."""
    award: schema.Award = entry.record
    if award.nomination is not None and award.publicity.start <= award.nomination.end:
        report(("publicity", "start"), "publicity-before-nomination-end", start=award.publicity.start.isoformat(),
               end=award.nomination.end.isoformat())
    for i, slug in enumerate(award.winners or []):
        if slug not in nominations:
            close = closest(slug, sorted(nominations))
            hint = _hint("did-you-mean", close)
            report(("winners", i), "unknown-winner", found=slug, award=entry.slug, hint_zh=hint[0], hint_en=hint[1])
            continue
        nomination = nominations[slug]
        if nomination is not None and not nomination.record.status.is_standing():
            report(("winners", i), "withdrawn-awarded", found=slug, status=nomination.record.status.value,
                   file=nomination.texts["zh"].path)


def _check_publicity(entry: Entry, report: Any) -> None:
    """At least five working days of 公示; a decision after the 公示.

    A period running into a year the holiday calendar does not cover yet is warned of, not refused: the State
    Council's notice for the coming year may not be in the calendar when a December 公示 is set.
    """
    award: schema.Award = entry.record
    publicity = getattr(award, "publicity", None)
    if publicity is None:
        return
    days = workdays.calendar()
    missing = days.missing(publicity.start, publicity.end)
    if missing:
        report(("publicity",), "holidays-year-missing", level=Level.WARNING, years=", ".join(map(str, missing)),
               file="generator/content/holidays.yml")
    else:
        found = days.working_days(publicity.start, publicity.end)
        if found < MIN_PUBLICITY_WORKING_DAYS:
            report(("publicity", "end"), "publicity-too-short", found=found, min=MIN_PUBLICITY_WORKING_DAYS,
                   start=publicity.start.isoformat(), end=publicity.end.isoformat())
    decision = getattr(award, "decision", None)
    if decision is not None and decision.date <= publicity.end:
        report(("decision", "date"), "decision-before-publicity-end", date=decision.date.isoformat(),
               end=publicity.end.isoformat())


MIN_PUBLICITY_WORKING_DAYS = 5
"""The 公示 lasts at least five working days (the norm for commendations)."""


def _check_notice(entry: Entry, nominations: dict[str, Entry | None], profiles: dict[str, Entry], failed: set[str],
                  report: Any, *, today: date) -> None:
    """Once the 公示 has begun the award records its list as published, and the nominations still make that list
    as corrected by the award's amendments: anything else was changed quietly and refuses the award."""
    award: schema.Award = entry.record
    publicity = getattr(award, "publicity", None)
    record = getattr(award, "notice", None)
    amendments = getattr(award, "amendments", [])
    if publicity is None:
        return
    if record is None:
        if today >= publicity.start:
            report(("notice",), "notice-missing", start=publicity.start.isoformat(), award=entry.slug)
        return
    if record.recorded > publicity.start:
        report(("notice", "recorded"), "notice-recorded-late", date=record.recorded.isoformat(),
               start=publicity.start.isoformat())
    for i, amendment in enumerate(amendments):
        if amendment.date < publicity.start:
            report(("amendments", i, "date"), "amendment-before-publicity", date=amendment.date.isoformat(),
                   start=publicity.start.isoformat())
    now = {}
    unknown = set()  # nominations not checked here: refused on their own account (and told so), or not in this pass
    for slug, nomination in nominations.items():
        if nomination is None or nomination.texts["zh"].path in failed:
            unknown.add(slug)
            continue
        record_of: schema.Nomination = nomination.record
        worker = profiles.get(record_of.worker) if record_of.worker else None
        if record_of.worker and worker is None:
            unknown.add(slug)
        elif notice.on_list(slug, record_of.status, award):
            now[slug] = notice.entry(record_of, worker.record if worker else None)
    found = [d for d in notice.differences(award, now) if d.slug not in unknown]
    if found and today < publicity.start:  # not yet published: the record is simply out of date
        report(("notice",), "notice-stale", names=", ".join(d.name for d in found), award=entry.slug)
        return
    for difference in found:
        there = nominations.get(difference.slug)
        file = (there.texts["zh"].path if there is not None
                else f"content/nominations/{entry.slug}/{difference.slug}.yml")
        where = ("notice", "nominees", difference.slug) if difference.kind != "added" else ("notice", "nominees")
        report(where, "notice-" + difference.kind, name=difference.name, file=file, recorded=difference.recorded,
               found=difference.found, award=entry.slug)


def _check_twice_nominated(entries: list[Entry], problems: list[Problem]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for entry in sorted((e for e in entries if e.kind is Kind.NOMINATION), key=lambda e: e.texts["zh"].path):
        organisation = getattr(entry.record, "organisation", None)
        nominee = getattr(entry.record, "worker", None) or (organisation.name if organisation else None)
        if nominee is None:
            continue
        path = entry.texts["zh"].path
        if (entry.group, nominee) in seen:
            assert entry.texts["zh"].meta is not None
            problems.append(problem(path, entry.texts["zh"].meta.line_of(("worker",)), "worker", "nominated-twice",
                                    worker=nominee, other=seen[(entry.group, nominee)]))
        else:
            seen[(entry.group, nominee)] = path


def _dependencies(entry: Entry) -> list[tuple[Kind, str, str]]:
    if entry.kind is Kind.STORY:
        return [(Kind.WORKER, "", slug) for slug in entry.record.workers]
    if entry.kind is Kind.NOMINATION:
        deps = [(Kind.AWARD, "", entry.group)]
        if entry.record.worker:
            deps.append((Kind.WORKER, "", entry.record.worker))
        return deps
    return []
