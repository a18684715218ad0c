"""The two sign-in steps, password then code: the same work and the same answer on every path
that fails, counted by the throttle (throttle.py) for the client's place. Needs the request, whose
client address names the place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit
from ..extensions import db
from ..models import Moderator, utcnow
from . import recovery, throttle
from .access import acting
from .accounts import code_step, end_sessions, find_moderator, normalise_email, password_matches


@dataclass(frozen=True)
class SignInCheck:
    """The outcome of a sign-in step: the moderator when it passed; whether a refused code had
    been used already (the one refusal that says more, as only the password's owner gets
    there)."""

    moderator: Moderator | None
    reused_code: bool = False


def _refused(
    address: str,
    moderator: Moderator | None,
    reason: str,
    now: dt.datetime,
    *,
    counted: bool,
    reused_code: bool = False,
) -> SignInCheck:
    failures = throttle.failed(address, now, counted=counted)
    audit.record(
        "moderator.sign_in_failed",
        moderator,
        actor=audit.VISITOR,
        detail={"reason": reason, "failures": failures},
    )
    return SignInCheck(None, reused_code=reused_code)


def check_password(email: str, password: str, now: dt.datetime | None = None) -> SignInCheck:
    """The first sign-in step. Refusals are counted and audited; the caller commits either way.

    Every path costs the same: one password hash (against a decoy when no account has the
    address), the same throttle reads and writes, the same answer. A place that is waiting is
    refused even the right password, but a right password is not counted as a guess.
    """
    now = now or utcnow()
    address = normalise_email(email)
    moderator = find_moderator(address)
    standing = throttle.standing(address, now)
    right = password_matches(moderator, password)
    if moderator is None:
        return _refused(address, None, "unknown", now, counted=True)
    if standing.place_delayed:
        return _refused(address, moderator, "delayed", now, counted=not right)
    if not right:
        return _refused(address, moderator, "password", now, counted=True)
    if not moderator.active:
        return _refused(address, moderator, "inactive", now, counted=False)
    # A spread-out attack has made the whole address wait. The moderator still gets in from a
    # place they signed in from before, or with a code, which the guessers do not have.
    if standing.address_delayed and not (standing.known_place or moderator.totp_secret):
        return _refused(address, moderator, "address_delayed", now, counted=False)
    return SignInCheck(moderator)


def _claim_step(moderator: Moderator, step: int) -> bool:
    """Record the step as used, unless it or a later one was: in one conditional UPDATE, so that
    two requests racing with the same code cannot both win."""
    claimed = db.session.execute(
        db.update(Moderator)
        .where(
            Moderator.id == moderator.id,
            or_(Moderator.totp_last_step.is_(None), Moderator.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(moderator, "totp_last_step", step)
    return True


def check_code(moderator: Moderator, code: str, now: dt.datetime | None = None) -> SignInCheck:
    """The second sign-in step, for a moderator with two-step sign-in. A wrong or used code
    counts as a failed attempt from this place, like a wrong password."""
    now = now or utcnow()
    if not moderator.active or not moderator.totp_secret:
        return SignInCheck(None)
    address = normalise_email(moderator.email)
    standing = throttle.standing(address, now)
    step = code_step(moderator.totp_secret, code, now)
    if standing.place_delayed:
        return _refused(address, moderator, "delayed", now, counted=step is None)
    if step is None:
        return _refused(address, moderator, "code", now, counted=True)
    if not _claim_step(moderator, step):
        return _refused(address, moderator, "code_reused", now, counted=True, reused_code=True)
    return SignInCheck(moderator)


def check_recovery_code(
    moderator: Moderator, code: str, now: dt.datetime | None = None
) -> SignInCheck:
    """The second sign-in step with a recovery code instead of the app's: counted, throttled and
    audited like a code from the app; a code that signs in is used up and audited."""
    now = now or utcnow()
    if not moderator.active or not moderator.totp_secret:
        return SignInCheck(None)
    address = normalise_email(moderator.email)
    standing = throttle.standing(address, now)
    if standing.place_delayed:
        # Not used up: a right code still works once the wait is over, and is not counted as
        # a guess.
        held = recovery.held(moderator, code)
        return _refused(address, moderator, "delayed", now, counted=not held)
    if not recovery.use(moderator, code):
        return _refused(address, moderator, "recovery_code", now, counted=True)
    audit.record(
        "moderator.recovery_code_used",
        moderator,
        detail={"remaining": recovery.remaining(moderator)},
        actor=acting(),
    )
    return SignInCheck(moderator)


def signed_in(moderator: Moderator, now: dt.datetime | None = None) -> None:
    """Mark a complete sign-in: this place's count starts again, it becomes a known place, and
    older sessions end."""
    now = now or utcnow()
    throttle.succeeded(normalise_email(moderator.email), now)
    moderator.last_login = now
    end_sessions(moderator)
