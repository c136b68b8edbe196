"""The catalogue of messages to users, in Chinese and English.

Every message the tool prints about content is looked up here by key, so a
problem found once can be told in either language (`--lang`).
"""

from __future__ import annotations

from typing import Literal

MESSAGES: dict[str, tuple[str, str]] = {
    "warning-label": ("警告:", "warning:"),
    # reading files
    "yaml-syntax": ("YAML 格式错误：{detail}", "YAML syntax error: {detail}"),
    "yaml-alias": ("不允许使用 YAML 别名（*name），请直接写出内容", "YAML aliases (*name) are not allowed; write the value out"),
    "yaml-anchor": ("不允许使用 YAML 锚点（&name），请直接写出内容", "YAML anchors (&name) are not allowed; write the value out"),
    "yaml-tag": ("不允许使用 YAML 标签 {tag}", "YAML tags such as {tag} are not allowed"),
    "yaml-duplicate-key": ("字段“{name}”重复出现", "field '{name}' appears twice"),
    "yaml-merge-key": ("不允许使用 YAML 合并键（<<）", "YAML merge keys (<<) are not allowed"),
    "yaml-complex-key": ("字段名必须是简单文字", "field names must be plain text"),
    "yaml-too-deep": ("嵌套超过 {limit} 层", "nested deeper than {limit} levels"),
    "yaml-too-many-nodes": ("数据项超过 {limit} 个", "more than {limit} values"),
    "not-utf8": ("文件不是 UTF-8 编码，请在编辑器中另存为 UTF-8", "the file is not UTF-8; save it as UTF-8"),
    "nul-byte": ("文件含有空字符（NUL），不是文本文件", "the file contains a NUL byte; it is not text"),
    "missing-front-matter": ("文件开头缺少以“---”包围的元数据（front matter）", "the file must start with front matter between '---' lines"),
    "unclosed-front-matter": ("元数据缺少结束的“---”行", "the front matter has no closing '---' line"),
    "front-matter-not-mapping": ("元数据必须是“字段: 值”的列表", "front matter must be a mapping of fields to values"),
    "data-not-mapping": ("文件内容必须是“字段: 值”的列表", "the file must hold a mapping of fields to values"),
    "front-matter-too-large": ("元数据超过 {limit} 字节", "front matter is larger than {limit} bytes"),
    "body-too-large": ("正文超过 {limit} 字节", "the text is larger than {limit} bytes"),
    "file-too-large": ("文件大小 {size} 字节，超过上限 {limit} 字节", "the file has {size} bytes, more than the limit of {limit}"),
    "symlink-refused": ("不接受符号链接，请放入真实文件", "symbolic links are refused; put the real file here"),
    "hidden-file": ("隐藏文件不会发布", "hidden files are not published"),
    "expected-folder": ("此处应为文件夹", "a folder was expected here"),
    "expected-yaml-file": ("此处应为 .yml 文件", "a .yml file was expected here"),
    "nested-folder": ("条目文件夹内不能再有子文件夹", "an entry's folder may not contain folders"),
    "unknown-text-file": ("无法识别的文本文件“{name}”，应为 index.zh.md 或 index.en.md", "unknown text file '{name}'; expected index.zh.md or index.en.md"),
    "missing-zh-text": ("缺少中文正文 index.zh.md", "index.zh.md (the Chinese text) is missing"),
    "missing-file": ("缺少此文件", "this file is missing"),
    "unknown-content-item": ("content/ 下无法识别的“{name}”", "unknown item '{name}' in content/"),
    "bad-year-folder": ("故事须放在以年份命名的文件夹中，不是“{name}”", "stories go in folders named by year, not '{name}'"),
    # schema
    "missing": ("缺少必填字段", "this field is required"),
    "unknown-field": ("未知字段“{name}”{hint}", "unknown field '{name}'{hint}"),
    "unknown-field-hint": ("，是否为“{suggestion}”？", "; did you mean '{suggestion}'?"),
    "twin-field": ("未知字段“{name}”：英文版只能包含可翻译的字段（{allowed}）", "unknown field '{name}': the English twin holds only translatable fields ({allowed})"),
    "expected-text": ("应为文字，实际为“{found}”", "expected text, found '{found}'"),
    "expected-number": ("应为整数，实际为“{found}”", "expected a whole number, found '{found}'"),
    "expected-decimal": ("应为数字，实际为“{found}”", "expected a number, found '{found}'"),
    "expected-bool": ("应为 true 或 false，实际为“{found}”", "expected true or false, found '{found}'"),
    "expected-list": ("应为列表，例如 [甲, 乙]，实际为“{found}”", "expected a list such as [a, b], found '{found}'"),
    "expected-mapping": ("应为“字段: 值”的列表", "expected a mapping of fields to values"),
    "expected-pair": ("应为两个数字，例如 [0.5, 0.3]", "expected two numbers such as [0.5, 0.3]"),
    "expected-choice": ("应为以下之一：{choices}；实际为“{found}”{hint}", "expected one of: {choices}; found '{found}'{hint}"),
    "choice-hint": ("，是否为“{suggestion}”？", "; did you mean '{suggestion}'?"),
    "too-short": ("至少需要 {min} 项", "needs at least {min} item(s)"),
    "too-long-text": ("过长：最多 {max} 个字符", "too long: at most {max} characters"),
    "too-long": ("过多：最多 {max} 项", "too many: at most {max} items"),
    "out-of-range": ("数值超出范围（{found}）", "value out of range ({found})"),
    "date-format": ("日期应写作 YYYY-MM-DD，例如 2022-04-12；实际为“{found}”", "dates are written YYYY-MM-DD, e.g. 2022-04-12; found '{found}'"),
    "date-invalid": ("不存在的日期“{found}”", "no such date: '{found}'"),
    "text-empty": ("不能为空", "must not be empty"),
    "slug-invalid": ("应为小写英文字母、数字和连字符，例如 chen-xiaoli；实际为“{found}”", "expected lowercase letters, digits and hyphens such as chen-xiaoli; found '{found}'"),
    "document-number": ("文号格式应如“粤民函〔2022〕35号”，实际为“{found}”", "a document number looks like 粤民函〔2022〕35号; found '{found}'"),
    "focus-range": ("焦点坐标须在 0 到 1 之间", "focus values must be between 0 and 1"),
    "guardian-required": ("未成年人的同意书须写明监护人（guardian）", "a minor's consent needs the guardian's name (guardian)"),
    "period-order": ("结束日期 {end} 早于开始日期 {start}", "ends on {end}, before it starts on {start}"),
    "nominee-one": ("须且只能填写 worker 或 organisation 之一", "give exactly one of worker or organisation"),
    "invalid-value": ("取值无效：{detail}", "invalid value: {detail}"),
    # references and bundles
    "folder-slug": ("文件夹名“{name}”应为小写英文字母、数字和连字符（可用拼音）", "folder name '{name}' must be lowercase letters, digits and hyphens (pinyin is fine)"),
    "unknown-city": ("未知城市“{found}”{hint}", "unknown city '{found}'{hint}"),
    "unknown-district": ("“{city}”没有“{found}”{hint}", "{city} has no division '{found}'{hint}"),
    "district-elsewhere": ("“{found}”不属于{city}，而属于{other}", "'{found}' is not in {city} but in {other}"),
    "unknown-worker": ("未知工作者“{found}”（content/workers/ 下没有此文件夹）{hint}", "unknown worker '{found}' (no such folder in content/workers/){hint}"),
    "unknown-award": ("未知奖项“{found}”（content/awards/ 下没有 {found}.yml）{hint}", "unknown award '{found}' (no content/awards/{found}.yml){hint}"),
    "unknown-tag": ("标签“{found}”不在 content/tags.yml 中{hint}", "tag '{found}' is not listed in content/tags.yml{hint}"),
    "did-you-mean": ("，是否为“{suggestion}”？", "; did you mean '{suggestion}'?"),
    "missing-photo": ("照片“{found}”不在本条目的文件夹中", "photo '{found}' is not in this entry's folder"),
    "bad-photo-path": ("照片须是本文件夹中的文件名，不能含路径（{found}）", "a photo must be a file name in this folder, without a path ({found})"),
    "missing-twin": ("缺少英文版 index.en.md，英文网站将显示中文原文并注明“尚未翻译”", "no English twin index.en.md; the English site shows the Chinese text marked 'not yet translated'"),
    "year-mismatch": ("日期 {date} 与所在年份文件夹 {year} 不符", "date {date} does not match the year folder {year}"),
    "worker-file-name": ("worker 应与文件名“{name}”一致", "worker must equal the file name '{name}'"),
    "duplicate-slug-case": ("“{name}”与“{other}”仅大小写不同，网址会冲突", "'{name}' and '{other}' differ only in case; their addresses collide"),
    "url-collision": ("网址 {url} 已被 {other} 使用", "the address {url} is already used by {other}"),
    "caption-unknown-photo": ("英文说明对应的照片“{found}”不在中文版 photos 中", "caption for '{found}', which is not among the Chinese photos"),
    "consent-required": ("照片显示可辨认的人（people: true），须有同意书（consent），否则不予发布", "the photo shows identifiable people (people: true) and needs a consent record; it is held back without one"),
    "consent-expired": ("同意书已于 {expires} 到期，照片暂不发布", "the consent expired on {expires}; the photo is held back"),
    "nominated-twice": ("{worker} 已在 {other} 中被提名参加同一奖项", "{worker} is already nominated for this award in {other}"),
    "award-not-people": ("该奖项授予组织（recipients: organisations），提名须填写 organisation", "this award honours organisations (recipients: organisations); nominate an organisation"),
    "award-not-organisations": ("该奖项授予个人，提名须填写 worker", "this award honours people; nominate a worker"),
    "regions-invalid": ("行政区划文件有误，无法核对城市和区县", "the gazetteer is invalid; cities and districts cannot be checked"),
    "duplicate-region": ("行政区划中“{name}”重复", "'{name}' appears twice in the gazetteer"),
    "refused-reference": ("引用的条目“{found}”未通过检查", "the referenced entry '{found}' was refused"),
    # privacy
    "personal-data": ("含有个人信息（{kind}：{masked}），请删除后再提交", "contains personal data ({kind}: {masked}); remove it before submitting"),
}

Lang = Literal["zh", "en"]


def message(key: str, lang: Lang, **params: object) -> str:
    """The message for `key` in `lang`, with its parameters filled in."""
    zh, en = MESSAGES[key]
    template = zh if lang == "zh" else en
    chosen = {k: v for k, v in params.items() if not k.endswith(("_zh", "_en"))}
    chosen.update({k[:-3]: v for k, v in params.items() if k.endswith(f"_{lang}")})
    return template.format(**chosen)
