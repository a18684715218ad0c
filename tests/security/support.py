"""Plain helpers for the abuse suite: a snapshot of every table, a precise check of HTML for
live markup, and signed-in clients that do not disturb each other's sessions."""

from __future__ import annotations

import functools
import html
import json
import re
import time
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import JSON, LargeBinary, Text

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


class Snapshot(dict[str, set[tuple]]):
    """Every row of every table as the database holds it, by table name: what a comparison of
    two snapshots needs, read without turning a single value into Python's types. The few rows
    that differ are turned (see `changes`) by the `readers` kept with the snapshot."""

    def __init__(self, rows: dict[str, set[tuple]], readers: dict[str, Callable]) -> None:
        super().__init__(rows)
        self.readers = readers


def snapshot(app: Flask) -> Snapshot:
    """Every row of every table, as tuples (binary columns as their length), to compare before
    and after a request.

    The rows are compared as the database driver hands them over: a value that reads back
    differently was stored differently, and every table has a primary key, so two rows are the
    same stored row exactly when they are the same row read into Python. Only the rows that
    changed are read into Python's values (datetimes, enums, JSON), by `changes`: in the abuse
    suite's growing database, reading every value took most of each test's time."""
    rows: dict[str, set[tuple]] = {}
    with app.app_context():
        dialect = db.engine.dialect
        connection = db.session.connection()
        statements, readers = _statements(dialect)
        for table in db.metadata.sorted_tables:
            rows[table.name] = set(map(tuple, connection.exec_driver_sql(statements[table.name])))
        db.session.remove()
    return Snapshot(rows, readers)


@functools.cache
def _statements(dialect) -> tuple[dict[str, str], dict[str, Callable]]:
    """For each table, the SQL that reads it raw (JSON as its text, binary as its length) and
    the function that reads one of its raw rows as the ORM would."""
    statements, readers = {}, {}
    for table in db.metadata.sorted_tables:
        assert table.primary_key.columns, f"{table.name} has no primary key"
        columns = []
        for column in table.columns:
            if isinstance(column.type, LargeBinary):
                columns.append(db.func.length(column))
            elif _json(column):
                columns.append(db.cast(column, Text))
            else:
                columns.append(column)
        select = db.select(*columns)
        statements[table.name] = str(select.compile(dialect=dialect))
        readers[table.name] = _reader(table, dialect)
    return statements, readers


def _reader(table, dialect) -> Callable[[tuple], tuple]:
    steps = []
    for column in table.columns:
        if isinstance(column.type, LargeBinary):
            steps.append(None)
        elif _json(column):
            steps.append(_json_as_text)
        else:
            steps.append(column.type.dialect_impl(dialect).result_processor(dialect, None))

    def read(row: tuple) -> tuple:
        return tuple(
            value if step is None else step(value) for step, value in zip(steps, row, strict=True)
        )

    return read


def _json(column) -> bool:
    return isinstance(column.type, JSON)


def _json_as_text(value: str | None):
    """JSON columns (audit details, redactions) read back as dicts and lists, which a set
    cannot hold: those are written out as text, with their keys in order."""
    if value is None:
        return None
    found = json.loads(value)
    return json.dumps(found, sort_keys=True) if isinstance(found, dict | list) else found


def changes(before: Snapshot, after: Snapshot) -> dict[str, tuple[set[tuple], set[tuple]]]:
    """Per table, the rows that appeared and the rows that went (a changed row is both), read
    into Python's values."""
    found = {}
    for name in after:
        added, removed = after[name] - before[name], before[name] - after[name]
        if added or removed:
            read = after.readers[name]
            found[name] = ({read(row) for row in added}, {read(row) for row in removed})
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
