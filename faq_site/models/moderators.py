"""The people who answer questions and work requests."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import String
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
    # Changed at every sign-in and sign-out: a session cookie carries it, so an old cookie stops
    # working the moment its session ends.
    session_token: Mapped[str] = mapped_column(String(64), default="")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def label(self) -> str:
        """How the audit trail names this moderator: no email address in clear."""
        return f"moderator #{self.id}"
