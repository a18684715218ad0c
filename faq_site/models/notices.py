"""Change notices: who asked to hear of changes to the statement or the register, and which
announced versions are being told to them.

A subscription keeps the address, the choice, and when and under which wording consent was
given, nothing else. An announcement is the one record that a version, in one wording, needs
telling: its cursor says how far through the subscribers the telling has gone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow

# An unconfirmed subscription, and its link, last this long; then `flask purge` erases it.
UNCONFIRMED_DAYS = 7


class Subscription(db.Model):
    # Numbers are never given again on SQLite either: the telling's cursor counts on it.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # What to hear about: the statement, the register, and editorial changes as well.
    statement: Mapped[bool] = mapped_column(default=False)
    register: Mapped[bool] = mapped_column(default=False)
    editorial: Mapped[bool] = mapped_column(default=False)
    # The version of the words agreed to (notices.wording.WORDINGS holds each), and when the
    # choice was last made under them: at confirmation, then at each change.
    wording: Mapped[str] = mapped_column(String(20))
    consented: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A random public name for the links in every email (notices.workflow.token signs it), so
    # that a link tells nothing about how many subscriptions there are, or when this one came.
    handle: Mapped[str] = mapped_column(String(16), unique=True)
    requested: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When the link in the first email was used: nothing but that email is sent before it.
    confirmed: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    # When the form last sent this address an email (its link, or "you have one already"): at
    # most one a day, however often the form is sent with it.
    mailed: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Announcement(db.Model):
    # One per version and wording: a second sync, or a second host, cannot announce it twice,
    # and a version announced for a later day and then rewritten is announced again.
    __table_args__ = (UniqueConstraint("version_id", "source_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"))
    source_sha256: Mapped[str] = mapped_column(String(64))
    # Whether it is an editorial change, as announced: only those who asked hear of those.
    editorial: Mapped[bool] = mapped_column(default=False)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last subscription told: moved on by compare-and-set, so that two workers never tell
    # the same subscribers.
    cursor: Mapped[int] = mapped_column(default=0)
    finished: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
