"""The last wall: every byte of the built site read for internal values, other hosts and broken links.

Only a site that passes is swapped into place (`swap.publish`).
"""

from __future__ import annotations

import gzip
import html
import posixpath
import re
from collections.abc import Collection, Mapping
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urldefrag

import ahocorasick_rs

from generator.incremental import entries_below
from generator.scheduler import SEQUENTIAL, Handle, Scheduler


class VerifyError(Exception):
    """The built site is not fit to publish; carries every finding."""

    def __init__(self, findings: list[str]):
        super().__init__("\n".join(findings))
        self.findings = findings

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Keep the findings when the error comes back from a build run in a process of its own."""
        return (type(self), (self.findings,))


_RAW_TEXT = re.compile(r"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>", re.S | re.I)
"""Comments and the content of raw-text elements: no tags inside them (their start tags still count)."""
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?|\s*/)*)\s*>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
"""An attribute: its name, then `=` and its value (in one of three groups, by quoting) if it has one."""
_UP = re.compile(r"(?:\.\./)*")
_IMAGES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
"""Photo derivatives in media/ hold re-encoded pixels only: no text to search for internal values."""
_PROGRAMS = (".pagefind",)
"""Pagefind's WebAssembly, compressed: the search program, no text of the site."""
_COMPRESSED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".gz")
"""gzip files: the search data (each page's text, the words, the filters) and `sitemap.xml.gz`, read decompressed."""
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
RULES = "2: search data and gzip decompressed, entities and JSON escapes decoded, the report read"
"""What a verify reads: a verify of other rules vouches for nothing (`incremental.verified`)."""

PARALLEL_FROM = 2000
"""Files to read per extra child: a large site is read by a child per core."""
Signature = tuple[int, int, int]
"""A file as verify last saw it: (inode, mtime in ns, size)."""


def links(page: str) -> list[tuple[str, str]]:
    """(tag, address) pairs of a page; an `a` is followed by the reader, anything else is requested.

    A tokenizer for start tags, with the same result as html.parser on
    mkdocs' output and faster (every output page goes through it):
    addresses in href, src, poster, data and srcset, entities decoded.
    """
    found: list[tuple[str, str]] = []

    def scan(start: int, end: int) -> None:
        for name, attrs in _TAG.findall(page, start, end):
            lowered = attrs.lower()
            if "href" not in lowered and "src" not in lowered and "data" not in lowered and "poster" not in lowered:
                continue  # no attribute that may hold an address
            name = name.lower()
            for key, given, double, single, bare in _ATTR.findall(attrs):
                key = key.lower()
                if not given or key not in ("href", "src", "poster", "data", "srcset"):
                    continue
                value = html.unescape(double or single or bare)
                if key == "srcset":
                    found.extend((name, part.strip().split(" ")[0]) for part in value.split(",") if part.strip())
                else:
                    found.append((name, value))

    at = 0
    for raw in _RAW_TEXT.finditer(page):
        scan(at, raw.start())
        if raw.group(1):
            scan(raw.start(), page.index(">", raw.start()) + 1)
        at = raw.end()
    scan(at, len(page))
    return found


def verify(site: Path, *, forbidden: Mapping[str, str], previous: dict[str, Signature] | None = None,
           scheduler: Scheduler = SEQUENTIAL) -> dict[str, Signature]:
    """Internal links resolve, nothing points to another host, no forbidden value appears.

    `forbidden` maps each value to what a finding calls it (never the value
    itself). Every file is read but photo derivatives and Pagefind's program:
    gzip files decompressed, and each text also with HTML entities and JSON
    `\\u` escapes decoded, so a value written `&amp;`, `&#x34;` or `\\u0026`
    is found.

    `previous` is what an earlier verify with the same forbidden values
    returned: files whose signature is unchanged are not read again, unless
    a page has gone since (a link to it would now be broken). Other files
    come and go with the pages that use them (a photo derivative, a theme
    asset, a chunk of the search index is only ever removed when every page
    naming it has changed), so their going alone does not. Returns the
    signature of every file, to pass on to the next verify.
    """
    return Verification(site, forbidden=forbidden, previous=previous, scheduler=scheduler).finish()


class Verification:
    """`verify`, begun beside the build while it adds the last files (the search bundle).

    The site's files as they are now are checked in the background; `finish`
    waits for that, then checks the files added or changed since, and judges
    again any link found broken, against the finished site.
    """

    def __init__(self, site: Path, *, forbidden: Mapping[str, str], previous: dict[str, Signature] | None = None,
                 scheduler: Scheduler):
        self._site = site
        files, folders = _listing(site)
        gone_pages = any(rel.endswith(".html") and rel not in files for rel in previous or {})
        known = previous if previous and not gone_pages else {}
        self._internal = tuple((value.encode(), label) for value, label in sorted(forbidden.items()) if value)
        self._files = files
        self._known = known
        todo = [rel for rel in sorted(files) if known.get(rel) != files[rel] and _readable(rel)]
        workers = min(scheduler.workers, len(todo) // PARALLEL_FROM + 1)
        self._beside: list[str] = []
        names = frozenset(files)
        read = partial(_read, site, internal=self._internal, files=names, folders=folders)
        # a large site in a child per core, each reading a run of files in order (pages of a folder share their
        # links, judged once per child); a small one here and now, where a child would cost more than it saves
        size = -(-len(todo) // workers)
        self._parts: list[Handle[list[str]]] = [scheduler.beside(partial(read, todo[at:at + size]))
                                               for at in range(0, len(todo), size)] if workers > 1 else []
        self._findings = [] if workers > 1 else read(todo)

    def check_text(self, name: str, text: str) -> None:
        """Look for forbidden values in a text written beside the site (the report), before it is written;
        `finish` raises for any found."""
        found = _Finder(self._internal).labels(text.encode())
        self._beside += [f"{name}: internal value {label} found" for label in found]

    def finish(self) -> dict[str, Signature]:
        """Wait for the background checks, check what was added or changed since (but files the earlier verify
        read as they are); the signature of every file."""
        findings = self._findings + [finding for part in self._parts for finding in part.result()]
        files, folders = _listing(self._site)
        names = frozenset(files)
        if findings:  # judged against the site as it was: judge the pages again as it is now
            pages = sorted({finding.split(": ", 1)[0] for finding in findings})
            findings = _read(self._site, pages, internal=self._internal, files=names, folders=folders)
        later = [rel for rel in sorted(files)
                 if self._files.get(rel) != files[rel] and self._known.get(rel) != files[rel] and _readable(rel)]
        findings += _read(self._site, later, internal=self._internal, files=names, folders=folders) + self._beside
        if findings:
            raise VerifyError(findings)
        return files


def _listing(site: Path) -> tuple[dict[str, Signature], set[str]]:
    """The signature of every file of the site, and its folders (relative, "" for the root); a link to a folder is
    listed as a folder, not followed."""
    files: dict[str, Signature] = {}
    folders = {""}
    for rel, entry in entries_below(site):
        if entry.is_dir():
            folders.add(rel)
        else:
            st = entry.stat()
            files[rel] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return files, folders


def _readable(rel: str) -> bool:
    """Whether a file is read for internal values and links (photo derivatives and Pagefind's program are not)."""
    return not (rel.startswith("media/") and rel.endswith(_IMAGES)) and not rel.endswith(_PROGRAMS)


def _read(site: Path, rels: list[str], *, internal: tuple[tuple[bytes, str], ...], files: Collection[str],
          folders: set[str]) -> list[str]:
    """Findings in some files of the site (the unit of work of one child)."""
    findings: list[str] = []
    seen: dict[tuple[str, int, str, str, bool], str | None] = {}
    finder = _Finder(internal)
    for rel in rels:
        data = (site / rel).read_bytes()
        if rel.endswith(_COMPRESSED):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as err:
                findings.append(f"{rel}: not a gzip file ({err}): it cannot be read for internal values")
        findings += [f"{rel}: internal value {label} found in output" for label in finder.labels(data)]
        if rel.endswith(".html"):
            findings += _check_links(rel, data.decode("utf-8", "replace"), files, folders, seen)
    return findings


class _Finder:
    """Every forbidden value at once (one Aho-Corasick automaton over their UTF-8 bytes)."""

    def __init__(self, needles: tuple[tuple[bytes, str], ...]):
        self._labels = [label for _, label in needles]
        self._automaton = ahocorasick_rs.BytesAhoCorasick([needle for needle, _ in needles]) if needles else None

    def labels(self, data: bytes) -> list[str]:
        """What each value found in `data` is called: in its bytes, with entities and `\\u` escapes decoded."""
        if self._automaton is None:
            return []
        found = {which for view in _views(data) for which, _, _ in self._automaton.find_matches_as_indexes(view)}
        return sorted({self._labels[which] for which in found})


def _views(data: bytes) -> list[bytes]:
    """A file's bytes as they are, then its text with HTML entities decoded and with JSON `\\u` escapes decoded
    (where it has any)."""
    views = [data]
    if b"&" not in data and b"\\u" not in data:
        return views
    text = data.decode("utf-8", "replace")
    if b"&" in data:
        views.append(html.unescape(text).encode())
    if b"\\u" in data:
        joined = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        views.append(joined.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode())
    return views


def _check_links(rel: str, text: str, files: Collection[str], folders: set[str],
                 seen: dict[tuple[str, int, str, str, bool], str | None]) -> list[str]:
    """Findings for the links of one page; `seen` remembers each link already judged.

    A link that climbs `n` folders (`../` n times) means the same from every
    folder with the same ancestor `n` levels up, so it is judged once for all
    of them: a card linking to a story from any page of one depth.
    """
    found = []
    here = posixpath.dirname(rel)
    parts = here.split("/") if here else []
    ancestors = ["/".join(parts[:len(parts) - up]) for up in range(len(parts) + 1)]
    is_404 = posixpath.basename(rel) == "404.html"
    for tag, link in links(text):
        up = min(matched.end() // 3 if (matched := _UP.match(link)) else 0, len(parts))
        key = (ancestors[up], up, tag, link, is_404)
        if key not in seen:
            seen[key] = _judge(here, tag, link, is_404, files, folders)
        if seen[key]:
            found.append(f"{rel}: {seen[key]}")
    return found


def _judge(here: str, tag: str, link: str, is_404: bool, files: Collection[str],
           folders: set[str]) -> str | None:
    """What is wrong with one link from a page in folder `here`, or None."""
    target, _ = urldefrag(link)
    if not target or target.startswith(("mailto:", "tel:", "data:")):
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
        return None if tag == "a" else f"<{tag}> requests another host: {link}"
    if target.startswith("/") and not is_404:
        return f"absolute address breaks when the site is not at the host root: {link}"
    path = unquote(target.split("?")[0])
    resolved = posixpath.normpath(path.lstrip("/") if target.startswith("/") else posixpath.join(here, path))
    if resolved == ".." or resolved.startswith("../"):
        return f"link leaves the site: {link}"
    resolved = "" if resolved == "." else resolved
    if resolved in folders:
        resolved = posixpath.join(resolved, "index.html")
    return None if resolved in files else f"broken link: {link}"
