"""CSV files for the panel's exports, written so that a spreadsheet opens them safely.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some strip a
leading tab or carriage return first), so such a cell is written after an apostrophe, which
the spreadsheet shows as text. A file is written whole before its response starts, so a
download is never cut short by a database that fails half-way.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as a cell a spreadsheet shows as it is, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvFile:
    """A CSV file being written, one batch of rows at a time; `rows` counts them."""

    def __init__(self, header: Sequence[str]) -> None:
        self.rows = 0
        self._text = io.StringIO(newline="")
        self._writer = csv.writer(self._text, lineterminator="\r\n")
        self._writer.writerow([cell(name) for name in header])

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self._writer.writerow([cell(value) for value in row])
            self.rows += 1

    def download(self, filename: str) -> Response:
        # The byte order mark tells Excel the file is UTF-8; other readers skip it.
        body = codecs.BOM_UTF8 + self._text.getvalue().encode("utf-8")
        response = Response(body, mimetype="text/csv")
        response.headers.set("Content-Disposition", "attachment", filename=filename)
        return response
