"""Plain helpers for the abuse suite: a snapshot of every table, a precise check of HTML for
live markup, and signed-in clients that do not disturb each other's sessions."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import JSON, LargeBinary

from faq_site.extensions import db

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STARTED_FIELD = re.compile(r'name="started"[^>]*value="([^"]*)"')
SUBMISSION_FIELD = re.compile(r'name="submission"[^>]*value="([^"]*)"')

# Elements a page of ours never contains: any one of them came from what someone sent.
FOREIGN_ELEMENTS = {
    "script",
    "svg",
    "math",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "style",
    "applet",
    "base",
    "img",
    "video",
    "audio",
    "source",
    "image",
    "meta-refresh",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
}
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")


# Tables ---------------------------------------------------------------------------------------


Snapshot = dict[str, set[tuple]]


def snapshot(app: Flask) -> Snapshot:
    """Every row of every table, as tuples (binary columns as their length), to compare before
    and after a request."""
    rows: Snapshot = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [
                db.func.length(column) if isinstance(column.type, LargeBinary) else column
                for column in table.columns
            ]
            # JSON columns (audit details, redactions) come back as dicts and lists, which a set
            # cannot hold: those alone are written out as text. Every other value is taken as
            # it comes, row by row in one step, which keeps a snapshot of a large database fast.
            found = db.session.execute(db.select(*columns)).all()
            structured = [i for i, column in enumerate(table.columns) if _json(column)]
            if structured:
                found = [_with_json_as_text(row, structured) for row in found]
            rows[table.name] = set(map(tuple, found))
        db.session.remove()
    return rows


def _json(column) -> bool:
    return isinstance(column.type, JSON)


def _with_json_as_text(row, indexes: list[int]) -> tuple:
    values = list(row)
    for index in indexes:
        if isinstance(values[index], dict | list):
            values[index] = json.dumps(values[index], sort_keys=True)
    return tuple(values)


def changes(before: Snapshot, after: Snapshot) -> dict[str, tuple[set[tuple], set[tuple]]]:
    """Per table, the rows that appeared and the rows that went (a changed row is both)."""
    found = {}
    for name in after:
        added, removed = after[name] - before[name], before[name] - after[name]
        if added or removed:
            found[name] = (added, removed)
    return found


def texts(rows: Iterable[tuple]) -> list[str]:
    return [value for row in rows for value in row if isinstance(value, str)]


# Markup ---------------------------------------------------------------------------------------


def unsafe_url(value: str) -> bool:
    """A URL a browser would run or load as a document: javascript:, data:, vbscript:, however
    disguised with case, entities, whitespace or control characters."""
    value = html.unescape(value)
    squeezed = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]", "", value).lower()
    if squeezed.startswith(UNSAFE_SCHEMES):
        return True
    scheme = urlsplit(squeezed).scheme
    return scheme in UNSAFE_SCHEMES


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            elif name == "style" and tag not in {"body"}:
                self.problems.append(f"<{tag} style=...> attribute")
            elif name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.problems.append(f"<{tag} {name}={value[:40]!r}> unsafe URL")
            elif tag == "meta" and name == "http-equiv":
                self.problems.append(f"<meta http-equiv={value!r}>")


def markup_problems(document: str) -> list[str]:
    """What in an HTML document could run or load something: script and other active elements,
    event-handler attributes, javascript:/data:/vbscript: URLs. Escaped text is not markup and
    passes."""
    inspector = _Inspector()
    inspector.feed(document)
    inspector.close()
    return inspector.problems


# Clients and forms ----------------------------------------------------------------------------


def started_of(response) -> str | None:
    match = STARTED_FIELD.search(response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def submission_of(response) -> str | None:
    """The one-time token a form is handed out with, when it has one (the request form)."""
    match = SUBMISSION_FIELD.search(response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def expired_token(app: Flask, client: FlaskClient, age: int = 2 * 3600) -> str:
    """A CSRF token for this client's own session, but signed `age` seconds ago: what a form
    left open in a tab for hours sends."""

    class Past(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    with client.session_transaction() as session:
        raw = session["csrf_token"]
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Past)
    return serializer.dumps(raw)


def forget_csrf_secret(client: FlaskClient) -> None:
    """Drop the CSRF secret from the client's session, as a new session (after signing in
    again, or the cookie expiring) would have none."""
    with client.session_transaction() as session:
        session.pop("csrf_token", None)


def as_dicts(table: str, rows: Iterable[tuple]) -> list[dict]:
    """Snapshot rows of a table as column-name dictionaries."""
    names = [column.name for column in db.metadata.tables[table].columns]
    return [dict(zip(names, row, strict=True)) for row in rows]
