"""The details of an audit event in words: what the trail stores as numbers, codes and ISO
dates (a version's id, an answer's id, a right's code), found and named as the admin reads
them when the log is shown. The stored detail never changes; a text renamed since reads by its
present title, and one deleted since by what the event itself kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .clock import today
from .extensions import db
from .models import AuditEvent, Document, DocumentKind, Origin, Version

DETAIL_KEYS = {
    "reason": _l("reason"),
    "failures": _l("failures"),
    "emailed": _l("emailed"),
    "slug": _l("address"),
    "version": _l("version"),
    "effective": _l("takes effect"),
    "editorial": _l("editorial"),
    "right": _l("right"),
    "due": _l("due"),
    "paused": _l("clock paused"),
    "file": _l("file sent"),
    "role": _l("role"),
    "from": _l("from"),
    "to": _l("to"),
    "check": _l("check"),
    "kind": _l("kind"),
    "occurrences": _l("occurrences"),
    "codes": _l("codes"),
    "replaced": _l("codes replaced"),
    "remaining": _l("codes left"),
    "by_email": _l("by email address"),
    "by_phone": _l("by phone number"),
    "by_postal_address": _l("by postal address"),
    "rows": _l("rows"),
    "filtered": _l("filtered"),
    "in_time": _l("within the 30 days to acknowledge"),
    "acknowledged_first": _l("acknowledged before"),
    "open": _l("open"),
    "answered": _l("answered"),
}

# The rights by the names the law gives them, for a request's "right" detail.
RIGHTS = {
    "access": _l("Right of access"),
    "rectification": _l("Right to rectification"),
    "erasure": _l("Right to erasure"),
    "restriction": _l("Right to restriction of processing"),
    "portability": _l("Right to data portability"),
    "objection": _l("Right to object"),
    "unsure": _l("Right not chosen yet"),
    "complaint": _l("A complaint"),
}

# Details that hold a day, stored as YYYY-MM-DD and shown as a person writes it.
DATE_KEYS = {"due", "received", "met", "answered"}

# Why a sign-in was refused (admin.signing_in): the words for each reason it records.
SIGN_IN_REASONS = {
    "unknown": _l("no account has this address"),
    "password": _l("wrong password"),
    "inactive": _l("account deactivated"),
    "delayed": _l("waiting after failed attempts from this place"),
    "address_delayed": _l("waiting after failed attempts at this address"),
    "code": _l("wrong two-step code"),
    "code_reused": _l("a two-step code used again"),
    "recovery_code": _l("wrong or used recovery code"),
}


def _number(event: AuditEvent, key: str) -> int | None:
    value = (event.detail or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def versions_by_id(events: Iterable[AuditEvent]) -> dict[int, Any]:
    """The versions the events' details name, by id: their document and day, not their words."""
    wanted = {_number(event, "version") for event in events} - {None}
    if not wanted:
        return {}
    rows = db.session.execute(
        db.select(Version.id, Version.document_id, Version.effective).where(Version.id.in_(wanted))
    )
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class Text:
    kind: DocumentKind
    slug: str
    origin: Origin
    # The title its readers see now: the version in force's, else the first one announced.
    title: str | None


def texts(
    events: Iterable[AuditEvent], subjects: set[int], versions: dict[int, Any]
) -> dict[int, Text]:
    """The documents the events are about or name in their details, each with the title readers
    see now (a withdrawn version's is erased, so never shown)."""
    wanted = subjects | {_number(event, "document") for event in events} - {None}
    wanted |= {found.document_id for found in versions.values()}
    if not wanted:
        return {}
    rows = db.session.execute(
        db.select(Document.id, Document.kind, Document.slug, Document.origin).where(
            Document.id.in_(wanted)
        )
    ).all()
    titles = db.session.execute(
        db.select(Version.document_id, Version.effective, Version.title)
        .where(Version.document_id.in_(wanted), Version.title != "")
        .order_by(Version.effective)
    ).all()
    day = today()
    in_force: dict[int, str] = {}
    announced: dict[int, str] = {}
    for ident, effective, title in titles:
        if effective <= day:
            in_force[ident] = title
        else:
            announced.setdefault(ident, title)
    return {
        row.id: Text(row.kind, row.slug, row.origin, in_force.get(row.id) or announced.get(row.id))
        for row in rows
    }


def detail_words(event: AuditEvent, documents: dict[int, Text], versions: dict[int, Any]) -> str:
    """The event's detail as a person reads it. What is stored stays as it is (numbers, codes,
    ISO dates); the words are found now, so a text renamed since reads by its present title,
    and one deleted since by what the event itself kept."""
    detail = dict(event.detail or {})
    parts = []
    if "version" in detail:
        parts.append(_version_words(detail.pop("version"), detail.pop("effective", None), versions))
    if isinstance(detail.get("document"), int):
        found, slug = documents.get(detail.pop("document")), detail.pop("slug", None)
        if found is not None:
            title = found.title or found.slug
            parts.append(_("published as \u201c%(title)s\u201d", title=title))
        else:
            parts.append(_("published at /faq/%(slug)s, deleted since", slug=slug))
    for key, value in detail.items():
        if value is None:
            continue  # not given ("capacity" of a request made for oneself): nothing to say
        if key == "right" and value in RIGHTS:
            parts.append(str(RIGHTS[value]))
            continue
        if key == "reason" and event.action == "moderator.sign_in_failed":
            value = SIGN_IN_REASONS.get(value, value)
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif key in DATE_KEYS:
            value = _day(value)
        name = DETAIL_KEYS.get(key, key.replace("_", " "))
        parts.append(_("%(name)s: %(value)s", name=name, value=value))
    return ", ".join(parts)


def _version_words(ident: Any, effective: Any, versions: dict[int, Any]) -> str:
    """A version by the day it takes effect: the stored day, which the event keeps even once
    the version is gone, else the version's own; by its number when neither is known."""
    found = versions.get(ident) if isinstance(ident, int) else None
    day = effective if effective else (found.effective if found is not None else None)
    if day is None:
        return _("version #%(id)s", id=ident)
    return _("the version of %(date)s", date=_day(day))


def _day(value: Any) -> str:
    """A stored day in words; anything that is not one, as it was stored."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, "long")
