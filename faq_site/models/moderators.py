"""The people who answer questions and work requests, and the count of failed attempts to sign in
as them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    MODERATOR = "moderator"
    ADMIN = "admin"


class Moderator(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MODERATOR)
    active: Mapped[bool] = mapped_column(default=True)
    # Optional second factor: a TOTP secret once confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The time step of the last code accepted: a code is good once, however long its window.
    totp_last_step: Mapped[int | None]
    # A secret being set up, waiting for a code to prove the app has it, and since when. Kept
    # here rather than in the session cookie, which anyone holding it can read.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Changed at every sign-in and sign-out: a session cookie carries it, so an old cookie stops
    # working the moment its session ends.
    session_token: Mapped[str] = mapped_column(String(64), default="")
    last_login: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A link to set a new password, sent by an admin: the SHA-256 of its token (never the token)
    # and when it stops working. One at a time; used, it is erased.
    password_reset_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    password_reset_expires: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def label(self) -> str:
        """How what the site stores (the audit trail, a version's author) names this moderator:
        no email address in clear. The panel shows it in words (audit_words.moderator_words)."""
        return self.label_of(self.id)

    @staticmethod
    def label_of(ident: int) -> str:
        return f"moderator #{ident}"


class SignInThrottle(db.Model):
    """Failed sign-ins counted under a keyed hash: of the address typed and the client's network
    (a place), or of the address alone. The hash names no address, account or IP in clear, and
    an address without an account is counted like one with."""

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    delayed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last complete sign-in from this place to this address: a known place.
    last_success: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the row has served its purpose and is deleted.
    forget_after: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class RecoveryCode(db.Model):
    """One of a moderator's one-time recovery codes for two-step sign-in, kept only as a keyed
    hash (admin.recovery). Used, it is deleted; a new set, or two-step sign-in turned off,
    deletes the rest."""

    __table_args__ = (UniqueConstraint("moderator_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    moderator_id: Mapped[int] = mapped_column(
        ForeignKey("moderator.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
