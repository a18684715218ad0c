"""Moderators' accounts: passwords, creating an account, sessions, two-step sign-in's secret and
codes, roles and deactivation. Shared by the panel and the command line; needs no request (the
sign-in steps, which do, are in signing_in.py)."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import unicodedata
from functools import cache

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..extensions import db
from ..models import Moderator, Role, utcnow
from . import recovery
from .access import acting

MIN_PASSWORD_LENGTH = 12
# scrypt takes any length, but an unbounded password lets one request cost the server dearly.
MAX_PASSWORD_LENGTH = 128
EMAIL_MAX_LENGTH = 320
# Not the full grammar of RFC 5322: one @, something on each side, a dot in the domain, no
# spaces. Enough to catch a typing slip; the address is only ever used to sign in.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
TOTP_CODE_PATTERN = re.compile(r"[0-9]{6}")


class AccountError(ValueError):
    """A change the rules refuse. The message is written for the person who asked for it; field
    names the form field it belongs to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@cache
def _decoy_hash() -> str:
    # Hashed once, on first use, not at import: checking a password against it costs what a
    # real check costs, so a missing account answers no faster than a wrong password.
    return hash_password(secrets.token_urlsafe(16))


def password_matches(moderator: Moderator | None, password: str) -> bool:
    """Whether the password is the moderator's; with no moderator, spend the same time and say
    no."""
    if moderator is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(moderator.password_hash, password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_moderator(email: str) -> Moderator | None:
    return db.session.scalar(db.select(Moderator).where(Moderator.email == normalise_email(email)))


def email_problem(email: str) -> str | None:
    """What is wrong with an address for a new account, or None when it will do."""
    address = normalise_email(email)
    if (
        len(address) > EMAIL_MAX_LENGTH
        or not EMAIL_PATTERN.fullmatch(address)
        # Control and format characters (a direction override, a zero-width space) are
        # invisible, and would let one address pass for another in the moderators' list.
        or any(unicodedata.category(char) in {"Cc", "Cf"} for char in address)
    ):
        return _("Enter an email address like name@example.com.")
    if find_moderator(address) is not None:
        return _("A moderator with that email address already exists.")
    return None


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("The password must have at most %(count)d characters.", count=MAX_PASSWORD_LENGTH)
    return None


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def end_sessions(moderator: Moderator) -> None:
    """Give the moderator a new session token: every session carrying the old one ends, and so
    does a two-step set-up one of them began."""
    moderator.session_token = new_session_token()
    cancel_totp(moderator)


def create_moderator(email: str, password: str, role: Role = Role.MODERATOR) -> Moderator:
    """Add a moderator to the session, flushed and audited; the caller commits.

    Raises AccountError for an invalid or taken address, or a password outside the limits.
    """
    problem = email_problem(email)
    if problem:
        raise AccountError(problem, "email")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    moderator = Moderator(
        email=normalise_email(email),
        password_hash=hash_password(password),
        role=role,
        session_token=new_session_token(),
    )
    db.session.add(moderator)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request took the address between the check and the insert. Nothing else is
        # in this transaction, so rolling all of it back loses nothing.
        db.session.rollback()
        raise AccountError(
            _("A moderator with that email address already exists."), "email"
        ) from None
    audit.record("moderator.created", moderator, detail={"role": role.value}, actor=acting())
    return moderator


def set_password(moderator: Moderator, password: str) -> None:
    """Change the password and end every session; the caller signs this one in again."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "new_password")
    moderator.password_hash = hash_password(password)
    cancel_password_reset(moderator)
    end_sessions(moderator)
    audit.record("moderator.password_changed", moderator, actor=acting())


def cancel_password_reset(moderator: Moderator) -> None:
    """The link to set a new password, if one was sent, stops working."""
    moderator.password_reset_hash = None
    moderator.password_reset_expires = None


# Two-step sign-in ------------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, moderator: Moderator) -> str:
    """The otpauth:// address an authenticator app accepts, naming the site and the account."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=moderator.email, issuer_name=current_app.config["SITE_NAME"]
    )


def code_step(secret: str, code: str, now: dt.datetime | None = None) -> int | None:
    """The time step whose code this is: the current one, or the one just before or after (phone
    clocks drift); None when it is none of them."""
    # Digits of any script as typed (full-width ones from a Japanese keyboard, Arabic-Indic
    # ones) are the same digits; what is compared is plain ASCII.
    code = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in code)
    code = code.replace(" ", "")
    if not TOTP_CODE_PATTERN.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    matched = None
    # Every candidate is compared, in constant time, so the answer's timing says nothing.
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            matched = step
    return matched


def start_totp(moderator: Moderator, now: dt.datetime | None = None) -> str:
    """Draw a new secret and keep it on the account, not yet in use, until a code confirms it."""
    moderator.totp_pending_secret = new_totp_secret()
    moderator.totp_pending_since = now or utcnow()
    return moderator.totp_pending_secret


def cancel_totp(moderator: Moderator) -> None:
    moderator.totp_pending_secret = None
    moderator.totp_pending_since = None


def set_up_window(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """When a set-up still waiting for its first code must have started to be still valid."""
    now = now or utcnow()
    return now - dt.timedelta(minutes=current_app.config["TOTP_SET_UP_MINUTES"]), now


def pending_totp_secret(moderator: Moderator, now: dt.datetime | None = None) -> str | None:
    """The secret waiting for its first code, if its time has not run out; an expired one is
    erased (the caller commits)."""
    if moderator.totp_pending_secret is None:
        return None
    earliest, latest = set_up_window(now)
    since = moderator.totp_pending_since
    if since is None or not earliest <= since <= latest:
        cancel_totp(moderator)
        return None
    return moderator.totp_pending_secret


def cancel_lapsed_set_ups(now: dt.datetime | None = None) -> int:
    """Erase every secret whose set-up ran out of time, also of moderators who never came back
    to the page that would have erased it; the number erased. The caller commits."""
    earliest, latest = set_up_window(now)
    since = Moderator.totp_pending_since
    result = db.session.execute(
        update(Moderator)
        .where(Moderator.totp_pending_secret.is_not(None))
        .where(since.is_(None) | (since < earliest) | (since > latest))
        .values(totp_pending_secret=None, totp_pending_since=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def enable_totp(moderator: Moderator, secret: str, step: int | None = None) -> None:
    """Put the secret in use, ending its set-up; the code that confirmed it (its step) is used
    up too."""
    moderator.totp_secret = secret
    moderator.totp_last_step = step
    cancel_totp(moderator)
    audit.record("moderator.totp_enabled", moderator, actor=acting())


def disable_totp(moderator: Moderator) -> None:
    """Turn two-step sign-in off; its recovery codes go with it."""
    moderator.totp_secret = None
    moderator.totp_last_step = None
    recovery.erase(moderator)
    audit.record("moderator.totp_disabled", moderator, actor=acting())


# Roles and deactivation ------------------------------------------------------------------------


def _other_active_admins(moderator: Moderator) -> int:
    return db.session.scalar(
        db.select(func.count())
        .select_from(Moderator)
        .where(Moderator.role == Role.ADMIN, Moderator.active, Moderator.id != moderator.id)
    )


def _leaves_no_admin(moderator: Moderator) -> bool:
    return moderator.is_admin and moderator.active and _other_active_admins(moderator) == 0


def change_role(moderator: Moderator, role: Role, *, by: Moderator | None = None) -> bool:
    """Give the moderator a role; False when it already was theirs. An admin may not change
    their own role, and the site keeps at least one active admin."""
    if role is moderator.role:
        return False
    if by is not None and by.id == moderator.id:
        raise AccountError(_("You cannot change your own role. Ask another admin."))
    if role is not Role.ADMIN and _leaves_no_admin(moderator):
        raise AccountError(_("The site needs at least one active admin."))
    audit.record(
        "moderator.role_changed",
        moderator,
        detail={"from": moderator.role.value, "to": role.value},
        actor=acting(),
    )
    moderator.role = role
    return True


def deactivate(moderator: Moderator, *, by: Moderator | None = None) -> bool:
    """Stop the moderator signing in and end their sessions at once; False when they already
    were inactive."""
    if not moderator.active:
        return False
    if by is not None and by.id == moderator.id:
        raise AccountError(_("You cannot deactivate your own account. Ask another admin."))
    if _leaves_no_admin(moderator):
        raise AccountError(_("The site needs at least one active admin."))
    moderator.active = False
    cancel_password_reset(moderator)
    end_sessions(moderator)
    audit.record("moderator.deactivated", moderator, actor=acting())
    return True


def activate(moderator: Moderator) -> bool:
    """Let the moderator sign in again; False when they already could."""
    if moderator.active:
        return False
    moderator.active = True
    audit.record("moderator.activated", moderator, actor=acting())
    return True
