"""Erasing what has outlived its purpose: the site keeps personal data no longer than it needs.

One rule overrides every period: while a person has an open request (confirmed and being
worked), nothing that holds their address is purged, because that data may be what the request is
about. A request still awaiting confirmation does not count: anyone can type anyone's address into
the form, and an unconfirmed request must not keep another person's data past its time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, delete, func, update

from . import audit
from .access_requests.workflow import ACTIVE
from .admin.accounts import cancel_lapsed_set_ups
from .deadlines import add_months
from .extensions import db
from .models import (
    AccessRequest,
    OutboxMessage,
    Question,
    QuestionStatus,
    RequestCondition,
    RequestEvent,
    RequestPause,
    RequestStatus,
    SubprocessorObjection,
    Subscription,
    utcnow,
)
from .models.notices import UNCONFIRMED_DAYS

SENT_MAIL_KEPT_DAYS = 30
UNSENT_MAIL_KEPT_DAYS = 14
CLOSED = [status for status in RequestStatus if status.is_closed]
# What a request (or a complaint) loses when its retention period ends or its person's data is
# erased; reference, right, status, dates and the extension flag stay as the record that it was
# answered, and how.
# The outcome note goes too: it may name what was provided, and the status records the outcome.
REQUEST_PERSONAL_FIELDS = (
    "name",
    "email",
    "details",
    "concerns",
    "desired_outcome",
    "postal_address",
    "phone",
    "acting_for",
    "outcome",
    "answer_name",
    "answer_type",
    "answer_data",
    "answer_expires",
)
# An expired answer file goes; its expiry stays (a date, nothing of the person's) so that the
# status page can say the file was there, until when, and how to have it again. It is erased
# with the request's other fields.
ANSWER_FILE_FIELDS = ("answer_name", "answer_type", "answer_data")


@dataclass
class PurgeReport:
    questions_erased: int = 0
    questions_deleted: int = 0
    messages_erased: int = 0
    messages_deleted: int = 0
    requests_deleted: int = 0
    requests_erased: int = 0
    answers_erased: int = 0
    set_ups_erased: int = 0
    objections_deleted: int = 0
    subscriptions_deleted: int = 0

    def __str__(self) -> str:
        return (
            f"Erased personal data from {self.questions_erased} questions, deleted "
            f"{self.questions_deleted} spam or withdrawn questions, erased {self.messages_erased} "
            f"and deleted {self.messages_deleted} outbox messages. Deleted "
            f"{self.requests_deleted} unconfirmed requests, erased personal data from "
            f"{self.requests_erased} closed requests and {self.answers_erased} expired answer "
            f"files. Erased {self.set_ups_erased} two-step sign-in secrets whose set-up ran out. "
            f"Deleted {self.objections_deleted} answered objections to sub-processors and "
            f"{self.subscriptions_deleted} change-notice subscriptions never confirmed."
        )


def address(column: ColumnElement) -> ColumnElement:
    """An email column as the site compares addresses: case and surrounding spaces ignored."""
    return func.lower(func.trim(column))


def same_address(column: ColumnElement, email: str) -> ColumnElement:
    """Rows whose address in `column` is `email`. The database lowers both sides, so that the
    comparison agrees with itself on SQLite and PostgreSQL alike."""
    return address(column) == func.lower(email.strip())


def _unconfirmed_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=current_app.config["UNCONFIRMED_REQUEST_DAYS"])


def open_request() -> ColumnElement:
    """Requests that are open: confirmed (or recorded by a moderator) and not yet closed. One
    awaiting confirmation is not: its address is unproven."""
    return AccessRequest.status.in_(ACTIVE)


def is_open(request: AccessRequest) -> bool:
    """The same test as open_request(), for a request already loaded."""
    return request.status in ACTIVE


def not_under_open_request(column: ColumnElement) -> ColumnElement:
    """Rows whose address in `column` belongs to nobody with an open request."""
    open_addresses = db.select(address(AccessRequest.email)).where(
        open_request(), AccessRequest.email.is_not(None)
    )
    # NOT IN is unknown for a NULL address, so rows without one are let through explicitly.
    return column.is_(None) | address(column).not_in(open_addresses)


def erase_request(request: AccessRequest) -> None:
    """Erase a closed request's personal fields and its log's messages, keeping the record."""
    for field in REQUEST_PERSONAL_FIELDS:
        setattr(request, field, None)
    for event in request.events:
        event.message = None


def purge(now: dt.datetime | None = None) -> PurgeReport:
    """Erase originals and addresses past the retention period, spam and withdrawn questions,
    sent mail, unconfirmed requests, expired answer files, closed requests past theirs and
    two-step sign-in secrets whose set-up ran out, answered objections past their time and
    change-notice subscriptions never confirmed; the caller commits."""
    now = now or utcnow()
    report = PurgeReport()
    _purge_questions(now, report)
    _purge_outbox(now, report)
    _purge_requests(now, report)
    report.objections_deleted = _purge_objections(now)
    report.subscriptions_deleted = _purge_subscriptions(now)
    report.set_ups_erased = cancel_lapsed_set_ups(now)
    audit.record("purge.run", actor=audit.SYSTEM, detail=report.__dict__.copy())
    return report


def _purge_questions(now: dt.datetime, report: PurgeReport) -> None:
    cutoff = now - dt.timedelta(days=current_app.config["QUESTION_RETENTION_DAYS"])
    expired = (
        (Question.created < cutoff)
        & (
            Question.original.is_not(None)
            | Question.email.is_not(None)
            | Question.fingerprint.is_not(None)
        )
        & not_under_open_request(Question.email)
    )
    expired_ids = db.session.scalars(db.select(Question.id).where(expired)).all()
    if expired_ids:
        report.messages_deleted += db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.question_id.in_(expired_ids),
                OutboxMessage.sent.is_(None),
                not_under_open_request(OutboxMessage.recipient),
            )
        ).rowcount
        report.questions_erased = db.session.execute(
            update(Question)
            .where(Question.id.in_(expired_ids))
            .values(original=None, redactions=None, fingerprint=None, email=None)
        ).rowcount
    report.questions_deleted = db.session.execute(
        delete(Question).where(
            Question.status.in_([QuestionStatus.SPAM, QuestionStatus.WITHDRAWN]),
            not_under_open_request(Question.email),
        )
    ).rowcount


def _purge_outbox(now: dt.datetime, report: PurgeReport) -> None:
    report.messages_erased = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.sent.is_not(None),
            OutboxMessage.recipient.is_not(None)
            | OutboxMessage.body_text.is_not(None)
            | OutboxMessage.body_html.is_not(None),
            not_under_open_request(OutboxMessage.recipient),
        )
        .values(recipient=None, body_text=None, body_html=None, unsubscribe=None)
    ).rowcount
    report.messages_deleted += db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent < now - dt.timedelta(days=SENT_MAIL_KEPT_DAYS),
            not_under_open_request(OutboxMessage.recipient),
        )
    ).rowcount
    # Mail the server never took (a dead address, a refusal) stops being retried: its address and
    # its words are no longer kept for it.
    report.messages_deleted += db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent.is_(None),
            OutboxMessage.created < now - dt.timedelta(days=UNSENT_MAIL_KEPT_DAYS),
        )
    ).rowcount


def _purge_objections(now: dt.datetime) -> int:
    """Objections to a sub-processor answered longer ago than requests are kept after they
    close: the row goes whole, since all of it is about who objected. An unanswered one stays."""
    months = current_app.config["REQUEST_RETENTION_MONTHS"]
    cutoff = dt.datetime.combine(add_months(now.date(), -months), now.timetz())
    return db.session.execute(
        delete(SubprocessorObjection).where(SubprocessorObjection.answered < cutoff)
    ).rowcount


def _purge_subscriptions(now: dt.datetime) -> int:
    """Change-notice subscriptions whose confirmation link went unused for UNCONFIRMED_DAYS,
    with any email to them not sent yet."""
    from .notices.workflow import forget_unsent  # which reads this module's same_address

    cutoff = now - dt.timedelta(days=UNCONFIRMED_DAYS)
    lapsed = db.session.scalars(
        db.select(Subscription).where(
            Subscription.confirmed.is_(None), Subscription.requested < cutoff
        )
    ).all()
    for subscription in lapsed:
        forget_unsent(subscription.email)
        db.session.delete(subscription)
    return len(lapsed)


def _purge_requests(now: dt.datetime, report: PurgeReport) -> None:
    kept_apart = not_under_open_request(AccessRequest.email)

    unconfirmed_ids = db.session.scalars(
        db.select(AccessRequest.id).where(
            AccessRequest.status == RequestStatus.AWAITING_CONFIRMATION,
            AccessRequest.created < _unconfirmed_cutoff(now),
            kept_apart,
        )
    ).all()
    if unconfirmed_ids:
        # A bulk delete does not cascade in the ORM; the log and pauses go first, explicitly.
        for child in (RequestEvent, RequestPause, RequestCondition):
            db.session.execute(delete(child).where(child.request_id.in_(unconfirmed_ids)))
        report.requests_deleted = db.session.execute(
            delete(AccessRequest).where(AccessRequest.id.in_(unconfirmed_ids))
        ).rowcount

    report.answers_erased = db.session.execute(
        update(AccessRequest)
        .where(
            AccessRequest.answer_expires <= now, AccessRequest.answer_name.is_not(None), kept_apart
        )
        .values(dict.fromkeys(ANSWER_FILE_FIELDS))
    ).rowcount

    months = current_app.config["REQUEST_RETENTION_MONTHS"]
    cutoff = dt.datetime.combine(add_months(now.date(), -months), now.timetz())
    personal = (
        AccessRequest.name.is_not(None)
        | AccessRequest.email.is_not(None)
        | AccessRequest.details.is_not(None)
        | AccessRequest.concerns.is_not(None)
        | AccessRequest.desired_outcome.is_not(None)
        | AccessRequest.postal_address.is_not(None)
        | AccessRequest.phone.is_not(None)
        | AccessRequest.acting_for.is_not(None)
        | AccessRequest.outcome.is_not(None)
        | AccessRequest.answer_name.is_not(None)
        | AccessRequest.answer_data.is_not(None)
        | AccessRequest.events.any(RequestEvent.message.is_not(None))
    )
    retired_ids = db.session.scalars(
        db.select(AccessRequest.id).where(
            AccessRequest.status.in_(CLOSED), AccessRequest.closed < cutoff, personal, kept_apart
        )
    ).all()
    if retired_ids:
        db.session.execute(
            update(RequestEvent)
            .where(RequestEvent.request_id.in_(retired_ids))
            .values(message=None)
        )
        report.requests_erased = db.session.execute(
            update(AccessRequest)
            .where(AccessRequest.id.in_(retired_ids))
            .values(dict.fromkeys(REQUEST_PERSONAL_FIELDS))
        ).rowcount
