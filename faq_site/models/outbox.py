"""Email waiting to be sent, queued in the same transaction as the change it reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow

# The receipt an asker gets at once: their address stays after it has gone, for the outcome.
QUESTION_RECEIPT = "question_received"


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(60))
    # Recipient and bodies are erased once the message is sent.
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # A change notice's one-click unsubscribe address (RFC 8058), sent as List-Unsubscribe; it
    # names the subscription, so it goes with the recipient.
    unsubscribe: Mapped[str | None] = mapped_column(String(500))
    # The question the message is about: its email address is erased once the message has gone,
    # unless the message is the receipt (see question_to_forget), and an unsent message goes when
    # the asker withdraws the question or deletes the address.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"), index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(String(200))
    # The claim of the one worker sending it now, and until when it holds; another worker may
    # take the message over only once the lease has run out, and only before its hand-over.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the mail server asked for its text: from then on it may have accepted the message,
    # so no worker sends it again on its own (see outbox.py).
    handed_over: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def question_to_forget(self) -> int | None:
        """The question whose address goes once this message is sent: every message about a
        question but the receipt tells its outcome, the last thing the address is kept for."""
        return None if self.template == QUESTION_RECEIPT else self.question_id
