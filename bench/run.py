"""Province-scale build benchmark: per-stage times, peak memory, CPU, pages per second, and Hugo and Pagefind for scale.

    .venv/bin/python bench/run.py --scale 1          (make bench)
    .venv/bin/python bench/run.py --scale 0.02       (a quick run)

Makes the synthetic tree (bench/make_province.py), then times five kinds of
build, each as the median of `--runs` runs, every build in a fresh process
so that its peak memory is its own:

* cold — empty photo cache, no staging, no site;
* warm photos — photo cache kept, staging and site removed (a cold site);
* no change — a build right after a build;
* touched — one story saved again unchanged (its content is compared: nothing to do);
* one story edited — a sentence added to one story's Chinese text.

Then it runs `guardians serve` on the tree and edits `--serve-edits` stories
one after another, timing how long each takes to be shown (the quick
preview) and to be published by the full rebuild. Then it profiles
(cProfile) the slowest of the generator's own stages in a warm-photos build, prints a Markdown table and writes
JSON to bench/results/.

The peers: after each run of the scenario set beside them (warm photos, or
else cold), Hugo builds the same staged Markdown (bench/hugo/ holds its
minimal layout), then the Pagefind our build runs indexes Hugo's output, so
that both sides see the same noise. CPU time counts every process a run
starts, forked or not: the benchmark is their subreaper and waits for all.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
import make_province  # noqa: E402

TODAY = date(2026, 11, 28)
SCENARIOS = ("cold", "warm-photos", "no-change", "touched", "one-edit")
OUTSIDE = ("mkdocs", "photos", "index")
"""Stages that are not the generator's own work: mkdocs, image encoding and the search index."""
EDIT_MARK = "（基准测试修改）"


# --- one build in a fresh process ------------------------------------------------------


def child(root: Path, work: Path, out: Path, profile: str | None, profile_out: Path | None,
          executor: str | None) -> None:
    """Build once and print what happened as JSON (run in a fresh process by `measure`).

    The end of each stage is printed as `stage <name>` when it happens, for
    the memory sampler in `measure`: this process runs no thread of its own,
    as `guardians build` runs none, since the build's scheduler forks its
    children. `profile` is "<stage before>:<stage>": cProfile runs
    between the ends of the two.
    """
    from generator.build import build
    from generator.config import Settings

    settings = Settings(root=root, out=out, today=TODAY, work=work)
    profiler = cProfile.Profile()
    order: list[str] = []
    after = profile.split(":")[0] if profile else None
    """The profiled stage starts when this one ends ("" for the first stage)."""
    stage_profiled = profile.split(":")[1] if profile else None

    def progress(stage: str) -> None:
        order.append(stage)
        print(f"stage {stage}", flush=True)
        if stage == stage_profiled:
            profiler.disable()
        if stage == after:
            profiler.enable()

    if stage_profiled == "verify":
        from generator.publish import verify as verifying

        verifying.PARALLEL_FROM = 10**9  # profile in this process: cProfile does not follow worker processes
    if after == "":
        profiler.enable()
    from generator.scheduler import Scheduler

    start = time.perf_counter()
    with Scheduler(executor=executor) as scheduler:
        result = build(settings, progress=progress, scheduler=scheduler)
    total = time.perf_counter() - start
    if profile and profile_out:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
        profile_out.write_text(stream.getvalue(), encoding="utf-8")
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    me, children = (u.ru_maxrss for u in usage)
    print(json.dumps({"timings": result.timings, "total": total, "order": order, "peak_self_mb": me / 1024,
                      "peak_children_mb": children / 1024}))  # CPU time: counted by `measure` over all processes


def serve_child(root: Path, work: Path, out: Path, edits: int) -> None:
    """`guardians serve` on the tree: after its first build, edit `edits` stories one at a time and time how
    long each takes to be shown (quick preview) and to be published by the full rebuild (printed as JSON)."""
    import urllib.request

    from generator.config import Settings
    from generator.serve.server import LiveServer

    server = LiveServer(Settings(root=root, out=out, today=TODAY, work=work), port=0)
    start = time.perf_counter()
    server.start()
    if not server.wait_for(1, timeout=7200):
        raise RuntimeError("the first build did not finish")
    first = time.perf_counter() - start
    while not server.quick.ready:  # after a first build that had nothing to do, serve gathers the model and
        time.sleep(0.05)           # compiles the theme with a first preview
        if time.perf_counter() - start > 7200:
            raise RuntimeError("serve did not get ready for previews")
    warm = time.perf_counter() - start - first
    shown, published = [], []
    stories = sorted((root / "stories").glob("*/*/index.zh.md"))
    for i in range(edits):
        story = stories[len(stories) // 2 + i]
        url = server.url + story.parent.relative_to(root).as_posix() + "/"
        mark = f"{EDIT_MARK}serve{time.time_ns()}"  # new to the tree, whatever earlier runs appended
        generation = server.preview.generation
        began = time.perf_counter()
        story.write_text(story.read_text(encoding="utf-8") + f"\n{mark}\n", encoding="utf-8")
        while mark not in urllib.request.urlopen(url, timeout=60).read().decode("utf-8"):
            time.sleep(0.02)
        shown.append(time.perf_counter() - began)
        if not server.wait_for(generation + 1, timeout=7200):
            raise RuntimeError("the rebuild did not finish")
        published.append(time.perf_counter() - began)
    server.stop()
    print(json.dumps({"first_build": first, "warm": warm, "shown": shown, "published": published,
                      "peak_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure_serve(root: Path, work: Path, out: Path, edits: int) -> dict:
    """`serve_child` in a fresh process, from a site built from this very tree."""
    measure(root, work, out)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--serve-child", str(root), str(work), str(out), str(edits)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT)
    if done.returncode != 0:
        raise RuntimeError(f"serve failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants together (PSS, kB), keeping the peak.

    getrusage gives the peak of this process and of the largest child, but
    the language builds run side by side: what the machine needs is their sum.
    """

    def __init__(self, root: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.root = root
        self.every = every
        self.peak = 0
        self.stage_peak = 0
        """The peak since the last stage ended (`end_stage`)."""
        self.stages: dict[str, int] = {}
        """The peak during each stage, by the name of the stage."""
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            now = self.sample()
            self.peak = max(self.peak, now)
            self.stage_peak = max(self.stage_peak, now)

    def end_stage(self, stage: str) -> None:
        """Record the peak of the stage that just ended and start the next one's."""
        self.stages[stage] = max(self.stages.get(stage, 0), self.stage_peak, self.sample())  # render, assemble: more than once
        self.stage_peak = 0

    def stop(self) -> None:
        self.done.set()
        self.join()

    def sample(self) -> int:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        tree, total = {self.root}, 0
        changed = True
        while changed:
            grown = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= grown
            changed = bool(grown)
        for pid in tree:  # proportional set size: pages shared after fork are counted once in all
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
        return total


def become_subreaper() -> None:
    """Make this process the reaper of every process its builds start, so that a process whose parent exits
    without waiting for it (a fork server's child, a pool's worker) is waited for here and its CPU time is counted
    by `reaped_cpu`, forked or not (Linux's PR_SET_CHILD_SUBREAPER)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reaped_cpu() -> float:
    """CPU seconds (user and system) of every process waited for by this one so far, after waiting for orphans
    handed to it (`become_subreaper`)."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of a command, all its processes counted."""
    cpu = reaped_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{Path(cmd[0]).name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return wall, reaped_cpu() - cpu


def measure(root: Path, work: Path, out: Path, *, profile: str | None = None,
            profile_out: Path | None = None) -> dict:
    """One build in a fresh Python process, with its pages, size, peak memory and the CPU time of all its
    processes."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(root), str(work), str(out)]
    if profile:
        cmd += ["--profile-stage", profile, "--profile-out", str(profile_out)]
    cpu = reaped_cpu()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=PROJECT)
        sampler = TreeMemory(proc.pid)
        sampler.start()
        said = []
        assert proc.stdout is not None
        for line in proc.stdout:
            said.append(line)
            if line.startswith("stage "):
                sampler.end_stage(line.split()[1])
        proc.wait()
        sampler.stop()
        if proc.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode("utf-8", errors="replace")
            raise RuntimeError(f"build failed:\n{''.join(said)[-3000:]}\n{stderr[-3000:]}")
    run = json.loads(said[-1])
    run["cpu_s"] = reaped_cpu() - cpu
    pages, size = site_size(out)
    run |= {"pages": pages, "bytes": size, "peak_tree_mb": sampler.peak / 1024,
            "stage_peak_mb": {k: v / 1024 for k, v in sampler.stages.items()}}
    run["peak_mb"] = max(run["peak_self_mb"], run["peak_children_mb"], run["peak_tree_mb"])
    return run


def site_size(site: Path) -> tuple[int, int]:
    """HTML pages, and bytes on disk counting each hard-linked file once."""
    pages, size, seen = 0, 0, set()
    for folder, _, names in os.walk(site):
        for name in names:
            st = os.stat(os.path.join(folder, name))
            pages += name.endswith(".html")
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                size += st.st_size
    return pages, size


# --- scenarios ---------------------------------------------------------------------------


def scenario(name: str, root: Path, work: Path, out: Path, run: int, *, synced: bool) -> dict:
    """Prepare the state a scenario starts from, then build; `synced`: the last build saw this tree."""
    if name in ("no-change", "touched", "one-edit") and not synced:
        measure(root, work, out)  # start from a site built from this very tree
    if name == "cold":
        for path in (work, out):
            shutil.rmtree(path, ignore_errors=True)
    elif name == "warm-photos":  # all but the photo cache: every record of the last build, staging, index, site
        for path in [*(p for p in work.iterdir() if p.name != "cache"), out] if work.is_dir() else [out]:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    elif name == "touched":  # saved again, not changed: known by its content
        os.utime(sorted((root / "stories").glob("*/*/index.zh.md"))[run])
    elif name == "one-edit":
        story = sorted((root / "stories").glob("*/*/index.zh.md"))[len(SCENARIOS) + run]
        story.write_text(story.read_text(encoding="utf-8") + f"\n{EDIT_MARK}{run}\n", encoding="utf-8")
    cache = work / "cache" / "photos"
    before = derivatives(cache)
    os.sync()  # the file system settled: what the last run wrote and removed is on disk, not in this run's time
    result = measure(root, work, out)
    result["new_derivatives"] = len(derivatives(cache) - before)
    return result


def derivatives(cache: Path) -> set[str]:
    """The photo derivatives in the cache (what an encode adds to)."""
    return {p.name for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")} if cache.exists() else set()


def median_run(runs: list[dict]) -> dict:
    """Medians of every figure over the runs (peak memory: the largest)."""
    stages = sorted({k for r in runs for k in r["timings"]}, key=lambda k: runs[0]["timings"].get(k, 99))
    keys = list(runs[0]["timings"])
    stages = keys + [k for k in stages if k not in keys]
    return {
        "runs": len(runs),
        "timings": {k: statistics.median(r["timings"].get(k, 0.0) for r in runs) for k in stages},
        "total": statistics.median(r["total"] for r in runs),
        "all_totals": [round(r["total"], 2) for r in runs],
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "stage_peak_mb": {k: max(r.get("stage_peak_mb", {}).get(k, 0.0) for r in runs) for k in stages},
        "new_derivatives": max(r["new_derivatives"] for r in runs),
        "pages": runs[-1]["pages"],
        "bytes": runs[-1]["bytes"],
    }


def generator_share(result: dict) -> float:
    """Seconds of the generator's own stages: everything but mkdocs, image encoding and the index."""
    return sum(v for k, v in result["timings"].items() if not k.startswith(OUTSIDE))


# --- Hugo --------------------------------------------------------------------------------


def hugo_tree(staging: Path, site: Path) -> int:
    """The staged Markdown of every language as one multilingual Hugo site; returns the page count."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(BENCH / "hugo" / "layouts", site / "layouts")
    shutil.copytree(BENCH / "hugo" / "static", site / "static")
    langs = sorted(p.name for p in staging.iterdir() if (p / "docs").is_dir())
    count = 0
    for lang in langs:
        docs = staging / lang / "docs"
        for path in docs.rglob("*.md"):
            rel = path.relative_to(docs)
            target = site / "content" / lang / rel.with_name("_index.md" if rel.name == "index.md" else rel.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
            count += 1
    languages = "\n".join(
        f'[languages.{lang}]\n  contentDir = "content/{lang}"\n  weight = {i + 1}\n  languageName = "{lang}"\n'
        for i, lang in enumerate(["zh"] + [lang for lang in langs if lang != "zh"]))
    (site / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "社区守护者"\ndefaultContentLanguage = "zh"\nrelativeURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n'
        "[markup.goldmark.renderer]\n  unsafe = true\n" + languages, encoding="utf-8")
    return count


def peers_once(site: Path, binary: str) -> dict:
    """One run of each peer over the same pages: Hugo alone, then Pagefind (the version our build runs) over
    Hugo's output; wall and CPU seconds of each."""
    from pagefind_bin import get_executable

    shutil.rmtree(site / "public", ignore_errors=True)
    os.sync()  # as before each of our runs
    hugo_s, hugo_cpu = timed([binary, "--quiet", "--source", str(site)])
    index_s, index_cpu = timed([str(get_executable()), "--site", str(site / "public"), "--quiet"])
    return {"hugo": hugo_s, "hugo_cpu": hugo_cpu, "pagefind": index_s, "pagefind_cpu": index_cpu}


def peers_summary(site: Path, binary: str, runs: list[dict], markdown_files: int) -> dict:
    """Medians of the peers' runs, their versions and the size of what they made."""
    from pagefind_bin import get_executable

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    both = [r["hugo"] + r["pagefind"] for r in runs]
    pages, size = site_size(site / "public")
    return {"seconds": median("hugo"), "all": [round(r["hugo"], 2) for r in runs], "cpu_s": median("hugo_cpu"),
            "with_pagefind": statistics.median(both), "all_with_pagefind": [round(t, 2) for t in both],
            "pagefind_seconds": median("pagefind"),
            "cpu_with_pagefind": statistics.median(r["hugo_cpu"] + r["pagefind_cpu"] for r in runs),
            "markdown_files": markdown_files, "pages": pages, "bytes": size,
            "version": subprocess.run([binary, "version"], capture_output=True, text=True).stdout.strip(),
            "pagefind_version": subprocess.run([str(get_executable()), "--version"], capture_output=True,
                                               text=True).stdout.strip()}


# --- report ------------------------------------------------------------------------------


def comparable(scen: dict) -> tuple[float, str] | None:
    """Our build to set beside Hugo's: a cold site with a warm photo cache, the search index included."""
    if "warm-photos" in scen:
        return scen["warm-photos"]["total"], "warm photos, cold site, index included"
    if "cold" in scen:
        cold = scen["cold"]
        return cold["total"] - cold["timings"]["photos"], "cold build less its photo stage, index included"
    return None


def table(results: dict) -> str:
    """The results as Markdown."""
    scen = results["scenarios"]
    stages = []
    for r in scen.values():
        stages += [k for k in r["timings"] if k not in stages]
    head = "| stage | " + " | ".join(scen) + " |\n|---|" + "---:|" * len(scen) + "\n"
    rows = [f"| {k} | " + " | ".join(f"{r['timings'].get(k, 0.0):.2f}" for r in scen.values()) + " |" for k in stages]
    rows.append("| **total (s)** | " + " | ".join(f"**{r['total']:.2f}**" for r in scen.values()) + " |")
    rows.append("| generator's own stages (s) | " + " | ".join(f"{generator_share(r):.2f} ({generator_share(r) / r['total']:.0%})"
                                                        for r in scen.values()) + " |")
    rows.append("| runs (s) | " + " | ".join(", ".join(map(str, r["all_totals"])) for r in scen.values()) + " |")
    rows.append("| CPU time, build and its processes (s; cores busy on average) | " + " | ".join(
        f"{r['cpu_s']:.0f} ({r['cpu_s'] / r['total']:.2f})" for r in scen.values()) + " |")
    rows.append("| peak memory, build and its processes together (MB) | " + " | ".join(f"{r['peak_mb']:.0f}" for r in scen.values()) + " |")
    peaks = [k for k in stages if any(r.get("stage_peak_mb", {}).get(k) for r in scen.values())]
    rows.append("| peak memory during each stage (MB) | " + " | ".join(
        ", ".join(f"{k} {r['stage_peak_mb'][k]:.0f}" for k in peaks if r.get("stage_peak_mb", {}).get(k))
        for r in scen.values()) + " |")
    rows.append("| photo derivatives encoded | " + " | ".join(str(r["new_derivatives"]) for r in scen.values()) + " |")
    rows.append("| pages / s | " + " | ".join(f"{r['pages'] / r['total']:.0f}" for r in scen.values()) + " |")
    text = head + "\n".join(rows) + "\n"
    any_run = next(iter(scen.values()))
    text += f"\nsite: {any_run['pages']} HTML pages, {any_run['bytes'] / 1e6:.0f} MB\n"
    for name in ("no-change", "touched"):
        if "cold" in scen and name in scen:
            text += f"{name} build: {scen[name]['total'] / scen['cold']['total']:.1%} of a cold build\n"
    if "one-edit" in scen:
        edit = scen["one-edit"]
        rebuilt = [k[len("mkdocs-"):] for k, v in edit["timings"].items() if k.startswith("mkdocs-") and v > 0]
        text += f"one story edited: {edit['total']:.2f} s, editions rebuilt (dirty): {', '.join(rebuilt) or 'none'}\n"
    if results.get("serve"):
        serve = results["serve"]
        text += (f"`guardians serve`, one story edited ({len(serve['shown'])} edits): shown after "
                 f"{statistics.median(serve['shown']):.2f} s (median; {', '.join(f'{s:.2f}' for s in serve['shown'])}), "
                 f"published by the full rebuild after {statistics.median(serve['published']):.1f} s; "
                 f"serve's first build {serve['first_build']:.1f} s, then {serve['warm']:.1f} s to gather the model and compile the theme\n")
    h = results.get("hugo")
    if h and comparable(scen):
        ours, how = comparable(scen)
        text += (f"hugo ({h['version'].split()[0]}): {h['seconds']:.2f} s (runs {', '.join(map(str, h['all']))}; "
                 f"CPU {h['cpu_s']:.0f} s) for {h['markdown_files']} Markdown files ({h['pages']} pages); "
                 f"hugo + pagefind ({h['pagefind_version']}) over its output: {h['with_pagefind']:.2f} s "
                 f"(runs {', '.join(map(str, h['all_with_pagefind']))}; CPU {h['cpu_with_pagefind']:.0f} s)\n"
                 f"ours ({how}): {ours:.2f} s = {ours / h['seconds']:.1f}× hugo, "
                 f"{ours / h['with_pagefind']:.1f}× hugo + pagefind (runs interleaved)\n")
    if results.get("profile"):
        text += f"\nprofile of the slowest generator stage ({results['profile_stage']}):\n\n```\n"
        text += "\n".join(results["profile"].splitlines()[:40]) + "\n```\n"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, help="runs of the cold scenario (default: --runs)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--scratch", type=Path, default=BENCH / "province", help="where the tree and builds go")
    parser.add_argument("--photo-size", default="1200x900", help="story photo size WIDTHxHEIGHT")
    parser.add_argument("--keep-tree", action="store_true", help="use the tree made by an earlier run as it is")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--serve-edits", type=int, default=3, help="stories edited under `guardians serve` (0: none)")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--profile-stage", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--executor", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, args.profile_stage, args.profile_out, args.executor)
        return 0
    if args.serve_child:
        serve_child(*(Path(a) for a in args.serve_child[:3]), int(args.serve_child[3]))
        return 0

    become_subreaper()
    scratch = args.scratch.resolve()
    root, work, out = scratch / f"tree-{args.scale:g}", scratch / f"work-{args.scale:g}", scratch / f"site-{args.scale:g}"
    start = time.perf_counter()
    width, height = (int(v) for v in args.photo_size.split("x"))
    if args.keep_tree and root.is_dir():
        counts = make_province.Counts.at(args.scale)
    else:
        counts = make_province.make(root, args.scale, photo_size=(width, height))
    made = time.perf_counter() - start
    print(f"tree: {counts} in {made:.1f} s", file=sys.stderr)
    results: dict = {"scale": args.scale, "counts": vars(counts), "photo_size": args.photo_size, "cpus": os.cpu_count(),
                     "started": datetime.now(UTC).isoformat(timespec="seconds"), "scenarios": {}}
    folder = BENCH / "results"
    folder.mkdir(exist_ok=True)
    saved = folder / f"province-{args.scale:g}-{results['started'][:16].replace(':', '')}.json"
    names = args.scenarios.split(",")
    beside = "warm-photos" if "warm-photos" in names else "cold" if "cold" in names else names[0]
    """The scenario set beside Hugo (`comparable`): a peer run follows each of its runs, so both see the same noise."""
    binary = None if args.no_hugo else shutil.which("hugo")
    hugo_site, peer_runs, markdown_files = scratch / "hugo-site", [], 0
    for name in names:
        runs = []
        for i in range(args.cold_runs if name == "cold" and args.cold_runs else args.runs):
            runs.append(scenario(name, root, work, out, i, synced=bool(results["scenarios"]) or bool(runs)))
            print(f"{name} run {i + 1}: {runs[-1]['total']:.2f} s {json.dumps(runs[-1]['timings'])}", file=sys.stderr)
            if binary and name == beside:
                if not peer_runs:  # the pages our build just staged, every language
                    markdown_files = hugo_tree(work / "staging", hugo_site)
                peer_runs.append(peers_once(hugo_site, binary))
                print(f"peers run {i + 1}: {peer_runs[-1]}", file=sys.stderr)
        results["scenarios"][name] = median_run(runs)
        if binary and name == beside:
            results["hugo"] = peers_summary(hugo_site, binary, peer_runs, markdown_files)
        saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")  # partial results
    if args.serve_edits:
        results["serve"] = measure_serve(root, work, out, args.serve_edits)
        print(f"serve: {results['serve']}", file=sys.stderr)
        saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.no_profile:
        base = results["scenarios"].get("warm-photos") or next(iter(results["scenarios"].values()))
        own = {k: v for k, v in base["timings"].items() if not k.startswith(OUTSIDE)}
        slowest = max(own, key=own.get)
        laps = [k for k in base["timings"] if not k.startswith("mkdocs-")]
        after = laps[laps.index(slowest) - 1] if laps.index(slowest) else ""
        profile_file = scratch / "profile.txt"
        for path in (work / "staging", work / "search", work / "verified.json", work / "last-build.pickle", out):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        measure(root, work, out, profile=f"{after}:{slowest}", profile_out=profile_file)
        results["profile_stage"] = slowest
        results["profile"] = profile_file.read_text(encoding="utf-8")
    if results.get("hugo") and comparable(results["scenarios"]):
        ours, how = comparable(results["scenarios"])
        results["hugo_ratio"] = {"ours": ours, "how": how, "ratio": ours / results["hugo"]["seconds"],
                                 "ratio_with_pagefind": ours / results["hugo"]["with_pagefind"]}
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    report = table(results)
    print(report)
    saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"results: {saved}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
