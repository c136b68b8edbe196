"""A deterministic synthetic content tree at province scale, for the benchmarks.

    .venv/bin/python bench/make_province.py [--scale 1] [--out bench/province]

At scale 1: 5,000 stories with 1–3 photos each, 1,000 model workers with
portraits, 200 guides, 20 notices and 10 awards with their nominations,
spread over all 21 cities (and their county-level divisions) of
content/regions.yml, each with its English twin. Chinese text is made of
the words of community prevention work (网格员、楼栋长、公共卫生委员会…) so
that word segmentation and search have real work to do.

The same arguments always give the same tree, byte for byte. Photos are
flat-colour illustrations (bench/illustrations.py) from a small pool of
drawings, each made unique by a few seeded shapes and a stamp; the encoded
files are cached by seed and size under bench/.cache/ so re-creating a tree
costs little more than linking files.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
import illustrations  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / "bench" / ".cache" / "province"
FULL = {"stories": 5000, "workers": 1000, "guides": 200, "policies": 20, "awards": 10}
"""Counts at scale 1."""
NOMINEES_PER_AWARD = 20
YEARS = (2022, 2023, 2024, 2025, 2026)
POOL = 8
"""Distinct drawings per scene; every photo is one of them made unique by seeded shapes."""
JPEG_QUALITY = 85

# --- vocabulary ----------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武洪"
GIVEN = "晓丽志伟艳萍美芳建国秀英明华文军海燕丽娟桂兰玉梅国强德胜春花秋月少华嘉欣子豪锦荣永康惠玲淑贤家明振华小红立新宏伟"
PINYIN = ("li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
          "hu", "guo", "he", "lin", "luo", "gao", "liang", "zheng", "xie", "tang", "deng", "feng", "cao", "zeng")
STREETS = ("棠下", "石牌", "沙河", "龙洞", "东湖", "江南", "新港", "南华", "金花", "滨江", "五山", "员村", "凤凰",
           "桂城", "大沥", "容桂", "莞城", "石岐", "香洲", "拱北", "蓬江", "东城", "西湖", "北门", "城南")
PLACES = ("榕荫", "翠竹", "金沙", "荔湾", "紫荆", "桂花", "青松", "海棠", "木棉", "丹桂", "锦绣", "和平", "幸福",
          "新村", "东山", "南苑", "碧桂", "康乐", "光明", "长寿", "永安", "龙湖", "凤岗", "白沙", "兴华")
PLACES_EN = ("Rongyin", "Cuizhu", "Jinsha", "Liwan", "Zijing", "Guihua", "Qingsong", "Haitang", "Mumian",
             "Dangui", "Jinxiu", "Heping", "Xingfu", "Xincun", "Dongshan", "Nanyuan", "Bigui", "Kangle",
             "Guangming", "Changshou", "Yong'an", "Longhu", "Fenggang", "Baisha", "Xinghua")
PEOPLE = ("网格员", "楼栋长", "志愿者", "社区医生", "居委会主任", "社区民警", "党员", "公共卫生委员会委员",
          "家庭医生", "社工", "物业管理员", "村医", "小组长")
ACTS = ("逐户核对", "上门走访", "电话回访", "登记造册", "配送物资", "测量体温", "宣传讲解", "排查摸底",
        "代购药品", "组织演练", "更新台账", "建立微信群", "值守卡口", "安抚情绪", "整理档案", "培训骨干")
THINGS = ("独居老人", "慢性病患者", "孕产妇", "残疾人家庭", "出租屋住户", "返乡人员", "困难群众", "重点人群",
          "新入住居民", "留守儿童", "外来务工人员", "高龄老人")
PLACES_IN = ("网格", "楼栋", "小区", "城中村", "自然村", "出租屋", "农贸市场", "社区卫生服务站", "居委会",
             "党群服务中心", "卡口", "核酸采样点")
RESULTS = ("不漏一户、不漏一人", "底数清、情况明", "群众满意", "做到应检尽检", "物资及时送达", "信息准确无误",
           "形成长效机制", "联防联控有力", "服务不断档", "隐患及时消除")
TIMES = ("凌晨", "清晨", "深夜", "周末", "节假日", "雨夜", "台风天", "春节期间", "高温天", "封控期间")
HEADINGS = ("把网格织密", "一户一档", "楼栋长的一天", "群里的接龙", "敲开每一扇门", "三人小组", "夜里的值守",
            "公共卫生委员会在行动", "培训与演练", "关爱一线工作者", "同事眼中的他们", "后来")

EN_PEOPLE = ("grid worker", "building head", "volunteer", "community doctor", "committee director",
             "community police officer", "family doctor", "social worker", "village doctor", "group leader")
EN_ACTS = ("checked every household", "visited door to door", "called residents back", "updated the register",
           "delivered supplies", "explained the new rules", "bought medicine", "ran a drill", "kept watch",
           "set up a WeChat group", "trained new volunteers", "sorted the files")
EN_THINGS = ("older people living alone", "people with chronic illnesses", "pregnant women", "families with disabled members",
             "tenants", "returning workers", "families in hardship", "priority groups", "new residents",
             "children left behind")
EN_WHEN = ("before dawn", "late at night", "at the weekend", "during the holiday", "in the rain", "in a typhoon",
           "during Spring Festival", "in the summer heat", "under lockdown")
EN_HEADINGS = ("Weaving the grid tighter", "A file for every household", "A building head's day",
               "Roll call in the group", "Knocking on every door", "The three-person team", "On duty at night",
               "The public health committee at work", "Training and drills", "Caring for front-line workers",
               "As colleagues see them", "Afterwards")
ROLES = ("community-worker", "grid-worker", "building-head", "volunteer", "health-committee-member",
         "community-doctor", "committee-director", "community-police")
THEMES = ("mobilisation", "health-committee", "training", "care")
AUDIENCES = ("residents", "workers", "volunteers")
SCENES = illustrations.SCENES


# --- text ----------------------------------------------------------------------


def zh_sentence(r: random.Random) -> str:
    who, act, what, where = r.choice(PEOPLE), r.choice(ACTS), r.choice(THINGS), r.choice(PLACES_IN)
    forms = (
        f"{r.choice(TIMES)}，{who}在{where}里{act}，重点关注{what}，{r.choice(RESULTS)}。",
        f"{who}和{r.choice(PEOPLE)}一起{act}，把{what}的情况一一记在台账上。",
        f"为了{r.choice(RESULTS)}，{where}的{who}坚持{act}，{r.randint(2, 40)}天没有休息。",
        f"“{r.choice(RESULTS)}，心里就不慌。”一位{who}说，{what}最需要的是有人上门。",
        f"{where}共有{r.randint(3, 60)}栋楼、{r.randint(200, 3000)}户居民，{who}分成小组{act}。",
        f"公共卫生委员会与{r.choice(PEOPLE)}、社区卫生服务站联动，对{what}{act}。",
    )
    return r.choice(forms)


def zh_paragraph(r: random.Random, sentences: int) -> str:
    return "".join(zh_sentence(r) for _ in range(sentences))


def zh_body(r: random.Random, paragraphs: int) -> str:
    parts = []
    for i in range(paragraphs):
        if i and i % 3 == 0:
            parts.append(f"## {r.choice(HEADINGS)}")
        parts.append(zh_paragraph(r, r.randint(3, 5)))
    return "\n\n".join(parts) + "\n"


def en_sentence(r: random.Random) -> str:
    forms = (
        f"The {r.choice(EN_PEOPLE)} {r.choice(EN_ACTS)} {r.choice(EN_WHEN)}, looking first to {r.choice(EN_THINGS)}.",
        f"Together with a {r.choice(EN_PEOPLE)}, the {r.choice(EN_PEOPLE)} {r.choice(EN_ACTS)} and kept a note of every family.",
        f"For {r.randint(2, 40)} days in a row the team {r.choice(EN_ACTS)}, so that no household was missed.",
        f"\"When you know your numbers, you don't panic,\" said one {r.choice(EN_PEOPLE)}.",
        f"The public health committee worked with the health-service station to look after {r.choice(EN_THINGS)}.",
    )
    return r.choice(forms)


def en_body(r: random.Random, paragraphs: int) -> str:
    parts = []
    for i in range(paragraphs):
        if i and i % 3 == 0:
            parts.append(f"## {r.choice(EN_HEADINGS)}")
        parts.append(" ".join(en_sentence(r) for _ in range(r.randint(3, 5))))
    return "\n\n".join(parts) + "\n"


def zh_name(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))


def page(front: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n" + body


# --- photos --------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoSpec:
    """One photo to draw: a seed, a size and whether it is a portrait."""

    seed: int
    width: int
    height: int
    portrait: bool = False

    @property
    def cached(self) -> Path:
        kind = "portrait" if self.portrait else "scene"
        return CACHE / f"{kind}-{self.width}x{self.height}" / f"{self.seed}.jpg"


@lru_cache(maxsize=64)
def _base(kind: str, k: int, width: int, height: int) -> Image.Image:
    """One drawing of the pool (drawn once per process)."""
    if kind == "portrait":
        return illustrations.portrait(k, (width, height))
    return illustrations.draw_illustration(k, width, height, scene=kind)


def draw(spec: PhotoSpec) -> bytes:
    """The photo of `spec`: a pool drawing with a few seeded shapes, encoded as JPEG."""
    r = random.Random(spec.seed)
    kind = "portrait" if spec.portrait else SCENES[spec.seed % len(SCENES)]
    img = _base(kind, r.randrange(POOL), spec.width, spec.height).copy()
    d = ImageDraw.Draw(img)
    w, h = spec.width, spec.height
    for _ in range(6):
        x, y = r.randrange(w), r.randrange(h)
        size = r.randint(w // 40, w // 12)
        colour = (r.randrange(256), r.randrange(256), r.randrange(256))
        (d.ellipse if r.random() < 0.5 else d.rectangle)((x, y, x + size, y + size * 2 // 3), fill=colour)
    d.text((8, h - 20), f"#{spec.seed}", fill=(40, 40, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def ensure(spec: PhotoSpec) -> Path:
    """The cached file of `spec`, drawn if missing."""
    path = spec.cached
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(draw(spec))
        tmp.replace(path)
    return path


def place(spec: PhotoSpec, target: Path) -> None:
    """Put the cached photo at `target`: a hard link where possible, else a copy."""
    source = spec.cached
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# --- the tree ------------------------------------------------------------------


@dataclass
class Counts:
    stories: int
    workers: int
    guides: int
    policies: int
    awards: int

    @classmethod
    def at(cls, scale: float) -> Counts:
        return cls(**{k: max(1, round(v * scale)) for k, v in FULL.items()})


@dataclass(frozen=True)
class Place:
    city_zh: str
    city_slug: str
    district_zh: str | None
    district_slug: str


def places(root: Path) -> list[Place]:
    regions = yaml.safe_load((root / "content" / "regions.yml").read_text(encoding="utf-8"))
    found = []
    for city in regions["cities"]:
        divisions = city.get("divisions") or []
        if not divisions:
            found.append(Place(city["zh"], city["slug"], None, "town"))
        found += [Place(city["zh"], city["slug"], d["zh"], d["slug"]) for d in divisions]
    return found


def community(r: random.Random) -> tuple[str, str]:
    i = r.randrange(len(PLACES))
    street = r.choice(STREETS)
    return f"{street}街道{PLACES[i]}社区", f"{PLACES_EN[i]} Community"


class Maker:
    """Writes one tree; every choice comes from a generator seeded by the entry's number."""

    def __init__(self, out: Path, counts: Counts, photo_size: tuple[int, int], seed: int):
        self.out = out
        self.counts = counts
        self.width, self.height = photo_size
        self.seed = seed
        self.places = places(PROJECT)
        self.tags = list(yaml.safe_load((PROJECT / "content" / "tags.yml").read_text(encoding="utf-8")))
        self.photos: list[tuple[PhotoSpec, Path]] = []
        self.profiles: dict[str, dict[str, object]] = {}
        """Each worker's front matter, for the digests of the 公示 lists."""

    def rng(self, kind: str, i: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{i}")

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def tree(self) -> None:
        for name in ("regions.yml", "tags.yml"):
            self.write(f"content/{name}", (PROJECT / "content" / name).read_text(encoding="utf-8"))
        workers = [self.worker(i) for i in range(self.counts.workers)]
        for i in range(self.counts.stories):
            self.story(i, workers)
        for i in range(self.counts.guides):
            self.guide(i)
        for i in range(self.counts.policies):
            self.policy(i)
        for i in range(self.counts.awards):
            self.award(i, workers)

    def worker(self, i: int) -> tuple[str, Place]:
        r = self.rng("worker", i)
        where = self.places[i % len(self.places)]
        slug = f"{r.choice(PINYIN)}-{r.choice(PINYIN)}-{i:04d}"
        name = zh_name(r)
        comm_zh, comm_en = community(r)
        front: dict[str, object] = {
            "name": name, "name_en": f"{slug.split('-')[0].title()} {slug.split('-')[1].title()}",
            "gender": r.choice(("female", "male")), "role": r.choice(ROLES), "city": where.city_zh,
            "district": where.district_zh or f"{r.choice(STREETS)}镇", "community": comm_zh + "居委会",
            "portrait": "portrait.jpg",
            "deeds": f"{r.choice(TIMES)}坚守{r.choice(PLACES_IN)}，{r.choice(ACTS)}，服务{r.choice(THINGS)}，{r.choice(RESULTS)}。",
        }
        folder = f"content/workers/{slug}"
        self.profiles[slug] = front
        self.write(f"{folder}/index.zh.md", page(front, zh_body(r, r.randint(3, 6))))
        self.write(f"{folder}/index.en.md", page({
            "community": f"{comm_en} Residents' Committee",
            "deeds": f"{r.choice(EN_ACTS).capitalize()} {r.choice(EN_WHEN)} and looked after {r.choice(EN_THINGS)}.",
        }, en_body(r, r.randint(3, 6))))
        self.photos.append((PhotoSpec(self.seed * 10_000_000 + 9_000_000 + i, 600, 750, portrait=True),
                            self.out / folder / "portrait.jpg"))
        return slug, where

    def story(self, i: int, workers: list[tuple[str, Place]]) -> None:
        r = self.rng("story", i)
        year = YEARS[i % len(YEARS)]
        day = date(year, 1, 1) + timedelta(days=r.randrange(300))
        where = self.places[r.randrange(len(self.places))]
        slug = f"{where.city_slug}-{where.district_slug}-{i:05d}"
        comm_zh, comm_en = community(r)
        nearby = [w for w, p in r.sample(workers, min(len(workers), 40)) if p.city_slug == where.city_slug]
        mentioned = sorted(nearby[:2]) if r.random() < 0.3 else []
        author = zh_name(r)
        unit = f"{where.district_zh or where.city_zh}民政局"
        photos = []
        captions = {}
        for k in range(r.randint(1, 3)):
            file = f"photo-{k + 1}.jpg"
            photos.append({"file": file, "caption": f"{r.choice(PEOPLE)}在{r.choice(PLACES_IN)}{r.choice(ACTS)}（示意图）",
                           "credit": unit})
            captions[file] = f"A {r.choice(EN_PEOPLE)} at work (illustration)"
            self.photos.append((PhotoSpec(self.seed * 10_000_000 + i * 10 + k, self.width, self.height),
                                self.out / f"stories/{year}/{slug}/{file}"))
        front = {
            "title": f"{r.choice(TIMES)}的{r.choice(PLACES_IN)}：{r.choice(PEOPLE)}{r.choice(ACTS)}",
            "date": day.isoformat(), "city": where.city_zh, "district": where.district_zh or f"{r.choice(STREETS)}镇",
            "community": comm_zh, "workers": mentioned, "tags": r.sample(self.tags, r.randint(1, 3)),
            "summary": zh_paragraph(r, 2), "author": author, "unit": unit, "status": "published", "photos": photos,
        }
        folder = f"stories/{year}/{slug}"
        self.write(f"{folder}/index.zh.md", page(front, zh_body(r, r.randint(4, 8))))
        self.write(f"{folder}/index.en.md", page({
            "title": f"{r.choice(EN_PEOPLE).capitalize()}s who {r.choice(EN_ACTS)} {r.choice(EN_WHEN)}",
            "summary": en_sentence(r) + " " + en_sentence(r), "community": comm_en,
            "author": f"{r.choice(PINYIN).title()} {r.choice(PINYIN).title()}",
            "unit": "Civil Affairs Bureau", "captions": captions,
        }, en_body(r, r.randint(4, 8))))

    def guide(self, i: int) -> None:
        r = self.rng("guide", i)
        folder = f"content/guides/guide-{i:04d}"
        self.write(f"{folder}/index.zh.md", page({
            "title": f"{r.choice(PEOPLE)}{r.choice(ACTS)}工作指引（{i + 1}）", "theme": r.choice(THEMES),
            "audience": sorted(r.sample(AUDIENCES, r.randint(1, 3))), "summary": zh_paragraph(r, 1),
            "updated": (date(2022, 1, 1) + timedelta(days=r.randrange(1700))).isoformat(), "source": "广东省民政厅",
        }, zh_body(r, r.randint(4, 9))))
        self.write(f"{folder}/index.en.md", page({
            "title": f"How a {r.choice(EN_PEOPLE)} works, part {i + 1}", "summary": en_sentence(r),
            "source": "Department of Civil Affairs of Guangdong Province",
        }, en_body(r, r.randint(4, 9))))

    def policy(self, i: int) -> None:
        r = self.rng("policy", i)
        year = YEARS[i % len(YEARS)]
        folder = f"content/policies/yuemin-han-{year}-{i + 1}"
        self.write(f"{folder}/index.zh.md", page({
            "title": f"广东省民政厅关于做好{r.choice(PEOPLE)}{r.choice(ACTS)}工作的通知", "issuer": "广东省民政厅",
            "number": f"粤民函〔{year}〕{i + 1}号",
            "date": (date(year, 1, 1) + timedelta(days=r.randrange(300))).isoformat(),
            "addressees": ["各地级以上市民政局"],
        }, "各地级以上市民政局：\n\n" + zh_body(r, r.randint(4, 8))))
        self.write(f"{folder}/index.en.md", page({
            "title": f"Notice on the work of the {r.choice(EN_PEOPLE)}s",
            "issuer": "Department of Civil Affairs of Guangdong Province",
            "addressees": ["Civil affairs bureaus of all prefecture-level and higher cities"],
        }, en_body(r, r.randint(4, 8))))

    def award(self, i: int, workers: list[tuple[str, Place]]) -> None:
        from generator.content import notice
        from generator.content.schema import Nomination, Worker

        r = self.rng("award", i)
        year = YEARS[i % len(YEARS)] - 1
        slug = f"gd-community-workers-{year}-{i + 1}"
        description, description_en = zh_paragraph(r, 2), en_sentence(r)  # drawn first, as they always were
        nominations = {w: {
            "worker": w, "bureau": f"{where.city_zh}民政局", "reason": f"{r.choice(ACTS)}，{r.choice(RESULTS)}。",
            "status": "nominated",
            "en": {"bureau": "Civil Affairs Bureau", "reason": en_sentence(r)},
            "internal": {"id_number": f"4401{r.randrange(10**13, 10**14)}", "phone": f"139{r.randrange(10**7, 10**8)}",
                         "reviewer_notes": f"内部评审意见{r.randrange(10**6)}：{zh_sentence(r)}"},
        } for w, where in r.sample(workers, min(len(workers), NOMINEES_PER_AWARD))}
        listed = {w: notice.entry(Nomination.model_validate(n), Worker.model_validate(self.profiles[w]))
                  for w, n in nominations.items()}
        self.write(f"content/awards/{slug}.yml", yaml.safe_dump({
            "name": f"{year}年度广东省优秀城乡社区工作者（第{i + 1}批）", "level": "provincial", "year": year,
            "issuer": "广东省民政厅", "recipients": "people",
            "nomination": {"start": f"{year + 1}-01-05", "end": f"{year + 1}-02-10"},
            "publicity": {"start": f"{year + 1}-03-01", "end": f"{year + 1}-03-10"},
            "feedback": {"contact": "广东省民政厅基层政权建设和社区治理处", "phone": "020-12345678",
                         "address": "广州市越秀区某某路 1 号", "postcode": "510030"},
            "description": description,
            "notice": {"recorded": f"{year + 1}-02-25",
                       "nominees": {w: {"name": e.name, "digest": e.digest} for w, e in sorted(listed.items())}},
            "decision": {"document": f"粤民函〔{year + 1}〕{60 + i}号", "date": f"{year + 1}-03-20",
                         "issuer": "广东省民政厅"},
            "en": {"name": f"{year} Guangdong Outstanding Community Workers, list {i + 1}",
                   "issuer": "Department of Civil Affairs of Guangdong Province",
                   "contact": "Division of Grassroots Governance and Community Affairs",
                   "description": description_en},
        }, allow_unicode=True, sort_keys=False))
        for w, nomination in nominations.items():
            self.write(f"content/nominations/{slug}/{w}.yml", yaml.safe_dump(nomination, allow_unicode=True,
                                                                              sort_keys=False))


def make(out: Path, scale: float, *, photo_size: tuple[int, int] = (1200, 900), seed: int = 1,
         jobs: int = os.cpu_count() or 1) -> Counts:
    """Write the tree into `out` (replaced if it exists); returns what it holds."""
    counts = Counts.at(scale)
    if out.exists():
        shutil.rmtree(out)
    maker = Maker(out, counts, photo_size, seed)
    maker.tree()
    missing = [spec for spec, _ in maker.photos if not spec.cached.exists()]
    if missing:
        if jobs > 1 and len(missing) > 16:
            with ProcessPoolExecutor(jobs) as pool:
                list(pool.map(ensure, missing, chunksize=32))
        else:
            for spec in missing:
                ensure(spec)
    for spec, target in maker.photos:
        place(spec, target)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the province (1 = 5,000 stories)")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "province")
    parser.add_argument("--photo-size", default="1200x900", help="story photo size WIDTHxHEIGHT")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes drawing missing photos")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.photo_size.split("x"))
    counts = make(args.out.resolve(), args.scale, photo_size=(width, height), seed=args.seed, jobs=args.jobs)
    print(f"{args.out}: {counts.stories} stories, {counts.workers} workers, {counts.guides} guides, "
          f"{counts.policies} notices, {counts.awards} awards")
    return 0


if __name__ == "__main__":
    sys.exit(main())
