"""Questions visitors ask. Only the anonymised text is ever public; the original and the email
address are kept no longer than their purpose needs."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .documents import Category, Document
from .types import UTCDateTime, enum_column, utcnow


class QuestionStatus(enum.StrEnum):
    NEW = "new"
    PUBLISHED = "published"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    SPAM = "spam"


class Question(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The asker's private status link: random, never an id.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[QuestionStatus] = mapped_column(
        enum_column(QuestionStatus), default=QuestionStatus.NEW, index=True
    )
    # What the visitor typed, kept only until the question is decided.
    original: Mapped[str | None] = mapped_column(Text)
    # Where the anonymiser found personal data in the original: [{"kind", "start", "end"}], and
    # for a piece it was unsure of, "certain": false and what a moderator decided, "resolved":
    # null, "redacted" or "kept" (see marks.py).
    redactions: Mapped[list | None] = mapped_column(JSON)
    # The anonymised text, then the wording a moderator approved for publication.
    redacted: Mapped[str] = mapped_column(Text)
    public_text: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    # Only if the asker wants to hear back; erased once told, declined, withdrawn or expired.
    email: Mapped[str | None] = mapped_column(String(320))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # A keyed hash of the text, to store a double submission once; erased with the original.
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[Category | None] = relationship()
    document: Mapped[Document | None] = relationship()
