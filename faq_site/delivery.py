"""Sending what the outbox holds: the mail workers' side.

Each step of a delivery is its own short transaction, and each is one conditional UPDATE whose
row count says whether it took, so that it holds on SQLite and PostgreSQL alike:

1. claim: a worker takes a message that is due, not handed over, and unclaimed or whose lease
   has run out. Two workers never both take it: the second UPDATE matches no row.
2. hand-over: once the server asks for the text, and before it goes, the worker records the
   moment, if the message is still its own. A worker whose lease ran out and was taken over
   stops there, without sending.
3. outcome: sent (committed before anything else happens), or refused by the server or never
   handed over (retried later with backoff), or unknown: the text went and no answer came, or
   the worker stopped before recording one. An unknown outcome is never retried on its own:
   the message is set aside as uncertain (see outbox.py).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, or_, update
from sqlalchemy.sql import ColumnElement

from .extensions import db
from .models import OutboxMessage, Question, utcnow
from .postman import MalformedMessage, Postman, Unanswered, describe_error

logger = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(hours=6)
# How long a claim holds without the worker being heard of. A worker that stops before the
# hand-over leaves the message to another after this; one that stops after it leaves it
# uncertain after this.
LEASE = dt.timedelta(minutes=5)
# Messages looked at per claim; each one another worker took first is passed over.
_CANDIDATES = 8


@dataclass(frozen=True)
class Report:
    """What a delivery run did. `waiting` counts the messages still to be sent afterwards (those
    that failed just now included), among the ids asked for when there were any; `uncertain`
    those set aside because nobody knows whether the mail server accepted them."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0
    uncertain: int = 0


@dataclass(frozen=True)
class _Claim:
    """A message this worker holds. Its id and attempts are kept apart from the row, which each
    commit expires and another process may delete."""

    message: OutboxMessage
    token: str
    id: int
    attempts: int
    # The question whose address is erased once the message is sent.
    question_id: int | None


class _Outcome(enum.Enum):
    SENT = "sent"
    # Not delivered: retried after a backoff.
    POSTPONED = "postponed"
    # Perhaps delivered: left for a person.
    SET_ASIDE = "set aside"
    # No longer this worker's: nothing done.
    LOST = "lost"


class _ClaimLost(Exception):
    """The message is no longer this worker's: another took it over after the lease ran out,
    or it was deleted (a withdrawn question, an erasure)."""


def deliver(
    ids: Sequence[int] | None = None,
    *,
    limit: int = 50,
    stop: Callable[[], bool] | None = None,
) -> Report:
    """Send up to `limit` messages that are due, oldest first (only those in `ids` when given),
    committing each step of each one as soon as it is taken; `stop` is asked before each
    message whether to end the run early."""
    sent = failed = 0
    postman = Postman(current_app.config)
    try:
        while sent + failed < limit and not (stop is not None and stop()):
            claim = _claim(ids)
            if claim is None:
                break
            outcome = _send(postman, claim)
            if outcome is _Outcome.SENT:
                sent += 1
            elif outcome is not _Outcome.LOST:
                failed += 1
                if postman.unreachable or outcome is _Outcome.SET_ASIDE:
                    # Every other message would wait out the same timeout, and one given to a
                    # server that does not answer would be set aside too; the next run retries.
                    break
    except BaseException:
        db.session.rollback()
        raise
    finally:
        postman.close()
    return Report(sent=sent, failed=failed, **_count_unsent(ids))


def _send(postman: Postman, claim: _Claim) -> _Outcome:
    """Send one claimed message and record what came of it."""
    try:
        postman.send(claim.message, before_text=lambda: _hand_over(claim))
    except _ClaimLost:
        db.session.rollback()
        logger.info("Outbox message %d was taken over or deleted; not sent here.", claim.id)
        return _Outcome.LOST
    except Unanswered as error:
        _set_aside(claim, error)
        return _Outcome.SET_ASIDE
    except (OSError, MalformedMessage) as error:
        _postpone(claim, error)
        return _Outcome.POSTPONED
    _record_sent(claim)
    return _Outcome.SENT


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        OutboxMessage.sent.is_(None),
        OutboxMessage.handed_over.is_(None),
        OutboxMessage.next_attempt <= now,
        or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.lease_until < now),
    )


def uncertain_now() -> ColumnElement[bool]:
    """Whether a message is set aside as uncertain: handed over, not recorded as sent, and its
    worker no longer holding it."""
    return _uncertain(utcnow())


def _uncertain(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        OutboxMessage.sent.is_(None),
        OutboxMessage.handed_over.is_not(None),
        OutboxMessage.lease_until <= now,
    )


def _claim(ids: Sequence[int] | None) -> _Claim | None:
    """Take the oldest message that is due for this worker alone, or None when none is left."""
    while True:
        now = utcnow()
        candidates = db.select(OutboxMessage.id).where(_claimable(now))
        if ids is not None:
            candidates = candidates.where(OutboxMessage.id.in_(ids))
        # A person's request or question before a change notice (which carries an unsubscribe
        # address until it is sent): ten thousand notices never hold up a confirmation link.
        bulk = case((OutboxMessage.unsubscribe.is_not(None), 1), else_=0)
        found = db.session.scalars(
            candidates.order_by(bulk, OutboxMessage.id).limit(_CANDIDATES)
        ).all()
        if not found:
            return None
        for message_id in found:
            token = secrets.token_hex(16)
            # The condition is checked again by the UPDATE itself, under the database's write
            # lock: of two workers, the second finds the row claimed and changes nothing.
            taken = _change(message_id, _claimable(now), claimed_by=token, lease_until=now + LEASE)
            db.session.commit()
            if taken:
                message = db.session.get(OutboxMessage, message_id, populate_existing=True)
                if message is not None:
                    return _Claim(
                        message, token, message.id, message.attempts, message.question_to_forget
                    )


def _hand_over(claim: _Claim) -> None:
    now = utcnow()
    mine = and_(OutboxMessage.claimed_by == claim.token, OutboxMessage.handed_over.is_(None))
    taken = _change(claim.id, mine, handed_over=now, lease_until=now + LEASE)
    db.session.commit()
    if not taken:
        raise _ClaimLost


def _record_sent(claim: _Claim) -> None:
    message_id = claim.id
    question_id = claim.question_id
    # Recorded at once, in a transaction of its own, so that the moment in which a stopped
    # worker leaves the outcome unknown is as short as can be.
    try:
        recorded = _change(
            message_id,
            OutboxMessage.claimed_by == claim.token,
            sent=utcnow(),
            recipient=None,
            body_text=None,
            body_html=None,
            unsubscribe=None,
            last_error=None,
            claimed_by=None,
            lease_until=None,
        )
        if recorded and question_id is not None:
            db.session.execute(
                update(Question).where(Question.id == question_id).values(email=None),
                execution_options={"synchronize_session": False},
            )
        db.session.commit()
    except Exception:
        logger.error(
            "Outbox message %d was accepted by the mail server but could not be recorded as "
            "sent; it will be set aside as uncertain, not sent again.",
            message_id,
        )
        raise
    if recorded:
        logger.info("Outbox message %d sent.", message_id)
    else:
        logger.warning(
            "Outbox message %d was accepted by the mail server after it was deleted or settled "
            "by hand.",
            message_id,
        )


def _postpone(claim: _Claim, error: BaseException) -> None:
    """The message was not delivered: the server refused it, or never had its text."""
    attempts = claim.attempts + 1
    next_attempt = utcnow() + backoff(attempts)
    description = describe_error(error)
    db.session.rollback()
    _change(
        claim.id,
        OutboxMessage.claimed_by == claim.token,
        attempts=attempts,
        next_attempt=next_attempt,
        last_error=description,
        claimed_by=None,
        lease_until=None,
        handed_over=None,
    )
    db.session.commit()
    logger.warning(
        "Outbox message %d not sent (%s); attempt %d, next at %s.",
        claim.id,
        description,
        attempts,
        next_attempt.isoformat(timespec="seconds"),
    )


def _set_aside(claim: _Claim, error: Unanswered) -> None:
    """The text went and no answer came: the server may have accepted it, so it is not sent
    again without a person's say."""
    db.session.rollback()
    _change(
        claim.id,
        OutboxMessage.claimed_by == claim.token,
        attempts=claim.attempts + 1,
        last_error=error.description,
        lease_until=utcnow(),
    )
    db.session.commit()
    logger.error(
        "Outbox message %d may or may not have been delivered (%s): set aside as uncertain, "
        "see flask mail uncertain.",
        claim.id,
        error.description,
    )


def _change(message_id: int, condition: ColumnElement[bool], **values: Any) -> bool:
    """One conditional UPDATE of one message; True when it matched the row."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _count_unsent(ids: Sequence[int] | None) -> dict[str, int]:
    now = utcnow()
    uncertain = _uncertain(now)
    query = db.select(
        db.func.count(OutboxMessage.id),
        db.func.count(OutboxMessage.id).filter(uncertain),
    ).where(OutboxMessage.sent.is_(None))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    unsent, set_aside = db.session.execute(query).one()
    return {"waiting": unsent - set_aside, "uncertain": set_aside}


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts: 1, 2, 4, 8 ... minutes, and
    never more than six hours."""
    return min(dt.timedelta(minutes=2 ** min(max(attempts, 1) - 1, 20)), MAX_BACKOFF)
