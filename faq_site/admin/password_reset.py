"""A link to set a new password, sent to a moderator by an admin or from the command line.

The link carries a random token; the account keeps only its SHA-256 (a token of 256 random bits
needs no slow hash) and when it stops working. One link at a time: a new one replaces the last.
It works once (a conditional update erases it as the password is set), and no longer after it
expires, the account is deactivated or its password is changed otherwise. Setting the password
ends every session; two-step sign-in, when on, stays on. Needs no request: the caller gives the
function that turns a token into the link's address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from .. import audit, outbox
from ..extensions import db
from ..models import Moderator, OutboxMessage, utcnow
from .access import acting
from .accounts import (
    AccountError,
    cancel_password_reset,
    end_sessions,
    hash_password,
    password_problem,
)

# Longer than any token this module makes: a longer one is refused before it is hashed.
TOKEN_MAX_LENGTH = 64


class LinkUsed(Exception):
    """The link was used, replaced or withdrawn while its form was being filled in."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_MINUTES"])


def _start(moderator: Moderator, now: dt.datetime | None) -> str:
    if not moderator.active:
        raise AccountError(_("This account is deactivated: activate it before resetting it."))
    token = secrets.token_urlsafe(32)
    moderator.password_reset_hash = _digest(token)
    moderator.password_reset_expires = (now or utcnow()) + dt.timedelta(minutes=minutes())
    return token


def send(
    moderator: Moderator, link_for: Callable[[str], str], *, now: dt.datetime | None = None
) -> OutboxMessage:
    """Make a new link for the moderator and queue the email that carries it, audited; the
    caller commits. Raises AccountError for a deactivated account."""
    token = _start(moderator, now)
    message = outbox.queue(
        "password_reset", moderator.email, {"reset_url": link_for(token), "minutes": minutes()}
    )
    audit.record(
        "moderator.password_reset_sent", moderator, detail={"emailed": True}, actor=acting()
    )
    return message


def show(
    moderator: Moderator, link_for: Callable[[str], str], *, now: dt.datetime | None = None
) -> str:
    """Make a new link for whoever runs the command to hand over, audited, and email nothing;
    the caller commits."""
    link = link_for(_start(moderator, now))
    audit.record(
        "moderator.password_reset_sent", moderator, detail={"emailed": False}, actor=acting()
    )
    return link


def holder(token: str, now: dt.datetime | None = None) -> Moderator | None:
    """The active moderator whose unexpired link this is, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    moderator = db.session.scalar(
        db.select(Moderator).where(Moderator.password_reset_hash == _digest(token))
    )
    if moderator is None or not moderator.active or moderator.password_reset_expires is None:
        return None
    if (now or utcnow()) >= moderator.password_reset_expires:
        return None
    return moderator


def set_password(moderator: Moderator, token: str, password: str) -> None:
    """Set the new password and use the link up, ending every session; the caller commits.

    Raises AccountError for a password outside the rules (nothing changed), LinkUsed when
    another request used or replaced the link first.
    """
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "new_password")
    used = db.session.execute(
        update(Moderator)
        .where(Moderator.id == moderator.id, Moderator.password_reset_hash == _digest(token))
        .values(password_reset_hash=None, password_reset_expires=None)
    ).rowcount
    if used != 1:
        raise LinkUsed
    cancel_password_reset(moderator)
    moderator.password_hash = hash_password(password)
    end_sessions(moderator)
    audit.record("moderator.password_reset", moderator, actor=audit.Actor(moderator.label))
