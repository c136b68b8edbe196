"""The catalogue of messages to users, in Chinese and English.

Every message the tool prints about content is looked up here by key, so a
problem found once can be told in either language (`--lang`).
"""

from __future__ import annotations

import unicodedata

from generator.editions import Lang
from generator.readertext import invisible

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
    "photo-empty": ("图片文件为空（0 字节），请重新导出照片", "the image file is empty (0 bytes); export the photo again"),
    "photo-format": ("不支持的图片：文件内容是{found}，只接受 JPEG、PNG、WebP 和 HEIC 照片（只改扩展名不会转换格式）", "unsupported image: the file holds {found}; only JPEG, PNG, WebP and HEIC photos are accepted (renaming a file does not convert it)"),
    "photo-unreadable": ("图片无法完整读取，文件可能已损坏或不完整（{detail}），请重新导出照片", "the image cannot be read completely; the file is damaged or truncated ({detail}); export the photo again"),
    "photo-too-many-pixels": ("图片像素过多（{pixels} 像素，上限 {limit} 像素），可能是恶意构造的文件；请缩小后再提交", "the image has too many pixels ({pixels}; the limit is {limit}), which may be a decompression bomb; resize it before submitting"),
    "photo-progress": ("处理照片", "processing photos"),
    "executor-address": ("无法识别的执行器地址“{found}”，应写作 dask://主机:端口", "unknown executor address '{found}'; write it as dask://HOST:PORT"),
    "executor-missing-dask": ("使用 Dask 集群需先安装：pip install 'community-guardians[dask]'", "a Dask cluster needs Dask installed: pip install 'community-guardians[dask]'"),
    "executor-unreachable": ("无法连接 Dask 集群 {found}：{detail}", "cannot reach the Dask cluster at {found}: {detail}"),
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
    "unknown-winner": ("表彰名单（winners）中的“{found}”不在 content/nominations/{award}/ 的提名中{hint}", "'{found}' in the winners list is not among the nominations in content/nominations/{award}/{hint}"),
    "withdrawn-awarded": ("“{found}”的提名状态为 {status}（{file}），不能列入表彰名单（winners）", "the nomination of '{found}' is {status} ({file}); it cannot be listed among the winners"),
    "publicity-before-nomination-end": ("公示期从 {start} 开始，早于推荐期结束日 {end}", "the publicity period starts on {start}, before nominations close on {end}"),
    "regions-invalid": ("行政区划文件有误，无法核对城市和区县", "the gazetteer is invalid; cities and districts cannot be checked"),
    "duplicate-region": ("行政区划中“{name}”重复", "'{name}' appears twice in the gazetteer"),
    "refused-reference": ("引用的条目“{found}”未通过检查", "the referenced entry '{found}' was refused"),
    # privacy
    "personal-data": ("含有个人信息（{kind}：{masked}），请删除后再提交", "contains personal data ({kind}: {masked}); remove it before submitting"),
    # links, images and paths in submitted text
    "link-scheme": ("链接“{found}”不被接受：只能链接到 https://、http://、mailto: 或本页的锚点 #…", "the link '{found}' is refused: only https://, http://, mailto: or an anchor of this page (#…) are allowed"),
    "link-to-file": ("链接“{found}”指向一个文件，但文件不会发布；请改用完整网址（https://…）", "the link '{found}' points to a file, and files are not published; use a full address (https://…)"),
    "reference-absolute": ("“{found}”是绝对路径或其他网站的地址，不被接受", "'{found}' is an absolute path or another host's address and is refused"),
    "reference-parent": ("“{found}”含有“..”，不能指向本条目文件夹之外", "'{found}' contains '..'; a reference may not leave the entry's folder"),
    "reference-bad-char": ("“{found}”含有反斜杠或空字符，不被接受", "'{found}' contains a backslash or a NUL character and is refused"),
    "image-not-own": ("图片“{found}”不在本条目的文件夹中；只能使用本文件夹中的照片", "the image '{found}' is not in this entry's folder; only the entry's own photos are shown"),
    "not-regular-file": ("不是普通文件（可能是管道或设备），不予读取", "not a regular file (a pipe or a device); it is not read"),
    "outside-root": ("路径指向内容目录之外，不予读取", "the path leads outside the content folder; it is not read"),
    "markup-too-complex": ("此段起 Markdown 符号（{what}）过多：{found} 个，上限 {limit} 个；请简化格式", "too much Markdown markup ({what}) from this paragraph on: {found}, the limit is {limit}; simplify the formatting"),
    "bad-file-name": ("文件名不是有效的 UTF-8 文字，不予读取；请重新命名", "the file name is not valid UTF-8 text and is not read; rename it"),
    "tag-name": ("标签“{found}”不在 content/tags.yml 中，只能由文字和数字组成（可用空格或连字符分隔）", "the tag '{found}' is not in content/tags.yml and may only hold letters and digits (separated by spaces or hyphens)"),
    # live preview (guardians serve)
    "serve-started": ("预览地址：{url}（修改 content/ 或 stories/ 后自动重新生成；按 Ctrl+C 结束）", "preview at {url} (rebuilt when content/ or stories/ change; Ctrl+C to stop)"),
    "serve-port-busy": ("无法使用端口 {port}（{detail}），请用 --port 换一个端口", "cannot use port {port} ({detail}); choose another with --port"),
    "serve-title": ("社区守护者 · 预览", "Community Guardians · preview"),
    "serve-summary": ("上次生成发现 {errors} 个错误、{warnings} 个警告", "last build: {errors} error(s), {warnings} warning(s)"),
    "serve-building": ("正在生成网站，请稍候……", "building the site, please wait…"),
    "serve-clean": ("没有发现问题", "no problems found"),
    "serve-failed-content": ("内容有误，未能生成新网站；仍在显示上一次成功生成的网站", "the content has errors, so no new site was built; the previous site is still shown"),
    "serve-failed-verify": ("新网站未通过检查，仍在显示上一次成功生成的网站：", "the new site failed verification; the previous site is still shown:"),
    "serve-failed-other": ("生成失败，仍在显示上一次成功生成的网站：", "the build failed; the previous site is still shown:"),
    # new entries (guardians new) and imports: prompts, which are also the comments above each field
    "ask-title": ("标题", "title"),
    "ask-slug": ("文件夹名（网址的一部分：小写英文字母、数字、连字符，可用拼音）", "folder name (part of the address: lowercase letters, digits, hyphens; pinyin is fine)"),
    "ask-date": ("日期（YYYY-MM-DD）", "date (YYYY-MM-DD)"),
    "ask-city": ("城市（地级以上市，如 广州市）", "city (prefecture-level, e.g. 广州市 or guangzhou)"),
    "ask-district": ("区县（如 天河区；东莞、中山可填镇街）", "district (e.g. 天河区; a town in Dongguan and Zhongshan)"),
    "ask-community": ("社区或村", "community or village"),
    "ask-workers": ("提到的工作者（content/workers/ 下的文件夹名，用逗号分隔）", "workers mentioned (folder names under content/workers/, comma-separated)"),
    "ask-tags": ("标签（须在 content/tags.yml 中，用逗号分隔）", "tags (listed in content/tags.yml, comma-separated)"),
    "ask-summary": ("摘要（一两句话，显示在列表和搜索结果中）", "summary (one or two sentences for listings and search)"),
    "ask-author": ("作者", "author"),
    "ask-unit": ("作者单位（如 天河区民政局）", "author's unit (e.g. 天河区民政局)"),
    "ask-status": ("状态（draft 草稿 / review 审核中 / published 发布）", "status (draft / review / published)"),
    "ask-photos": ("照片（文件须放在本文件夹中；拍到可辨认的人须加 people: true 和同意书 consent）", "photos (files in this folder; identifiable people need people: true and a consent record)"),
    "ask-photo-file": ("照片文件路径（直接回车结束）", "photo file (press Enter to finish)"),
    "ask-photo-caption": ("照片说明", "caption of the photo"),
    "ask-name": ("姓名", "full name in Chinese"),
    "ask-name_en": ("英文姓名（留空则用拼音）", "name in English (pinyin when left empty)"),
    "ask-gender": ("性别（female 女 / male 男）", "gender (female / male)"),
    "ask-role": ("岗位", "post"),
    "ask-portrait": ("肖像照片文件路径", "portrait photo file"),
    "ask-deeds": ("一句话事迹", "one-line summary of the deeds"),
    "ask-theme": ("主题（mobilisation 组织动员 / health-committee 公共卫生委员会 / training 培训 / care 关爱）", "theme (mobilisation / health-committee / training / care)"),
    "ask-audience": ("读者（residents 居民 / workers 社区工作者 / volunteers 志愿者，用逗号分隔）", "audience (residents / workers / volunteers, comma-separated)"),
    "ask-updated": ("最近核对日期（YYYY-MM-DD）", "last checked (YYYY-MM-DD)"),
    "ask-source": ("来源（发布机关或文件）", "source (authority or document)"),
    "ask-award": ("奖项（content/awards/ 下的文件名，不含 .yml）", "award (file name under content/awards/, without .yml)"),
    "ask-worker": ("被提名的工作者（content/workers/ 下的文件夹名）", "nominated worker (folder name under content/workers/)"),
    "ask-bureau": ("推荐单位", "nominating bureau"),
    "ask-post": ("职务", "post"),
    "ask-reason": ("推荐理由（一句话，公示时公开）", "reason (one line, published in the public notice)"),
    "ask-id_number": ("身份证号（内部信息，不公开）", "ID number (internal, never published)"),
    "ask-phone": ("联系电话（内部信息，不公开）", "phone (internal, never published)"),
    "ask-reviewer_notes": ("审核意见（内部信息，不公开）", "reviewer notes (internal, never published)"),
    "ask-internal": ("内部信息：仅供存档，绝不发布", "internal: kept for the records, never published"),
    "ask-issuer": ("发文机关", "issuing authority"),
    "ask-number": ("文号（如 粤民函〔2022〕35号）", "document number (e.g. 粤民函〔2022〕35号)"),
    "ask-addressees": ("主送机关", "addressees"),
    "ask-optional": ("（可留空）", " (optional)"),
    "no-such-file": ("找不到文件“{path}”", "no such file: '{path}'"),
    "bundle-exists": ("{file} 已存在，未作任何修改", "{file} already exists; nothing was changed"),
    "new-see-template": ("每个字段的说明和完整示例见 {path}", "every field, explained, with a complete example: {path}"),
    "new-written": ("已写入 {path}", "written: {path}"),
    "new-body": ("（请在这里写正文，可用“## 小标题”、“- 列表”、“**加粗**”。写完后删除这一行。）", "(Write the text here; use '## headings', '- lists', '**bold**'. Delete this line when done.)"),
    # Word import (guardians import-docx)
    "docx-old-format": ("“{name}”是旧版 Word 格式（.doc），请在 Word 中“另存为” .docx 后再导入", "'{name}' is in the old Word format (.doc); save it as .docx in Word and import that"),
    "docx-not-docx": ("“{name}”不是 Word 文档（.docx）", "'{name}' is not a Word document (.docx)"),
    "docx-unreadable": ("无法读取 Word 文档“{name}”：{detail}", "cannot read the Word document '{name}': {detail}"),
    "docx-bomb-members": ("文档含有 {count} 个部件，超过上限 {limit}，疑为恶意文件，已拒绝", "the document holds {count} parts, more than {limit}; refused as a suspected zip bomb"),
    "docx-bomb-size": ("文档解压后共 {size} 字节，超过上限 {limit} 字节，疑为压缩炸弹，已拒绝", "the document inflates to {size} bytes, more than {limit}; refused as a suspected zip bomb"),
    "docx-bomb-ratio": ("文档中的“{member}”压缩比为 {ratio}:1，超过上限 {limit}:1，疑为压缩炸弹，已拒绝", "'{member}' in the document is compressed {ratio}:1, more than {limit}:1; refused as a suspected zip bomb"),
    "docx-no-table": ("文档开头缺少元数据表格（标题、日期、城市……），请使用模板 docs/templates/story.docx", "the document has no metadata table (title, date, city…) at the top; use the template docs/templates/story.docx"),
    "docx-no-caption": ("第 {number} 张照片下面缺少说明：请在照片的下一行用“题注”样式写照片说明", "photo {number} has no caption: write it on the line below the photo, in the Caption style"),
    "docx-image-format": ("第 {number} 张图片的格式是 {found}，只接受 JPEG、PNG、WebP 照片", "image {number} is {found}; only JPEG, PNG and WebP photos are accepted"),
    "docx-image-elsewhere": ("文档中有 {count} 张图片不在正文段落中（在表格、文本框或页眉页脚里），无法导入；请把照片直接插入正文，并在下一行用“题注”样式写说明", "{count} image(s) are not in the text's paragraphs (in a table, a text box or a header) and cannot be imported; put each photo in the text with its caption on the next line"),
    "docx-unknown-worker": ("content/workers/ 中没有名为“{found}”的先进人物；请核对姓名，或先用 guardians new worker 建立档案", "no model worker named '{found}' in content/workers/; check the name, or create the profile first with guardians new worker"),
    # notice import (guardians import-notice)
    "notice-not-text": ("“{name}”不是文本文件，请把通知全文粘贴到记事本中另存为 .txt", "'{name}' is not a text file; paste the notice into a plain-text editor and save it as .txt"),
    "notice-empty": ("“{name}”中没有通知正文", "'{name}' holds no notice text"),
    "notice-cited": ("文中引用的文件：{cited}", "documents cited in the text: {cited}"),
    # the editors' CMS (/admin/ of guardians serve)
    "cms-title": ("社区守护者 · 内容管理", "Community Guardians · content editor"),
    "cms-stories": ("故事", "Stories"),
    "cms-guides": ("防控指南", "Guides"),
    "cms-policies": ("政策文件", "Policies"),
    "cms-workers": ("先进人物", "Model workers"),
    "cms-admin-at": ("内容管理页面：{url}", "content editor at {url}"),
    "cms-not-installed": ("内容管理页面尚未安装：请先运行 make cms", "the content editor is not installed: run make cms first"),
    "cms-path-refused": ("只能读写条目文件夹中的文件，不能使用“{path}”", "only files inside an entry's folder can be read or written, not '{path}'"),
    "cms-one-bundle": ("一次只能保存一个条目文件夹中的文件", "one save may only write the files of one entry's folder"),
    "cms-refused": ("未保存：内容有以下问题，请修改后再保存", "not saved: please correct these problems and save again"),
    "cms-field-folder": ("文件夹名（网址的一部分：小写英文字母、数字、连字符，可用拼音，如 lingchen-de-wangge）", "folder name (part of the address: lowercase letters, digits, hyphens, e.g. lingchen-de-wangge)"),
    "cms-field-workers": ("文中提到的先进人物", "model workers mentioned"),
    "cms-field-tags": ("标签", "tags"),
    "cms-field-photos": ("照片（照片中有可辨认的人时，须勾选并填写同意书）", "photos (when identifiable people are shown, tick the box and fill in the consent)"),
    "cms-field-portrait": ("肖像照片", "portrait"),
    "ask-photo": ("照片", "photo"),
    "ask-body": ("正文", "text"),
    "ask-file": ("照片文件", "photo file"),
    "ask-caption": ("照片说明", "caption"),
    "ask-credit": ("拍摄者或版权单位", "credit (photographer or rights holder)"),
    "ask-people": ("照片中有可辨认的人", "identifiable people are shown"),
    "ask-consent": ("同意书（照片中有可辨认的人时必填）", "consent (required when identifiable people are shown)"),
    "ask-by": ("同意人", "consent given by"),
    "ask-scope": ("同意的使用范围", "scope of the consent"),
    "ask-expires": ("有效期至（YYYY-MM-DD，可留空）", "valid until (YYYY-MM-DD, optional)"),
    "ask-guardian": ("监护人（未成年人须填写）", "guardian (required for a minor)"),
    "ask-minor": ("照片中的人是未成年人", "the person shown is a minor"),
    "import-nothing-written": ("未写入任何文件", "nothing was written"),
    # personal data read as a reader reads it (privacy)
    "personal-data-maybe": ("可能含有个人信息（{kind}：{masked}），请核实；如是，请删除", "may contain personal data ({kind}: {masked}); check it and remove it if so"),
    # safe to print: text that shows nothing or reorders itself, names Windows cannot open
    "text-invisible": ("只含有看不见的字符（“{found}”），读者看到的是空白", "holds only invisible characters ('{found}'); readers would see nothing"),
    "text-bidi": ("含有改变文字显示方向的控制字符 {chars}，显示的顺序会与所写的不同，请删除：“{found}”", "holds the bidirectional control {chars}, which makes the text display in another order than it is written; remove it: '{found}'"),
    "text-control": ("含有控制字符 {chars}，请删除：“{found}”", "holds the control character {chars}; remove it: '{found}'"),
    "name-bidi": ("名称含有改变文字显示方向的控制字符，显示的顺序会与实际不同，不予读取；请重新命名", "the name holds a bidirectional control, which makes it display in another order than it is written; it is not read; rename it"),
    "name-control": ("名称含有控制字符，不予读取；请重新命名", "the name holds a control character; it is not read; rename it"),
    "name-windows": ("名称是 Windows 的保留设备名（CON、PRN、AUX、NUL、COM1…、LPT1…），在 Windows 上无法打开，不予读取；请重新命名", "the name is a device name reserved by Windows (CON, PRN, AUX, NUL, COM1…, LPT1…) and cannot be opened there; it is not read; rename it"),
    "name-trailing": ("名称以点或空格结尾，Windows 会将其去掉，不予读取；请重新命名", "the name ends in a dot or a space, which Windows drops; it is not read; rename it"),
    # robustness: one photo, text or address never stops the others
    "photo-too-thin": ("图片尺寸为 {size} 像素，每边至少须 {limit} 像素；请提交完整的照片", "the image is {size} pixels; each side must be at least {limit} pixels; submit the whole photo"),
    "photo-portrait-shape": ("肖像照片尺寸为 {size} 像素，长边超过短边的 {limit} 倍，裁成 4:5 后只剩一窄条；请提交接近竖长方形的照片", "the portrait is {size} pixels, its long side more than {limit} times its short side, so its 4:5 crop would show only a sliver; submit a roughly upright photo"),
    "photo-truncated": ("图片文件不完整（文件在图像数据结束前就结束了），可能没有复制或上传完；请重新导出照片", "the image file is incomplete (it ends before its image data does); it was probably not copied or uploaded completely; export the photo again"),
    "photo-corrupt": ("图片文件已损坏（{part} 结构或校验错误）；请重新导出照片", "the image file is damaged ({part} structure or checksum is wrong); export the photo again"),
    "photo-failed": ("处理图片时出错（{detail}）；请重新导出照片，如仍出错请联系网站维护人员", "the image could not be processed ({detail}); export the photo again, and tell the site maintainer if this persists"),
    "markup-too-deep": ("此行嵌套 {found} 层（列表缩进或引用“>”），上限 {limit} 层；请减少嵌套", "this line is nested {found} levels deep (list indentation or quote '>'), the limit is {limit}; nest less"),
    "markup-failed": ("正文无法转换为网页（{detail}）；请简化格式，如仍出错请联系网站维护人员", "the text cannot be turned into a page ({detail}); simplify its formatting, and tell the site maintainer if this persists"),
    "tag-collision": ("标签“{found}”与 {other} 中的标签“{other_tag}”网址相同（{url}，不区分大小写和全角半角）", "tag '{found}' has the same address as tag '{other_tag}' in {other} ({url}, ignoring case and full-width forms)"),
    "address-collision": ("“{name}”与“{other}”的网址相同（不区分大小写和全角半角）", "'{name}' and '{other}' have the same address (ignoring case and full-width forms)"),
    # internal values of nominations (generator/internal.py, publish.Verification)
    "internal-quoted": ("引用了提名 {source} 的内部字段 {internal} 的值（{masked}）；内部字段不公开，本条目不予发布",
                        "quotes the value of internal field {internal} ({masked}) of the nomination {source}; "
                        "internal values are never published, so this entry is refused"),
    "internal-own-field": ("公开字段中写有本提名内部字段 {internal} 的值（{masked}）；公开字段会发布，请删去或改写",
                           "this public field repeats the value of the nomination's own internal field {internal} "
                           "({masked}); public fields are published: remove or reword it"),
    "internal-public-text": ("内部字段的值（{masked}）也是网站本身显示的文字（地名、标签或界面文字），无法保密，不作检查",
                             "the value ({masked}) is text the site shows anyway (a place name, tag or interface "
                             "text): it cannot be kept out and is not looked for"),
}


class MessageError(Exception):
    """An error told to the user by message key; the base of every such error of the tool."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Keep the parameters when the error travels back from a worker process."""
        return (_rebuild, (type(self), self.key, self.params))

    def text(self, lang: Lang) -> str:
        return message(self.key, lang, **self.params)


def _rebuild(cls: type[MessageError], key: str, params: dict[str, object]) -> MessageError:
    return cls(key, **params)


def message(key: str, lang: Lang, **params: object) -> str:
    """The message for `key` in `lang`, with its parameters filled in, each `printable`."""
    zh, en = MESSAGES[key]
    template = zh if lang == "zh" else en
    chosen = {k: v for k, v in params.items() if not k.endswith(("_zh", "_en"))}
    chosen.update({k[:-3]: v for k, v in params.items() if k.endswith(f"_{lang}")})
    return template.format(**{k: printable(str(v)) for k, v in chosen.items()})


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control characters (C0, DEL, C1), format characters (bidirectional controls, zero-width characters), lone
surrogates and the line and paragraph separators."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0"}


def printable(text: str) -> str:
    """`text` safe to quote in a message on a terminal, a page or a report: every control, format or
    invisible character (`readertext.invisible`) written as a visible escape, `\\n`, `\\x1b`, `\\u202e`.

    A value then stays on its line, sends no escape sequence to a terminal and cannot reorder the text
    around it. A backslash is left as it is, so a value escaped once is not changed again.
    """
    hidden = set(invisible(text))
    if not hidden and text.isprintable():
        return text
    return "".join(_escaped(c) if c in hidden or unicodedata.category(c) in _UNPRINTABLE else c for c in text)


def _escaped(char: str) -> str:
    point = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"
