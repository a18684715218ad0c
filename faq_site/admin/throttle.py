"""The sign-in throttle: when a place must wait before trying an address again, and when an address
guessed at from many places waits too.

Two counts, each a row under a keyed hash, so that the table holds no address, account or IP:
- the **place** count, of the address typed and the client's network (the rate limits' key).
  After SIGN_IN_FAILURES_BEFORE_DELAY failures in a row that place waits, whatever it types, while
  the moderator signs in from any other place as usual: a stranger's guesses delay only the
  stranger.
- the **address** count, from everywhere, with a higher ceiling: the last resort against guesses
  spread over many places. While it holds, a password alone is accepted only from a place that
  signed in to the address before; an account with two-step sign-in still gets in anywhere with
  its password and a code.

Both are kept for every address typed, with an account or without, so the throttle's work and
answers never tell which addresses have accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import client_key, db
from ..models import SignInThrottle, UTCDateTime

FIRST_DELAY_SECONDS = 60
# Failures older than this are forgotten: a count starts again after a quiet day.
FAILURE_MEMORY = dt.timedelta(days=1)
TABLE = SignInThrottle.__table__


@dataclass(frozen=True)
class Standing:
    """Where an address stands, seen from the client's place."""

    place_delayed: bool
    address_delayed: bool
    known_place: bool


def _keyed(*parts: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    message = "\0".join(("sign-in", *parts)).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def place_key(address: str) -> str:
    return _keyed("place", address, client_key())


def address_key(address: str) -> str:
    return _keyed("address", address)


def delay_after(failures: int, allowed: int | None = None) -> dt.timedelta | None:
    """How long to wait after this many failures: none until `allowed` (by default the place's
    allowance), then a minute, doubling with each further failure, up to the configured
    ceiling."""
    if allowed is None:
        allowed = current_app.config["SIGN_IN_FAILURES_BEFORE_DELAY"]
    if failures < allowed:
        return None
    # Capping the exponent keeps the arithmetic small however long an attack goes on.
    doublings = min(failures - allowed, 20)
    seconds = min(
        FIRST_DELAY_SECONDS * 2**doublings, current_app.config["SIGN_IN_MAX_DELAY_SECONDS"]
    )
    return dt.timedelta(seconds=seconds)


def standing(address: str, now: dt.datetime) -> Standing:
    """Read both counts for the address (normalised) from the client's place, in one query."""
    place, whole = place_key(address), address_key(address)
    rows = {
        row.key: row
        for row in db.session.execute(
            select(TABLE).where(TABLE.c.key.in_((place, whole)))
        ).mappings()
    }

    def delayed(key: str) -> bool:
        until = rows[key]["delayed_until"] if key in rows else None
        return until is not None and until > now

    known_since = now - dt.timedelta(days=current_app.config["SIGN_IN_KNOWN_PLACE_DAYS"])
    success = rows[place]["last_success"] if place in rows else None
    return Standing(
        place_delayed=delayed(place),
        address_delayed=delayed(whole),
        known_place=success is not None and success >= known_since,
    )


def _moment(value: dt.datetime) -> ColumnElement:
    return literal(value, UTCDateTime())


def _later(column: ColumnElement, value: dt.datetime) -> ColumnElement:
    """The later of a stored moment and a new one (portable: no GREATEST on SQLite)."""
    return case((column > _moment(value), column), else_=_moment(value))


def _upsert(values: dict, on_conflict: dict):
    insert = (postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite).insert
    statement = insert(TABLE).values(**values)
    return statement.on_conflict_do_update(index_elements=[TABLE.c.key], set_=on_conflict)


def _count(key: str, now: dt.datetime, counted: bool, allowed: int) -> int:
    """Add a failure to one count, atomically however many workers fail at once; delay it when
    it reaches `allowed`. The count afterwards."""
    step = 1 if counted else 0
    forgotten = TABLE.c.last_failure.is_(None) | (TABLE.c.last_failure < now - FAILURE_MEMORY)
    statement = _upsert(
        {"key": key, "failures": step, "last_failure": now, "forget_after": now + FAILURE_MEMORY},
        {
            "failures": case((forgotten, step), else_=TABLE.c.failures + step),
            "last_failure": _moment(now),
            "forget_after": _later(TABLE.c.forget_after, now + FAILURE_MEMORY),
        },
    ).returning(TABLE.c.failures)
    failures = db.session.execute(statement).scalar_one()
    delay = delay_after(failures, allowed) if counted else None
    until = now + (delay or dt.timedelta(0))
    # Run whether the count reached a delay or not, so that the work done tells neither that nor
    # whether a refused password was right.
    db.session.execute(
        update(TABLE)
        .where(TABLE.c.key == key)
        .values(
            delayed_until=case(
                (literal(delay is not None), _later(TABLE.c.delayed_until, until)),
                else_=TABLE.c.delayed_until,
            ),
            forget_after=_later(TABLE.c.forget_after, until + FAILURE_MEMORY),
        )
    )
    return failures


def failed(address: str, now: dt.datetime, *, counted: bool = True) -> int:
    """Record a refused attempt at the address from the client's place: the same statements for
    every address, with an account or not. `counted` is False when the password was right but
    refused anyway (the place or the address was waiting): it is not a guess, and should not
    lengthen the wait. The place's count afterwards."""
    config = current_app.config
    _forget_old(now)
    _count(address_key(address), now, counted, config["SIGN_IN_ADDRESS_FAILURES_BEFORE_DELAY"])
    return _count(place_key(address), now, counted, config["SIGN_IN_FAILURES_BEFORE_DELAY"])


def succeeded(address: str, now: dt.datetime) -> None:
    """A complete sign-in from the client's place: its count starts again, and the place is
    known to the address for SIGN_IN_KNOWN_PLACE_DAYS. The address count is left to time, so
    that a moderator signing in does not hand a spread-out attack a fresh allowance."""
    forget = now + dt.timedelta(days=current_app.config["SIGN_IN_KNOWN_PLACE_DAYS"])
    values = {"failures": 0, "last_failure": None, "delayed_until": None, "last_success": now}
    statement = _upsert(
        {"key": place_key(address), "forget_after": forget, **values},
        {**values, "last_success": _moment(now), "forget_after": _moment(forget)},
    )
    db.session.execute(statement)


def _forget_old(now: dt.datetime) -> None:
    # Through the index on forget_after: each row is deleted once, so the cost stays in step with
    # the failures that made the rows, and the table holds about a day of them.
    db.session.execute(delete(TABLE).where(TABLE.c.forget_after < _moment(now)))
