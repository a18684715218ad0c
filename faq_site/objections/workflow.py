"""What an objection to a sub-processor is about and what happens to it: the providers that can
be objected to (those the register announces, until they take effect), storing one with its
acknowledgement, and marking it answered. Plain functions; the caller commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import audit, documents, outbox, register
from ..extensions import db
from ..models import SubprocessorObjection, utcnow


@dataclass(frozen=True)
class Announced:
    """A sub-processor that a version of the register announces, and the day it takes effect."""

    provider: str
    effective: dt.date


def announced() -> list[Announced]:
    """The sub-processors added by the versions announced for later days, soonest first: what a
    customer can object to now. A provider announced in two versions counts once, at the first."""
    entry = documents.register()
    if entry is None:
        return []
    current = entry.timeline.current
    rows = register.from_json(current.markdown) if current else []
    found: dict[str, Announced] = {}
    for version in entry.timeline.upcoming:  # oldest first
        for row in register.added(rows, register.from_json(version.markdown)):
            found.setdefault(row.provider, Announced(row.provider, version.effective))
    return list(found.values())


def _exists(*conditions) -> bool:
    found = db.session.scalar(db.select(SubprocessorObjection.id).where(*conditions).limit(1))
    return found is not None


def already_made(target: Announced, email: str, reason: str) -> bool:
    """Whether the same contact has already made this objection, waiting for an answer: sent
    again after going back, it is the same objection."""
    return _exists(
        SubprocessorObjection.provider == target.provider,
        SubprocessorObjection.email == email,
        SubprocessorObjection.reason == reason,
        SubprocessorObjection.answered.is_(None),
    )


def submitted(submission: str) -> bool:
    """Whether an objection with this one-time token is stored already."""
    return _exists(SubprocessorObjection.submission == submission)


def make(
    target: Announced, company: str, name: str, email: str, reason: str, *, submission: str
) -> SubprocessorObjection:
    """Store an objection, with the acknowledgement emailed to its contact and an audit event,
    in one transaction."""
    objection = SubprocessorObjection(
        provider=target.provider,
        effective=target.effective,
        company=company,
        name=name,
        email=email,
        reason=reason,
        submission=submission,
        received=utcnow(),
    )
    db.session.add(objection)
    db.session.flush()
    outbox.queue(
        "objection_received",
        email,
        # Nothing the sender typed goes in it: the form needs no confirmation, so the email
        # must carry no one's words to whatever address was given.
        {"provider": objection.provider, "effective": objection.effective},
    )
    audit.record("objection.received", objection, actor=audit.VISITOR)
    return objection


def answer(objection: SubprocessorObjection, *, by: audit.Actor) -> None:
    """Mark an objection answered: from then on the retention period runs."""
    if objection.answered is None:
        objection.answered = utcnow()
        audit.record("objection.answered", objection, actor=by)


# An objection still waiting for its answer.
_OPEN = SubprocessorObjection.answered.is_(None)


def open_count() -> int:
    """How many objections wait for an answer, as the dashboard counts them."""
    return db.session.scalar(db.select(db.func.count(SubprocessorObjection.id)).where(_OPEN))


def open_objections() -> list[SubprocessorObjection]:
    return list(
        db.session.scalars(
            db.select(SubprocessorObjection)
            .where(_OPEN)
            .order_by(SubprocessorObjection.effective, SubprocessorObjection.received)
        )
    )


def answered_objections() -> list[SubprocessorObjection]:
    return list(
        db.session.scalars(
            db.select(SubprocessorObjection)
            .where(SubprocessorObjection.answered.is_not(None))
            .order_by(SubprocessorObjection.answered.desc())
        )
    )
