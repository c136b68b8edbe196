"""The 公示 list: what the notice shows of each nominee, its digest, and the list as published and amended.

An award records its notice list as published (`Award.notice`, written by `guardians notice record`): each
nominee's name and a digest of what the notice shows of them. From then on the list the nominations make must be
that list as corrected by the award's amendments; any other difference (a nominee added, removed or changed
quietly) is reported by `differences` and refuses the award. Pure: reads no file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from generator.content.schema import Amendment, Award, Nomination, NominationStatus, NoticeEntry


def shown(nomination: Nomination, worker: Any | None) -> dict[str, str]:
    """What the notice shows of a nominee, as written: name, gender, place, community, post, bureau and reason."""
    fields = {"bureau": nomination.bureau, "reason": nomination.reason}
    if nomination.organisation is not None:
        org = nomination.organisation
        return fields | {"name": org.name, "city": org.city, "district": org.district or ""}
    if worker is not None:
        fields |= {"name": worker.name, "gender": worker.gender.value if worker.gender else "", "city": worker.city,
                   "district": worker.district or ""}
    post = nomination.post or (worker.role.value if worker is not None else "")
    community = nomination.community or (worker.community if worker is not None else "")
    return fields | {"post": post, "community": community}


def digest(fields: dict[str, str]) -> str:
    """Sixteen hex digits of SHA-256 over the fields, sorted by name: the same shown text, the same digest."""
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entry(nomination: Nomination, worker: Any | None) -> NoticeEntry:
    """A nominee as the notice list records them."""
    fields = shown(nomination, worker)
    return NoticeEntry(name=fields.get("name") or nomination.worker or "", digest=digest(fields))


def expected(award: Award) -> dict[str, NoticeEntry]:
    """The list as published and corrected by every amendment, in order; empty without a record."""
    if award.notice is None:
        return {}
    listed = dict(award.notice.nominees)
    for amendment in award.amendments:
        for slug in amendment.removed:
            listed.pop(slug, None)
        listed.update(amendment.added)
        listed.update(amendment.changed)
    return listed


def on_list(slug: str, status: NominationStatus, award: Award) -> bool:
    """Whether a nomination belongs on the notice: standing, or marked not awarded after being listed (the
    outcome of the 公示 does not rewrite the notice); a withdrawn one never."""
    if status is NominationStatus.NOMINATED:
        return True
    return status is NominationStatus.NOT_AWARDED and slug in expected(award)


@dataclass(frozen=True)
class Difference:
    """One nominee whose place on the list differs from the record."""

    slug: str
    kind: str
    """`added` (on the list, not recorded), `removed` (recorded, not on the list) or `changed` (digest differs)."""
    name: str
    recorded: str
    """The recorded digest; empty for an added nominee."""
    found: str
    """The digest now; empty for a removed nominee."""


def differences(award: Award, now: dict[str, NoticeEntry]) -> list[Difference]:
    """How the list the nominations make (`now`, by slug) differs from the recorded list as amended."""
    listed = expected(award)
    found = [Difference(s, "added", e.name, "", e.digest) for s, e in now.items() if s not in listed]
    found += [Difference(s, "removed", e.name, e.digest, "") for s, e in listed.items() if s not in now]
    found += [Difference(s, "changed", now[s].name, e.digest, now[s].digest) for s, e in listed.items()
              if s in now and now[s].digest != e.digest]
    return sorted(found, key=lambda d: d.slug)


def amend(award: Award, now: dict[str, NoticeEntry], **fields: Any) -> Amendment:
    """The amendment that covers every difference between the recorded list and `now`."""
    found = differences(award, now)
    listed = expected(award)
    return Amendment(
        added={d.slug: now[d.slug] for d in found if d.kind == "added"},
        removed={d.slug: listed[d.slug].name for d in found if d.kind == "removed"},
        changed={d.slug: now[d.slug] for d in found if d.kind == "changed"}, **fields)
