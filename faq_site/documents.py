"""The read path: every public page gets its documents and versions through these queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import defer, joinedload, selectinload

from .clock import today
from .extensions import db
from .models import REGISTER_SLUG, STATEMENT_SLUG, Category, Document, DocumentKind, Version
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


def _listed(day: dt.date):
    """FAQ entries a reader can see today: not taken down, with a version in force."""
    in_force = (
        db.select(Version.id)
        .where(
            Version.document_id == Document.id,
            Version.effective <= day,
            Version.withdrawn.is_(None),
        )
        .exists()
    )
    return db.select(Document).where(
        Document.kind == DocumentKind.FAQ, Document.withdrawn.is_(None), in_force
    )


def _without_text(query):
    """Lists show titles and dates, never a text: its columns are left in the database."""
    versions = selectinload(Document.versions)
    return query.options(
        versions.defer(Version.html),
        versions.defer(Version.markdown),
        versions.defer(Version.toc_html),
        joinedload(Document.category),
    )


def statement() -> Entry | None:
    return _entry(
        db.session.scalar(_documents(DocumentKind.STATEMENT).where(Document.slug == STATEMENT_SLUG))
    )


def register() -> Entry | None:
    """The sub-processor register, with every version's rows."""
    return _entry(
        db.session.scalar(_documents(DocumentKind.REGISTER).where(Document.slug == REGISTER_SLUG))
    )


def faq_entry(slug: str) -> Entry | None:
    return _entry(db.session.scalar(_documents(DocumentKind.FAQ).where(Document.slug == slug)))


def faq_entries() -> list[Entry]:
    """Every published FAQ entry that has a version in force, without their texts."""
    return [_entry(d) for d in db.session.scalars(_without_text(_listed(today())))]  # type: ignore[misc]


def _reading_order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.document.position, e.current.title.casefold()))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Section:
    category: Category | None
    entries: list[Entry]
    # How many entries the category holds; a section may show only the first of them.
    total: int

    @property
    def complete(self) -> bool:
        return len(self.entries) == self.total


def faq_sections(shown: int | None = None) -> list[Section]:
    """The FAQ grouped by category, categories and entries in their set order; with `shown`,
    each category's first entries only (the uncategorised ones are always all shown)."""
    day = today()
    counts = category_counts()
    categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    sections = []
    for category in [*categories, None]:
        total = counts.get(category.id if category else None, 0)
        if not total:
            continue
        query = _without_text(_listed(day)).where(
            Document.category_id == category.id if category else Document.category_id.is_(None)
        )
        if shown and category is not None:
            query = query.order_by(Document.position, Document.id).limit(shown)
        entries = [_entry(d) for d in db.session.scalars(query)]
        sections.append(Section(category, _reading_order(entries), total))  # type: ignore[arg-type]
    return sections


def all_answers(page: int, per_page: int) -> tuple[list[Section], int]:
    """One page of every answer in force, with its text, grouped by category in the index's
    order (categories in their set order, then the entries in none), and how many there are."""
    day = today()
    listed = _listed(day).outerjoin(Category, Document.category_id == Category.id)
    total = db.session.scalar(db.select(func.count()).select_from(listed.subquery())) or 0
    query = (
        listed.options(selectinload(Document.versions), joinedload(Document.category))
        .order_by(
            Category.id.is_(None), Category.position, Category.id, Document.position, Document.id
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    sections: list[Section] = []
    for document in db.session.scalars(query).unique():
        entry = _entry(document)
        if not sections or sections[-1].category is not document.category:
            sections.append(Section(document.category, [], 0))
        sections[-1].entries.append(entry)  # type: ignore[arg-type]
    return [Section(s.category, _reading_order(s.entries), len(s.entries)) for s in sections], total


def category_page(category: Category, page: int, per_page: int) -> tuple[list[Entry], int]:
    """One page of a category's entries in reading order, and how many it holds in all."""
    day = today()
    query = _listed(day).where(Document.category_id == category.id)
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery())) or 0
    documents = db.session.scalars(
        _without_text(query)
        .order_by(Document.position, Document.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return _reading_order([_entry(d) for d in documents]), total  # type: ignore[misc]


def category_counts() -> dict[int | None, int]:
    """How many entries readers can see in each category (None: in none)."""
    listed = _listed(today()).subquery()
    rows = db.session.execute(
        db.select(listed.c.category_id, func.count()).group_by(listed.c.category_id)
    )
    return {category_id: count for category_id, count in rows}  # noqa: C416 (rows, not pairs)


def _newest(visible, limit: int, *, in_force_only: bool, with_text: bool):
    """The newest versions of the visible documents, newest first, each with its entry; a
    withdrawn version is in none of them."""
    day = today()
    query = db.select(Version).join(Version.document).where(visible, Version.withdrawn.is_(None))
    if in_force_only:
        query = query.where(Version.effective <= day)
    if not with_text:
        query = query.options(defer(Version.html), defer(Version.markdown), defer(Version.toc_html))
    newest = db.session.scalars(
        query.order_by(Version.effective.desc(), Version.id.desc()).limit(limit)
    ).all()
    owners = db.session.scalars(
        _without_text(db.select(Document).where(Document.id.in_({v.document_id for v in newest})))
    ).all()
    entries = {d.id: _entry(d) for d in owners}
    return [(version, entries[version.document_id]) for version in newest]


def recent_changes(limit: int) -> list[tuple[Version, Entry]]:
    """The newest versions in force of the statement and of the FAQ entries readers see."""
    visible = db.or_(
        Document.kind == DocumentKind.STATEMENT,
        Document.id.in_(_listed(today()).with_only_columns(Document.id)),
    )
    return _newest(visible, limit, in_force_only=True, with_text=False)


def feed_versions(kind: DocumentKind, limit: int) -> list[tuple[Version, Entry]]:
    """The newest versions of the statement or of the FAQ, announced ones included, with their
    texts: what a feed carries."""
    visible = db.and_(Document.kind == kind, Document.withdrawn.is_(None))
    return _newest(visible, limit, in_force_only=False, with_text=True)
