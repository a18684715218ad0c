"""Change notices: who asked to hear of changes to the statement or the register, and which
announced versions are being told to them.

A subscription keeps the address, the choice, and when and under which wording consent was
given, nothing else. An announcement is the one record that a version needs telling: its
cursor says how far through the subscribers the telling has gone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow

# An unconfirmed subscription, and its link, last this long; then `flask purge` erases it.
UNCONFIRMED_DAYS = 7


class Subscription(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # What to hear about: the statement, the register, and editorial changes as well.
    statement: Mapped[bool] = mapped_column(default=False)
    register: Mapped[bool] = mapped_column(default=False)
    editorial: Mapped[bool] = mapped_column(default=False)
    # The version of the words the person agreed to (notices.wording.WORDINGS holds each).
    wording: Mapped[str] = mapped_column(String(20))
    # Signs the links in every email (notices.links): a new one makes the old links dead.
    nonce: Mapped[str] = mapped_column(String(32))
    requested: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When the link in the first email was used: nothing but that email is sent before it.
    confirmed: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)


class Announcement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # One per version: a second sync, or a second host, cannot announce it twice.
    version_id: Mapped[int] = mapped_column(
        ForeignKey("version.id", ondelete="CASCADE"), unique=True
    )
    editorial: Mapped[bool] = mapped_column(default=False)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last subscription told: moved on by compare-and-set, so that two workers never tell
    # the same subscribers.
    cursor: Mapped[int] = mapped_column(default=0)
    finished: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
