"""What every page family shares: the page, its address, what the edition is rendered from, the templates.

A page's address (`Here`) and its edition's context (`Context`) are values
handed to each function that needs them; nothing remembers which page is
being rendered.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, ClassVar, Protocol

import jinja2
import yaml

from generator.content.model import Bilingual, Site, in_lang
from generator.editions import LANGS, Edition, Lang, edition
from generator.photos.derive import PhotoKey, Processed
from generator.site.facets import Facets
from generator.site.strings import Strings

TEMPLATES = Path(__file__).parent / "templates"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where present: the same front matter, byte for byte, faster (every page, every build)."""


@dataclass(frozen=True)
class Page:
    """One page of one language: its address and the Markdown that mkdocs renders."""

    url: str
    """Address below the language root, e.g. `stories/2022/x/` (home is ``)."""
    title: str
    body: str
    description: str = ""
    image: str = ""
    """Address of the share image below the site root, e.g. `media/abc-share-1200.jpg`."""
    search: Facets | None = None
    """Search facets; only pages that have them are indexed (see `facets`)."""
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    """Files published beside the page, by file name: text (e.g. the statistics' CSV tables), written as UTF-8
    and converted with the page in a converted edition, or bytes (a training's handouts), written as they are."""
    crumbs: tuple[Any, ...] = ()
    """The breadcrumb trail before the page (`crumbs.Crumb`s, made by `crumbs.trail`); empty on the home page."""

    @property
    def path(self) -> str:
        """The Markdown file in the staging docs tree."""
        return f"{self.url}index.md" if self.url else "index.md"

    def staged_names(self) -> list[str]:
        """The files the page puts in the staging docs tree: its Markdown and the files beside it."""
        return [self.path, *(self.url + name for name in self.files)]

    def markdown(self) -> str:
        meta: dict[str, object] = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description)
        if self.image:
            meta["image"] = self.image
        if self.search:
            meta["search"] = self.search
        if self.crumbs:
            meta["crumbs"] = [{"href": c.href, "text": html.escape(c.text)} for c in self.crumbs]
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True)
        return f"---\n{front}---\n\n{self.body}\n"


@dataclass(frozen=True)
class Here:
    """The address of the page being rendered, which every relative link on it starts from."""

    url: str
    """Address below the language root, e.g. `stories/2022/x/` (home is ``)."""
    depth: int
    """How far the edition's root lies below the site root (`Edition.depth`)."""

    @cached_property
    def levels(self) -> int:
        """How many folders the page lies below the language root: pages at one level link alike."""
        return len([part for part in self.url.split("/") if part])

    @cached_property
    def _up(self) -> str:
        return "../" * self.levels

    def link(self, target: str) -> str:
        """A relative link from this page to `target` (an address below the language root)."""
        return self._up + target if (self._up or target) else "./"

    def media(self, name: str) -> str:
        """A relative link to a processed photo, which lives once at /media/ for every language."""
        return self.link("../" * self.depth + f"media/{name}")


@dataclass(frozen=True)
class Context:
    """What every page of one edition is rendered from: the model, the edition and the processed photos.

    A converted edition's pages are rendered in its source language, one folder deeper, and converted
    afterwards (`converted`).
    """

    site: Site
    edition: Edition
    photos: Mapping[PhotoKey, Processed]
    made: dict[tuple[str, str, int], Any] = field(default_factory=dict, compare=False, repr=False)
    """Cards already made in this edition, by kind, entry and the page's `levels`: a story is on many pages."""

    @property
    def lang(self) -> Lang:
        """The content language the pages are written in."""
        return self.edition.source

    @property
    def t(self) -> Strings:
        """The interface strings of that language."""
        return edition(self.lang).strings()

    def at(self, url: str) -> Here:
        """The address of the page at `url` in this edition."""
        return Here(url, self.edition.depth)

    def name(self, named: Bilingual) -> str:
        """A city's or a division's name in this language."""
        return in_lang(self.lang, named.zh, named.en)


def converted(page: Page, into: Edition) -> Page:
    """A page of `into.source` as the edition `into` shows it: every text field converted (addresses are ASCII)."""
    return replace(page, **{f.name: _converted(getattr(page, f.name), into) for f in fields(page)})


def _converted(value: Any, into: Edition) -> Any:
    if isinstance(value, str):
        return into.convert(value)
    if isinstance(value, list):
        return [_converted(v, into) for v in value]
    if isinstance(value, dict):
        return {k: _converted(v, into) for k, v in value.items()}
    return value


@cache
def environment() -> jinja2.Environment:
    """The one template environment: every value is escaped unless it is `Markup` from `safe.sanitised`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}  # `tojson`: converted editions
    env.globals["card"] = _card
    env.globals["untranslated_lang"] = edition(LANGS[0]).hreflang  # a page not yet translated shows the source text
    return env


class Card(Protocol):
    """A card of `pieces` or of a family: a frozen value that names the macro of `macros.html` drawing it."""

    macro: ClassVar[str]

    def __hash__(self) -> int: ...


@lru_cache(maxsize=1 << 15)
def _card(card: Card, level: int) -> str:
    """`card` drawn by its macro with its title at heading `level`; a card shown on many pages is drawn once."""
    return getattr(template("macros.html").module, card.macro)(card, level)


def keep_compiled(kept: jinja2.BytecodeCache) -> None:
    """Load the templates' compiled code from `kept`, and keep there what is compiled (`mkdocs.compiled`)."""
    environment().bytecode_cache = kept


@cache
def template(name: str) -> jinja2.Template:
    """The compiled template `name`, looked up once."""
    return environment().get_template(name)


def render(name: str, ctx: Context, here: Here, **context: Any) -> str:
    """The template `name` filled with `context`, the page's address and the edition's strings."""
    return template(name).render(t=ctx.t, here=here, **context).strip("\n")


def page(ctx: Context, here: Here, template_name: str, title: str, *, description: str = "", image: str = "",
         files: Mapping[str, str | bytes] | None = None, **context: Any) -> Page:
    """A page whose body is the template `template_name` (which extends `page.html`) filled with `context` under the
    title, with `files` published beside it."""
    body = render(template_name, ctx, here, title=title, **context)
    return Page(here.url, title, body, description, image, files=dict(files or {}))
