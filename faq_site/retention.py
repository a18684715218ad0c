"""Erasing what has outlived its purpose: the site keeps personal data no longer than it needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, update

from . import audit
from .extensions import db
from .models import OutboxMessage, Question, QuestionStatus, utcnow

SENT_MAIL_KEPT_DAYS = 30


@dataclass
class PurgeReport:
    questions_erased: int = 0
    questions_deleted: int = 0
    messages_erased: int = 0
    messages_deleted: int = 0

    def __str__(self) -> str:
        return (
            f"Erased personal data from {self.questions_erased} questions, deleted "
            f"{self.questions_deleted} spam or withdrawn questions, erased {self.messages_erased} "
            f"and deleted {self.messages_deleted} outbox messages."
        )


def purge(now: dt.datetime | None = None) -> PurgeReport:
    """Erase originals and addresses past the retention period, spam and withdrawn questions,
    and sent mail; the caller commits."""
    now = now or utcnow()
    report = PurgeReport()
    cutoff = now - dt.timedelta(days=current_app.config["QUESTION_RETENTION_DAYS"])
    expired = (Question.created < cutoff) & (
        Question.original.is_not(None)
        | Question.email.is_not(None)
        | Question.fingerprint.is_not(None)
    )
    expired_ids = db.session.scalars(db.select(Question.id).where(expired)).all()
    if expired_ids:
        report.messages_deleted += db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.question_id.in_(expired_ids), OutboxMessage.sent.is_(None)
            )
        ).rowcount
        report.questions_erased = db.session.execute(
            update(Question)
            .where(Question.id.in_(expired_ids))
            .values(original=None, redactions=None, fingerprint=None, email=None)
        ).rowcount
    report.questions_deleted = db.session.execute(
        delete(Question).where(Question.status.in_([QuestionStatus.SPAM, QuestionStatus.WITHDRAWN]))
    ).rowcount
    report.messages_erased = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.sent.is_not(None),
            OutboxMessage.recipient.is_not(None)
            | OutboxMessage.body_text.is_not(None)
            | OutboxMessage.body_html.is_not(None),
        )
        .values(recipient=None, body_text=None, body_html=None)
    ).rowcount
    report.messages_deleted += db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent < now - dt.timedelta(days=SENT_MAIL_KEPT_DAYS)
        )
    ).rowcount
    audit.record("purge.run", actor=audit.SYSTEM, detail=report.__dict__.copy())
    return report
