"""Typed records for every kind of content; each field documents itself.

Unknown keys are refused. Front matter values arrive as plain YAML data
(see `safeyaml`); dates must be written `YYYY-MM-DD`. Every text field is
refused when it shows nothing (empty, or only invisible characters), holds a
bidirectional control (which makes a title or a name display in another order
than it is written) or a control character other than a line break or a tab.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from generator.content.readertext import invisible

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def _iso_day(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise PydanticCustomError("date-format", "expected a date written YYYY-MM-DD", {"found": str(value)})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date-invalid", "no such date", {"found": value}) from None


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""The bidirectional marks, embeddings, overrides and isolates: text holding one displays in another order
than it is written (`photo\u202egpj.exe`, a program, shows as the picture `photoexe.jpg`)."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (C0 but the tab and the line break, DEL, C1): terminal escapes, carriage returns."""


def _clean_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("text-empty", "must not be empty", {})
    hidden = set(invisible(value))
    if hidden and not "".join(c for c in value if c not in hidden).strip():
        raise PydanticCustomError("text-invisible", "holds only invisible characters", {"found": value})
    for key, pattern in (("text-bidi", BIDI_CONTROLS), ("text-control", _CONTROL)):
        if found := pattern.findall(value):
            raise PydanticCustomError(key, "holds {chars}", {"chars": "".join(dict.fromkeys(found)), "found": value})
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise PydanticCustomError("slug-invalid", "expected a lowercase ASCII slug", {"found": value})
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
Text = Annotated[str, AfterValidator(_clean_text)]
Slug = Annotated[str, AfterValidator(_slug)]
OneLine = Annotated[str, AfterValidator(_clean_text), Field(max_length=120)]
EnglishLine = Annotated[str, AfterValidator(_clean_text), Field(max_length=300)]


class Record(BaseModel):
    """Base of every record: unknown keys refused, numbers read as text where text is due."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, use_attribute_docstrings=True
    )


class Theme(str, Enum):
    """The four themes of the provincial notice; guides are grouped by them."""

    MOBILISATION = "mobilisation"
    HEALTH_COMMITTEE = "health-committee"
    TRAINING = "training"
    CARE = "care"


class Audience(str, Enum):
    """Who a guide is written for."""

    RESIDENTS = "residents"
    WORKERS = "workers"
    VOLUNTEERS = "volunteers"


class Role(str, Enum):
    """A model worker's post, in an urban community or a village."""

    COMMUNITY_WORKER = "community-worker"
    GRID_WORKER = "grid-worker"
    BUILDING_HEAD = "building-head"
    VOLUNTEER = "volunteer"
    HEALTH_COMMITTEE_MEMBER = "health-committee-member"
    COMMUNITY_DOCTOR = "community-doctor"
    COMMITTEE_DIRECTOR = "committee-director"
    COMMUNITY_POLICE = "community-police"
    VILLAGE_COMMITTEE_DIRECTOR = "village-committee-director"
    VILLAGE_PARTY_SECRETARY = "village-party-secretary"
    PARTY_MEMBER = "party-member"
    VILLAGER_GROUP_LEADER = "villager-group-leader"
    HEALTH_COMMITTEE_DIRECTOR = "health-committee-director"
    COMMITTEE_MEMBER = "committee-member"
    TOWNSHIP_CADRE = "township-cadre"


class Gender(str, Enum):
    """Shown on 公示 notices where the bureau gives it."""

    FEMALE = "female"
    MALE = "male"


class StoryStatus(str, Enum):
    """Where a story is in its review; only published stories reach the site."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"

    def is_published(self) -> bool:
        return self is StoryStatus.PUBLISHED


class AwardLevel(str, Enum):
    """Which level of government gives the award."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    DISTRICT = "district"


class Recipients(str, Enum):
    """Whether an award honours people or organisations."""

    PEOPLE = "people"
    ORGANISATIONS = "organisations"


class NominationStatus(str, Enum):
    """A nomination's own status; whether it is awarded follows from the award's dates."""

    NOMINATED = "nominated"
    WITHDRAWN = "withdrawn"
    NOT_AWARDED = "not-awarded"

    def is_standing(self) -> bool:
        return self is NominationStatus.NOMINATED


# --- gazetteer ---------------------------------------------------------------


class Division(Record):
    """A county-level division: district (区), county-level city (市) or county (县)."""

    slug: Slug
    """ASCII slug used in addresses, e.g. `tianhe`."""
    zh: Text
    """Chinese name as written in content, e.g. 天河区."""
    en: Text
    """English name, e.g. Tianhe District."""


class City(Record):
    """A prefecture-level city of Guangdong."""

    slug: Slug
    """ASCII slug used in addresses, e.g. `guangzhou`."""
    zh: Text
    """Chinese name, e.g. 广州市."""
    en: Text
    """English name, e.g. Guangzhou."""
    divisions: list[Division] = []
    """Its county-level divisions (empty for Dongguan and Zhongshan)."""


class Regions(Record):
    """The gazetteer, `content/regions.yml`."""

    cities: list[City] = Field(min_length=1)
    """Every prefecture-level city with its divisions."""


class TagInfo(Record):
    """One story tag's slug and English name, from `content/tags.yml`."""

    slug: Slug
    """ASCII slug of the tag's page, e.g. `grid-management`."""
    en: Text
    """English name of the tag."""
    theme: Theme | None = None
    """The theme whose page lists the stories with this tag (`mobilisation`, `health-committee`, `training`,
    `care`), optional."""


# --- guides and policies -----------------------------------------------------


class Guide(Record):
    """Prevention knowledge: `content/guides/<slug>/index.zh.md`."""

    title: OneLine
    """Title as shown on the page and in listings."""
    theme: Theme
    """One of `mobilisation`, `health-committee`, `training`, `care`."""
    audience: list[Audience] = Field(min_length=1)
    """Who it is for: any of `residents`, `workers`, `volunteers`."""
    summary: Text
    """One or two sentences shown in listings and search results."""
    updated: Day
    """When the guidance was last checked, YYYY-MM-DD."""
    source: Text | None = None
    """Where the guidance comes from (an authority or document), optional."""


class GuideTwin(Record):
    """English twin of a guide, `index.en.md`: only the translatable fields."""

    title: EnglishLine | None = None
    """English title."""
    summary: Text | None = None
    """English summary."""
    source: Text | None = None
    """English name of the source."""


def _document_number(value: Any) -> Any:
    """Normalise the brackets of a document number: 粤民函[2022]35号 → 粤民函〔2022〕35号."""
    if isinstance(value, str):
        value = re.sub(r"[\[【（(〔](\d{4})[\]】）)〕]", r"〔\1〕", value.strip())
    return value


def _check_document_number(value: str) -> str:
    if not re.fullmatch(r"\S+〔\d{4}〕\d+号", value):
        raise PydanticCustomError("document-number", "expected a number such as 粤民函〔2022〕35号", {"found": value})
    return value


class Policy(Record):
    """An official notice: `content/policies/<slug>/index.zh.md`."""

    title: Text
    """Full title of the notice."""
    issuer: Text
    """The issuing authority, e.g. 广东省民政厅."""
    number: Annotated[str, BeforeValidator(_document_number), AfterValidator(_check_document_number)]
    """Document number, e.g. 粤民函〔2022〕35号."""
    date: Day
    """Date of issue, YYYY-MM-DD."""
    addressees: list[Text] = Field(min_length=1)
    """Who it is addressed to, e.g. [各地级以上市民政局]."""
    themes: list[Theme] = []
    """The themes the notice concerns; it is listed on their pages. Optional."""
    index_number: OneLine | None = None
    """索引号 of the government information disclosure catalogue, e.g. 006939801/2022-00035. Optional."""
    category: OneLine | None = None
    """主题分类 (subject category of the disclosure catalogue), e.g. 民政、扶贫、救灾. Optional."""
    published: Day | None = None
    """发布日期: the day the notice was published, YYYY-MM-DD; on or after `date` (成文日期). Optional."""


class PolicyTwin(Record):
    """English twin of a policy: only the translatable fields."""

    title: Text | None = None
    """English title."""
    issuer: Text | None = None
    """English name of the issuer."""
    addressees: list[Text] | None = None
    """English addressees."""


# --- workers and stories -----------------------------------------------------


class Worker(Record):
    """A model-worker profile: `content/workers/<slug>/index.zh.md`."""

    name: Text
    """Full name in Chinese."""
    name_en: Text | None = None
    """Name in English; when left out it is the pinyin of `name`, family name first."""
    gender: Gender | None = None
    """`female` or `male`; optional, shown on 公示 notices."""
    role: Role
    """Post: community-worker, grid-worker, building-head, volunteer, health-committee-member, community-doctor,
    committee-director (residents' committee), community-police, village-committee-director,
    village-party-secretary, party-member, villager-group-leader, health-committee-director, committee-member,
    township-cadre (street or township office)."""
    city: Text
    """Prefecture-level city, as named in the gazetteer (广州市, 广州 or guangzhou)."""
    district: Text | None = None
    """County-level division in that city (天河区 or tianhe); for 东莞市 and 中山市, which have none, the town may be
    given."""
    community: Text
    """Community or village committee."""
    portrait: Text
    """File name of the portrait inside the bundle, e.g. portrait.jpg."""
    portrait_focus: tuple[float, float] | None = None
    """Optional focal point [x, y] from 0 to 1 for cropping the portrait, e.g. [0.5, 0.3]."""
    deeds: OneLine
    """One-line summary of the worker's deeds."""

    @model_validator(mode="after")
    def _focus_in_range(self) -> Worker:
        if self.portrait_focus and not all(0 <= v <= 1 for v in self.portrait_focus):
            raise PydanticCustomError("focus-range", "portrait_focus values must be between 0 and 1", {})
        return self


class WorkerTwin(Record):
    """English twin of a worker profile."""

    community: Text | None = None
    """English name of the community."""
    deeds: EnglishLine | None = None
    """English one-line summary of the deeds."""


class Consent(Record):
    """The consent of the people a photo shows."""

    by: Text
    """Who consented (the person shown, or the guardian of a minor)."""
    date: Day
    """When consent was given."""
    scope: Text
    """What the consent covers, e.g. 网站及公众号宣传."""
    expires: Day | None = None
    """Until when it holds; after this day the photo is held back."""
    guardian: Text | None = None
    """The guardian who consented, when the person shown is a minor."""
    minor: StrictBool = False
    """True when the photo shows a minor; a guardian is then required."""

    @model_validator(mode="after")
    def _guardian_for_minor(self) -> Consent:
        if self.minor and not self.guardian:
            raise PydanticCustomError("guardian-required", "a minor's consent needs a guardian", {})
        return self


class Photo(Record):
    """One photo of a story, shown in its gallery."""

    file: Text
    """File name inside the story's folder."""
    caption: Text
    """What the photo shows; also its alternative text for screen readers."""
    credit: Text
    """Who took it or holds the rights."""
    people: StrictBool = False
    """True when identifiable people are shown; then `consent` is required."""
    consent: Consent | None = None
    """Consent record of the people shown."""


class Story(Record):
    """A submitted story: `stories/<year>/<slug>/index.zh.md`."""

    title: OneLine
    """Title as the author writes it."""
    date: Day
    """Date of the events or of writing, YYYY-MM-DD; its year must match the folder."""
    city: Text
    """Prefecture-level city (广州市, 广州 or guangzhou)."""
    district: Text | None = None
    """County-level division in that city; for 东莞市 and 中山市 the town may be given."""
    community: Text
    """Community or village where it happened."""
    workers: list[Slug] = []
    """Slugs of the model workers it mentions (folder names under content/workers)."""
    tags: list[Text] = []
    """Topic tags in Chinese, each listed in content/tags.yml."""
    summary: Text
    """One or two sentences for listings and search results."""
    author: Text
    """Who wrote it."""
    unit: Text
    """The author's unit, e.g. 天河区民政局."""
    status: StoryStatus
    """`draft`, `review` or `published`; only published stories reach the site."""
    photos: list[Photo] = []
    """Photos in the story's folder, shown as a gallery."""


class StoryTwin(Record):
    """English twin of a story."""

    title: EnglishLine | None = None
    """English title."""
    summary: Text | None = None
    """English summary."""
    community: Text | None = None
    """English name of the community."""
    author: Text | None = None
    """Author's name in English."""
    unit: Text | None = None
    """English name of the author's unit."""
    captions: dict[str, Text] = {}
    """English captions by photo file name."""
    credits: dict[str, Text] = {}
    """English credits by photo file name (who took the photo or holds its rights, in English)."""


# --- awards and nominations --------------------------------------------------


class Period(Record):
    """A span of days, first and last day included."""

    start: Day
    """First day."""
    end: Day
    """Last day."""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period-order", "ends before it starts", {"start": str(self.start), "end": str(self.end)}
            )
        return self


_PHONE = re.compile(r"(?:0\d{2,3}-\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|123\d{2})\Z")
"""A landline with its area code (020-12345678, extension after a further hyphen), a mobile number, a 400/800
number or a 123xx government hotline."""
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\Z")
_POSTCODE = re.compile(r"\d{6}\Z")


def _format(key: str, pattern: re.Pattern[str]) -> Any:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError(key, "not in the expected format", {"found": value})
        return value

    return AfterValidator(check)


Phone = Annotated[str, AfterValidator(_clean_text), _format("phone-format", _PHONE)]
Email = Annotated[str, AfterValidator(_clean_text), _format("email-format", _EMAIL)]
Postcode = Annotated[str, AfterValidator(_clean_text), _format("postcode-format", _POSTCODE)]
DocumentNumber = Annotated[str, BeforeValidator(_document_number), AfterValidator(_check_document_number)]


class Feedback(Record):
    """The 公示's objection channel: published on purpose on the notice, each way of writing checked."""

    contact: Text
    """The office that receives objections (受理单位)."""
    phone: Phone
    """Public telephone for objections, e.g. 020-12345678 (area code, hyphen, number)."""
    email: Email | None = None
    """Public e-mail for objections."""
    address: Text | None = None
    """Postal address for written objections; give `postcode` with it."""
    postcode: Postcode | None = None
    """Six-digit postcode of `address`, e.g. 510030."""

    @model_validator(mode="after")
    def _postcode_with_address(self) -> Feedback:
        if (self.address is None) != (self.postcode is None):
            raise PydanticCustomError("postcode-address", "give address and postcode together", {})
        return self


class NoticeEntry(Record):
    """One nominee as the 公示 notice published them."""

    name: Text
    """The name the notice shows."""
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    """Digest of what the notice shows of the nominee (`generator.content.notice.digest`)."""


class Notice(Record):
    """The 公示 list as published, written by `guardians notice record` before the 公示 opens."""

    recorded: Day
    """The day the list was recorded; on or before the first day of the 公示."""
    nominees: dict[Slug, NoticeEntry]
    """Every nominee on the notice, by nomination file name."""


class Amendment(Record):
    """A correction (更正) of the published 公示 list, by an official document."""

    date: Day
    """Day the correction was published."""
    document: DocumentNumber
    """Number of the correcting document, e.g. 粤民函〔2026〕140号."""
    reason: Text
    """Why the list was corrected."""
    added: dict[Slug, NoticeEntry] = {}
    """Nominees added to the list."""
    removed: dict[Slug, Text] = {}
    """Nominees taken off the list, with the name the notice showed."""
    changed: dict[Slug, NoticeEntry] = {}
    """Nominees whose entry was corrected, as the list now shows them."""


class Decision(Record):
    """The commendation decision (表彰决定) that makes the award final."""

    document: DocumentNumber
    """Document number, e.g. 粤民发〔2026〕150号."""
    date: Day
    """Date of the decision; after the last day of the 公示."""
    issuer: Text
    """Who decided, e.g. 广东省民政厅."""


class AwardEnglish(Record):
    """English versions of an award's texts."""

    name: Text | None = None
    """English name of the award."""
    issuer: Text | None = None
    """English name of the issuer."""
    contact: Text | None = None
    """English name of the feedback office."""
    description: Text | None = None
    """English description."""


class Award(Record):
    """An award programme: `content/awards/<slug>.yml`."""

    name: Text
    """Full name, e.g. 2026年度广东省优秀城乡社区工作者."""
    level: AwardLevel
    """`national`, `provincial`, `city` or `district`."""
    year: int = Field(ge=2000, le=2100)
    """The year the award is for."""
    issuer: Text
    """Who gives it, e.g. 广东省民政厅."""
    recipients: Recipients = Recipients.PEOPLE
    """`people` (default) or `organisations`."""
    nomination: Period | None = None
    """When bureaus submit nominations."""
    publicity: Period
    """The public-notice period (公示期)."""
    feedback: Feedback
    """Where the public sends objections during the 公示."""
    description: Text | None = None
    """What the award is for, whatever its phase (the page adds where the award stands: nominations, 公示,
    decision)."""
    notice: Notice | None = None
    """The 公示 list as published (`guardians notice record`); required once the 公示 has begun."""
    amendments: list[Amendment] = []
    """Corrections of the published list, oldest first (`guardians notice amend`)."""
    decision: Decision | None = None
    """The commendation decision; the award is 已表彰 only once it is recorded."""
    winners: list[Slug] | None = None
    """The final list once the publicity period is over: names of nomination files (without `.yml`).
    When left out, every nominee still standing at the end of the publicity period is awarded."""
    en: AwardEnglish | None = None
    """English texts."""


class Organisation(Record):
    """An organisation nominated for an award (a residents' committee, a public health committee)."""

    name: Text
    """Full Chinese name."""
    name_en: Text | None = None
    """English name."""
    city: Text
    """Prefecture-level city."""
    district: Text | None = None
    """County-level division."""


class NominationEnglish(Record):
    """English versions of a nomination's public texts."""

    bureau: Text | None = None
    """English name of the nominating bureau."""
    post: Text | None = None
    """English post."""
    community: Text | None = None
    """English name of the community as of the award."""
    reason: Text | None = None
    """English reason."""


class Internal(BaseModel):
    """Kept in the file for the bureau's records; never published anywhere."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    id_number: str | None = None
    """Resident ID number."""
    phone: str | None = None
    """Personal phone number."""
    reviewer_notes: str | None = None
    """Reviewers' notes."""
    ranking: str | None = None
    """Internal ranking."""


class Nomination(Record):
    """A bureau's nomination: `content/nominations/<award>/<worker>.yml`."""

    worker: Slug | None = None
    """Slug of the nominated worker; must equal the file name."""
    organisation: Organisation | None = None
    """The nominated organisation, for awards to organisations."""
    bureau: Text
    """The nominating bureau."""
    post: Text | None = None
    """The nominee's post as of the award; defaults to the worker's role."""
    community: Text | None = None
    """The nominee's community as of the award; defaults to the worker's community."""
    reason: OneLine
    """One-line public reason, shown on the 公示 notice."""
    status: NominationStatus = NominationStatus.NOMINATED
    """`nominated`, `withdrawn` or `not-awarded`."""
    en: NominationEnglish | None = None
    """English texts."""
    internal: Internal | None = None
    """Internal fields (ID number, phone, reviewer notes, ranking): never published."""

    @model_validator(mode="after")
    def _one_nominee(self) -> Nomination:
        if (self.worker is None) == (self.organisation is None):
            raise PydanticCustomError("nominee-one", "give exactly one of worker or organisation", {})
        return self


# --- training sessions -------------------------------------------------------


class Material(Record):
    """A file handed out at a training session, in the session's folder and published with it."""

    file: Text
    """File name inside the session's folder: a PDF (`.pdf`) or a PowerPoint deck (`.pptx`)."""
    title: Text
    """What the file is, as its link reads, e.g. 课件：入户走访流程."""
    title_en: Text | None = None
    """English title of the file, optional."""


class Training(Record):
    """A training session of community workers or volunteers: `content/trainings/<slug>/index.zh.md`."""

    title: OneLine
    """Title of the session, e.g. 天河区网格员防控实务培训."""
    date: Day
    """Day the session was held, YYYY-MM-DD; not after the build date."""
    city: Text
    """Prefecture-level city (广州市, 广州 or guangzhou)."""
    district: Text | None = None
    """County-level division in that city (天河区 or tianhe); for 东莞市 and 中山市 the town may be given."""
    organiser: Text
    """Who held it, e.g. 天河区民政局."""
    audience: list[Role] = Field(min_length=1)
    """The roles trained, from the role list: e.g. [grid-worker, building-head]."""
    hours: float = Field(gt=0, le=200)
    """Length of the training in hours (class hours), e.g. 3 or 1.5."""
    participants: int = Field(ge=1, le=100000)
    """Number of people who took part."""
    summary: Text
    """One or two sentences for listings."""
    materials: list[Material] = []
    """Handouts and slides published with the session: PDF or PPTX files in its folder."""
    guides: list[Slug] = []
    """Slugs of the guides it taught (folder names under content/guides)."""


class TrainingTwin(Record):
    """English twin of a training session."""

    title: EnglishLine | None = None
    """English title."""
    organiser: Text | None = None
    """English name of the organiser."""
    summary: Text | None = None
    """English summary."""


TWINS: dict[type[Record], type[Record]] = {
    Guide: GuideTwin,
    Policy: PolicyTwin,
    Worker: WorkerTwin,
    Story: StoryTwin,
    Training: TrainingTwin,
}


# --- public health committees (issue 22) ----------------------------------------------------------------------

VILLAGE_CODE = re.compile(r"44\d{10}\Z")
"""A village's or community's 12-digit statistical code (Guangdong's begin with 44)."""


def _village_code(value: str) -> str:
    if not VILLAGE_CODE.match(value):
        raise PydanticCustomError("village-code", "expected a 12-digit code beginning with 44", {"found": value})
    return value


VillageCode = Annotated[str, AfterValidator(_village_code)]


class CommitteeStatus(str, Enum):
    """Where a village's or community's public health committee stands; only established ones count as covered."""

    ESTABLISHED = "established"
    PREPARING = "preparing"
    SUSPENDED = "suspended"

    def is_covering(self) -> bool:
        return self is CommitteeStatus.ESTABLISHED


class ThreePersonTeam(Record):
    """The community "three-person team" the committee works with: a cadre of the committee itself, a doctor of
    the health-service institution and an officer of the police station."""

    health: OneLine
    """The health-service institution whose doctor serves in the team, e.g. 马坝镇卫生院."""
    police: OneLine | None = None
    """The police station whose officer serves in the team, e.g. 马坝派出所."""


class Committee(Record):
    """The public health committee (公共卫生委员会) of one village or community."""

    town: OneLine
    """Its town or street as the statistical division list names it, e.g. 马坝镇 or 松山街道."""
    village: OneLine
    """Its village or community, e.g. 马坝村 or 东区社区 (马坝村村民委员会 and 马坝村委会 are understood too)."""
    code: VillageCode | None = None
    """Its 12-digit statistical code, e.g. 440205100202; when given, the name is checked against it."""
    status: CommitteeStatus = CommitteeStatus.ESTABLISHED
    """`established` (default; counts as covered), `preparing` or `suspended`."""
    established: Day | None = None
    """The day it was set up, YYYY-MM-DD; required once established, never in the future."""
    chair: Role
    """The chair's post, e.g. `village-committee-director` or `health-committee-director`."""
    members: dict[Role, Annotated[int, Field(ge=1, le=99)]] = {}
    """How many members hold each post (no names: the list is published), e.g. `{committee-member: 4}`."""
    team: ThreePersonTeam | None = None
    """The linked three-person team."""

    @model_validator(mode="after")
    def _established_dated(self) -> Committee:
        if self.status.is_covering() and self.established is None:
            raise PydanticCustomError("committee-undated", "an established committee needs its date", {})
        return self


class Committees(Record):
    """The public health committees of one county: `content/committees/<county>.yml`, as the bureau keeps them."""

    city: OneLine
    """The prefecture-level city, e.g. 韶关市."""
    district: OneLine | None = None
    """The county-level division (district, county-level city or county), e.g. 曲江区; left out for 东莞市 and
    中山市."""
    bureau: OneLine
    """Who keeps the list, e.g. 韶关市曲江区民政局."""
    updated: Day
    """When the list was last brought up to date, YYYY-MM-DD."""
    committees: list[Committee] = []
    """One row per village or community; an empty list says none has been set up yet."""
