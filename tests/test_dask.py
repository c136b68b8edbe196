"""`guardians build --executor dask://HOST:PORT`: the photo stage runs on a Dask cluster, sharing the cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main

pytest.importorskip("distributed")
import distributed.diagnostics.plugin  # noqa: E402


class Developed(distributed.diagnostics.plugin.SchedulerPlugin):
    """Counts the photo tasks (photostage._develop) the scheduler saw finish."""

    def __init__(self) -> None:
        self.count = 0

    def transition(self, key: str, start: str, finish: str, *args: object, **kwargs: object) -> None:
        if finish == "memory" and distributed.utils.key_split(key) == "develop":
            self.count += 1


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[distributed.LocalCluster, Developed]]:
    """One worker with two threads in this process (light on a shared machine), reached over TCP."""
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2, protocol="tcp",
                                  dashboard_address=":0") as local:
        developed = Developed()
        local.scheduler.add_plugin(developed)
        yield local, developed


def test_photos_are_made_on_the_cluster_once(tree: Callable[..., Path],
                                             cluster: tuple[distributed.LocalCluster, Developed]) -> None:
    local, developed = cluster
    root = tree()
    address = local.scheduler_address.replace("tcp://", "dask://")
    before = developed.count
    assert main(["build", str(root), "--today", "2026-11-28", "--executor", address]) == 0
    made = developed.count - before
    assert made == 2  # a task per source, decoded once: the story photo (gallery and share image), the portrait
    cache = root / ".guardians/cache/photos"
    assert len(list(cache.glob("*.txt"))) == 4  # the gallery, portrait and two share images
    assert any(cache.rglob("*.webp"))
    published = root / "site/media"
    assert {p.name for p in published.iterdir()} <= {p.name for p in cache.rglob("*") if p.is_file()}
    assert main(["build", str(root), "--today", "2026-11-28", "--executor", address]) == 0
    assert developed.count - before == made  # the second build found everything in the shared cache


@pytest.mark.parametrize("address, key", [("spark://x:1", "无法识别的执行器地址"), ("dask://", "无法识别的执行器地址")])
def test_unusable_addresses_are_reported(tree: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                                         address: str, key: str) -> None:
    root = tree()
    assert main(["build", str(root), "--executor", address]) == 2
    assert key in capsys.readouterr().err
    assert not (root / "site").exists()
