"""The figures the site publishes about its own work: requests answered, on time or not,
complaints acknowledged within their 30 days and closed, and questions answered, quarter by
quarter. Counts only: nothing about any person."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

from .clock import local_date
from .complaints import workflow as complaints
from .extensions import db
from .models import (
    AccessRequest,
    Question,
    QuestionStatus,
    RequestStatus,
    Right,
)

QUARTERS_SHOWN = 8


@dataclass
class Quarter:
    year: int
    number: int
    received: int = 0
    completed: int = 0
    on_time: int = 0
    extended: int = 0
    refused: int = 0
    refused_on_time: int = 0
    questions_answered: int = 0
    days_to_answer: list[int] = field(default_factory=list)
    # Complaints: received in the quarter; acknowledged in it (an outcome sent first counts as
    # the acknowledgement), within their 30 days or not; closed in it with their outcome.
    complaints_received: int = 0
    complaints_acknowledged: int = 0
    complaints_acknowledged_on_time: int = 0
    complaints_closed: int = 0

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None

    @property
    def answered(self) -> int:
        return self.completed + self.refused


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _previous(key: tuple[int, int]) -> tuple[int, int]:
    year, number = key
    return (year, number - 1) if number > 1 else (year - 1, 4)


def quarterly_figures(today: dt.date) -> list[Quarter]:
    """The last few quarters, newest first, from the first one with any activity."""
    zone = current_app.config["SITE_TIMEZONE"]
    quarters: dict[tuple[int, int], Quarter] = {}

    def at(day: dt.date) -> Quarter:
        key = quarter_of(day)
        return quarters.setdefault(key, Quarter(*key))

    rows = db.session.execute(
        db.select(
            AccessRequest.received,
            AccessRequest.due,
            AccessRequest.closed,
            AccessRequest.status,
            AccessRequest.extended,
        )
        # Complaints have no answer due in a month: these are the requests' figures.
        .where(AccessRequest.received.is_not(None), AccessRequest.right != Right.COMPLAINT)
    )
    for received, due, closed, status, extended in rows:
        at(received).received += 1
        if extended:
            at(received).extended += 1
        if closed is None:
            continue
        closed_on = local_date(closed, zone)
        if status is RequestStatus.COMPLETED:
            quarter = at(closed_on)
            quarter.completed += 1
            quarter.on_time += int(due is None or closed_on <= due)
            # Day one is the day of receipt, as the law counts it.
            quarter.days_to_answer.append((closed_on - received).days + 1)
        elif status is RequestStatus.REFUSED:
            quarter = at(closed_on)
            quarter.refused += 1
            quarter.refused_on_time += int(due is None or closed_on <= due)
    decided = db.session.scalars(
        db.select(Question.decided).where(
            Question.status == QuestionStatus.PUBLISHED, Question.decided.is_not(None)
        )
    )
    for moment in decided:
        at(local_date(moment, zone)).questions_answered += 1
    _count_complaints(at, zone)
    if not quarters:
        return []
    shown, key, first = [], quarter_of(today), min(quarters)
    while len(shown) < QUARTERS_SHOWN and key >= first:
        shown.append(quarters.get(key, Quarter(*key)))
        key = _previous(key)
    return shown


def _count_complaints(at: Callable[[dt.date], Quarter], zone: str) -> None:
    """Each complaint in the quarter it was received, the quarter it was acknowledged (judged
    against its last day to acknowledge it) and the quarter it was closed with its outcome."""
    acknowledged = complaints.acknowledged_times()
    rows = db.session.execute(
        db.select(
            AccessRequest.id,
            AccessRequest.received,
            AccessRequest.due,
            AccessRequest.closed,
            AccessRequest.status,
        ).where(AccessRequest.received.is_not(None), AccessRequest.right == Right.COMPLAINT)
    )
    for ident, received, due, closed, status in rows:
        at(received).complaints_received += 1
        outcome = closed if status is RequestStatus.COMPLETED else None
        moment = acknowledged.get(ident) or outcome
        if moment is not None:
            day = local_date(moment, zone)
            quarter = at(day)
            quarter.complaints_acknowledged += 1
            quarter.complaints_acknowledged_on_time += int(due is None or day <= due)
        if outcome is not None:
            at(local_date(outcome, zone)).complaints_closed += 1
