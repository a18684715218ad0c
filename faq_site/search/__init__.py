"""Full-text search over the statement and the FAQ entries as they are in force today.

One function, `search`, serves both databases. The index follows the content by itself: every
commit that adds, changes or removes a document or a version (a sync, a published, revised,
unpublished or republished answer) rewrites that document's rows in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session, object_session, selectinload

from .. import publishing
from ..clock import today
from ..extensions import db
from ..models import Document, Version
from . import index
from .query import Query, highlight, parse, snippet
from .typos import Lexicon, tolerate
from .vocabulary import current_vocabulary, expand

__all__ = ["Result", "Results", "parse", "reindex", "search", "watch"]

PER_PAGE = 10


@dataclass(frozen=True)
class Result:
    kind: str
    slug: str
    title: Markup
    snippet: Markup
    # A section of a long page: its heading, and the id the page gives it.
    heading: Markup | None = None
    anchor: str | None = None

    @property
    def url(self) -> str:
        if self.kind == "statement":
            return url_for("public.statement", _anchor=self.anchor)
        return url_for("public.faq_entry", slug=self.slug, _anchor=self.anchor)


@dataclass
class Results:
    query: Query
    page: int = 1
    total: int = 0
    results: list[Result] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def _results(query: Query, hits: list[index.Hit]) -> list[Result]:
    return [
        Result(
            hit.kind,
            hit.slug,
            highlight(hit.title, query),
            snippet(hit.body, query),
            heading=highlight(hit.heading, query) if hit.heading else None,
            anchor=hit.anchor,
        )
        for hit in hits
    ]


def search(text: str, page: int = 1) -> Results:
    """What matches `text` today, best first, PER_PAGE at a time."""
    query = expand(parse(text), current_vocabulary(current_app.config["CONTENT_DIR"]))
    if query.searchable:
        query = tolerate(query, _lexicon())
    found = Results(query=query, page=page)
    if not query.searchable:
        return found
    hits, found.total = index.find(
        db.session.connection(), query, today(), limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    found.results = _results(query, hits)
    return found


def _lexicon() -> Lexicon:
    """The indexed words, built once per worker for each content revision (the first search
    after a change pays for it)."""
    cache = current_app.extensions.setdefault("search_lexicon", {})
    revision = publishing.current_revision()
    if revision not in cache:
        cache.clear()
        cache[revision] = Lexicon.of(index.texts(db.session.connection()))
    return cache[revision]


def reindex() -> int:
    """Rebuild the whole index from the database; returns how many versions it holds."""
    connection = db.session.connection()
    index.clear(connection)
    documents = db.session.scalars(db.select(Document).options(selectinload(Document.versions)))
    rows = [row for document in documents for row in index.rows_for(document)]
    index.add(connection, rows)
    return len({row.version_id for row in rows})


# Keeping the index in step with the content.

_PENDING = "search_documents"
_REMOVED = "search_removed_versions"


def _pending(instance) -> tuple[set[int], set[int]]:
    info = object_session(instance).info  # type: ignore[union-attr]
    return info.setdefault(_PENDING, set()), info.setdefault(_REMOVED, set())


def _document_written(_mapper, _connection, document: Document) -> None:
    _pending(document)[0].add(document.id)


def _version_written(_mapper, _connection, version: Version) -> None:
    _pending(version)[0].add(version.document_id)


def _version_deleted(_mapper, _connection, version: Version) -> None:
    documents, removed = _pending(version)
    documents.add(version.document_id)
    removed.add(version.id)


def _write_changes(session: Session) -> None:
    if not session.info.get(_PENDING) and not session.info.get(_REMOVED):
        return
    session.flush()
    documents = session.info.pop(_PENDING, set())
    removed = session.info.pop(_REMOVED, set())
    loaded = session.scalars(
        db.select(Document)
        .where(Document.id.in_(documents))
        .options(selectinload(Document.versions))
    ).all()
    connection = session.connection()
    index.remove(connection, removed | {v.id for d in loaded for v in d.versions})
    index.add(connection, [row for document in loaded for row in index.rows_for(document)])


def _forget_changes(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_REMOVED, None)


def _create_schema(_metadata, connection, **_kw) -> None:
    index.create_schema(connection)


def _drop_schema(_metadata, connection, **_kw) -> None:
    index.drop_schema(connection)


def watch() -> None:
    """Keep the index in step with every session's commits, and build it with the tables."""
    for target, name, listener in [
        (Document, "after_insert", _document_written),
        (Document, "after_update", _document_written),
        (Version, "after_insert", _version_written),
        (Version, "after_update", _version_written),
        (Version, "after_delete", _version_deleted),
        (Session, "before_commit", _write_changes),
        (Session, "after_soft_rollback", _forget_changes),
        (db.metadata, "after_create", _create_schema),
        (db.metadata, "before_drop", _drop_schema),
    ]:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)
