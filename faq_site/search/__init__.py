"""Full-text search over the statement and the FAQ entries as they are in force today.

One function, `search`, serves both databases. The index is written by `rewrite`, which
`publishing.changed` calls for every change of published content (a sync, a published, revised,
corrected, unpublished or republished answer, a withdrawn version), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import Markup
from sqlalchemy import event, inspect
from sqlalchemy.orm import selectinload

from .. import publishing
from ..clock import today
from ..extensions import db
from ..models import Document
from ..urls import Link
from . import index
from .query import Query, highlight, parse, snippet
from .typos import Lexicon, tolerate
from .vocabulary import current_vocabulary, expand

__all__ = ["Result", "Results", "build_with_tables", "parse", "reindex", "rewrite", "search"]

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
    def endpoint(self) -> str:
        """The page the result is on, for whoever builds the address (a template's url_for)."""
        if self.kind in ("statement", "subprocessors"):
            return f"public.{self.kind}"
        return "public.faq_entry"

    @property
    def values(self) -> dict[str, str]:
        """The page's values, its section's anchor among them."""
        values = {} if self.kind in ("statement", "subprocessors") else {"slug": self.slug}
        if self.anchor:
            values["_anchor"] = self.anchor
        return values

    def url(self, link: Link) -> str:
        """The result's address, built by `link` (url_for in a request, site_links away)."""
        return link(self.endpoint, **self.values)


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


def rewrite(documents: Iterable[Document]) -> None:
    """Write these documents' rows afresh: publishing.changed() calls it for every change of
    published content, in the transaction that makes the change. A document deleted in that
    transaction loses its rows."""
    documents = list(documents)
    if not documents:
        return
    connection = db.session.connection()
    index.remove(connection, {document.id for document in documents})
    live = [d for d in documents if not inspect(d).deleted and not inspect(d).was_deleted]
    index.add(connection, [row for document in live for row in index.rows_for(document)])


def _create_schema(_metadata, connection, **_kw) -> None:
    index.create_schema(connection)


def _drop_schema(_metadata, connection, **_kw) -> None:
    index.drop_schema(connection)


def build_with_tables() -> None:
    """Create the index's tables with the models' (tests, `db.create_all`); the migrations
    create them elsewhere. Nothing here watches the content: see rewrite()."""
    for target, name, listener in [
        (db.metadata, "after_create", _create_schema),
        (db.metadata, "before_drop", _drop_schema),
    ]:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)
