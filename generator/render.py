"""Site → pages, one Markdown file per page and language (pure).

Pages are written for mkdocs as raw HTML blocks built here, with every
submitted string escaped; the Markdown of submitted bodies is rendered and
sanitised by `markup`, and only its headings are handed back to mkdocs as
Markdown so that the table of contents works.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

import yaml

from generator import markup
from generator.facets import Facets, page_facets
from generator.charts import bar_chart
from generator.honours import honour_roll, statistics
from generator.load import Kind
from generator.model import AwardItem, CityItem, Honour, Item, Lang, Nominee, Phase, Site, StoryItem, WorkerItem
from generator.photos import Processed, Purpose, Variant
from generator.schema import City, Recipients, Theme
from generator.strings import Strings, strings
from generator.validate import Place

PER_PAGE = 12
HOME_STORIES = 6
HOME_WORKERS = 8
GALLERY_SIZES = "(max-width: 760px) calc(100vw - 32px), 720px"
PHONE_MEDIA = "(max-width: 760px)"
PHONE_WIDTH = 960
"""The widest photo file offered to a phone: 960 px covers a 390-px screen at 2× and nearly at 3×."""
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where present: the same front matter, byte for byte, five times faster (every page, every build)."""
PhotoKey = tuple[str, Purpose]
"""(source path relative to the content root, purpose)."""


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

    @property
    def path(self) -> str:
        """The Markdown file in the staging docs tree."""
        return f"{self.url}index.md" if self.url else "index.md"

    def markdown(self) -> str:
        meta: dict[str, object] = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description)
        if self.image:
            meta["image"] = self.image
        if self.search:
            meta["search"] = self.search
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True)
        return f"---\n{front}---\n\n{self.body}\n"


e = markup.text


class Renderer:
    """Renders the pages of one language."""

    def __init__(self, site: Site, lang: Lang, photos: dict[PhotoKey, Processed], *, folder_depth: int | None = None):
        self.site = site
        self.lang: Lang = lang
        self.folder_depth = (0 if lang == "zh" else 1) if folder_depth is None else folder_depth
        """How far the language's root lies below the site root (zh-hant renders zh one level down)."""
        self.t: Strings = strings(lang)
        self.photos = photos
        self.url = ""
        self._eager_url: str | None = None
        self._story_cards: dict[tuple[str, str, bool], str] = {}
        """Story cards already made, by story, depth of the page and whether the card's photo loads at once."""

    # --- addresses -----------------------------------------------------------

    @property
    def url(self) -> str:
        """The address of the page being rendered."""
        return self._url

    @url.setter
    def url(self, url: str) -> None:
        self._url = url
        self._up = "../" * len([p for p in url.split("/") if p])

    def link(self, target: str) -> str:
        """A relative link from the current page to `target` (an address below the language root)."""
        return self._up + target if (self._up or target) else "./"

    def media(self, name: str) -> str:
        """A relative link to a processed photo, which lives once at /media/ for every language."""
        return self.link("../" * self.folder_depth + f"media/{name}")

    # --- pieces --------------------------------------------------------------

    def picture(self, processed: Processed, alt: str, sizes: str, *, eager: bool | None = None,
                css: str = "") -> str:
        """A responsive `<picture>`: WebP with a JPEG fallback, sized to avoid layout shift.

        Phones (up to `PHONE_MEDIA`) are offered files at most `PHONE_WIDTH` wide,
        whatever their pixel density; wider screens get every width. The first
        image of a page loads at once (`eager=None` decides that), the others lazily.
        """
        jpeg = processed.of("image/jpeg")
        webp = processed.of("image/webp")
        big = jpeg[-1]
        if eager is None:
            eager = self._eager_url != self.url
        if eager:
            self._eager_url = self.url
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        sources = []
        if webp:
            phone = [v for v in webp if v.width <= PHONE_WIDTH]
            if phone and len(phone) < len(webp):
                sources.append(f'<source type="image/webp" media="{PHONE_MEDIA}" srcset="{self.srcset(phone)}" '
                               f'sizes="{sizes}">')
            sources.append(f'<source type="image/webp" srcset="{self.srcset(webp)}" sizes="{sizes}">')
        fallback = next((v for v in jpeg if v.width >= PHONE_WIDTH), big)
        klass = f' class="{css}"' if css else ""
        return (f'<picture>{"".join(sources)}<img{klass} src="{self.media(fallback.file)}" '
                f'srcset="{self.srcset(jpeg)}" sizes="{sizes}" width="{big.width}" height="{big.height}" '
                f'alt="{e(alt)}" {loading} decoding="async"></picture>')

    def srcset(self, variants: list[Variant]) -> str:
        return ", ".join(f"{self.media(v.file)} {v.width}w" for v in variants)

    def untranslated(self, item: Item | AwardItem) -> tuple[str, str, str]:
        """The notice and wrapper for a page shown in Chinese on the English site."""
        if item.translated(self.lang):
            return "", "", ""
        notice = (f'<div class="admonition warning cg-untranslated" role="note">'
                  f'<p class="admonition-title">{e(self.t("not_translated_title"))}</p>'
                  f'<p>{e(self.t("not_translated"))}</p></div>\n\n')
        return notice, '<div lang="zh-Hans">', "</div>"

    def prose(self, item: Item) -> str:
        """An entry's body: sanitised HTML, with headings given back as Markdown for the TOC."""
        body, source = item.body(self.lang)
        if "![" not in body:
            return _prose_without_images(body)
        folder = item.entry.folder

        def resolve(ref: str, alt: str) -> markup.ImageHtml | None:
            processed = self.photos.get((f"{folder}/{ref}", Purpose.GALLERY))
            if processed is None:
                return None
            return markup.ImageHtml(self.picture(processed, alt, "(max-width: 760px) 100vw, 720px"))

        rendered = markup.render_markdown(body, resolve)
        return _headings_as_markdown(rendered)

    def story_card(self, story: StoryItem) -> str:
        """A story's card; the same story on pages of one depth gets the same card."""
        key = (story.url, self._up, self._eager_url != self.url)
        if key not in self._story_cards:
            self._story_cards[key] = self._story_card(story)
        elif story.photos():
            self._eager_url = self.url  # as the card's picture would have
        return self._story_cards[key]

    def _story_card(self, story: StoryItem) -> str:
        photos = story.photos()
        thumb = ""
        if photos:
            processed = self.photos[(f"{story.entry.folder}/{photos[0].file}", Purpose.GALLERY)]
            thumb = self.picture(processed, story.caption(photos[0], self.lang),
                                 "(max-width: 600px) 100vw, 320px", css="cg-card__image")
        place = story.entry.place
        where = place.city.zh if self.lang == "zh" else place.city.en
        return (f'<article class="cg-card">{thumb}<div class="cg-card__body">'
                f'<h3 class="cg-card__title"><a href="{self.link(story.url)}">{e(story.text("title", self.lang))}</a></h3>'
                f'<p class="cg-card__meta"><time datetime="{story.record.date.isoformat()}">'
                f'{e(self.t.date(story.record.date))}</time> · {e(where)}</p>'
                f'<p>{e(story.text("summary", self.lang))}</p></div></article>')

    def worker_card(self, worker: WorkerItem, *, award: str = "") -> str:
        portrait = self.photos.get((f"{worker.entry.folder}/{worker.record.portrait}", Purpose.PORTRAIT))
        image = self.picture(portrait, worker.name(self.lang), "120px", css="cg-portrait") if portrait else ""
        place = worker.entry.place
        community = worker.text("community", self.lang)
        extra = f'<p class="cg-card__meta">{e(award)}</p>' if award else ""
        return (f'<article class="cg-card cg-card--person">{image}<div class="cg-card__body">'
                f'<h3 class="cg-card__title"><a href="{self.link(worker.url)}">{e(worker.name(self.lang))}</a></h3>'
                f'<p class="cg-card__meta">{e(self.t("role_" + worker.record.role.value))} · '
                f'{e(place.city.zh if self.lang == "zh" else place.city.en)} · {e(community)}</p>{extra}'
                f'<p>{e(worker.text("deeds", self.lang))}</p></div></article>')

    def cards(self, cards: list[str], empty_key: str) -> str:
        if not cards:
            return f'<p class="cg-empty">{e(self.t(empty_key))}</p>'
        return '<div class="cg-cards">\n' + "\n".join(cards) + "\n</div>"

    def place_link(self, place: Place) -> str:
        """The city, linked to its page, and the district."""
        city = place.city.zh if self.lang == "zh" else place.city.en
        local = (place.division.zh if self.lang == "zh" else place.division.en) if place.division else place.town
        link = f'<a href="{self.link(f"cities/{place.city.slug}/")}">{e(city)}</a>'
        return f"{link} · {e(local)}" if local else link

    def filter_link(self, kind: str) -> str:
        """Opens the header search on this page with only the type filter set (theme/assets/cg-search.js)."""
        return f'<a class="cg-tag cg-search-link" href="?type={kind}">{e(self.t("search_filter_link_" + kind))}</a>'

    def facts(self, rows: list[tuple[str, str]]) -> str:
        """A definition list of label → already-escaped value."""
        items = "".join(f"<dt>{e(label)}</dt><dd>{value}</dd>" for label, value in rows if value)
        return f'<dl class="cg-facts">{items}</dl>'

    def page(self, url: str, title: str, body: str, *, description: str = "", image: str = "",
             h1: bool = True) -> Page:
        heading = f"<h1>{e(title)}</h1>\n\n" if h1 else ""
        if not (_H2.search(body) or body.startswith("## ") or "\n## " in body):
            body = _H3.sub(r"<\1h2", body)  # cards right under the page title are its second level
        return Page(url, title, heading + body, description, image)

    # --- pages ---------------------------------------------------------------

    def pages(self) -> list[Page]:
        """Every page of this language."""
        site = self.site
        producers = [self.home, self.guides_index, self.policies_index, self.workers_index, self.cities_index,
                     self.awards_index, self.tags_index]
        out = [produce() for produce in producers]
        out += [self._at(f"themes/{theme.value}/", lambda th=theme: self.theme_page(th)) for theme in Theme]
        out += [self._at(i.url, lambda i=i: self.guide(i)) for i in site.guides]
        out += [self._at(i.url, lambda i=i: self.policy(i)) for i in site.policies]
        out += [self._at(i.url, lambda i=i: self.story(i)) for i in site.stories]
        out += [self._at(i.url, lambda i=i: self.worker(i)) for i in site.workers]
        out += [self._at(c.url, lambda c=c: self.city(c)) for c in site.cities]
        out += [self._at(a.url, lambda a=a: self.award(a)) for a in site.awards]
        out += [self._at(a.notice_url, lambda a=a: self.notice(a)) for a in site.awards if a.phase.is_public()]
        out += self.honour_pages()
        out.append(self.stats())
        out += [self._at(t.url, lambda t=t: self.tag(t.slug)) for t in site.tags]
        out += self.story_pages()
        facets = page_facets(site, self.lang)
        return [replace(page, search=facets.get(page.url)) for page in out]

    def _at(self, url: str, produce) -> Page:  # type: ignore[no-untyped-def]
        self.url = url
        return produce()

    def home(self) -> Page:
        self.url = ""
        t = self.t
        parts = [f'<p class="cg-lead">{e(t("home_intro"))}</p>']
        for award in self.site.awards:
            if award.phase is Phase.PUBLICITY:
                period = t("award_period_range", start=t.date(award.record.publicity.start),
                           end=t.date(award.record.publicity.end))
                parts.append(f'<div class="admonition info cg-publicity"><p class="admonition-title">'
                             f'{e(t("home_publicity"))}</p><p><a href="{self.link(award.notice_url)}">'
                             f'{e(self.notice_title(award))}</a>{e(t("label_parenthesised", text=period))}</p></div>')
        parts.append(f'<h2>{e(t("home_latest"))}</h2>')
        parts.append(self.cards([self.story_card(s) for s in self.site.stories[:HOME_STORIES]], "label_no_stories"))
        parts.append(f'<p><a class="md-button" href="{self.link("stories/")}">{e(t("all_stories"))}</a></p>')
        parts.append(f'<h2>{e(t("home_featured"))}</h2>')
        featured = sorted(self.site.workers, key=lambda w: (-len(w.honours), -len(w.stories), w.slug))
        parts.append(self.cards([self.worker_card(w) for w in featured[:HOME_WORKERS]], "label_no_workers"))
        parts.append(f'<p><a class="md-button" href="{self.link("workers/")}">{e(t("all_workers"))}</a></p>')
        parts.append(f'<h2>{e(t("home_themes"))}</h2>')
        parts.append(self.theme_cards())
        return self.page("", t("home_title"), "\n\n".join(parts), description=t("site_description"))

    def theme_cards(self) -> str:
        cards = []
        for theme in Theme:
            count = sum(1 for g in self.site.guides if g.record.theme is theme)
            cards.append(f'<article class="cg-card cg-card--theme"><div class="cg-card__body">'
                         f'<h3 class="cg-card__title"><a href="{self.link(f"themes/{theme.value}/")}">'
                         f'{e(self.t("theme_" + theme.value))}</a> <span class="cg-count">{count}</span></h3>'
                         f'<p>{e(self.t("theme_" + theme.value + "_desc"))}</p></div></article>')
        return '<div class="cg-cards cg-cards--themes">\n' + "\n".join(cards) + "\n</div>"

    def guide_list(self, guides: list[Item]) -> str:
        rows = [f'<li><a href="{self.link(g.url)}">{e(g.text("title", self.lang))}</a>'
                f'<br><span class="cg-muted">{e(g.text("summary", self.lang))}</span></li>' for g in guides]
        return '<ul class="cg-list">' + "".join(rows) + "</ul>"

    def guides_index(self) -> Page:
        self.url = "guides/"
        parts = [f'<p class="cg-lead">{e(self.t("guides_intro"))}</p>']
        for theme in Theme:
            guides = [g for g in self.site.guides if g.record.theme is theme]
            parts.append(f'<h2><a href="{self.link(f"themes/{theme.value}/")}">{e(self.t("theme_" + theme.value))}</a></h2>')
            parts.append(self.guide_list(guides))
        return self.page(self.url, self.t("guides_title"), "\n\n".join(parts))

    def theme_page(self, theme: Theme) -> Page:
        guides = [g for g in self.site.guides if g.record.theme is theme]
        body = f'<p class="cg-lead">{e(self.t("theme_" + theme.value + "_desc"))}</p>\n\n' + self.guide_list(guides)
        return self.page(self.url, self.t("theme_" + theme.value), body)

    def guide(self, item: Item) -> Page:
        g = item.record
        notice, open_, close = self.untranslated(item)
        audience = "、".join if self.lang == "zh" else ", ".join
        facts = self.facts([
            (self.t("nav_guides"), f'<a href="{self.link(f"themes/{g.theme.value}/")}">{e(self.t("theme_" + g.theme.value))}</a>'),
            (self.t("label_audience"), e(audience([self.t("audience_" + a.value) for a in g.audience]))),
            (self.t("label_updated"), f'<time datetime="{g.updated.isoformat()}">{e(self.t.date(g.updated))}</time>'),
            (self.t("label_source"), e(item.text("source", self.lang) or "")),
        ])
        body = f"{notice}{open_}\n\n{facts}\n\n{self.prose(item)}\n\n{close}"
        return self.page(item.url, item.text("title", self.lang), body,
                         description=item.text("summary", self.lang))

    def policies_index(self) -> Page:
        self.url = "policies/"
        rows = [f'<li><a href="{self.link(p.url)}">{e(p.text("title", self.lang))}</a><br>'
                f'<span class="cg-muted">{e(p.record.number)} · {e(self.t.date(p.record.date))}</span></li>'
                for p in self.site.policies]
        body = f'<p class="cg-lead">{e(self.t("policies_intro"))}</p>\n\n<ul class="cg-list">{"".join(rows)}</ul>'
        return self.page(self.url, self.t("policies_title"), body)

    def policy(self, item: Item) -> Page:
        p = item.record
        notice, open_, close = self.untranslated(item)
        sep = "、" if self.lang == "zh" else "; "
        facts = self.facts([
            (self.t("label_issuer"), e(item.text("issuer", self.lang))),
            (self.t("label_number"), e(p.number)),
            (self.t("label_date"), f'<time datetime="{p.date.isoformat()}">{e(self.t.date(p.date))}</time>'),
            (self.t("label_addressees"), e(sep.join(item.text("addressees", self.lang)))),
        ])
        body = f"{notice}{open_}\n\n{facts}\n\n{self.prose(item)}\n\n{close}"
        return self.page(item.url, item.text("title", self.lang), body)

    def story(self, item: StoryItem) -> Page:
        s = item.record
        notice, open_, close = self.untranslated(item)
        tags = " ".join(f'<a class="cg-tag" href="{self.link(t.url)}">{e(t.name(self.lang))}</a>' for t in item.tags)
        facts = self.facts([
            (self.t("label_date"), f'<time datetime="{s.date.isoformat()}">{e(self.t.date(s.date))}</time>'),
            (self.t("label_city"), self.place_link(item.entry.place)),
            (self.t("label_community"), e(item.text("community", self.lang))),
            (self.t("label_author"), e(f'{item.text("author", self.lang)}（{item.text("unit", self.lang)}）'
                                       if self.lang == "zh" else
                                       f'{item.text("author", self.lang)} ({item.text("unit", self.lang)})')),
            (self.t("label_tags"), tags),
        ])
        gallery = self.gallery(item)
        people = ""
        if item.workers:
            people = (f'<h2>{e(self.t("label_workers_in_story"))}</h2>\n\n'
                      + self.cards([self.worker_card(w) for w in item.workers], "label_no_workers"))
        body = f"{notice}{open_}\n\n{facts}\n\n{self.prose(item)}\n\n{gallery}\n\n{close}\n\n{people}"
        return self.page(item.url, item.text("title", self.lang), body,
                         description=item.text("summary", self.lang), image=self.share_image(item))

    def gallery(self, item: StoryItem) -> str:
        """The story's photos with caption and credit; each opens in the lightbox (cg-lightbox.js)."""
        figures = []
        for photo in item.photos():
            processed = self.photos[(f"{item.entry.folder}/{photo.file}", Purpose.GALLERY)]
            caption = item.caption(photo, self.lang)
            credit = f'{self.t("label_photo_credit")}: {photo.credit}'
            picture = self.picture(processed, caption, GALLERY_SIZES)
            figures.append(f'<figure class="cg-photo"><a class="cg-lightbox" href="{self.media(processed.largest().file)}" '
                           f'data-srcset="{self.srcset(processed.of("image/webp"))}" '
                           f'data-caption="{e(caption)}" data-credit="{e(credit)}">{picture}</a>'
                           f'<figcaption>{e(caption)} <span class="cg-credit">{e(credit)}</span></figcaption></figure>')
        if not figures:
            return ""
        labels = " ".join(f'data-label-{name}="{e(self.t("lightbox_" + name))}"' for name in ("dialog", "close", "prev", "next"))
        return f'<div class="cg-gallery" {labels}>\n' + "\n".join(figures) + "\n</div>"

    def share_image(self, item: StoryItem | WorkerItem) -> str:
        """The og:image of a story (its first photo, else its first worker's portrait) or a profile."""
        if isinstance(item, StoryItem):
            sources = [f"{item.entry.folder}/{p.file}" for p in item.photos()[:1]]
            sources += [f"{w.entry.folder}/{w.record.portrait}" for w in item.workers]
        else:
            sources = [f"{item.entry.folder}/{item.record.portrait}"]
        found = [self.photos[(source, Purpose.SHARE)] for source in sources if (source, Purpose.SHARE) in self.photos]
        return f"media/{found[0].largest().file}" if found else ""

    def story_pages(self) -> list[Page]:
        """Paginated story listings, newest first, and one listing per year."""
        stories = self.site.stories
        count = max(1, -(-len(stories) // PER_PAGE))
        years = sorted({s.entry.group for s in stories}, reverse=True)
        out = []
        for number in range(1, count + 1):
            self.url = "stories/" if number == 1 else f"stories/page/{number}/"
            chunk = stories[(number - 1) * PER_PAGE: number * PER_PAGE]
            year_links = " ".join(f'<a class="cg-tag" href="{self.link(f"stories/{y}/")}">{y}</a>' for y in years)
            body = (f'<p class="cg-lead">{e(self.t("stories_intro"))}</p>\n\n'
                    f'<p>{year_links} {self.filter_link("story")}</p>\n\n'
                    + self.cards([self.story_card(s) for s in chunk], "label_no_stories")
                    + "\n\n" + self.pagination(number, count))
            title = self.t("stories_title") if number == 1 else self.t("stories_page_title", n=number)
            out.append(self.page(self.url, title, body))
        for year in sorted({s.entry.group for s in stories}):
            self.url = f"stories/{year}/"
            chunk = [s for s in stories if s.entry.group == year]
            out.append(self.page(self.url, f"{self.t('stories_title')} · {year}",
                                 self.cards([self.story_card(s) for s in chunk], "label_no_stories")))
        return out

    def pagination(self, number: int, count: int) -> str:
        if count == 1:
            return ""

        def href(n: int) -> str:
            return self.link("stories/" if n == 1 else f"stories/page/{n}/")

        links = []
        if number > 1:
            links.append(f'<a rel="prev" href="{href(number - 1)}">{e(self.t("label_prev"))}</a>')
        for n in range(1, count + 1):
            current = ' aria-current="page"' if n == number else ""
            links.append(f'<a href="{href(n)}"{current}>{n}</a>')
        if number < count:
            links.append(f'<a rel="next" href="{href(number + 1)}">{e(self.t("label_next"))}</a>')
        return f'<nav class="cg-pagination" aria-label="{e(self.t("label_pagination"))}">{" ".join(links)}</nav>'

    def tags_index(self) -> Page:
        self.url = "tags/"
        links = " ".join(f'<a class="cg-tag" href="{self.link(t.url)}">{e(t.name(self.lang))} '
                         f'<span class="cg-count">{len(self.site.stories_by_tag[t.slug])}</span></a>'
                         for t in self.site.tags)
        return self.page(self.url, self.t("label_tags"), f"<p>{links}</p>")

    def tag(self, slug: str) -> Page:
        tag = next(t for t in self.site.tags if t.slug == slug)
        stories = self.site.stories_by_tag[slug]
        return self.page(self.url, self.t("tag_title", name=tag.name(self.lang)),
                         self.cards([self.story_card(s) for s in stories], "label_no_stories"))

    def workers_index(self) -> Page:
        self.url = "workers/"
        body = (f'<p class="cg-lead">{e(self.t("workers_intro"))}</p>\n\n'
                + self.cards([self.worker_card(w) for w in self.site.workers], "label_no_workers"))
        return self.page(self.url, self.t("workers_title"), body)

    def worker(self, item: WorkerItem) -> Page:
        """A model worker's profile: portrait, post, community, deeds, every award received, stories."""
        w = item.record
        t = self.t
        notice, open_, close = self.untranslated(item)
        place = item.entry.place
        portrait = self.photos.get((f"{item.entry.folder}/{w.portrait}", Purpose.PORTRAIT))
        image = self.picture(portrait, item.name(self.lang), "240px", eager=True, css="cg-portrait cg-portrait--large") if portrait else ""
        facts = self.facts([
            (t("label_role"), e(t("role_" + w.role.value))),
            (t("label_city"), self.place_link(place)),
            (t("label_community"), e(item.text("community", self.lang))),
            (t("label_deeds"), e(item.text("deeds", self.lang))),
        ])
        honours = ""
        if item.honours:
            rows = []
            for h in sorted(item.honours, key=lambda h: (-h.year, h.award.slug)):
                at = t("label_separator").join(x for x in (self.post(h.nominee), h.nominee.community(self.lang)) if x)
                rows.append(f'<li><a href="{self.link(h.award.url)}">{e(h.award.text("name", self.lang))}</a>'
                            f'<br><span class="cg-muted">{e(t("level_" + h.award.record.level.value))} · '
                            f'{e(h.award.text("issuer", self.lang))} · {e(t("honour_as_of", details=at))}</span></li>')
            honours = f'<h2>{e(t("label_honours"))}</h2>\n\n<ul class="cg-list cg-honours">{"".join(rows)}</ul>'
        stories = ""
        if item.stories:
            stories = (f'<h2>{e(t("label_stories_of_worker"))}</h2>\n\n'
                       + self.cards([self.story_card(s) for s in item.stories], "label_no_stories"))
        body = (f'{notice}<div class="cg-profile">{image}{facts}</div>\n\n{honours}\n\n'
                f'<h2>{e(t("label_deeds_story"))}</h2>\n\n{open_}\n\n{self.prose(item)}\n\n{close}\n\n{stories}')
        return self.page(item.url, item.name(self.lang), body, description=item.text("deeds", self.lang),
                         image=self.share_image(item))

    def cities_index(self) -> Page:
        self.url = "cities/"
        rows = []
        for city in self.site.cities:
            rows.append(f'<tr><th scope="row"><a href="{self.link(city.url)}">{e(city.name(self.lang))}</a></th>'
                        f"<td>{len(city.stories)}</td><td>{len(city.workers)}</td></tr>")
        table = (f'<table class="cg-table"><thead><tr><th scope="col">{e(self.t("label_city"))}</th>'
                 f'<th scope="col">{e(self.t("nav_stories"))}</th><th scope="col">{e(self.t("nav_workers"))}</th>'
                 f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
        return self.page(self.url, self.t("cities_title"), f'<p class="cg-lead">{e(self.t("cities_intro"))}</p>\n\n{table}')

    def city(self, city: CityItem) -> Page:
        body = (f'<h2>{e(self.t("city_stories"))}</h2>\n\n'
                + self.cards([self.story_card(s) for s in city.stories], "label_no_stories")
                + f'\n\n<h2>{e(self.t("city_workers"))}</h2>\n\n'
                + self.cards([self.worker_card(w) for w in city.workers], "label_no_workers"))
        return self.page(city.url, city.name(self.lang), body)

    # --- awards, 公示 notices, honour rolls, statistics ----------------------

    def awards_index(self) -> Page:
        self.url = "awards/"
        t = self.t

        def row(a: AwardItem) -> str:
            return (f'<li><a href="{self.link(a.url)}">{e(a.text("name", self.lang))}</a> '
                    f'<span class="cg-badge cg-badge--{a.phase.value}">{e(t("award_phase_" + a.phase.value))}</span>'
                    f'<br><span class="cg-muted">{e(a.text("issuer", self.lang))} · '
                    f'{e(t("level_" + a.record.level.value))}</span></li>')

        def notice_row(a: AwardItem) -> str:
            p = a.record.publicity
            return (f'<li><a href="{self.link(a.notice_url)}">{e(self.notice_title(a))}</a><br>'
                    f'<span class="cg-muted">{e(t("award_period_range", start=t.date(p.start), end=t.date(p.end)))}'
                    f"</span></li>")

        current = [a for a in self.site.awards if a.phase is Phase.PUBLICITY]
        past = sorted((a for a in self.site.awards if a.phase is Phase.AWARDED),
                      key=lambda a: (-a.record.publicity.start.toordinal(), a.slug))
        parts = [f'<p class="cg-lead">{e(t("awards_intro"))}</p>']
        if current:
            parts += [f'<h2>{e(t("notices_current"))}</h2>', f'<ul class="cg-list">{"".join(map(notice_row, current))}</ul>']
        parts += [f'<h2>{e(t("awards_programmes"))}</h2>',
                  f'<ul class="cg-list">{"".join(map(row, self.site.awards))}</ul>']
        if past:
            parts += [f'<h2>{e(t("notices_archive"))}</h2>', f'<ul class="cg-list">{"".join(map(notice_row, past))}</ul>']
        parts.append(f'<p><a class="md-button" href="{self.link("honors/")}">{e(t("honours_title"))}</a></p>')
        return self.page(self.url, t("awards_title"), "\n\n".join(parts))

    def award(self, award: AwardItem) -> Page:
        """An award programme: its facts, then its notice (during the period) or its honour roll (after)."""
        a = award.record
        t = self.t
        notice, open_, close = self.untranslated(award)
        nominations = (t("award_period_range", start=t.date(a.nomination.start), end=t.date(a.nomination.end))
                       if a.nomination else "")
        facts = self.facts([
            (t("label_issuer"), e(award.text("issuer", self.lang))),
            (t("label_level"), e(t("level_" + a.level.value))),
            (t("label_year"), str(a.year)),
            (t("award_nomination_period"), e(nominations)),
            (t("award_publicity_period"), e(t("award_period_range", start=t.date(a.publicity.start),
                                               end=t.date(a.publicity.end)))),
            (t("notice_label"), f'<a href="{self.link(award.notice_url)}">{e(self.notice_title(award))}</a>'
             if award.phase.is_public() else ""),
        ])
        parts = [f'<p><span class="cg-badge cg-badge--{award.phase.value}">{e(t("award_phase_" + award.phase.value))}'
                 f"</span></p>", facts]
        if award.text("description", self.lang):
            parts.append(f"<p>{e(award.text('description', self.lang))}</p>")
        if award.phase is Phase.NOMINATING:
            parts.append(f"<p>{e(t('award_nominating_note', start=t.date(a.publicity.start)))}</p>")
        elif award.phase is Phase.PUBLICITY:
            parts.append(f'<div class="admonition info cg-publicity"><p class="admonition-title">'
                         f'{e(t("home_publicity"))}</p><p>{e(t(self.organisations("award_on_notice", award), n=len(award.on_notice())))} '
                         f'<a href="{self.link(award.notice_url)}">{e(self.notice_title(award))}</a></p></div>')
        else:
            winners = [h for h in self.site.honours if h.award is award]
            parts.append(f"<h2>{e(t('award_winners'))} <span class=\"cg-count\">{len(winners)}</span></h2>")
            parts.append(self.cards([self.honour_card(h, show_award=False) for h in winners], "honours_none"))
        body = notice + open_ + "\n\n".join(parts) + close
        return self.page(award.url, award.text("name", self.lang), body,
                         description=award.text("description", self.lang) or "")

    def organisations(self, key: str, award: AwardItem) -> str:
        """`key`, or its `_organisations` variant when the award honours organisations."""
        return f"{key}_organisations" if award.record.recipients is Recipients.ORGANISATIONS else key

    def notice_title(self, award: AwardItem) -> str:
        return self.t(self.organisations("notice_title", award), name=award.text("name", self.lang))

    def notice(self, award: AwardItem) -> Page:
        """The 公示 notice in its customary form: intro, period, nominees by city, how to object, issuer and date."""
        a = award.record
        t = self.t
        translated, open_, close = self.untranslated(award)
        nominees = award.on_notice()
        days = (a.publicity.end - a.publicity.start).days + 1
        parts = []
        if award.phase is Phase.AWARDED:
            parts.append(f'<div class="admonition note cg-notice__closed" role="note"><p>'
                         f'{e(t("notice_closed", end=t.date(a.publicity.end)))} '
                         f'<a href="{self.link(award.url)}">{e(t("notice_see_results"))}</a></p></div>')
        intro = t(self.organisations("notice_intro", award),
                  issuer=award.text("issuer", self.lang), name=award.text("name", self.lang), n=len(nominees))
        parts.append(f'<p class="cg-notice__intro">{e(intro)}</p>')
        parts.append(f'<p class="cg-notice__period"><strong>{e(t("award_publicity_period"))}</strong>'
                     f'{e(t("label_colon"))}<time datetime="{a.publicity.start.isoformat()}">'
                     f'{e(t.date(a.publicity.start))}</time>{e(t("notice_to"))}'
                     f'<time datetime="{a.publicity.end.isoformat()}">{e(t.date(a.publicity.end))}</time>'
                     f'{e(t("notice_days", n=days))}</p>')
        for city, group in self.by_city(nominees):
            count = t(self.organisations("notice_city_count", award), n=len(group))
            parts.append(f'<h2>{e(city.zh if self.lang == "zh" else city.en)} <span class="cg-count">{e(count)}'
                         f"</span></h2>")
            parts.append('<ol class="cg-notice__list">' + "".join(self.notice_entry(n) for n in group) + "</ol>")
        if not nominees:
            parts.append(f'<p class="cg-empty">{e(t("notice_empty"))}</p>')
        parts.append(self.feedback(award))
        parts.append(f'<p class="cg-notice__sign">{e(award.text("issuer", self.lang))}<br>'
                     f'<time datetime="{a.publicity.start.isoformat()}">{e(t.date(a.publicity.start))}</time></p>')
        body = translated + open_ + '<div class="cg-notice">\n' + "\n".join(parts) + "\n</div>" + close
        return self.page(award.notice_url, self.notice_title(award), body,
                         description=t("notice_description", name=award.text("name", self.lang)))

    def by_city(self, nominees: list[Nominee]) -> list[tuple[City, list[Nominee]]]:
        """Nominees grouped by city, cities in the gazetteer's order."""
        return [(c, group) for c in self.site.gazetteer.regions.cities
                if (group := [n for n in nominees if n.place.city.slug == c.slug])]

    def notice_entry(self, nominee: Nominee) -> str:
        """One line of the notice: name (gender), community, post; the deeds in one line below."""
        t = self.t
        name = e(nominee.name(self.lang))
        if nominee.worker is not None:
            name = f'<a href="{self.link(nominee.worker.url)}">{name}</a>'
        gender = nominee.worker.record.gender if nominee.worker is not None else None
        said = t("notice_gender", gender=t("gender_" + gender.value)) if gender else ""
        place = nominee.place
        local = (place.division.zh if self.lang == "zh" else place.division.en) if place.division else place.town
        if nominee.worker is None:
            where = [local or ""]
        elif self.lang == "zh":
            where = [(local or "") + nominee.community(self.lang), self.post(nominee)]
        else:
            where = [nominee.community(self.lang), local or "", self.post(nominee)]
        details = t("label_separator").join(w for w in where if w)
        return (f'<li><strong>{name}</strong>{e(said)}{e(t("label_dash"))}{e(details)}'
                f'<br><span class="cg-notice__deeds">{e(nominee.text("reason", self.lang))}</span></li>')

    def post(self, nominee: Nominee) -> str:
        """The nominee's post as of the award: the nomination's, else the worker's role."""
        given = nominee.text("post", self.lang)
        if given:
            return str(given)
        return self.t("role_" + nominee.worker.record.role.value) if nominee.worker is not None else ""

    def feedback(self, award: AwardItem) -> str:
        t = self.t
        f = award.record.feedback
        rows = [(t("award_contact"), e(award.text("contact", self.lang)))]
        if f.phone:
            rows.append((t("award_phone"), f'<a href="tel:{e(re.sub(r"[^0-9+]", "", f.phone))}">{e(f.phone)}</a>'))
        if f.email:
            rows.append((t("award_email"), f'<a href="mailto:{e(f.email)}">{e(f.email)}</a>'))
        if f.address:
            rows.append((t("award_address"), e(f.address)))
        return f'<h2>{e(t("award_feedback"))}</h2>\n<p>{e(t("award_feedback_how"))}</p>\n{self.facts(rows)}'

    def honour_card(self, honour: Honour, *, show_award: bool = True) -> str:
        """Portrait, name, post and community as of the award, the award; links to the profile."""
        nominee = honour.nominee
        t = self.t
        name = e(nominee.name(self.lang))
        award = (f'<p class="cg-card__meta"><a href="{self.link(honour.award.url)}">'
                 f'{e(honour.award.text("name", self.lang))}</a></p>' if show_award else "")
        place = nominee.place
        city = place.city.zh if self.lang == "zh" else place.city.en
        if nominee.worker is None:
            mark = f'<span class="cg-portrait cg-portrait--org" aria-hidden="true">{e(nominee.name("zh")[:1])}</span>'
            local = (place.division.zh if self.lang == "zh" else place.division.en) if place.division else place.town
            meta = t("label_separator").join(x for x in (t("label_organisation"), city, local or "") if x)
            return (f'<article class="cg-card cg-card--person cg-card--honour">{mark}<div class="cg-card__body">'
                    f'<h3 class="cg-card__title">{name}</h3><p class="cg-card__meta">{e(meta)}</p>{award}'
                    f"</div></article>")
        worker = nominee.worker
        portrait = self.photos.get((f"{worker.entry.folder}/{worker.record.portrait}", Purpose.PORTRAIT))
        image = self.picture(portrait, worker.name(self.lang), "120px", css="cg-portrait") if portrait else ""
        meta = t("label_separator").join(x for x in (self.post(nominee), city, nominee.community(self.lang)) if x)
        return (f'<article class="cg-card cg-card--person cg-card--honour">{image}<div class="cg-card__body">'
                f'<h3 class="cg-card__title"><a href="{self.link(worker.url)}">{name}</a></h3>'
                f'<p class="cg-card__meta">{e(meta)}</p>{award}</div></article>')

    def honour_pages(self) -> list[Page]:
        """honors/ (by year, award and city, with counts), honors/<year>/ and honors/cities/<city>/."""
        t = self.t
        roll = honour_roll(self.site)
        self.url = "honors/"
        years = " ".join(f'<a class="cg-tag" href="{self.link(f"honors/{y}/")}">{y} '
                         f'<span class="cg-count">{len(roll.of_year(y))}</span></a>' for y in roll.years())
        awards = "".join(f'<li><a href="{self.link(a.url)}">{e(a.text("name", self.lang))}</a> '
                         f'<span class="cg-count">{len(roll.of_award(a))}</span></li>' for a in roll.awards)
        rows = "".join(f'<tr><th scope="row"><a href="{self.link(c.url)}">'
                       f'{e(c.city.zh if self.lang == "zh" else c.city.en)}</a></th>'
                       f"<td>{sum(1 for h in c.honours if h.nominee.worker is not None)}</td>"
                       f"<td>{sum(1 for h in c.honours if h.nominee.worker is None)}</td>"
                       f"<td>{len(c.honours)}</td></tr>" for c in roll.cities)
        table = (f'<table class="cg-table"><thead><tr><th scope="col">{e(t("label_city"))}</th>'
                 f'<th scope="col">{e(t("honours_people"))}</th><th scope="col">{e(t("honours_organisations"))}</th>'
                 f'<th scope="col">{e(t("honours_total"))}</th></tr></thead><tbody>{rows}</tbody></table>')
        parts = [f'<p class="cg-lead">{e(t("honours_intro"))}</p>']
        if roll.honours:
            parts.append(f"<p>{self.filter_link('worker')}</p>")
            parts += [f'<h2>{e(t("honours_by_year"))}</h2>', f"<p>{years}</p>",
                      f'<h2>{e(t("honours_by_award"))}</h2>', f'<ul class="cg-list">{awards}</ul>',
                      f'<h2>{e(t("honours_by_city"))}</h2>', table]
        else:
            parts.append(f'<p class="cg-empty">{e(t("honours_none"))}</p>')
        out = [self.page(self.url, t("honours_title"), "\n\n".join(parts))]
        for year in roll.years():
            self.url = f"honors/{year}/"
            parts = []
            for award in roll.awards:
                honours = [h for h in roll.of_award(award) if h.year == year]
                if honours:
                    parts.append(f'<h2><a href="{self.link(award.url)}">{e(award.text("name", self.lang))}</a> '
                                 f'<span class="cg-count">{len(honours)}</span></h2>')
                    parts.append(self.cards([self.honour_card(h, show_award=False) for h in honours], "honours_none"))
            out.append(self.page(self.url, t("honours_year_title", year=year), "\n\n".join(parts)))
        for city in roll.cities:
            self.url = city.url
            name = city.city.zh if self.lang == "zh" else city.city.en
            parts = []
            for year in sorted({h.year for h in city.honours}, reverse=True):
                honours = [h for h in city.honours if h.year == year]
                parts.append(f'<h2>{year} <span class="cg-count">{len(honours)}</span></h2>')
                parts.append(self.cards([self.honour_card(h) for h in honours], "honours_none"))
            out.append(self.page(self.url, t("honours_city_title", city=name), "\n\n".join(parts)))
        return out

    def stats(self) -> Page:
        """Stories, model workers and honours per city and per year, as SVG bar charts with tables."""
        self.url = "stats/"
        t = self.t
        parts = [f'<p class="cg-lead">{e(t("stats_intro"))}</p>']
        for series in statistics(self.site, self.lang):
            by_year = series.key.endswith("_year")
            headers = (t("label_year") if by_year else t("label_city"), t(series.key + "_unit"))
            parts.append(bar_chart(series.key.replace("_", "-"), t(series.key), series.rows, headers))
        return self.page(self.url, t("stats_title"), "\n\n".join(parts))


_H2 = re.compile(r"<h2\b")
_H3 = re.compile(r"<(/?)h3\b")
_HEADING = re.compile(r"<(h[2-6])>(.*?)</\1>", re.S)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


@lru_cache(maxsize=1 << 15)
def _prose_without_images(body: str) -> str:
    """The prose of a body that shows no image (no `![`): the same in every edition, so rendered once."""
    return _headings_as_markdown(markup.render_markdown(body, lambda ref, alt: None))


def _headings_as_markdown(fragment: str) -> str:
    """Split sanitised HTML at its headings; headings become Markdown lines (for the TOC)."""
    out = []
    last = 0
    for match in _HEADING.finditer(fragment):
        chunk = fragment[last:match.start()].strip()
        if chunk:
            out.append(f'<div class="cg-prose">\n{chunk}\n</div>')
        level = int(match.group(1)[1])
        plain = html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).replace("\n", " ").strip()
        out.append("#" * level + " " + _MD_SPECIAL.sub(r"\\\1", html.escape(plain, quote=False)))
        last = match.end()
    tail = fragment[last:].strip()
    if tail:
        out.append(f'<div class="cg-prose">\n{tail}\n</div>')
    return "\n\n".join(out)


def render_site(site: Site, lang: Lang, photos: dict[PhotoKey, Processed], *,
                folder_depth: int | None = None) -> list[Page]:
    """Every page of `lang`."""
    return Renderer(site, lang, photos, folder_depth=folder_depth).pages()


OWN_PAGES: dict[Kind, Callable[[Renderer, Any], Page]] = {
    Kind.STORY: Renderer.story, Kind.GUIDE: Renderer.guide, Kind.POLICY: Renderer.policy, Kind.WORKER: Renderer.worker,
}
"""The kinds whose entries each have a page of their own, and the method that renders it."""


def item_pages(site: Site, lang: Lang, photos: dict[PhotoKey, Processed], items: list[Item], *,
               folder_depth: int | None = None) -> list[Page]:
    """The own pages of `items` (kinds in `OWN_PAGES`), as `render_site` makes them."""
    renderer = Renderer(site, lang, photos, folder_depth=folder_depth)
    facets = page_facets(site, lang)
    return [replace(renderer._at(item.url, lambda i=item: OWN_PAGES[i.entry.kind](renderer, i)),
                    search=facets.get(item.url)) for item in items]


def docs_path(page: Page) -> PurePosixPath:
    return PurePosixPath(page.path)
