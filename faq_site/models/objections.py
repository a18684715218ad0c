"""A customer's objection to a sub-processor announced in the register (UK and EU GDPR
Art. 28(2)): who objects, to which provider, and why, kept until it is answered and for the
retention period of requests after that."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class SubprocessorObjection(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The sub-processor objected to, and the day the register's version announcing it takes
    # effect: what the objection is about, not personal data.
    provider: Mapped[str] = mapped_column(String(200))
    effective: Mapped[dt.date] = mapped_column(Date)
    # Who objects: the customer's company, a contact and their address, and the reason. All of
    # it goes when the row is deleted after the retention period.
    company: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    reason: Mapped[str] = mapped_column(Text)
    # The form's one-time token: the same form sent twice at once makes one row.
    submission: Mapped[str] = mapped_column(String(64), unique=True)
    received: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When a moderator marked it answered (the answer itself goes by email, outside the site).
    answered: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
