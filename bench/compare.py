"""Two commits' `bench/run.py` back to back: the same tree, runs interleaved, medians.

    .venv/bin/python bench/compare.py BEFORE AFTER [--runs 3] [--scale 1] [--scratch DIR] [-- bench/run.py options]

BEFORE and AFTER are git revisions (or folders already holding a checkout).
Each revision is checked out once into DIR (`git worktree add --detach`) and
runs its own `bench/run.py` with `PYTHONPATH` at its checkout, so each side
builds with its own code. The tree is made once, by AFTER's bench, and given to
both (`--keep-tree`); each side then builds once unmeasured to fill its own
photo cache, and the measured runs alternate (BEFORE, AFTER, BEFORE, …) so
that both see the same noise. Each run's wall and CPU seconds are taken from
outside the bench process (`RUSAGE_CHILDREN`: every process it waited for,
forked or not, the bench's own small share included) along with the total and
stages the bench reports, and the whole machine's busy CPU seconds (`/proc/stat`), which
also count processes no one waited for. `--no-warm-up` skips the unmeasured builds when the
scratch folder's tree and photo caches are already made. A Markdown table of medians is printed and the runs
are written to DIR/compare.json. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
_RUN = re.compile(r"^\S+ run 1: ([\d.]+) s (\{.*\})$", re.M)
"""bench/run.py's line for one measured run: its total and its stages as JSON."""


def checkout(revision: str, scratch: Path) -> Path:
    """A folder holding `revision`: itself when it is one, else a detached worktree under `scratch`."""
    if Path(revision).is_dir():
        return Path(revision).resolve()
    folder = scratch / re.sub(r"[^\w.-]", "_", revision)
    if not folder.is_dir():
        subprocess.run(["git", "-C", str(PROJECT), "worktree", "add", "--detach", str(folder), revision], check=True)
    return folder


def run_once(code: Path, scratch: Path, scale: str, options: list[str], log: Path) -> dict[str, object]:
    """One `bench/run.py` build of warm photos with `code`'s generator; its wall, CPU and reported figures."""
    command = [sys.executable, str(code / "bench" / "run.py"), "--keep-tree", "--scale", scale, "--scratch",
               str(scratch), "--scenarios", "warm-photos", "--runs", "1", "--no-hugo", "--no-profile",
               "--serve-edits", "0", *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = machine_busy()
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        subprocess.run(command, cwd=code, env=os.environ | {"PYTHONPATH": str(code)}, stdout=out,
                       stderr=subprocess.STDOUT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    machine = machine_busy() - busy
    found = _RUN.search(log.read_text(encoding="utf-8"))
    total, stages = (float(found.group(1)), json.loads(found.group(2))) if found else (None, {})
    return {"wall": round(wall, 1), "cpu": round(cpu, 1), "machine": round(machine, 1), "build": total,
            "stages": stages}


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (`/proc/stat`: all but idle and iowait).

    Unlike `RUSAGE_CHILDREN` it also counts processes no one waited for
    (a grandchild left to init), so on an idle machine it is the build's CPU.
    """
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def median(runs: list[dict[str, object]], key: str) -> float | None:
    values = [float(r[key]) for r in runs if r.get(key) is not None]  # type: ignore[arg-type]
    return round(statistics.median(values), 1) if values else None


def table(names: tuple[str, str], runs: dict[str, list[dict[str, object]]]) -> str:
    """Medians per side: the build's total, the bench process's wall and CPU, and every stage."""
    stages = list(dict.fromkeys(s for side in names for r in runs[side] for s in r["stages"]))  # type: ignore[attr-defined]
    lines = [f"| | {names[0]} | {names[1]} |", "|---|---:|---:|"]
    for key, label in (("build", "build total (s)"), ("wall", "bench wall (s)"), ("cpu", "CPU, processes waited for (s)"),
                       ("machine", "CPU, whole machine (s)")):
        lines.append(f"| {label} | {median(runs[names[0]], key)} | {median(runs[names[1]], key)} |")
    for stage in stages:
        cells = [statistics.median(r["stages"][stage] for r in runs[side] if stage in r["stages"])  # type: ignore
                 if any(stage in r["stages"] for r in runs[side]) else None for side in names]  # type: ignore
        lines.append(f"| {stage} | " + " | ".join("–" if c is None else f"{c:.1f}" for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--scratch", type=Path, default=BENCH / "compare")
    parser.add_argument("--no-warm-up", action="store_true", help="the scratch folder's photo caches are warm already")
    argv = sys.argv[1:] if argv is None else argv
    options = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    args.options = options
    scratch = args.scratch.resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    names = (args.before, args.after)
    code = {name: checkout(name, scratch) for name in names}
    sides = {name: scratch / f"side-{i}" for i, name in enumerate(names)}
    tree = f"tree-{float(args.scale):g}"
    sides[args.after].mkdir(exist_ok=True)
    if not args.no_warm_up:  # the tree, and AFTER's photos
        run_once(code[args.after], sides[args.after], args.scale, args.options, scratch / "warm-up-after.log")
    sides[args.before].mkdir(exist_ok=True)
    if not (sides[args.before] / tree).exists():
        (sides[args.before] / tree).symlink_to(sides[args.after] / tree)
    if not args.no_warm_up:
        run_once(code[args.before], sides[args.before], args.scale, args.options, scratch / "warm-up-before.log")
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in names}
    for n in range(args.runs):
        for i, name in enumerate(names):
            runs[name].append(run_once(code[name], sides[name], args.scale, args.options, scratch / f"run-{n}-{i}.log"))
            print(name, runs[name][-1]["build"], runs[name][-1]["cpu"], runs[name][-1]["machine"], flush=True)
    (scratch / "compare.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print(table(names, runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
