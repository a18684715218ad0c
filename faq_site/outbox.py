"""Email through a transactional outbox.

A message is queued in the same transaction as the change it reports, so that the two are
committed, or lost, together. No request sends anything: the mail workers (`flask mail send`)
send it after the commit (see delivery.py). Once the mail server has accepted a message, its
recipient and bodies are erased, and so is the address of the question it answered.

A message whose delivery cannot be known (its text went to the server and no answer came back)
is never sent again on its own: it is set aside as uncertain, for a person to look its
Message-ID up in the mail server's log and then send it again or record it as delivered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app, render_template
from sqlalchemy import update

from .delivery import Report, backoff, deliver, uncertain_now
from .extensions import db
from .models import OutboxMessage, Question, utcnow
from .postman import MalformedMessage, describe_error, header_id

__all__ = [
    "MalformedMessage",
    "Report",
    "backoff",
    "deliver",
    "describe_error",
    "header_id",
    "queue",
    "record_delivered",
    "retry",
    "uncertain",
]

# One address and nothing else: no spaces, commas, colons or brackets that could smuggle in a
# second recipient or a header once the line breaks are gone.
_SINGLE_ADDRESS = re.compile(r"[^@\s,;:<>()\[\]\"\\]+@[^@\s,;:<>()\[\]\"\\]+")
_SUBJECT_LENGTH = OutboxMessage.subject.type.length
_ADDRESS_LENGTH = OutboxMessage.recipient.type.length


def queue(
    template: str,
    recipient: str,
    context: Mapping[str, Any],
    *,
    question: Question | None = None,
    unsubscribe: str | None = None,
) -> OutboxMessage:
    """Render the message `template` for `recipient` and add it to the session, uncommitted, so
    that it is committed with the change it reports. With `question`, that question's address is
    erased once the message has gone. With `unsubscribe`, the message carries that one-click
    unsubscribe address in its headers.

    Raises ValueError when `recipient` is not a single email address.
    """
    recipient = _single_address(recipient)
    values = {
        "site_name": current_app.config["SITE_NAME"],
        "company_name": current_app.config["COMPANY_NAME"],
        "postal_address": current_app.config["POSTAL_ADDRESS"],
        **context,
    }
    # Splitting on any whitespace puts the subject on one line, so no CR or LF from a context
    # value can start a header of its own.
    subject = " ".join(render_template(f"email/{template}/subject.txt", **values).split())
    message = OutboxMessage(
        template=template,
        recipient=recipient,
        subject=subject[:_SUBJECT_LENGTH],
        body_text=render_template(f"email/{template}/body.txt", **values),
        body_html=render_template(f"email/{template}/body.html", **values),
        unsubscribe=unsubscribe,
    )
    if question is not None:
        if question.id is None:
            # A question asked in this very transaction has no id until it is flushed.
            db.session.flush()
        message.question_id = question.id
    db.session.add(message)
    return message


def uncertain() -> list[OutboxMessage]:
    """The messages set aside because nobody knows whether the mail server accepted them."""
    return list(
        db.session.scalars(
            db.select(OutboxMessage).where(uncertain_now()).order_by(OutboxMessage.id)
        )
    )


def retry(ids: Sequence[int] | None) -> int:
    """Let the workers send these uncertain messages again (all of them with None); how many.
    Leaves the commit to the caller."""
    query = update(OutboxMessage).where(uncertain_now())
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    result = db.session.execute(
        query.values(
            claimed_by=None, lease_until=None, handed_over=None, next_attempt=utcnow()
        ).execution_options(synchronize_session=False)
    )
    return result.rowcount


def record_delivered(ids: Sequence[int]) -> int:
    """Record these uncertain messages as delivered, as a person found in the mail server's
    log, and erase them as a sent message is; how many. Leaves the commit to the caller."""
    found = db.session.scalars(
        db.select(OutboxMessage).where(uncertain_now(), OutboxMessage.id.in_(ids))
    ).all()
    for message in found:
        message.sent = utcnow()
        message.recipient = message.body_text = message.body_html = None
        message.claimed_by = message.lease_until = None
        if message.question_to_forget is not None:
            question = db.session.get(Question, message.question_to_forget)
            if question is not None:
                question.email = None
    return len(found)


def _single_address(recipient: str) -> str:
    address = recipient.replace("\r", "").replace("\n", "").strip()
    if len(address) > _ADDRESS_LENGTH or not _SINGLE_ADDRESS.fullmatch(address):
        # The address itself stays out of the error, which may end up in a log.
        raise ValueError("the recipient is not a single email address")
    return address
