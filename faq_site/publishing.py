"""Putting texts into the database, the one place every page reads from.

Each version is rendered here, once; a page request only reads the stored HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from . import page_cache, search
from .extensions import db
from .models import Category, Document, DocumentKind, Origin, SiteState, Version, utcnow
from .register import providers, render_table
from .rendering import Labels, render

if TYPE_CHECKING:  # only `flask content` reads content files, and only it imports these
    from .checks import Published
    from .content import ContentTree, SourceVersion


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    revision: int = 0
    # Versions of the statement or the register that subscribers are to be told of.
    announced: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def published_versions() -> Published:
    """The versions that came from files, as the database holds them."""
    from .checks import PublishedVersion

    rows = db.session.execute(
        db.select(
            Document.kind,
            Document.slug,
            Version.effective,
            Version.source_sha256,
            Version.withdrawn.is_not(None),
        )
        .join(Version.document)
        .where(Document.origin == Origin.FILE)
    )
    register = dict(
        db.session.execute(
            db.select(Version.effective, Version.markdown)
            .join(Version.document)
            .where(Document.kind == DocumentKind.REGISTER, Document.origin == Origin.FILE)
        ).all()
    )
    return {
        (kind, slug, effective): PublishedVersion(
            sha256=sha,
            effective=effective,
            withdrawn=bool(withdrawn),
            providers=providers(register[effective])
            if kind is DocumentKind.REGISTER
            else frozenset(),
        )
        for kind, slug, effective, sha, withdrawn in rows
    }


def sync(tree: ContentTree, today: dt.date) -> SyncReport:
    """Make the database hold exactly the content tree; the caller commits.

    The tree must have passed check(): versions in force are never rewritten here.
    """
    report = SyncReport()
    touched: list[Document] = []
    fresh: list[Version] = []
    categories = _sync_categories(tree)
    stored = {
        (d.kind, d.slug): d
        for d in db.session.scalars(db.select(Document).where(Document.origin == Origin.FILE))
    }
    for key, sources in tree.documents.items():
        if not sources:
            continue
        document = stored.pop(key, None)
        # The version in force places the entry; an announced one does so from its date, at the
        # first sync on or after it.
        in_force = [v for v in sources if v.effective <= today]
        placing = in_force[-1] if in_force else sources[0]
        category = categories.get(placing.category) if placing.category else None
        before = (report.added, report.updated, report.removed)
        if document is None:
            document = Document(kind=key[0], slug=key[1], origin=Origin.FILE)
            db.session.add(document)
        elif document.category is not category or document.position != placing.order:
            report.updated += 1
        document.category = category
        document.position = placing.order
        fresh.extend(_sync_versions(document, sources, today, report))
        if (report.added, report.updated, report.removed) != before:
            touched.append(document)
    for document in stored.values():
        # Only a document with nothing in force can vanish; check() refuses the rest.
        if all(v.effective > today for v in document.versions):
            db.session.delete(document)
            touched.append(document)
            report.removed += 1
    for category in categories.values():
        if category.slug not in {c.slug for c in tree.categories} and not category.documents:
            db.session.delete(category)
            report.removed += 1
    session = db.session
    modified = session.new or session.deleted or any(session.is_modified(o) for o in session.dirty)
    report.revision = changed(touched) if report.changed or modified else current_revision()
    if fresh:
        from .notices.workflow import announce  # the notices read what this module writes

        report.announced = announce(fresh)
    return report


def _sync_categories(tree: ContentTree) -> dict[str, Category]:
    existing = {c.slug: c for c in db.session.scalars(db.select(Category))}
    for source in tree.categories:
        category = existing.get(source.slug)
        if category is None:
            category = existing[source.slug] = Category(slug=source.slug)
            db.session.add(category)
        category.title = source.title
        category.description = source.description
        category.position = source.position
    return existing


def _sync_versions(
    document: Document, sources: list[SourceVersion], today: dt.date, report: SyncReport
) -> list[Version]:
    """Bring one document's versions in line with its files. Returns the versions a subscriber
    is to hear of: one added for today or a later day, and one for a later day rewritten; not a
    document's history, loaded the first time (check() refuses a new version for an earlier day
    once a document is published)."""
    stored = {v.effective: v for v in document.versions}
    told: list[Version] = []
    for source in sources:
        version = stored.pop(source.effective, None)
        # A withdrawn version's words stay erased, whatever its file still holds.
        if version is not None and (
            version.withdrawn is not None or version.source_sha256 == source.sha256
        ):
            report.unchanged += 1
            continue
        if version is None:
            version = Version(effective=source.effective)
            document.versions.append(version)
            if source.effective >= today:
                told.append(version)
            report.added += 1
        elif version.effective <= today:
            raise ValueError(f"{source.path}: a version in force cannot be rewritten")
        else:
            told.append(version)
            report.updated += 1
        _fill(version, source, document.kind)
    for version in stored.values():
        if version.effective > today:
            document.versions.remove(version)
            report.removed += 1
    return told


def labels() -> Labels:
    return Labels(section_link=_("Link to this section: %(title)s"), table=_("Table: %(columns)s"))


def rendered(kind: DocumentKind, words: str, effective: dt.date) -> tuple[str, str]:
    """A version's HTML and contents list, made from its words: Markdown through the one
    pipeline, or the register's rows as its table."""
    if kind is DocumentKind.REGISTER:
        return render_table(words, effective), ""
    result = render(words, labels())
    return result.html, result.toc_html


def _fill(version: Version, source: SourceVersion, kind: DocumentKind) -> None:
    version.title = source.title
    version.summary = source.summary
    version.editorial = source.editorial
    version.markdown = source.markdown
    version.html, version.toc_html = rendered(kind, source.markdown, source.effective)
    version.source_sha256 = source.sha256
    version.created = utcnow()


def rerender() -> int:
    """Render every stored version again from its own Markdown, after the pipeline changed.

    The words of a version never change; only the HTML made from them does (an accessibility
    label, a sanitiser rule). Returns how many versions changed.
    """
    documents: list[Document] = []
    count = 0
    for version in db.session.scalars(db.select(Version).where(Version.withdrawn.is_(None))):
        again = rendered(version.document.kind, version.markdown, version.effective)
        if (version.html, version.toc_html) != again:
            version.html, version.toc_html = again
            documents.append(version.document)
            count += 1
    if count:
        changed(documents)
    return count


def _state() -> SiteState:
    state = db.session.get(SiteState, 1)
    if state is None:
        state = SiteState(id=1, content_revision=0)
        db.session.add(state)
    return state


def current_revision() -> int:
    state = db.session.get(SiteState, 1)
    return state.content_revision if state else 0


def changed(documents: Iterable[Document]) -> int:
    """Record a change of published content: the one place that does, called by every path that
    makes one (sync, rerender, publish, revise, correct, unpublish, republish, withdraw).

    In the caller's transaction it rewrites these documents' search rows, bumps the content
    revision every cache is keyed on, and notes when the content last changed. A change made
    without it (a bulk UPDATE, say) leaves the index and the caches as they were.
    """
    documents = list(dict.fromkeys(documents))
    db.session.flush()
    search.rewrite(documents)
    return _bump_revision()


def _bump_revision() -> int:
    """Record that published content changed, so every cache keyed on it is renewed."""
    # Read under a row lock held to the commit (PostgreSQL): two publishes at once would
    # otherwise both write the same next number, and a page made between their commits would
    # be kept as current after the second.
    state = db.session.get(SiteState, 1, with_for_update=True, populate_existing=True) or _state()
    state.content_revision = (state.content_revision or 0) + 1
    state.synced = utcnow()
    # This process's pages are made afresh at once; other processes' within their interval.
    page_cache.content_changed()
    return state.content_revision
