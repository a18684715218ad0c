"""A real SMTP server for tests: aiosmtpd on a free local port, collecting what it receives.

Used as a pytest plugin (`pytest_plugins = ["smtp_server"]` in the root conftest.py), or by
importing the fixture into a test module. No page sends email: `run_mail_worker` does what a
mail worker does, so that a test can see what a page queued arrive.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from faq_site import outbox


def free_port() -> int:
    """A local TCP port nobody is listening on just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_mail_worker(app: Flask) -> outbox.Report:
    """One run of a mail worker, as `flask mail send` makes it: what is due in the outbox goes."""
    with app.app_context():
        return outbox.deliver(limit=10_000)


def delivered(app: Flask, server: SmtpServer) -> list[EmailMessage]:
    """Everything `server` has received once a mail worker has run."""
    run_mail_worker(app)
    return server.messages


class Collector:
    """An aiosmtpd handler that keeps every message it accepts, parsed, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # The bytes each message came as, for what parsing hides (how a header was folded).
        self.raw: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        # Seconds to wait before answering DATA: a slow server, for timeout tests.
        self.delay = 0.0
        # Recipients the server refuses, as a server refuses an unknown mailbox.
        self.refused: set[str] = set()
        # SMTP sessions opened by clients, to see whether a client reuses one.
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        content = envelope.original_content or envelope.content
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.raw.append(content)
        self.messages.append(email.message_from_bytes(content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """The server under a test's control: stop() takes it down, start() brings it back on the
    same port, and what it received survives both."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = Collector()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    @property
    def raw(self) -> list[bytes]:
        return self.handler.raw

    @property
    def envelopes(self) -> list[tuple[str, list[str]]]:
        return self.handler.envelopes

    def start(self) -> None:
        if self._controller is not None:
            return
        # A fixed server name spares the greeting a DNS lookup of this machine's name.
        controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, server_hostname="smtp.test"
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is None:
            return
        self._controller.stop()
        self._controller = None


@contextmanager
def aiosmtpd_with(handler: Collector) -> Iterator[SmtpServer]:
    """A server of its own, on a free port, with a handler that misbehaves as a test needs."""
    server = SmtpServer(free_port())
    server.handler = handler
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Named apart from its function, so that a test module can import it without shadowing it.
@pytest.fixture(name="smtp_server")
def smtp_server_fixture(app: Flask) -> Iterator[SmtpServer]:
    """A running SMTP server, and the app's mail settings pointing at it."""
    server = SmtpServer(free_port())
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    yield server
    server.stop()
