"""The search box's aid files (`forgiving.link_aids`) made from nothing, then again from what the last build kept.

    PYTHONPATH=$PWD .venv/bin/python bench/aids.py BUNDLE [--scratch DIR] [--runs 3]

BUNDLE is a merged search bundle (a built site's `pagefind/`); it is only read:
DIR gets a hard-linked copy of it without its aid files, and one after an edit
(page 7 of each language with another title and text, its fragment under a new
name, each language's metadata under a new name). Each round runs `link_aids`
in a fresh process, as a build does: on the copy with no work folder (cold), on
the copy again with the record's key made stale (the cache, the same bundle),
and on the edited copy (the cache, one new fragment a language). The files made
from the cache are compared with those `write_aids` makes from nothing for the
same bundle. Wall and CPU seconds of each step, medians.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TITLES = {"en": "An edited headline about watershed volunteers", "zh": "修改后的标题：凌晨四点的网格",
          "zh-hant": "修改後的標題：凌晨四點的網格"}
"""The edited page's title in each language (new phrases for the homophone table)."""
STEPS = ("cold", "same bundle, key stale", "one story edited")


def copy(bundle: Path, to: Path) -> Path:
    """A copy of `bundle` of hard links, without its aid files (nothing here writes a file of it in place)."""
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(bundle, to, copy_function=os.link, ignore=shutil.ignore_patterns("cg-*"))
    return to


def edited(bundle: Path, to: Path) -> Path:
    """A copy of `bundle` after a one-story edit: page 7 of each language with another title and text."""
    from generator.search.bundle import ENTRY, blob, read_blob

    copy(bundle, to)
    entry = json.loads((to / ENTRY).read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta = read_blob(bundle / f"pagefind.{info['hash']}.pf_meta")
        name = meta[1][7][0]
        data = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        at = data.index(b"{")
        page = json.loads(data[at:])
        page["meta"]["title"] = TITLES.get(lang, TITLES["en"])
        page["content"] = f"Freshly rewritten paragraphs mention watershed volunteers. {page['content']}"
        meta[1][7][0] = f"{name}e"
        (to / "fragment" / f"{name}e.pf_fragment").write_bytes(
            gzip.compress(data[:at] + json.dumps(page, ensure_ascii=False).encode("utf-8"), mtime=0))
        (to / f"pagefind.{info['hash']}.pf_meta").unlink()
        info["hash"] = f"{lang}_edited0001"
        (to / f"pagefind.{info['hash']}.pf_meta").write_bytes(blob(meta))
    (to / ENTRY).unlink()
    (to / ENTRY).write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    return to


def one(bundle: Path, work: Path) -> None:
    """One `link_aids` (in this process); its wall and CPU seconds as JSON."""
    from generator.search.forgiving import link_aids
    from generator.search.index import GRAMS_MARK

    wall, cpu = time.perf_counter(), time.process_time()
    link_aids(bundle, work, GRAMS_MARK)
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))


def fresh(bundle: Path, work: Path) -> dict[str, float]:
    """`one` in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--one", str(bundle), str(work)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path, nargs="?")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/cg-bench-aids"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    from generator.search.forgiving import write_aids
    from generator.search.index import GRAMS_MARK

    scratch = args.scratch
    changed = edited(args.bundle, scratch / "edited")
    expected = scratch / "from-nothing"
    shutil.rmtree(expected, ignore_errors=True)
    expected.mkdir(parents=True)
    languages = json.loads((changed / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    write_aids(changed, expected, GRAMS_MARK, [lang for lang in languages if lang.startswith("zh")])
    times: dict[str, list[dict[str, float]]] = {step: [] for step in STEPS}
    for run in range(args.runs):
        work = scratch / "work" / "aids"
        shutil.rmtree(work.parent, ignore_errors=True)
        work.parent.mkdir(parents=True)
        times["cold"].append(fresh(copy(args.bundle, scratch / "cold"), work))
        work.with_suffix(".json").write_text('{"key": "stale"}', encoding="utf-8")
        times["same bundle, key stale"].append(fresh(copy(args.bundle, scratch / "again"), work))
        times["one story edited"].append(fresh(copy(changed, scratch / "edit"), work))
        same = files(work) == files(expected)
        print(f"run {run + 1}: " + ", ".join(f"{step} {t[-1]['wall']:.2f} s" for step, t in times.items())
              + f"; the edit's files {'are' if same else 'ARE NOT'} those made from nothing", flush=True)
        if not same:
            sys.exit(1)
    print(f"medians of {args.runs} (load average {os.getloadavg()[0]:.2f}):")
    for step, found in times.items():
        print(f"  {step}: wall {statistics.median(t['wall'] for t in found):.2f} s, "
              f"CPU {statistics.median(t['cpu'] for t in found):.2f} s")


if __name__ == "__main__":
    main()
