"""Small, valid training materials made in memory: a one-page PDF and a PPTX deck, with what a test adds."""

from __future__ import annotations

import io
import zipfile
import zlib


def pdf_bytes(text: str = "Training handout", *, info: bytes = b"", extra: bytes = b"", compress: bool = False) -> bytes:
    """A one-page PDF showing `text` (ASCII); `info` goes into its Info dictionary (`/Author (x)`), `extra` into
    its catalogue (`/OpenAction << /S /JavaScript /JS (x) >>`); with `compress` the page's text is deflated."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    content = b"BT /F1 18 Tf 72 720 Td (" + escaped + b") Tj ET"
    stream = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(content)) + zlib.compress(content)
              if compress else b"<< /Length %d >>\nstream\n" % len(content) + content) + b"\nendstream"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Producer (Community Guardians) " + info + b">>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pptx_bytes(slides: list[str] | None = None, *, creator: str = "", notes: bool = False, external: bool = False,
               macro: bool = False) -> bytes:
    """A PPTX deck with one slide per text; `creator` fills its author property, `notes` adds speaker notes,
    `external` a link to another host, `macro` a VBA project."""
    slides = slides or ["Training slides"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as deck:
        deck.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types '
                      'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        deck.writestr("ppt/presentation.xml", '<?xml version="1.0" encoding="UTF-8"?><p:presentation '
                      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>')
        deck.writestr("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
                      'xmlns:cp="x" xmlns:dc="y"><dc:title>Slides</dc:title>'
                      f'<dc:creator>{creator}</dc:creator></cp:coreProperties>')
        for i, text in enumerate(slides, 1):
            deck.writestr(f"ppt/slides/slide{i}.xml", '<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="p" '
                          f'xmlns:a="a"><a:t>{text}</a:t></p:sld>')
            target = ' TargetMode="External" Target="https://example.com/x.png"' if external else ' Target="x"'
            deck.writestr(f"ppt/slides/_rels/slide{i}.xml.rels", f'<Relationships><Relationship Id="r1"{target}/>'
                          '</Relationships>')
        if notes:
            deck.writestr("ppt/notesSlides/notesSlide1.xml", "<p:notes><a:t>note</a:t></p:notes>")
        if macro:
            deck.writestr("ppt/vbaProject.bin", b"\x00" * 16)
    return buffer.getvalue()
