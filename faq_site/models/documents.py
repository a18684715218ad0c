"""Published texts: documents and their versions; categories group the FAQ."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class DocumentKind(enum.StrEnum):
    STATEMENT = "statement"
    FAQ = "faq"
    # The register of sub-processors: one document, its versions read from YAML, not Markdown.
    REGISTER = "subprocessors"


# The statement is one document: its slug, in the database and as content/'s folder.
STATEMENT_SLUG = "statement"
# The sub-processor register is one document too: its slug, and content/'s folder.
REGISTER_SLUG = "subprocessors"
# FAQ addresses the site's own pages take: no entry may have them.
RESERVED_FAQ_SLUGS = frozenset({"all"})


class Origin(enum.StrEnum):
    FILE = "file"
    QUESTION = "question"


class Category(db.Model):
    """A heading of the FAQ, in the order readers see them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    documents: Mapped[list[Document]] = relationship(back_populates="category")


class Document(db.Model):
    """A text with a history: the statement, or one FAQ entry."""

    __table_args__ = (UniqueConstraint("kind", "slug", name="kind_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    slug: Mapped[str] = mapped_column(String(120))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    position: Mapped[int] = mapped_column(default=0)
    origin: Mapped[Origin] = mapped_column(enum_column(Origin), default=Origin.FILE)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An answer a moderator took down: its pages say so, with the reason, instead of the text.
    withdrawn: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    category: Mapped[Category | None] = relationship(back_populates="documents")
    versions: Mapped[list[Version]] = relationship(
        back_populates="document", order_by="Version.effective", cascade="all, delete-orphan"
    )


class Version(db.Model):
    """One version of a document, in force from its effective date. Immutable once in force."""

    __table_args__ = (UniqueConstraint("document_id", "effective", name="document_effective"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    effective: Mapped[dt.date] = mapped_column(db.Date)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    editorial: Mapped[bool] = mapped_column(default=False)
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    toc_html: Mapped[str] = mapped_column(Text, default="")
    # Hash of the source file; content check uses it to refuse edits to a version in force.
    source_sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A same-day correction: the version put in force today, its text replaced the same day.
    corrected: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    correction_note: Mapped[str | None] = mapped_column(Text)
    # A version taken out of the public history: its words are erased, its address says why.
    withdrawn: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="versions")


class SiteState(db.Model):
    """Single-row bookkeeping: a counter bumped on every change to published content."""

    id: Mapped[int] = mapped_column(primary_key=True)
    content_revision: Mapped[int] = mapped_column(default=0)
    synced: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
