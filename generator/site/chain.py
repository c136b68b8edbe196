"""The mobilisation chain: from the street or township down to each building or villager group, as one page.

Each level names the roles that staff it (`LEVELS`, from the role list of
`content.schema.Role`) and the story tags that tell of work there; the page
shows, per level, its roles, the model workers holding one of them, and the
stories that name such a worker or carry such a tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import StoryItem, WorkerItem
from generator.content.schema import Role
from generator.site.pages import Context, Page, page
from generator.site.pieces import StoryCard, WorkerCard, has_picture, story_cards, worker_cards

URL = "themes/mobilisation/chain/"


@dataclass(frozen=True)
class Level:
    """One level of the chain: its strings' key, the roles at it and the story tags (Chinese names) of its work."""

    key: str
    roles: tuple[Role, ...]
    tags: tuple[str, ...]


LEVELS: tuple[Level, ...] = (
    Level("township", (Role.TOWNSHIP_CADRE,), ("宣传动员", "物资配送")),
    Level("community", (Role.COMMITTEE_DIRECTOR, Role.VILLAGE_COMMITTEE_DIRECTOR, Role.VILLAGE_PARTY_SECRETARY,
                        Role.COMMITTEE_MEMBER, Role.COMMUNITY_WORKER, Role.HEALTH_COMMITTEE_DIRECTOR,
                        Role.HEALTH_COMMITTEE_MEMBER, Role.COMMUNITY_DOCTOR, Role.COMMUNITY_POLICE),
          ("公共卫生委员会", "三人小组", "家庭医生")),
    Level("grid", (Role.GRID_WORKER,), ("网格管理", "警网联动", "夜间值守")),
    Level("building", (Role.BUILDING_HEAD, Role.VILLAGER_GROUP_LEADER, Role.PARTY_MEMBER, Role.VOLUNTEER),
          ("楼栋长", "上门走访", "微信群", "志愿服务", "农村防控")),
)
"""Street/township → community/village → grid → building or villager group, with party members and volunteers."""


@dataclass(frozen=True)
class LevelSection:
    key: str
    title: str
    description: str
    roles: tuple[str, ...]
    workers: list[WorkerCard]
    stories: list[StoryCard]


def workers_at(level: Level, workers: list[WorkerItem]) -> list[WorkerItem]:
    return [w for w in workers if w.record.role in level.roles]


def stories_at(level: Level, stories: list[StoryItem]) -> list[StoryItem]:
    """The stories naming a worker of the level, or carrying one of its tags."""
    return [s for s in stories
            if any(w.record.role in level.roles for w in s.workers) or any(t.zh in level.tags for t in s.tags)]


def chain_page(ctx: Context) -> Page:
    here = ctx.at(URL)
    t = ctx.t
    sections = []
    eager = True
    for level in LEVELS:
        stories = story_cards(ctx, here, stories_at(level, ctx.site.stories), eager=eager)
        eager = eager and not has_picture(stories)
        workers = worker_cards(ctx, here, workers_at(level, ctx.site.workers), eager=eager)
        eager = eager and not has_picture(workers)
        sections.append(LevelSection(level.key, t(f"chain_{level.key}"), t(f"chain_{level.key}_desc"),
                                     tuple(t(f"role_{r.value}") for r in level.roles), workers, stories))
    return page(ctx, here, "chain.html", t("chain_title"), intro=t("chain_intro"), levels=sections,
                theme=here.link("themes/mobilisation/"))
