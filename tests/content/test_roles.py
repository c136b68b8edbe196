"""Roles of model workers (generator/content/schema.py::Role): urban communities and villages alike, each named in
every edition, offered by `guardians new` and the CMS, and listed in the docs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, WORKER
from markupsafe import escape
from rendered import pages

from generator.config import PROJECT
from generator.content.load import load_tree
from generator.content.model import build_site
from generator.content.schema import Role
from generator.content.validate import validate_tree
from generator.editions import edition
from generator.tools import cms
from generator.tools.scaffold import FORMS, label

VILLAGE_ROLES = {
    "village-committee-director": ("村委会主任", "Villagers' committee director", "村委會主任"),
    "village-party-secretary": ("村党组织书记", "Village Party organisation secretary", "村黨組織書記"),
    "party-member": ("党员", "Party member", "黨員"),
    "villager-group-leader": ("村民小组长", "Villager group leader", "村民小組長"),
    "health-committee-director": ("公共卫生委员会主任", "Public health committee director", "公共衛生委員會主任"),
    "committee-member": ("村（居）委会委员", "Villagers' or residents' committee member", "村（居）委會委員"),
}
URBAN_ROLES = ["community-worker", "grid-worker", "building-head", "volunteer", "health-committee-member",
               "community-doctor", "committee-director", "community-police"]


def test_the_urban_roles_are_kept_and_the_village_roles_added() -> None:
    assert [r.value for r in Role] == URBAN_ROLES + list(VILLAGE_ROLES) + ["township-cadre"]


@pytest.mark.parametrize("role", list(VILLAGE_ROLES))
def test_each_new_role_is_named_in_every_edition(role: str) -> None:
    names = tuple(edition(lang).strings()(f"role_{role}") for lang in ("zh", "en", "zh-hant"))
    zh, en, _ = VILLAGE_ROLES[role]
    assert names == (zh, en, edition("zh-hant").convert(zh))


@pytest.mark.parametrize("lang", ["zh", "en", "zh-hant"])
def test_no_two_roles_share_a_name(lang: str) -> None:
    t = edition(lang).strings()
    names = [t(f"role_{r.value}") for r in Role]
    assert len(set(names)) == len(names)
    assert "居委会主任" not in t("role_village-committee-director")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_a_worker_with_any_role_is_published_with_its_name(tree: Callable[..., Path], role: str) -> None:
    root = tree({"content/workers/chen-xiaoli/index.zh.md": WORKER.replace("role: grid-worker", f"role: {role}")})
    valid = validate_tree(load_tree(root), today=TODAY)
    assert [p for p in valid.problems if p.level.is_error()] == []
    site = build_site(valid, today=TODAY)
    for lang in ("zh", "en", "zh-hant"):
        body = pages(site, lang)["workers/chen-xiaoli/"].body
        assert str(escape(edition(lang).strings()(f"role_{role}"))) in body


def test_the_sample_village_director_is_labelled_as_one() -> None:
    valid = validate_tree(load_tree(PROJECT), today=TODAY)
    worker = next(e for e in valid.entries if e.slug == "wu-xiuying")
    assert worker.record.role is Role.VILLAGE_COMMITTEE_DIRECTOR


def test_guardians_new_and_the_cms_offer_every_role(tree: Callable[..., Path]) -> None:
    for lang in ("zh", "en"):
        asked = label(FORMS["worker"], "role", lang)
        assert all(r.value in asked for r in Role), asked
    workers = next(c for c in cms.config(tree())["collections"] if c["name"] == "workers")
    role = next(f for f in workers["fields"] if f["name"] == "role")
    assert [option["value"] for option in role["options"]] == [r.value for r in Role]
    assert all(option["label"] and option["label"] != option["value"] for option in role["options"])


@pytest.mark.parametrize("doc", ["docs/content-model.zh.md", "docs/content-model.en.md", "docs/templates/worker.md"])
def test_the_docs_list_every_role(doc: str) -> None:
    text = (PROJECT / doc).read_text(encoding="utf-8")
    missing = [r.value for r in Role if not re.search(rf"(?<![\w-]){re.escape(r.value)}(?![\w-])", text)]
    assert missing == []
