"""The staged page body reaches the page as the HTML it is, its Markdown headings made headings."""

from __future__ import annotations

import markdown

from generator.mkdocs.rawbody import NAME


def convert(body: str) -> tuple[str, list[dict[str, object]]]:
    md = markdown.Markdown(extensions=["toc", "tables", "admonition", NAME])
    return md.convert(body), md.toc_tokens  # type: ignore[attr-defined]


def test_html_passes_through_unparsed() -> None:
    body = '<h1>楼下的林医生</h1>\n\n<p class="cg-lead">凌晨 *三点* 的<a href="../x/">网格</a></p>\n\n<div>\n<p>a</p>\n\n<p>b</p>\n</div>'
    html, toc = convert(body)
    assert html == body
    assert toc == []


def test_headings_between_html_become_the_table_of_contents() -> None:
    body = ('<div lang="zh-Hans">\n\n<div class="cg-prose">\n<p>开头</p>\n</div>\n\n## 警网联动\n\n'
            '<div class="cg-prose">\n<pre><code>\n\n# 不是标题\n\n</code></pre>\n</div>\n\n### Meet \\*once\\* a week\n\n</div>')
    html, toc = convert(body)
    assert '<h2 id="_1">警网联动</h2>' in html
    assert '<h3 id="meet-once-a-week">Meet *once* a week</h3>' in html
    assert "\n# 不是标题\n" in html  # inside <pre>: text, not a heading
    assert [t["name"] for t in toc] == ["警网联动"]
    assert [c["name"] for c in toc[0]["children"]] == ["Meet *once* a week"]  # type: ignore[index]
    assert html.startswith('<div lang="zh-Hans">') and html.endswith("</div>")
