"""The editors' web CMS (Decap CMS), configured from our schemas, served by `guardians serve` at /admin/.

The configuration is generated from the pydantic models in `schema.py`: one
collection per kind of bundle, one form field per model field (typed by the
field's type: dates, choices, lists, photos with consent, references to
model workers), labels from the message catalogue, and i18n settings from the
English twin models, so that only translatable fields go into index.en.md.
Entries are written as our bundles: `<folder>/<slug>/index.zh.md` and
`index.en.md`, with their photos beside them (`media_folder: ""`); bureaus'
nominations as `content/nominations/<award>/<worker>.yml`.

A field is required in the form exactly when the schema requires it. Where
the schema requires a field only in combination (a district where the city
has districts, a consent when people are shown, a guardian for a minor, a
consent's fields once it is given) the form cannot know the condition: the
field is optional there and its label states the condition; the save check
then says beside the field what is missing (`ADMIN_SCRIPT`).

Decap CMS itself is installed from npm by `make cms` into `.cms/` and served
from there: the admin page requests nothing from any other host.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.config import PROJECT
from generator.content import safeyaml, schema
from generator.content.load import load_tree
from generator.editions import LANGS, Lang, edition
from generator.messages import message
from generator.tools import names

DECAP_DIST = PROJECT / ".cms" / "decap-cms" / "dist"
"""Where `make cms` unpacks the decap-cms package from npm."""
API = "/api/v1"
"""The address of the local backend (Decap's proxy protocol), answered by `cmsbackend`."""
FOLDER_FIELD = "folder"
"""A form field naming the bundle's folder (Chinese titles make no slug); never written to a file."""


COLLECTIONS: tuple[tuple[str, str, type[schema.Record], str], ...] = (
    ("stories", "stories", schema.Story, "{{year}}/{{slug}}/index"),
    ("guides", "content/guides", schema.Guide, "{{slug}}/index"),
    ("policies", "content/policies", schema.Policy, "{{slug}}/index"),
    ("workers", "content/workers", schema.Worker, "{{slug}}/index"),
    ("trainings", "content/trainings", schema.Training, "{{slug}}/index"),
)
"""(name, folder, model, path of the Chinese text below the folder without `.zh.md`)."""
NOMINATIONS = "content/nominations"
"""Where bureaus' nominations live: `<award>/<worker>.yml`."""
AWARD_FIELD = "award"
"""The nomination form's award (the file's folder); never written into the file."""
COMMITTEES = "content/committees"
"""Where counties' public health committee lists live: `<county>.yml`."""
FILE_FIELD = "file"
"""The committee list form's file name (the county's slug); never written into the file."""

_LONG_TEXT = {"summary", "deeds", "reason", "description"}
_IMAGES = {(schema.Photo, "file"), (schema.Worker, "portrait")}
_FILES = {(schema.Material, "file")}
"""Fields naming a file of the bundle published as it is (a training's handout)."""
_SKIPPED = {(schema.Worker, "portrait_focus"), (schema.Nomination, "organisation")}
"""Fields the form leaves alone (kept as they are in the file)."""
_REQUIRED_WHEN = {
    (schema.Story, "district"): "cms-required-district",
    (schema.Worker, "district"): "cms-required-district",
    (schema.Organisation, "district"): "cms-required-district",
    (schema.Photo, "consent"): "cms-required-consent",
    (schema.Consent, "guardian"): "cms-required-guardian",
}
"""Optional fields that a validator requires in combination with another field: the label says when."""
_REQUIRED_IN_BLOCK = "cms-required-in-block"
"""The hint of a required field inside an optional block (a consent): required once the block is filled in."""
_DEFAULTS: dict[tuple[type[BaseModel], str], Enum] = {(schema.Story, "status"): schema.StoryStatus.DRAFT}
"""Choices the form starts with where the schema has no default (a new story is a draft)."""
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def label(name: str, lang: Lang) -> str:
    """The field's label: the CMS's own wording where the prompt's would mislead, else the prompt."""
    for key in (f"cms-field-{name}", f"ask-{name}"):
        try:
            return message(key, lang)
        except KeyError:
            continue
    return name


def managed(model: type[schema.Record]) -> set[str]:
    """The fields of `model` (or of its English twin) that the form edits; others are kept as they are."""
    twin = schema.TWINS.get(model)
    own = {f["name"] for f in fields(model, lang="zh", twin=set(), tags=[])}
    return own | ({name for name in twin.model_fields if name in own} if twin else set())


def model_of(path: str) -> type[schema.Record] | None:
    """Which model the file at `path` (relative to the root) holds."""
    for _, folder, model, _ in COLLECTIONS:
        if path.startswith(folder + "/"):
            return model
    if path.startswith(COMMITTEES + "/"):
        return schema.Committees
    return schema.Nomination if path.startswith(NOMINATIONS + "/") else None


def short_label(name: str, lang: Lang) -> str:
    """The label without its explanation in brackets: `城市` of `城市（地级以上市，如 广州市）`."""
    text = label(name, lang)
    return text.split("（")[0].split(" (")[0].strip() or text


def _optional(annotation: Any) -> tuple[Any, bool]:
    """The type inside `X | None` (and inside `Annotated`), and whether None was allowed."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            annotation, nullable = args[0], True
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation, nullable


def _enum_options(kind: type[Enum], lang: Lang) -> list[dict[str, str]]:
    """The choices with labels in the user's language; the value written stays the schema's."""
    return [{"label": message(f"choice-{member.value}", lang), "value": member.value} for member in kind]


def _condition(key: str, lang: Lang, no_districts: tuple[str, ...]) -> str:
    return message(key, lang, cities="、".join(no_districts) if lang == "zh" else ", ".join(no_districts))


def field(model: type[BaseModel], name: str, info: FieldInfo, *, lang: Lang, twin: set[str],
          tags: list[str], no_districts: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The Decap form field of one model field, or None when the form leaves it alone."""
    if (model, name) in _SKIPPED:
        return None
    annotation, nullable = _optional(info.annotation)
    out: dict[str, Any] = {"name": name, "label": label(name, lang)}
    if nullable or not info.is_required():
        out["required"] = False
    if (model, name) in _REQUIRED_WHEN:
        out["label"] += message("cms-required-when", lang,
                                condition=_condition(_REQUIRED_WHEN[model, name], lang, no_districts))
    if name in twin:
        out["i18n"] = True
    origin = typing.get_origin(annotation)
    inner = typing.get_args(annotation)[0] if origin is list else None
    if (model, name) in _IMAGES:
        out["widget"] = "image"
        out["choose_url"] = False
    elif annotation is date:  # typed as written (the label says how): a date picker shows its locale's order
        out |= {"widget": "string", "pattern": [DATE_PATTERN, message("cms-date-format", lang)]}
    elif annotation is bool:
        out |= {"widget": "boolean", "default": bool(info.default)}
    elif annotation is int:
        out |= {"widget": "number", "value_type": "int"}
    elif annotation is float:
        out |= {"widget": "number", "value_type": "float"}
    elif (model, name) in _FILES:
        out |= {"widget": "file", "choose_url": False, "label": message("ask-material-file", lang)}
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        out |= {"widget": "select", "options": _enum_options(annotation, lang)}
        default = _DEFAULTS.get((model, name), info.default)
        if isinstance(default, Enum):
            out["default"] = default.value
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        inner_fields = fields(annotation, lang=lang, twin=set(), tags=tags, no_districts=no_districts)
        if out.get("required") is False:  # Decap would demand an optional block's fields: the save check does
            inner_fields = [f | {"required": False} | ({} if f.get("required") is False else
                                                       {"label": f["label"] + message(_REQUIRED_IN_BLOCK, lang,
                                                                                   block=short_label(name, lang))})
                            for f in inner_fields]
        out |= {"widget": "object", "collapsed": True, "fields": inner_fields}
    elif origin is list and isinstance(inner, type) and issubclass(inner, Enum):
        out |= {"widget": "select", "multiple": True, "options": _enum_options(inner, lang)}
    elif origin is list and isinstance(inner, type) and issubclass(inner, BaseModel):
        out |= {"widget": "list", "fields": fields(inner, lang=lang, twin=set(), tags=tags,
                                                   no_districts=no_districts)}
        if inner is schema.Photo:
            out |= {"summary": "{{fields.caption}}", "label_singular": message("ask-photo", lang)}
    elif origin is list and name == "workers":
        out |= {"widget": "relation", "collection": "workers", "value_field": FOLDER_FIELD,
                "search_fields": ["name"], "display_fields": ["name"], "multiple": True}
    elif origin is list and name == "guides":
        out |= {"widget": "relation", "collection": "guides", "value_field": FOLDER_FIELD,
                "search_fields": ["title"], "display_fields": ["title"], "multiple": True}
    elif origin is list and name == "tags" and tags:
        out |= {"widget": "select", "multiple": True, "options": tags}
    elif origin is list:
        out |= {"widget": "list"}
    elif origin in (dict, tuple):
        return None
    else:
        out["widget"] = "text" if name in _LONG_TEXT else "string"
    if (out.get("widget") == "list" or out.get("multiple")) and out.get("required") is False:
        out.setdefault("default", [])
    if out.get("widget") in ("list", "select") and any(getattr(m, "min_length", 0) for m in info.metadata):
        out["min"] = 1
    return {k: v for k, v in out.items() if v != ""}


def fields(model: type[BaseModel], *, lang: Lang, twin: set[str], tags: list[str],
           no_districts: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    made = [field(model, name, info, lang=lang, twin=twin, tags=tags, no_districts=no_districts)
            for name, info in model.model_fields.items()]
    return [f for f in made if f is not None]


def _tags(root: Path) -> list[str]:
    """The Chinese tags of content/tags.yml, offered as choices (empty when there is no such file)."""
    path = root / "content" / "tags.yml"
    if not path.is_file():
        return []
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8")).data
    except (safeyaml.YamlProblem, UnicodeDecodeError):
        return []
    return [str(k) for k in data] if isinstance(data, dict) else []


def _no_districts(root: Path) -> tuple[str, ...]:
    """The cities of the gazetteer without county-level divisions (where a district may be left out)."""
    gazetteer = names.gazetteer_of(load_tree(root))
    cities = gazetteer.regions.cities if gazetteer else []
    return tuple(city.zh for city in cities if not city.divisions)


def nominations(root: Path, lang: Lang, today: date) -> dict[str, Any]:
    """The bureaus' collection: one YAML file per nomination, the award chosen from those open for nomination,
    the worker by name (with the city), the internal block marked as such; no preview pane."""
    raw = load_tree(root)
    open_awards = [a for a in names.awards(raw, today) if a.open]
    award: dict[str, Any] = {"name": AWARD_FIELD, "label": label("award", lang)}
    if open_awards:
        award |= {"widget": "select", "options": [{"label": a.describe(lang), "value": a.slug} for a in open_awards],
                  "hint": message("cms-awards-open", lang)}
    else:  # Decap refuses a choice of nothing
        award |= {"widget": "string", "hint": message("cms-award-none-open", lang)}
    form = [award]
    for made in fields(schema.Nomination, lang=lang, twin=set(), tags=[]):
        if made["name"] == "worker":
            made = {"name": "worker", "label": label("worker", lang), "widget": "relation", "collection": "workers",
                    "value_field": FOLDER_FIELD, "search_fields": ["name", "name_en", FOLDER_FIELD],
                    "display_fields": ["name", "city", "district"], "hint": message("cms-worker-hint", lang)}
        if made["name"] == "internal":
            made |= {"label": message("cms-internal", lang), "hint": message("ask-internal", lang)}
        form.append(made)
    return {"name": "nominations", "label": message("cms-nominations", lang), "folder": NOMINATIONS,
            "path": "{{" + AWARD_FIELD + "}}/{{worker}}", "slug": "{{worker}}", "create": True,
            "extension": "yml", "format": "yml", "identifier_field": "worker", "editor": {"preview": False},
            "summary": "{{" + AWARD_FIELD + "}} · {{worker}}", "fields": form}


def committee_lists(lang: Lang) -> dict[str, Any]:
    """The counties' public health committee lists: one YAML file per county, named by its slug; the rows' members
    by post are kept as the file has them (`guardians import-xlsx` writes them from the bureau's spreadsheet)."""
    form: list[dict[str, Any]] = [{"name": FILE_FIELD, "label": message("cms-committees-file", lang),
                                   "widget": "string",
                                   "pattern": ["^" + schema.SLUG.pattern.removesuffix(r"\Z") + "$",
                                               message("ask-slug", lang)]}]
    for made in fields(schema.Committees, lang=lang, twin=set(), tags=[]):
        if made["name"] in ("district", "bureau", "updated"):
            made["label"] = message(f"ask-committees-{made['name']}", lang)
        if made["name"] == "committees":
            made |= {"summary": "{{fields.town}} {{fields.village}}"}
        form.append(made)
    return {"name": "committees", "label": message("cms-committees", lang), "folder": COMMITTEES,
            "path": "{{" + FILE_FIELD + "}}", "slug": "{{" + FILE_FIELD + "}}", "create": True, "extension": "yml",
            "format": "yml", "identifier_field": FILE_FIELD, "editor": {"preview": False},
            "summary": "{{city}} {{district}}", "fields": form}


def config(root: Path, lang: Lang = "zh", today: date | None = None) -> dict[str, Any]:
    """The whole Decap configuration for the content tree at `root`."""
    tags = _tags(root)
    no_districts = _no_districts(root)
    collections = []
    for name, folder, model, path in COLLECTIONS:
        twin = set(schema.TWINS[model].model_fields)
        form: list[dict[str, Any]] = [{"name": FOLDER_FIELD, "label": label("folder", lang), "widget": "string",
                 "pattern": ["^" + schema.SLUG.pattern.removesuffix(r"\Z") + "$", message("ask-slug", lang)]}]
        form += fields(model, lang=lang, twin=twin, tags=tags, no_districts=no_districts)
        form.append({"name": "body", "label": label("body", lang), "widget": "markdown", "i18n": True,
                     "required": False, "modes": ["rich_text", "raw"], "editor_components": [],
                     "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                                 "bulleted-list", "numbered-list"]})
        collections.append({
            "name": name, "label": message(f"cms-{name}", lang), "folder": folder, "path": path,
            "slug": "{{" + FOLDER_FIELD + "}}", "create": True, "extension": "md", "format": "frontmatter",
            "media_folder": "", "public_folder": "", "i18n": True,
            "identifier_field": "name" if model is schema.Worker else "title",
            "summary": "{{name}}" if model is schema.Worker else "{{title}}", "fields": form,
        })
    collections.append(nominations(root, lang, today or date.today()))
    collections.append(committee_lists(lang))
    return {
        "backend": {"name": "proxy", "proxy_url": API, "branch": "main"},
        "publish_mode": "simple",
        "locale": edition(lang).hreflang.replace("-", "_"),
        "media_folder": "stories",
        "public_folder": "",
        "site_url": "/",
        "display_url": "/",
        "i18n": {"structure": "multiple_files", "locales": list(LANGS), "default_locale": LANGS[0]},
        "collections": collections,
    }


STORY_PREVIEW = """
CMS.registerPreviewStyle("body{font:17px/1.75 system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
  + "max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#222}h1{font-size:1.7rem;line-height:1.3}"
  + ".meta{color:#666}.summary{color:#444;border-left:4px solid #e53935;padding-left:.8rem}"
  + "figure{margin:1.2rem 0}figure img{max-width:100%;height:auto}figcaption{color:#555;font-size:.9rem}",
  {raw: true});
CMS.registerPreviewTemplate("stories", createClass({
  render: function () {
    var entry = this.props.entry, get = function (name) { return entry.getIn(["data", name]) || ""; };
    var place = [get("city"), get("district"), get("community")].filter(Boolean).join(" ");
    var photos = (this.props.widgetsFor("photos") || []).map(function (item, i) {
      return h("figure", {key: i}, item.getIn(["widgets", "file"]),
               h("figcaption", {}, item.getIn(["data", "caption"]) || ""));
    });
    return h("article", {},
      h("h1", {}, get("title")),
      h("p", {className: "meta"}, [get("date"), place, get("author"), get("unit")].filter(Boolean).join(" · ")),
      h("p", {className: "summary"}, get("summary")),
      this.props.widgetFor("body"),
      photos);
  }
}));
"""
"""The story preview beside the form: laid out like the story page (title, place, summary, text, photos)."""


def required_in_combination() -> list[str]:
    """Names of the fields the form shows as optional although a validator may require them: their labels say
    when, so Decap's "(optional)" beside them is hidden."""
    found = {name for _, name in _REQUIRED_WHEN}
    models: list[type[BaseModel]] = [*(m for _, _, m, _ in COLLECTIONS), schema.Nomination, schema.Photo]
    for model in models:
        for info in model.model_fields.values():
            inner, nullable = _optional(info.annotation)
            if nullable and isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not schema.Internal:
                found |= {name for name, i in inner.model_fields.items() if i.is_required()}
    return sorted(found)


def admin_style() -> str:
    """Decap's own styles uppercase labels and help texts, which garbles English and helps nobody: never.
    `.cg-problem` is a problem the save check found, shown beside its field."""
    hidden = ", ".join(f'label[for^="{name}-field-"] > span' for name in required_in_combination())
    return ("* { text-transform: none !important; }\n"
            ".cg-problem { color: #b00020; font-size: 15px; font-weight: 600; line-height: 1.5; margin: 4px 0 10px; }\n"
            f"{hidden} {{ display: none; }}\n"
            # on a phone: Decap's editor and its toolbar (emotion targets of the pinned 3.16.3) keep 800 px
            "@media (max-width: 799px) { .e1nx103k5, .e1d2l9mo22 { min-width: 0 !important; } }\n")

ADMIN_SCRIPT = """
(function () {
  var send = window.fetch;
  function clear() {
    document.querySelectorAll(".cg-problem").forEach(function (node) { node.remove(); });
  }
  function labelFor(path) {
    var parts = path.split(/[.\\[\\]]+/).filter(Boolean), index = 0;
    parts.forEach(function (part) { if (/^\\d+$/.test(part)) { index = Number(part); } });
    for (var i = parts.length - 1; i >= 0; i--) {
      if (/^\\d+$/.test(parts[i])) { continue; }
      var found = document.querySelectorAll('label[for^="' + parts[i] + '-field-"]');
      if (found.length) { return found[Math.min(index, found.length - 1)]; }
    }
    return null;
  }
  function show(problems) {
    var first = null, top = document.querySelector('label[for*="-field-"]');
    problems.forEach(function (item) {
      var note = document.createElement("p");
      note.className = "cg-problem";
      note.setAttribute("role", "alert");
      note.setAttribute("data-field", item.field);
      note.textContent = item.message;
      var label = item.field ? labelFor(item.field) : null;
      if (label) { label.insertAdjacentElement("afterend", note); }
      else if (top) { top.parentNode.insertBefore(note, top); }
      first = first || note;
    });
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  window.fetch = function (input, init) {
    var action = "";
    try { action = JSON.parse((init && init.body) || "{}").action || ""; } catch (err) { action = ""; }
    var answer = send.apply(this, arguments);
    if (action !== "persistEntry") { return answer; }
    clear();
    return answer.then(function (response) {
      if (response.status === 422) {
        response.clone().json().then(function (body) { show(body.problems || []); });
      }
      return response;
    });
  };
})();
"""
"""The save check's problems beside their fields: the backend refuses a save with each problem's field and
message (in the field's label); this places them under the field's label, where they stay until the next save.
Decap keeps the form as it was on a refused save."""


def admin_page(lang: Lang) -> str:
    """The admin page: Decap CMS from this server, nothing from elsewhere."""
    title = message("cms-title", lang)
    return (f'<!doctype html>\n<html lang="{edition(lang).hreflang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{title}</title>\n<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
            f'<style>{admin_style()}</style>\n</head>\n<body>\n<script>{ADMIN_SCRIPT}</script>\n'
            f'<script src="decap/decap-cms.js"></script>\n<script>{STORY_PREVIEW}</script>\n</body>\n</html>\n')


def write_admin(folder: Path, root: Path, lang: Lang, today: date | None = None) -> Path:
    """Write index.html and config.yml of the admin page into `folder` (served at /admin/)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(admin_page(lang), encoding="utf-8")
    (folder / "config.yml").write_text(yaml.safe_dump(config(root, lang, today), allow_unicode=True,
                                                      sort_keys=False), encoding="utf-8")
    return folder


def installed() -> bool:
    return (DECAP_DIST / "decap-cms.js").is_file()
