"""The SMTP side of the outbox: one session per delivery run, and the moment of hand-over.

A mail server can accept a message only once it has its text. The session here calls back when
the server has asked for the text (its 354 answer to DATA) and before the text goes, so that the
outbox can record that moment first: until then a failure means the message was certainly not
delivered; after it, a failure without the server's answer leaves it unknown.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import smtplib
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any

from .models import OutboxMessage

# A line of the text that starts with a dot is sent with one more (RFC 5321, 4.5.2).
_LEADING_DOT = re.compile(rb"(?m)^\.")


class _Policy(EmailPolicy):
    """The email package's own policy, except that the one-click unsubscribe address is written
    whole on its line: folded, a long one would be sent as an encoded word, which mail programs
    do not read as an address (RFC 2369 and 8058 ask for `<https://...>` as it is)."""

    def _fold(self, name, value, refold_binary=False):
        if name.lower() == "list-unsubscribe":
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, refold_binary)


_POLICY = _Policy()


class MalformedMessage(ValueError):
    """A queued message that cannot be turned into email, such as one with no recipient."""


class Unanswered(Exception):
    """The server was given the message's text and its answer never came (a timeout, a dropped
    connection): it may have accepted the message."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class _Session(smtplib.SMTP):
    """An SMTP session that calls `before_text` between the server's request for the text and
    the text itself, and notes whether the text went."""

    before_text: Callable[[], None] | None = None
    text_sent = False

    def data(self, msg):  # type: ignore[override]
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if self.before_text is not None:
            self.before_text()
        self.text_sent = True
        text = _LEADING_DOT.sub(b"..", msg)
        if not text.endswith(b"\r\n"):
            text += b"\r\n"
        self.send(text + b".\r\n")
        return self.getreply()


class _SessionSSL(_Session, smtplib.SMTP_SSL):
    pass


class Postman:
    """One SMTP session for a delivery run, opened for the first message and then reused."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        sender = config["MAIL_DEFAULT_SENDER"]
        # Flask-Mail also accepts the sender as a (name, address) pair.
        self.sender = formataddr(tuple(sender)) if isinstance(sender, list | tuple) else sender
        self.envelope_sender = parseaddr(self.sender)[1]
        self.smtp: _Session | None = None
        self.unreachable = False

    def send(self, message: OutboxMessage, before_text: Callable[[], None]) -> None:
        """Send one message, calling `before_text` just before its text goes. Raises Unanswered
        when the text went and no answer came back; any other error means it was not
        delivered (the server refused it, or never had its text)."""
        email = self.compose(message)
        if self.smtp is None:
            try:
                self.smtp = _connect(self.config)
            except (OSError, smtplib.SMTPException):
                self.unreachable = True
                raise
        session = self.smtp
        session.before_text = before_text
        session.text_sent = False
        try:
            session.send_message(
                email, from_addr=self.envelope_sender, to_addrs=[message.recipient]
            )
        except BaseException as error:
            answered = isinstance(
                error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
            )
            # smtplib's errors that carry the server's answer leave the session usable; any
            # other means it is broken (or stopped half-way through a message), and the next
            # message opens a new one. So does a 421, after which smtplib has closed the socket.
            if not answered or session.sock is None:
                session.close()
                self.smtp = None
            if session.text_sent and not answered and isinstance(error, OSError):
                raise Unanswered(describe_error(error)) from error
            raise

    def compose(self, message: OutboxMessage) -> EmailMessage:
        if not message.recipient or message.body_text is None or message.body_html is None:
            raise MalformedMessage("the message has no recipient or no body")
        email = EmailMessage(policy=_POLICY)
        try:
            email["Subject"] = message.subject
            email["From"] = self.sender
            email["To"] = message.recipient
            email["Date"] = format_datetime(message.created)
            email["Message-ID"] = header_id(message, self.config)
            # Asks out-of-office robots not to answer (RFC 3834).
            email["Auto-Submitted"] = "auto-generated"
            if message.unsubscribe:
                # One click in the reader's mail program ends a change notice (RFC 8058).
                email["List-Unsubscribe"] = f"<{message.unsubscribe}>"
                email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        except (ValueError, TypeError):
            # The email package's own error quotes the header, and so the address.
            raise MalformedMessage("a header of the message is not valid") from None
        email.set_content(message.body_text)
        email.add_alternative(message.body_html, subtype="html")
        return email

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            # Everything was sent or recorded already; a goodbye that fails changes nothing.
            self.smtp.close()
        self.smtp = None


def header_id(message: OutboxMessage, config: Mapping[str, Any]) -> str:
    """The message's Message-ID: the same for every attempt, so that a copy can be looked up
    in the mail server's log, and keyed, so that it does not count our mail."""
    key = config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    seed = f"outbox:{message.id}:{message.created.isoformat()}".encode()
    digest = hmac.new(key, seed, hashlib.sha256).hexdigest()[:32]
    sender = config["MAIL_DEFAULT_SENDER"]
    address = sender[1] if isinstance(sender, list | tuple) else parseaddr(sender)[1]
    domain = address.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def describe_error(error: BaseException) -> str:
    """A delivery error as its class name and SMTP code: enough to diagnose, and never the
    address or the server's words, which often quote it."""
    if isinstance(error, Unanswered):
        return error.description
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


def _connect(config: Mapping[str, Any]) -> _Session:
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
        smtp: _Session = _SessionSSL(host, port, timeout=timeout, context=context)
    else:
        smtp = _Session(host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp
