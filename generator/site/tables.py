"""CSV and JSON files as the site publishes them beside its pages (statistics, committee coverage, open data)
(pure)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

BOM = "\ufeff"
"""Starts every CSV file: Excel reads UTF-8 (and so Chinese) only when it is there."""
FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet takes a cell starting with one of these as a formula: such a text cell is written with a quote."""


def csv_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The header row and the rows as CSV (RFC 4180, CRLF line ends) after a byte-order mark; a text cell that a
    spreadsheet would take for a formula is written with a quote before it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["'" + v if isinstance(v, str) and v.startswith(FORMULA) else v for v in row] for row in rows)
    return BOM + out.getvalue()


_JSON_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_document(data: object) -> str:
    """`data` as JSON (UTF-8 text, one level per line); `<`, `>` and `&` written as escapes, which any JSON reader
    reads back as the same characters, so submitted text never appears in the file as markup."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_MARKUP) + "\n"
