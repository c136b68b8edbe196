"""`guardians serve`: a live preview on 127.0.0.1 that rebuilds when content changes.

The site is built once, served, and rebuilt whenever a file under content/
or stories/ changes. Problems of the last build are shown in the browser
itself: every served HTML page gets a panel listing them, and
`/__guardians/problems` lists them on a page of their own. A rebuild that
fails publishes nothing, so the previous site stays served while the panel
says why the new one failed. Pages reload themselves when a build finishes.

Each build runs in a fresh process of its own (`build_apart`): this one runs
the server's and the watcher's threads, and a build forks its children,
which is safe only where no other thread runs. So a build here is the same
code, run the same way, as `guardians build`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import BuildResult, Gathered, build
from generator.config import Settings
from generator.content.load import entry_at
from generator.content.model import address
from generator.editions import EDITIONS, Lang, edition
from generator.messages import message, printable
from generator.problems import ContentError, Problem, format_report
from generator.publish.verify import VerifyError
from generator.scheduler import Scheduler
from generator.serve.preview import QuickPreview
from generator.site.pages import template

WATCHED = ("content", "stories")
"""The folders whose changes trigger a rebuild."""
QUIET = 0.15
"""Seconds without further changes before a rebuild starts (an editor saves in bursts)."""
_CHANGES = {"created", "modified", "deleted", "moved", "closed"}
"""Watchdog event types that mean a file changed (not merely opened or read)."""
MAX_POST = 64 * 1024 * 1024
"""Largest request body accepted (a story with its photos, base64-encoded)."""
PREFIX = "/__guardians/"
"""Addresses the preview itself answers, beside the site."""

Builder = Callable[[Settings], BuildResult]
Api = Callable[[str, bytes], tuple[int, dict[str, str], bytes]]
"""An extra handler for POST requests: (path, body) → (status, headers, body)."""


@dataclass
class Preview:
    """What the browser is told about the last build."""

    generation: int = 0
    """Counts finished builds, successful or not."""
    previews: int = 0
    """Counts quick previews shown; pages reload when this or `generation` changes."""
    overlay: dict[str, Path] = field(default_factory=dict)
    """Pages of a quick preview shown in place of the published ones until the next build finishes:
    site path (`stories/2023/x/index.html`) → file."""
    building: bool = False
    problems: list[Problem] = field(default_factory=list)
    failure: str | None = None
    """Why the last build published nothing (the previous site is still served)."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def status(self) -> dict[str, object]:
        with self.lock:
            return {"generation": self.generation, "version": self.generation + self.previews,
                    "building": self.building, "ok": self.failure is None,
                    "errors": sum(p.level.is_error() for p in self.problems),
                    "warnings": sum(not p.level.is_error() for p in self.problems)}


def build_apart(settings: Settings, *, keep: Callable[[Gathered], None] = lambda _: None) -> BuildResult:
    """`build` in a fresh process (`Scheduler.apart`); what it gathered comes back to `keep` once it published."""
    with Scheduler() as scheduler:
        result, gathered = scheduler.apart(partial(_build_keeping, settings)).result()
    if gathered is not None:
        keep(gathered)
    return result


def _build_keeping(settings: Settings) -> tuple[BuildResult, Gathered | None]:
    """In the build's process: the result, and what the build gathered if it published."""
    kept: list[Gathered] = []
    result = build(settings, keep=kept.append)
    return result, (kept[0] if kept else None)


def rebuild(settings: Settings, preview: Preview, builder: Builder = build_apart) -> None:
    """Build once and record the outcome; any failure leaves the published site as it was."""
    with preview.lock:
        preview.building = True
    problems: list[Problem] = []
    failure: str | None = None
    try:
        problems = builder(settings).problems
    except ContentError as err:
        problems, failure = err.problems, message("serve-failed-content", settings.lang)
    except VerifyError as err:
        failure = message("serve-failed-verify", settings.lang) + "\n" + "\n".join(map(printable, err.findings))
    except Exception as err:  # noqa: BLE001 — a preview must survive any failed build and say why
        failure = message("serve-failed-other", settings.lang) + "\n" + printable(f"{type(err).__name__}: {err}")
        traceback.print_exc()
    with preview.lock:
        preview.problems, preview.failure = problems, failure
        preview.overlay = {}
        preview.generation += 1
        preview.building = False


def panel(preview: Preview, lang: Lang) -> str:
    """The HTML panel listing the problems of the last build ('' when there are none)."""
    with preview.lock:
        problems, failure = sorted(set(preview.problems)), preview.failure
    if not problems and failure is None:
        return ""
    return _template("preview_panel.html", **_listing(problems, failure, lang))


def _listing(problems: list[Problem], failure: str | None, lang: Lang) -> dict[str, object]:
    """What the panel shows: a summary, why the build failed, and each problem in the reader's language."""
    errors = sum(p.level.is_error() for p in problems)
    return {"lang": edition(lang).hreflang, "open": bool(errors or failure), "failure": failure,
            "summary": message("serve-summary", lang, errors=errors, warnings=len(problems) - errors),
            "items": [{"level": "error" if p.level.is_error() else "warning", "text": p.format(lang)}
                      for p in problems]}


def _template(name: str, **context: object) -> str:
    return template(name).render(**context)


_STYLE = """<style>
#guardians-problems{position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:45vh;overflow:auto;
background:#fff8e1;color:#222;border-top:3px solid #c62828;font:14px/1.5 system-ui,sans-serif;padding:.5em 1em}
#guardians-problems summary{font-weight:bold;cursor:pointer}
#guardians-problems li.error{color:#b71c1c}#guardians-problems li.warning{color:#6d4c00}
#guardians-problems pre{white-space:pre-wrap}
</style>"""

_SCRIPT = """<script>(function(){var g=%d;function poll(){fetch("%sstatus",{cache:"no-store"})
.then(function(r){return r.json()}).then(function(s){if(s.version!==g){location.reload()}})
.catch(function(){}).then(function(){setTimeout(poll,500)})}setTimeout(poll,500)})();</script>"""


def inject(page: str, preview: Preview, lang: Lang, *, listed: bool = True) -> str:
    """The page with the problems panel (unless `listed` is false) and the reload script added before `</body>`."""
    with preview.lock:
        version = preview.generation + preview.previews
    addition = _STYLE + (panel(preview, lang) if listed else "") + _SCRIPT % (version, PREFIX)
    at = page.rfind("</body>")
    return page[:at] + addition + page[at:] if at >= 0 else page + addition


def problems_page(preview: Preview, lang: Lang) -> str:
    """A page of its own listing the problems, served when there is no site yet and at /__guardians/problems."""
    with preview.lock:
        problems, failure, building = sorted(set(preview.problems)), preview.failure, preview.building
    state = message("serve-building" if building else "serve-clean", lang)
    page = _template("preview_page.html", title=message("serve-title", lang), lead="", state=state,
                     **_listing(problems, failure, lang))
    return inject(page, preview, lang)


def refused_page(preview: Preview, lang: Lang, path: str) -> str | None:
    """The page served at the address of an entry the last build refused: that entry's problems; None when
    no entry of the tree has its page at `path`."""
    own = page_address(path)
    with preview.lock:
        problems = sorted({p for p in preview.problems
                           if (entry := entry_at(p.path)) is not None and address(*entry) == own})
    if own is None or not problems:
        return None
    page = _template("preview_page.html", title=message("serve-refused-title", lang),
                     lead=message("serve-refused-lead", lang, address=path), state="",
                     **_listing(problems, None, lang))
    return inject(page, preview, lang, listed=False)


def page_address(path: str) -> str | None:
    """The address below its edition's root of the page a request asks for (`/en/stories/2022/x/` →
    `stories/2022/x/`); None for a file that is not a page."""
    rel = path.lstrip("/").removesuffix("index.html")
    if rel and not rel.endswith("/"):
        return None
    for folder in sorted((e.folder for e in EDITIONS if e.folder), key=len, reverse=True):
        if rel.startswith(folder):
            return rel[len(folder):]
    return rel


class _Handler(SimpleHTTPRequestHandler):
    """Serves the built site, adding the problems panel to HTML pages."""

    server: ThreadingHTTPServer  # the server that made this handler (`LiveServer.http`)

    def __init__(self, *args: object, preview: Preview, lang: Lang, api: dict[str, Api],
                 static: dict[str, Path], **kw: object) -> None:
        self.preview, self.lang, self.api, self.static = preview, lang, api, static
        super().__init__(*args, **kw)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 — the base class's name
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX + "status":
            return self._send(HTTPStatus.OK, "application/json", json.dumps(self.preview.status()).encode())
        if path == PREFIX + "problems":
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8",
                              problems_page(self.preview, self.lang).encode())
        if path + "/" in self.static:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            return self.end_headers()
        for prefix in sorted(self.static, key=len, reverse=True):
            if path.startswith(prefix):
                return self._static(self.static[prefix], path[len(prefix):])
        site = Path(self.directory)
        if not (site / "index.html").is_file():
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8",
                              problems_page(self.preview, self.lang).encode())
        target = Path(self.translate_path(self.path))
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        with self.preview.lock:
            target = self.preview.overlay.get(target.relative_to(site).as_posix() if target.is_relative_to(site)
                                              else "", target)
        if target.suffix == ".html" and target.is_file():
            page = inject(target.read_text(encoding="utf-8"), self.preview, self.lang)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())
        if not target.is_file():  # a refused entry's page says why; no folder is ever listed
            refused = refused_page(self.preview, self.lang, path)
            missing = site / "404.html"
            page = refused or inject(missing.read_text(encoding="utf-8") if missing.is_file() else "", self.preview,
                                     self.lang)
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())
        return super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 — the base class's name
        path = urlsplit(self.path).path
        handler = self.api.get(path)
        if handler is None:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
        if not self._same_origin():
            return self._send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden: requests from other sites")
        size = int(self.headers.get("Content-Length") or 0)
        if size > MAX_POST:
            return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"too large")
        status, headers, body = handler(path, self.rfile.read(size))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _same_origin(self) -> bool:
        """Only this server's own pages may write: the Host must be this address (no DNS rebinding), the
        request JSON (a cross-site form cannot send that without a preflight we never answer), and any
        Origin this server."""
        port = self.server.server_address[1]
        hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        origin = self.headers.get("Origin")
        return (self.headers.get("Host") in hosts
                and (self.headers.get("Content-Type") or "").startswith("application/json")
                and (origin is None or origin.removeprefix("http://") in hosts))

    def _static(self, folder: Path, rel: str) -> None:
        target = (folder / (rel or "index.html")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
        kind = "text/yaml; charset=utf-8" if target.suffix == ".yml" else self.guess_type(str(target))
        return self._send(HTTPStatus.OK, kind, target.read_bytes())

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Changes(FileSystemEventHandler):
    """Marks the tree dirty on every change to a file under the watched folders, and keeps which files changed."""

    def __init__(self, dirty: threading.Event) -> None:
        self.dirty = dirty
        self._paths: set[Path] = set()
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _CHANGES:
            with self._lock:
                self._paths |= {Path(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", ""))
                                if p and not event.is_directory}
            self.dirty.set()

    def take(self) -> set[Path]:
        """The files changed since the last call."""
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


class LiveServer:
    """The preview server: HTTP on 127.0.0.1, a watcher, and a thread that rebuilds."""

    def __init__(self, settings: Settings, port: int = 8000, *, builder: Builder | None = None,
                 api: dict[str, Api] | None = None, static: dict[str, Path] | None = None,
                 notify: Callable[[Preview], None] = lambda _: None) -> None:
        """`builder` replaces the build (and with it the quick previews, which need what a build gathered)."""
        self.settings = settings
        self.quick = QuickPreview(settings)
        self._builds = builder is None
        """Whether this server runs the real build (which hands its gathered state to the quick previews)."""
        self.builder = builder or partial(build_apart, keep=self.quick.keep)
        self.changes = _Changes(threading.Event())
        self.notify = notify
        self.preview = Preview()
        self.dirty = self.changes.dirty
        self.stopping = threading.Event()
        handler = partial(_Handler, preview=self.preview, lang=settings.lang, api=api or {},
                          static=static or {}, directory=str(settings.out))
        self.http = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.http.daemon_threads = True
        self.observer = Observer()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}/"

    def start(self) -> None:
        """Serve, watch, and build once in the background; returns at once."""
        for name in WATCHED:
            folder = self.settings.root.resolve() / name
            if folder.is_dir():
                self.observer.schedule(self.changes, str(folder), recursive=True)
        self.observer.start()
        self._threads = [threading.Thread(target=self.http.serve_forever, daemon=True),
                         threading.Thread(target=self._rebuild_loop, daemon=True)]
        for thread in self._threads:
            thread.start()
        self.dirty.set()

    def _rebuild_loop(self) -> None:
        while not self.stopping.is_set():
            if not self.dirty.wait(timeout=0.2):
                continue
            self.dirty.clear()
            while not self.stopping.wait(QUIET) and self.dirty.is_set():
                self.dirty.clear()
            if self.stopping.is_set():
                return
            self._show_quickly(self.changes.take())
            rebuild(self.settings, self.preview, self.builder)
            self.notify(self.preview)
            if self._builds:
                self.quick.warm()

    def _show_quickly(self, changed: set[Path]) -> None:
        """Show the edited entries' own pages before the full build, when the change allows it."""
        try:
            shown = self.quick.pages(changed)
        except Exception:  # noqa: BLE001 — the full build that follows reports whatever went wrong
            traceback.print_exc()
            return
        if shown:
            with self.preview.lock:
                self.preview.overlay = shown
                self.preview.previews += 1

    def wait_for(self, generation: int, timeout: float) -> bool:
        """Wait until at least `generation` builds have finished (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.preview.lock:
                done = self.preview.generation
            if done >= generation and not self.dirty.is_set():
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        self.stopping.set()
        self.observer.stop()
        self.http.shutdown()
        self.http.server_close()
        self.observer.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=60)


def _echo(settings: Settings) -> Callable[[Preview], None]:
    """Print each build's problems on the terminal as well."""

    def echo(preview: Preview) -> None:
        with preview.lock:
            problems, failure = list(preview.problems), preview.failure
        report = format_report(problems, settings.lang, "text")
        errors = sum(p.level.is_error() for p in problems)
        lines = [report] if report else []
        lines += [failure] if failure else []
        lines.append(message("serve-summary", settings.lang, errors=errors, warnings=len(problems) - errors))
        print("\n".join(lines), file=sys.stderr, flush=True)

    return echo


def editor(settings: Settings) -> tuple[dict[str, Api], dict[str, Path]]:
    """The CMS at /admin/ and its local backend at /api/v1 (empty when Decap CMS is not installed)."""
    from generator.tools import cms
    from generator.tools.cmsbackend import Backend

    if not cms.installed():
        return {}, {}
    admin = cms.write_admin(settings.work_dir / "admin", settings.root, settings.lang, settings.today)
    return {cms.API: Backend(settings.root, lang=settings.lang)}, {"/admin/decap/": cms.DECAP_DIST, "/admin/": admin}


def run(settings: Settings, port: int) -> int:
    """Serve, with the CMS when it is installed, until interrupted (Ctrl+C)."""
    api, static = editor(settings)
    try:
        server = LiveServer(settings, port, notify=_echo(settings), api=api, static=static)
    except OSError as err:
        print(message("serve-port-busy", settings.lang, port=port, detail=err.strerror), file=sys.stderr)
        return 1
    server.start()
    print(message("serve-started", settings.lang, url=server.url), flush=True)
    print(message("cms-admin-at" if static else "cms-not-installed", settings.lang, url=server.url + "admin/"),
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
