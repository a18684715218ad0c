"""The read path: every public page gets its documents and versions through these queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload

from .clock import today
from .content import STATEMENT_SLUG
from .extensions import db
from .models import Category, Document, DocumentKind, Version
from .versions import Timeline


@dataclass(frozen=True)
class Entry:
    """A document with its history, as seen today."""

    document: Document
    timeline: Timeline

    @property
    def current(self) -> Version | None:
        return self.timeline.current


def _entry(document: Document | None) -> Entry | None:
    if document is None:
        return None
    return Entry(document, Timeline(list(document.versions), today()))


def _documents(kind: DocumentKind):
    return (
        db.select(Document)
        .where(Document.kind == kind)
        .options(selectinload(Document.versions), joinedload(Document.category))
    )


def statement() -> Entry | None:
    return _entry(
        db.session.scalar(_documents(DocumentKind.STATEMENT).where(Document.slug == STATEMENT_SLUG))
    )


def faq_entry(slug: str) -> Entry | None:
    return _entry(db.session.scalar(_documents(DocumentKind.FAQ).where(Document.slug == slug)))


def faq_entries() -> list[Entry]:
    """Every published FAQ entry that has a version in force, in the order readers see them."""
    query = _documents(DocumentKind.FAQ).where(Document.withdrawn.is_(None))
    entries = [_entry(d) for d in db.session.scalars(query)]
    return [e for e in entries if e is not None and e.current is not None]


@dataclass(frozen=True)
class Section:
    category: Category | None
    entries: list[Entry]


def faq_sections(entries: list[Entry] | None = None) -> list[Section]:
    """The FAQ grouped by category, categories and entries in their set order."""
    entries = faq_entries() if entries is None else entries
    categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    sections = []
    for category in [*categories, None]:
        members = [
            e for e in entries if e.document.category_id == (category.id if category else None)
        ]
        members.sort(key=lambda e: (e.document.position, e.current.title.casefold()))  # type: ignore[union-attr]
        if members:
            sections.append(Section(category, members))
    return sections


def recent_versions(entries: list[Entry], limit: int) -> list[tuple[Version, Entry]]:
    """The newest versions of the given documents, announced ones included, newest first."""
    pairs = [(v, e) for e in entries for v in e.timeline.versions]
    pairs.sort(key=lambda pair: (pair[0].effective, pair[0].id), reverse=True)
    return pairs[:limit]


def all_faq_entries() -> list[Entry]:
    """Every published FAQ entry, announced-only ones included (for feeds)."""
    query = _documents(DocumentKind.FAQ).where(Document.withdrawn.is_(None))
    return [e for e in (_entry(d) for d in db.session.scalars(query)) if e]
