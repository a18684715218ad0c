"""The sub-processor register: who processes personal data for us, for what, where, under which
transfer safeguard and since when.

It is a document like the statement: one YAML file per version under content/subprocessors/,
named by the date it takes effect, loaded by `flask content sync` and shown with the same
history, permanent addresses and feed. Its rows are stored as JSON in the version's source
column and its table rendered once, at sync; the changes between two versions are told row by
row: added, removed, changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask import render_template
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .diffing import Change, words

# The transfer safeguards a row may name, by the key its file uses.
SAFEGUARDS = {
    "none": _l("None needed: no restricted transfer"),
    "adequacy": _l("UK adequacy regulations"),
    "data-privacy-framework": _l("EU\N{EN DASH}US Data Privacy Framework"),
    "uk-extension": _l("UK Extension to the EU\N{EN DASH}US Data Privacy Framework"),
    "standard-contractual-clauses": _l("Standard contractual clauses with the UK Addendum"),
}
# Each row's fields, in the order the table shows them.
FIELDS = ("provider", "service", "data", "location", "safeguard", "since")
COLUMNS = {
    "provider": _l("Provider"),
    "service": _l("What it does for us"),
    "data": _l("Personal data"),
    "location": _l("Where"),
    "safeguard": _l("Transfer safeguard"),
    "since": _l("Since"),
}
# Fields that name one thing: a change replaces the whole value, never a few of its words.
WHOLE_FIELDS = ("safeguard", "since")
# Limits of each text, so that a row reads as a row and a typo'd paste is caught.
TEXT_MAX = {"provider": 200, "service": 300, "location": 200}
DATA_ITEM_MAX = 120


@dataclass(frozen=True)
class Row:
    """One sub-processor as a version of the register lists it."""

    provider: str
    service: str
    data: tuple[str, ...]
    location: str
    safeguard: str
    since: dt.date
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """A provider is the same one across versions whatever the case of its name."""
        return self.provider.casefold()

    @property
    def safeguard_label(self) -> str:
        return str(SAFEGUARDS.get(self.safeguard, self.safeguard))

    def shown(self, name: str) -> str:
        """A field as a reader reads it."""
        if name == "data":
            return ", ".join(self.data)
        if name == "safeguard":
            return self.safeguard_label
        if name == "since":
            return format_date(self.since, "long")
        return getattr(self, name)


def read_rows(items: object, problem, first_line: int, lines: Sequence[int] = ()) -> list[Row]:
    """The rows of a file's `subprocessors:` list, each problem reported through
    problem(line, message) with the entry's number and provider."""
    if not isinstance(items, list) or not items:
        problem(first_line, "subprocessors: must be a list of at least one sub-processor")
        return []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else first_line
        row = _read_row(item, index + 1, line, problem)
        if row is None:
            continue
        if row.key in seen:
            problem(
                line,
                f"sub-processor {index + 1} ({row.provider}) is listed twice "
                f"(also as sub-processor {seen[row.key]})",
            )
            continue
        seen[row.key] = index + 1
        rows.append(row)
    return rows


def _read_row(item: object, number: int, line: int, problem) -> Row | None:
    if not isinstance(item, dict):
        problem(line, f"sub-processor {number} must be 'key: value' lines ({', '.join(FIELDS)})")
        return None
    name = item.get("provider")
    label = f"sub-processor {number}" + (f" ({name})" if isinstance(name, str) else "")
    reported = 0

    def refuse(message: str) -> None:
        nonlocal reported
        reported += 1
        problem(line, f"{label}: {message}")

    for key in item:
        if key not in FIELDS:
            refuse(f"unknown key {key!r} (allowed: {', '.join(FIELDS)})")
    texts = {}
    for key, limit in TEXT_MAX.items():
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            refuse(f"{key} is missing (it must be text)")
            continue
        texts[key] = " ".join(value.split())
        if len(texts[key]) > limit:
            refuse(f"{key} is longer than {limit} characters")
    data = item.get("data")
    if isinstance(data, str):
        data = [data]
    if (
        not isinstance(data, list)
        or not data
        or not all(isinstance(d, str) and d.strip() for d in data)
    ):
        refuse("data must list the categories of personal data, e.g. [names, email addresses]")
        data = []
    elif any(len(d) > DATA_ITEM_MAX for d in data):
        refuse(f"each category of data has at most {DATA_ITEM_MAX} characters")
    safeguard = item.get("safeguard")
    if safeguard not in SAFEGUARDS:
        refuse(f"safeguard must be one of: {', '.join(SAFEGUARDS)}")
    since = item.get("since")
    if isinstance(since, dt.datetime) or not isinstance(since, dt.date):
        refuse("since must be a date (YYYY-MM-DD)")
    if reported:
        return None
    return Row(
        provider=texts["provider"],
        service=texts["service"],
        data=tuple(" ".join(d.split()) for d in data),
        location=texts["location"],
        safeguard=str(safeguard),
        since=since,  # type: ignore[arg-type]
        line=line,
    )


def to_json(rows: Iterable[Row]) -> str:
    """The rows as stored with their version: the words a version is made of."""
    return json.dumps(
        [
            {
                "provider": r.provider,
                "service": r.service,
                "data": list(r.data),
                "location": r.location,
                "safeguard": r.safeguard,
                "since": r.since.isoformat(),
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=1,
    )


def from_json(stored: str) -> list[Row]:
    """The rows of a stored version; none for a withdrawn one, whose words are erased."""
    if not stored.strip():
        return []
    return [
        Row(
            provider=item["provider"],
            service=item["service"],
            data=tuple(item["data"]),
            location=item["location"],
            safeguard=item["safeguard"],
            since=dt.date.fromisoformat(item["since"]),
        )
        for item in json.loads(stored)
    ]


def providers(stored: str) -> frozenset[str]:
    return frozenset(row.key for row in from_json(stored))


def render_table(stored: str, effective: dt.date) -> str:
    """The register's table as HTML, made once when a version is stored. Every value is escaped
    by the template."""
    return render_template(
        "public/register_table.html",
        rows=from_json(stored),
        effective=effective,
        columns=COLUMNS,
    ).strip()


@dataclass(frozen=True)
class RowChange:
    """One row of the difference between two versions of the register."""

    change: Change
    row: Row
    # Each field's words as shown: on a changed row, with <ins> and <del> where it differs.
    cells: dict[str, Markup]
    changed_fields: tuple[str, ...] = ()


def compare(old: Sequence[Row], new: Sequence[Row]) -> list[RowChange]:
    """What a version changes in the register, row by row: the rows added, removed and changed,
    each group in the versions' order; rows the two share unchanged are left out."""
    before = {row.key: row for row in old}
    after = {row.key for row in new}
    changes = []
    for row in new:
        previous = before.get(row.key)
        if previous is None:
            changes.append(RowChange(Change.ADDED, row, _cells(row)))
            continue
        differing = tuple(f for f in FIELDS if previous.shown(f) != row.shown(f))
        if not differing:
            continue
        cells = _cells(row)
        for name in differing:
            was, now = escape(previous.shown(name)), escape(row.shown(name))
            cells[name] = (
                Markup("<del>{}</del> <ins>{}</ins>").format(was, now)
                if name in WHOLE_FIELDS
                else words(str(was), str(now))
            )
        changes.append(RowChange(Change.CHANGED, row, cells, differing))
    changes.extend(
        RowChange(Change.REMOVED, row, _cells(row)) for row in old if row.key not in after
    )
    # Who is new matters most to a customer who may object: added first, then removed, changed.
    order = {Change.ADDED: 0, Change.REMOVED: 1, Change.CHANGED: 2}
    return sorted(changes, key=lambda item: order[item.change])


def _cells(row: Row) -> dict[str, Markup]:
    return {name: escape(row.shown(name)) for name in FIELDS}


def added(old: Sequence[Row], new: Sequence[Row]) -> list[Row]:
    """The rows a version adds: providers the version before did not list."""
    before = {row.key for row in old}
    return [row for row in new if row.key not in before]
