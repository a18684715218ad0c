"""Email through a transactional outbox.

A message is queued in the same transaction as the change it reports, so that the two are
committed, or lost, together. Delivery comes after the commit: at once when the view asks for it,
otherwise from `flask mail send`. Once the mail server has accepted a message, its recipient and
bodies are erased, and so is the address of the question it answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any

from flask import current_app, render_template
from sqlalchemy import inspect

from .extensions import db
from .models import OutboxMessage, Question, utcnow

logger = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(hours=6)
# One address and nothing else: no spaces, commas, colons or brackets that could smuggle in a
# second recipient or a header once the line breaks are gone.
_SINGLE_ADDRESS = re.compile(r"[^@\s,;:<>()\[\]\"\\]+@[^@\s,;:<>()\[\]\"\\]+")
_SUBJECT_LENGTH = OutboxMessage.subject.type.length
_ADDRESS_LENGTH = OutboxMessage.recipient.type.length


@dataclass(frozen=True)
class Report:
    """What a delivery run did. `waiting` counts every message still unsent afterwards (those
    that failed just now included), among the ids asked for when there were any."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0


class MalformedMessage(ValueError):
    """A queued message that cannot be turned into email, such as one with no recipient."""


def queue(
    template: str,
    recipient: str,
    context: Mapping[str, Any],
    *,
    question: Question | None = None,
) -> OutboxMessage:
    """Render the message `template` for `recipient` and add it to the session, uncommitted, so
    that it is committed with the change it reports. With `question`, that question's address is
    erased once the message has gone.

    Raises ValueError when `recipient` is not a single email address.
    """
    recipient = _single_address(recipient)
    values = {
        "site_name": current_app.config["SITE_NAME"],
        "company_name": current_app.config["COMPANY_NAME"],
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
    )
    if question is not None:
        if question.id is None:
            # A question asked in this very transaction has no id until it is flushed.
            db.session.flush()
        message.question_id = question.id
    db.session.add(message)
    return message


def deliver(ids: Sequence[int] | None = None, *, limit: int = 50) -> Report:
    """Send up to `limit` messages that are due, oldest first (only those in `ids` when given),
    committing the outcome of each one as soon as it is known."""
    sent = failed = 0
    postman = _Postman(current_app.config)
    try:
        while sent + failed < limit:
            message = _claim(ids)
            if message is None:
                break
            message_id = message.id
            try:
                postman.send(message)
            except (OSError, smtplib.SMTPException, MalformedMessage) as error:
                _postpone(message, error)
                db.session.commit()
                failed += 1
                if postman.unreachable:
                    # Every other message would wait out the same timeout; the next run retries.
                    break
                continue
            _mark_sent(message)
            try:
                db.session.commit()
            except Exception:
                logger.error(
                    "Outbox message %d was accepted by the mail server but could not be marked "
                    "sent; it may be sent again.",
                    message_id,
                )
                raise
            sent += 1
            logger.info("Outbox message %d sent.", message_id)
    except BaseException:
        db.session.rollback()
        raise
    finally:
        postman.close()
    return Report(sent=sent, failed=failed, waiting=_count_waiting(ids))


def deliver_now(message: OutboxMessage) -> bool:
    """Try to send one message straight after the commit that queued it. Whatever goes wrong is
    logged and swallowed: the visitor's or moderator's action has succeeded already, and the
    message waits in the outbox for `flask mail send`. True when it was sent."""
    # The identity is read without a query, so that even a broken database can be logged.
    identity = inspect(message).identity
    message_id = identity[0] if identity else None
    if message_id is None:
        logger.warning("An outbox message was not committed before delivery; it was not sent.")
        return False
    try:
        return deliver([message_id], limit=1).sent == 1
    except Exception as error:
        db.session.rollback()
        logger.warning(
            "Outbox message %d not sent now (%s); it waits in the outbox.",
            message_id,
            type(error).__name__,
        )
        return False


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts: 1, 2, 4, 8 ... minutes, and
    never more than six hours."""
    return min(dt.timedelta(minutes=2 ** min(max(attempts, 1) - 1, 20)), MAX_BACKOFF)


def _single_address(recipient: str) -> str:
    address = recipient.replace("\r", "").replace("\n", "").strip()
    if len(address) > _ADDRESS_LENGTH or not _SINGLE_ADDRESS.fullmatch(address):
        # The address itself stays out of the error, which may end up in a log.
        raise ValueError("the recipient is not a single email address")
    return address


def _claim(ids: Sequence[int] | None) -> OutboxMessage | None:
    query = (
        db.select(OutboxMessage)
        .where(OutboxMessage.sent.is_(None), OutboxMessage.next_attempt <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(1)
        # On PostgreSQL the row stays locked until the commit that records the outcome, and
        # other workers pass over it rather than send it too. SQLite has no FOR UPDATE and is
        # left out of the statement; it serves one worker.
        .with_for_update(skip_locked=True)
        # A row read under a lock must not be mixed with an older copy in the session.
        .execution_options(populate_existing=True)
    )
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    return db.session.scalars(query).first()


def _mark_sent(message: OutboxMessage) -> None:
    message.sent = utcnow()
    message.recipient = None
    message.body_text = None
    message.body_html = None
    message.last_error = None
    if message.question_id is not None:
        question = db.session.get(Question, message.question_id)
        if question is not None:
            question.email = None


def _postpone(message: OutboxMessage, error: BaseException) -> None:
    message.attempts += 1
    message.next_attempt = utcnow() + backoff(message.attempts)
    message.last_error = describe_error(error)
    logger.warning(
        "Outbox message %d not sent (%s); attempt %d, next at %s.",
        message.id,
        message.last_error,
        message.attempts,
        message.next_attempt.isoformat(timespec="seconds"),
    )


def describe_error(error: BaseException) -> str:
    """A delivery error as its class name and SMTP code: enough to diagnose, and never the
    address or the server's words, which often quote it."""
    description = type(error).__name__
    cause = error.__cause__ or error.__context__
    if isinstance(error, smtplib.SMTPException) and _session_lost(cause):
        # smtplib reports a timeout as a lost connection; the cause tells them apart.
        description += f" ({type(cause).__name__})"
    if isinstance(error, smtplib.SMTPResponseException):
        description += f" {error.smtp_code}"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _reply in error.recipients.values()})
        description += " " + "/".join(codes)
    return description[:200]


def _session_lost(error: BaseException | None) -> bool:
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _count_waiting(ids: Sequence[int] | None) -> int:
    query = db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.sent.is_(None))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    return db.session.scalar(query) or 0


class _Postman:
    """One SMTP session for a delivery run, opened for the first message and then reused."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        sender = config["MAIL_DEFAULT_SENDER"]
        # Flask-Mail also accepts the sender as a (name, address) pair.
        self.sender = formataddr(tuple(sender)) if isinstance(sender, list | tuple) else sender
        self.envelope_sender = parseaddr(self.sender)[1]
        self.smtp: smtplib.SMTP | None = None
        self.unreachable = False

    def send(self, message: OutboxMessage) -> None:
        email = self.compose(message)
        if self.smtp is None:
            try:
                self.smtp = _connect(self.config)
            except (OSError, smtplib.SMTPException):
                self.unreachable = True
                raise
        try:
            self.smtp.send_message(
                email, from_addr=self.envelope_sender, to_addrs=[message.recipient]
            )
        except OSError as error:
            # smtplib's errors are OSErrors too; those that carry the server's answer leave the
            # session usable, any other means it is broken and the next message opens a new one.
            # So does a 421 ("closing"), after which smtplib has closed the socket itself.
            if _session_lost(error) or self.smtp.sock is None:
                self.smtp.close()
                self.smtp = None
            raise

    def compose(self, message: OutboxMessage) -> EmailMessage:
        if not message.recipient or message.body_text is None or message.body_html is None:
            raise MalformedMessage("the message has no recipient or no body")
        email = EmailMessage()
        try:
            email["Subject"] = message.subject
            email["From"] = self.sender
            email["To"] = message.recipient
            email["Date"] = format_datetime(message.created)
            email["Message-ID"] = self.message_id(message)
            # Asks out-of-office robots not to answer (RFC 3834).
            email["Auto-Submitted"] = "auto-generated"
        except (ValueError, TypeError):
            # The email package's own error quotes the header, and so the address.
            raise MalformedMessage("a header of the message is not valid") from None
        email.set_content(message.body_text)
        email.add_alternative(message.body_html, subtype="html")
        return email

    def message_id(self, message: OutboxMessage) -> str:
        # The same for every attempt, so that a mail client can spot the one copy too many if a
        # message was accepted but its commit failed. Keyed, so it does not count our mail.
        key = current_app.config["SECRET_KEY"]
        key = key if isinstance(key, bytes) else str(key).encode()
        seed = f"outbox:{message.id}:{message.created.isoformat()}".encode()
        digest = hmac.new(key, seed, hashlib.sha256).hexdigest()[:32]
        domain = self.envelope_sender.rpartition("@")[2] or "localhost"
        return f"<{digest}@{domain}>"

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            # Everything was sent or recorded already; a goodbye that fails changes nothing.
            self.smtp.close()
        self.smtp = None


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    # Flask-Mail has no timeout of its own, so the session is opened here, with one.
    host = config["MAIL_SERVER"]
    port = int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT"])
    # Loading the system's certificates takes a tenth of a second: only when TLS is used.
    context = (
        ssl.create_default_context()
        if config.get("MAIL_USE_SSL") or config.get("MAIL_USE_TLS")
        else None
    )
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp
