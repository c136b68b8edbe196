"""The editors' web CMS (Decap CMS), configured from our schemas, served by `guardians serve` at /admin/.

The configuration is generated from the pydantic models in `schema.py`: one
collection per kind of bundle, one form field per model field (typed by the
field's type: dates, choices, lists, photos with consent, references to
model workers), labels from the message catalogue, and i18n settings from the
English twin models, so that only translatable fields go into index.en.md.
Entries are written as our bundles: `<folder>/<slug>/index.zh.md` and
`index.en.md`, with their photos beside them (`media_folder: ""`).

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
from generator.editions import LANGS, Lang, edition
from generator.messages import message

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
)
"""(name, folder, model, path of the Chinese text below the folder without `.zh.md`)."""

_LONG_TEXT = {"summary", "deeds", "reason", "description"}
_IMAGES = {(schema.Photo, "file"), (schema.Worker, "portrait")}
_SKIPPED = {(schema.Worker, "portrait_focus")}
"""Fields the form leaves alone (kept as they are in the file)."""


def _label(name: str, lang: Lang) -> str:
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
    return None


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


def _enum_options(kind: type[Enum]) -> list[str]:
    return [member.value for member in kind]


def field(model: type[BaseModel], name: str, info: FieldInfo, *, lang: Lang, twin: set[str],
          tags: list[str]) -> dict[str, Any] | None:
    """The Decap form field of one model field, or None when the form leaves it alone."""
    if (model, name) in _SKIPPED:
        return None
    annotation, nullable = _optional(info.annotation)
    out: dict[str, Any] = {"name": name, "label": _label(name, lang)}
    if nullable or not info.is_required():
        out["required"] = False
    if name in twin:
        out["i18n"] = True
    origin = typing.get_origin(annotation)
    inner = typing.get_args(annotation)[0] if origin is list else None
    if (model, name) in _IMAGES:
        out["widget"] = "image"
        out["choose_url"] = False
    elif annotation is date:
        out |= {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    elif annotation is bool:
        out |= {"widget": "boolean", "default": bool(info.default)}
    elif annotation is int:
        out |= {"widget": "number", "value_type": "int"}
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        out |= {"widget": "select", "options": _enum_options(annotation)}
        if isinstance(info.default, Enum):
            out["default"] = info.default.value
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        inner_fields = fields(annotation, lang=lang, twin=set(), tags=tags)
        if out.get("required") is False:  # Decap would demand an optional block's fields: the save check does
            inner_fields = [f | {"required": False} for f in inner_fields]
        out |= {"widget": "object", "collapsed": True, "fields": inner_fields}
    elif origin is list and isinstance(inner, type) and issubclass(inner, Enum):
        out |= {"widget": "select", "multiple": True, "options": _enum_options(inner)}
    elif origin is list and isinstance(inner, type) and issubclass(inner, BaseModel):
        out |= {"widget": "list", "fields": fields(inner, lang=lang, twin=set(), tags=tags)}
        if inner is schema.Photo:
            out |= {"summary": "{{fields.caption}}", "label_singular": message("ask-photo", lang)}
    elif origin is list and name == "workers":
        out |= {"widget": "relation", "collection": "workers", "value_field": FOLDER_FIELD,
                "search_fields": ["name"], "display_fields": ["name"], "multiple": True}
    elif origin is list and name == "tags" and tags:
        out |= {"widget": "select", "multiple": True, "options": tags}
    elif origin is list:
        out |= {"widget": "list"}
    elif origin in (dict, tuple):
        return None
    else:
        out["widget"] = "text" if name in _LONG_TEXT else "string"
    if out.get("widget") in ("list", "select") and out.get("required") is False and out.get("multiple", True):
        out.setdefault("default", [])
    return {k: v for k, v in out.items() if v != ""}


def fields(model: type[BaseModel], *, lang: Lang, twin: set[str], tags: list[str]) -> list[dict[str, Any]]:
    made = [field(model, name, info, lang=lang, twin=twin, tags=tags) for name, info in model.model_fields.items()]
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


def config(root: Path, lang: Lang = "zh") -> dict[str, Any]:
    """The whole Decap configuration for the content tree at `root`."""
    tags = _tags(root)
    collections = []
    for name, folder, model, path in COLLECTIONS:
        twin = set(schema.TWINS[model].model_fields)
        form: list[dict[str, Any]] = [{"name": FOLDER_FIELD, "label": _label("folder", lang), "widget": "string",
                 "pattern": ["^" + schema.SLUG.pattern.removesuffix(r"\Z") + "$", message("ask-slug", lang)]}]
        form += fields(model, lang=lang, twin=twin, tags=tags)
        form.append({"name": "body", "label": _label("body", lang), "widget": "markdown", "i18n": True,
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


def admin_page(lang: Lang) -> str:
    """The admin page: Decap CMS from this server, nothing from elsewhere."""
    title = message("cms-title", lang)
    return (f'<!doctype html>\n<html lang="{edition(lang).hreflang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{title}</title>\n<link href="config.yml" type="text/yaml" rel="cms-config-url">\n</head>\n'
            f'<body>\n<script src="decap/decap-cms.js"></script>\n<script>{STORY_PREVIEW}</script>\n</body>\n</html>\n')


def write_admin(folder: Path, root: Path, lang: Lang) -> Path:
    """Write index.html and config.yml of the admin page into `folder` (served at /admin/)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(admin_page(lang), encoding="utf-8")
    (folder / "config.yml").write_text(yaml.safe_dump(config(root, lang), allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


def installed() -> bool:
    return (DECAP_DIST / "decap-cms.js").is_file()
