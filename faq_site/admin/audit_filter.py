"""What the audit log shows, read from its query string: the same for the page and its CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort, request
from flask_babel import gettext as _

from ..extensions import db
from ..models import AuditEvent, Moderator
from ..names import labelled


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    # Calendar days in UTC, both included.
    since: dt.date | None = None
    until: dt.date | None = None
    # The events on one request or complaint, as its panel page links to them.
    request_id: int | None = None

    @classmethod
    def from_args(cls) -> AuditFilter:
        return cls(
            request.args.get("action", "").strip(),
            request.args.get("actor", "").strip(),
            _day("since"),
            _day("until"),
            _request_id(),
        )

    def conditions(self) -> list:
        where = []
        if self.action:
            where.append(AuditEvent.action == self.action)
        if self.actor:
            where.append(_by(self.actor))
        if self.since:
            where.append(AuditEvent.created >= _day_start(self.since))
        if self.until:
            where.append(AuditEvent.created < _day_start(self.until + dt.timedelta(days=1)))
        if self.request_id is not None:
            where.append(AuditEvent.subject_type == "accessrequest")
            where.append(AuditEvent.subject_id == self.request_id)
        return where

    def args(self) -> dict[str, str]:
        """The filters that are set, as query arguments for links."""
        values = {
            "action": self.action,
            "actor": self.actor,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "request": str(self.request_id) if self.request_id is not None else "",
        }
        return {name: value for name, value in values.items() if value}


def _by(actor: str):
    """A moderator is chosen by number (their events, and those only their label names: a
    password set from a reset link); anyone else by what the trail stores ("visitor")."""
    ident = labelled(Moderator.label_of(actor)) if actor.isascii() and actor.isdigit() else None
    if ident is None:
        return AuditEvent.actor == actor
    return db.or_(
        AuditEvent.moderator_id == ident,
        db.and_(AuditEvent.moderator_id.is_(None), AuditEvent.actor == Moderator.label_of(ident)),
    )


def _request_id() -> int | None:
    value = request.args.get("request", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        abort(400, description=_("A request is named by its number."))
    return int(value)


def _day(name: str) -> dt.date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    # The filter stops where the day after `until` starts: the last day of all has none.
    if day is None or (name == "until" and day == dt.date.max):
        abort(400, description=_("Dates are written YYYY-MM-DD."))
    return day


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
