"""Pages kept from an edition's last build: an edit to one entry's text renders one page.

An own page (a story's, a worker's, a guide's) shows its entry in full and
the rest of the site as every page shows it: titles, summaries, places,
photos and links, never another entry's body (`pieces.prose` reads a body
only for the page's own entry). So an own page is what the last build made
when its entry is the same, body and all, and the site is the same but for
the bodies; every other page (a listing, a city's, a tag's) is what the
last build made when the site is the same but for the bodies (but for
the trainings': a training's page, which shows its body, is made among
them). `page_keys`
gives each page a key made of those, as digests of the model, with the
generator's code and the versions of the packages it renders with;
`PageKeys.edition` adds the edition.

Per edition, `own.pickle` beside the staging tree holds each page's key,
the page without its body (what the feeds and the breadcrumbs need), the
hashes of the files it staged, and the pages' order. An own page is taken
from it while its key is the same and its files are staged as recorded;
the other pages are taken all together, in the recorded order, or all
made again. Anything else (an unreadable record, another version) renders
every page, as a first build does.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.cache import PickledRecord, Record
from generator.content.load import Source
from generator.content.model import Item, Site
from generator.content.validate import Entry
from generator.incremental import STAGED, code_digest, versions
from generator.photos.derive import PhotoKey, Processed
from generator.site.pages import Page
from generator.site.render import own_items

KEPT = "own.pickle"
RENDERERS = ("markdown", "pymdown-extensions", "nh3", "jinja2", "markupsafe", "opencc", "pypinyin")
"""The packages whose versions decide what a page is: Markdown and its sanitiser, the templates, the Traditional
characters, the names in pinyin."""


@dataclass(frozen=True)
class OwnPage:
    """One page as the last build staged it."""

    key: str
    page: Page
    """Without its body."""
    files: dict[str, str]
    """The files it staged (`Page.staged_names`) and their hashes."""


@dataclass(frozen=True)
class PageKeys:
    """What an edition's pages are made from, as digests (`page_keys`)."""

    own: dict[str, str]
    """Each own page's key, by its address."""
    rest: str
    """The key of every other page."""

    def edition(self, lang: str) -> PageKeys:
        """The keys in one edition."""
        return PageKeys({url: _in_edition(key, lang) for url, key in self.own.items()}, _in_edition(self.rest, lang))


@dataclass(frozen=True)
class Kept:
    """The pages of an edition taken from its last build (`kept_pages`)."""

    pages: dict[str, OwnPage]
    """By address."""
    order: list[str] | None = None
    """When every page but some own ones is kept: the addresses of all the pages, in the last build's order."""


@dataclass(frozen=True)
class _Record:
    """What `own.pickle` holds: the pages of an edition's last build, in its order, with the key of the others."""

    rest: str
    pages: dict[str, OwnPage]


def page_keys(site: Site, photos: Mapping[PhotoKey, Processed]) -> PageKeys:
    """The keys of the pages: for every page, the site without its bodies, the photos and the code; for an own
    page, also its entry's bodies (`_bodies`). A training's page shows its body but is made among the others (its
    archive's): the trainings' bodies are the others' too."""
    trainings = [item.entry for item in site.trainings]
    rest = (_digest((site, dict(photos)), bodies=False) + _digest(trainings, bodies=True) + code_digest()
            + versions(*RENDERERS))
    return PageKeys({item.url: hashlib.blake2b((rest + _bodies(item.entry)).encode(), digest_size=20).hexdigest()
                     for item in own_items(site)}, rest)


def _bodies(entry: Entry) -> str:
    """The bodies of an entry's texts as one digest: `rest` holds the entry without them (every item of the site is
    in it), so the two are its own page's entry, body and all, without pickling the entry once more."""
    digest = hashlib.blake2b(digest_size=20)
    for lang, source in sorted(entry.texts.items()):
        body = source.body.encode()
        digest.update(f"{lang} {len(body)}\n".encode() + body)
    return digest.hexdigest()


def kept_pages(folder: Path, keys: PageKeys | None) -> Kept:
    """The pages of the edition staged in `folder` that the last build made with the same `keys` (`PageKeys.edition`)
    and whose files are staged as it left them: the own pages whose keys are the same, and, when the key of the
    others is the same too and all of them are so staged, every other page."""
    if keys is None:
        return Kept({})
    record = PickledRecord(folder / KEPT, _Record).read()
    if record is None:
        return Kept({})
    staged: dict[str, str] = Record(folder / STAGED).read() or {}
    docs = folder / "docs"
    kept = {url: own for url, own in record.pages.items()
            if own.key == keys.own.get(url, keys.rest)
            and all(staged.get(rel) == hashed and (docs / rel).is_file() for rel, hashed in own.files.items())}
    others = {url for url, own in record.pages.items() if url not in keys.own}
    if record.rest == keys.rest and others <= kept.keys() and keys.own.keys() <= record.pages.keys():
        return Kept(kept, list(record.pages))
    return Kept({url: own for url, own in kept.items() if url in keys.own})


def keep_pages(folder: Path, keys: PageKeys | None, pages: list[Page]) -> None:
    """Record `pages` as just staged in `folder`, made with `keys` (`PageKeys.edition`)."""
    record = PickledRecord(folder / KEPT, _Record)
    record.forget()
    if keys is None:
        return
    staged: dict[str, str] = Record(folder / STAGED).read() or {}
    known = [page for page in pages if all(rel in staged for rel in page.staged_names())]
    rest = keys.rest if len(known) == len(pages) else ""  # the other pages are taken all together or not at all
    record.write(_Record(rest, {page.url: OwnPage(keys.own.get(page.url, keys.rest), replace(page, body=""),
                                                  {rel: staged[rel] for rel in page.staged_names()})
                                for page in known}))


def _in_edition(key: str, lang: str) -> str:
    """A key in one edition."""
    return hashlib.blake2b(f"{lang} {key}".encode(), digest_size=20).hexdigest()


def _digest(value: Any, *, bodies: bool) -> str:
    """`value` pickled (with or without the bodies of its texts) as one digest, the same in every process."""
    return _hashed(value, bodies=bodies).hexdigest()


def _hashed(value: Any, *, bodies: bool, within: bool = False, items: dict[int, bytes] | None = None) -> Any:
    """The hash of `value` as `_Pickler` writes it."""
    digest = hashlib.blake2b(digest_size=20)
    _Pickler(_Hashing(digest), bodies=bodies, within=within, items=items).dump(value)
    return digest


class _Hashing(io.RawIOBase):
    """A file that hashes what is written to it."""

    def __init__(self, digest: Any):
        self.digest = digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return len(data)


class _Pickler(pickle.Pickler):
    """Pickles for digests: equal values give the same bytes in every process, whatever they share.

    No memo, so a string or a record met twice is written twice, whether it is one object or two equal ones
    (a model parsed anew shares its parts unlike one read back from a pickle). Sets are in sorted order;
    pydantic models and dataclasses are their fields (not the fields they were given, nor cached properties).
    An item (a story, a worker) within another is its address, which breaks the cycles between them; where a
    list outside the items holds one, it is the digest of its fields (made once per dump). Texts with or
    without their bodies.
    """

    def __init__(self, out: io.RawIOBase, *, bodies: bool, within: bool = False,
                 items: dict[int, bytes] | None = None):
        super().__init__(out, protocol=5)
        self.fast = True
        self.bodies = bodies
        self.within = within
        self.items: dict[int, bytes] = {} if items is None else items

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        shape = _SHAPES.get(kind) or _SHAPES.setdefault(kind, _shape(kind))
        if shape == "other":
            return NotImplemented
        if shape == "source":
            return Source, (obj.path, obj.meta, obj.body if self.bodies else "", obj.body_line)
        if shape == "item":
            return _named, (obj.url,) if self.within else (kind.__qualname__, self._item(obj))
        if shape == "model":
            return _named, (kind.__qualname__, obj.__dict__, obj.__pydantic_extra__)
        if shape == "set":
            return _named, (kind.__name__, sorted(obj, key=repr))
        return _named, _fields(obj)

    def _item(self, item: Item) -> bytes:
        """The digest of `item`'s fields, the items within it by their addresses: once per item and dump."""
        if id(item) not in self.items:
            self.items[id(item)] = _hashed(_fields(item), bodies=self.bodies, within=True, items=self.items).digest()
        return self.items[id(item)]


_SHAPES: dict[type, str] = {}
"""How `_Pickler` writes each kind of object met so far."""

_FIELDS: dict[type, tuple[str, ...]] = {}
"""The field names of each dataclass met so far."""


def _shape(kind: type) -> str:
    """How `_Pickler` writes objects of `kind`: by its own rule, or as pickle does ("other")."""
    if is_dataclass(kind):
        _FIELDS[kind] = tuple(f.name for f in fields(kind))
    if kind is Source:
        return "source"
    if issubclass(kind, Item):
        return "item"
    if issubclass(kind, BaseModel):
        return "model"
    if kind is set or kind is frozenset:
        return "set"
    return "dataclass" if kind in _FIELDS else "other"


def _fields(obj: Any) -> tuple[Any, ...]:
    """A dataclass as its kind and the values of its fields."""
    kind = type(obj)  # its shape already found (`_shape` keeps a dataclass's fields)
    return (kind.__qualname__, *(getattr(obj, name) for name in _FIELDS[kind]))


def _named(*_: object) -> None:
    """What a digest's pickle names in place of a set, a model, a dataclass or an item: never unpickled."""
    raise TypeError("a digest's pickle is never read back")
