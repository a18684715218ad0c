"""When the mail server fails (down, silent, stalling, refusing), what a visitor or moderator does
still succeeds at once; the email waits in the outbox and goes exactly once when a working server
is back. Every server here is real: a closed port, a listening socket that never answers, and
aiosmtpd with handlers that stall or refuse."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from faq_site.extensions import db
from faq_site.models import AccessRequest, Document, OutboxMessage, Question, QuestionStatus
from faq_site.models.types import utcnow
from faq_site.outbox import deliver, queue

from conftest import csrf_token
from moderator_fixtures import post_form
from smtp_server import Collector, SmtpServer, free_port
from test_questions import ask

MAIL_TIMEOUT = 1
# The most a request may take when the mail server stalls: one timeout and the request's work.
REQUEST_BOUND = MAIL_TIMEOUT + 2
# A stalling server holds its answer well past the timeout.
STALL_SECONDS = 4 * MAIL_TIMEOUT
ASKER = "jane.smith@example.com"
REQUESTER = "ann@example.com"
TITLE = "Must a company delete my contact record when I ask?"
DETAILS = "All contact records about me in your CRM trial account, 2024 to now."


class Stalling(Collector):
    """Takes the whole message, then says nothing for longer than any client waits; in the end
    it refuses it for now, so that nothing it took counts as delivered."""

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(STALL_SECONDS)
        return "451 4.3.0 Try again later"


class RefusingRecipients(Collector):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        return "550 5.1.1 No such mailbox"


class Closing(Collector):
    """Refuses each message with 421: the server is shutting down and closes the session."""

    async def handle_DATA(self, server, session, envelope) -> str:
        return "421 4.3.2 Service shutting down"


class ClosingOnce(Collector):
    """Closes the first session with a 421 after the first message, then accepts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusals == 0:
            self.refusals += 1
            return "421 4.3.2 Service shutting down"
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def aiosmtpd_with(handler: Collector) -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.handler = handler
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that takes connections into its backlog and never says a word, as a hung server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        yield silent.getsockname()[1]


@contextmanager
def broken_server(kind: str) -> Iterator[SmtpServer | None]:
    """Point nowhere good: yields the aiosmtpd server when there is one, to check it kept
    nothing, and sets the port on the app through the caller."""
    if kind == "down":
        yield None
    elif kind == "silent":
        with silent_server() as port:
            yield port  # type: ignore[misc]
    else:
        handler = {
            "stalls-on-data": Stalling,
            "refuses-recipient": RefusingRecipients,
            "closes-on-data": Closing,
        }[kind]()
        with aiosmtpd_with(handler) as server:
            yield server


@pytest.fixture(params=["down", "silent", "stalls-on-data", "refuses-recipient", "closes-on-data"])
def broken_mail(request, app) -> Iterator[tuple[str, SmtpServer | None]]:
    """The app's mail settings pointing at a failing server of each kind."""
    with broken_server(request.param) as server:
        if server is None:
            port = free_port()
        elif isinstance(server, int):
            port, server = server, None
        else:
            port = server.port
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=MAIL_TIMEOUT)
        yield request.param, server


def timed(action):
    """Run a request; fail if it took longer than a stalled mail server may make it take."""
    started = time.monotonic()
    response = action()
    elapsed = time.monotonic() - started
    assert elapsed < REQUEST_BOUND, f"the request took {elapsed:.1f} s"
    return response


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def make_all_due(app) -> None:
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).values(next_attempt=utcnow()))
        db.session.commit()


def send(runner) -> str:
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def publish(moderator_client, question_id: int):
    page = moderator_client.get(f"/admin/questions/{question_id}")
    return moderator_client.post(
        f"/admin/questions/{question_id}",
        data={
            "csrf_token": csrf_token(page),
            "title": TITLE,
            "answer": "## Usually, yes\n\nA soft delete is **not** erasure.",
            "category": "0",
            "notify": "y",
            "publish": "Publish",
        },
    )


def submit_request(client):
    page = client.get("/requests/new")
    fields = {
        "csrf_token": csrf_token(page),
        "started": re.search(r'name="started"[^>]*value="([^"]*)"', page.text).group(1),
        "right": "access",
        "name": "Ann Example",
        "email": REQUESTER,
        "details": DETAILS,
        "website": "",
    }
    return client.post("/requests/new", data=fields)


def confirmation_path(app) -> str:
    """The link of the confirmation email, read from the outbox, where it waits unsent."""
    with app.app_context():
        waiting = db.session.scalar(
            db.select(OutboxMessage).where(OutboxMessage.template == "request_confirm")
        )
        match = re.search(r"http://faq\.test(/requests/confirm/\S+)", waiting.body_text)
    assert match, "the waiting confirmation email holds no link"
    return match.group(1)


def test_every_action_succeeds_and_its_mail_waits_then_goes_exactly_once(
    app, client, moderator_client, runner, broken_mail
):
    kind, broken = broken_mail

    # A visitor asks and wants an answer by email; a moderator publishes the answer.
    assert ask(client).status_code == 302
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    published = timed(lambda: publish(moderator_client, question_id))
    assert published.status_code == 302, published.get_data(as_text=True)
    entry = client.get(published.headers["Location"])
    assert entry.status_code == 200 and TITLE in entry.get_data(as_text=True)

    # A subject-access request: submitted, confirmed from the link, then started.
    submitted = timed(lambda: submit_request(client))
    assert submitted.status_code == 302
    assert submitted.headers["Location"] == "/requests/sent"
    link = confirmation_path(app)
    confirm_page = client.get(link)
    confirmed = timed(lambda: client.post(link, data={"csrf_token": csrf_token(confirm_page)}))
    assert confirmed.status_code == 302
    assert "/requests/status/" in confirmed.headers["Location"]
    with app.app_context():
        request_id = db.session.scalar(db.select(AccessRequest.id))
    page = f"/admin/requests/{request_id}"
    started = timed(lambda: post_form(moderator_client, page, f"{page}/start"))
    assert started.status_code == 302 and started.headers["Location"] == page

    # Each change is stored; each email tried once and waits, addressed and whole.
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question.status is QuestionStatus.PUBLISHED
        assert question.email == ASKER, "the address stays until the answer has been sent"
        assert db.session.scalar(db.select(db.func.count(Document.id))) == 1
    waiting = outbox(app)
    assert [message.template for message in waiting] == [
        "question_answered",
        "request_confirm",
        "request_received",
        "request_update",
    ]
    for message in waiting:
        assert message.sent is None and message.attempts == 1
        assert message.last_error, "the failure is recorded"
        assert message.body_text and message.recipient in {ASKER, REQUESTER}
    if broken is not None:
        assert broken.messages == [], f"the {kind} server kept a message it did not accept"

    # The mail worker against the still-broken server: nothing due yet, then all fail again.
    assert send(runner) == "Sent 0, failed 0, waiting 4."
    make_all_due(app)
    output = send(runner)
    assert output.startswith("Sent 0, failed ") and output.endswith(", waiting 4.")
    assert all(message.sent is None for message in outbox(app))

    # A working server: every message goes once, and running the worker again sends nothing.
    with aiosmtpd_with(Collector()) as working:
        app.config["MAIL_PORT"] = working.port
        make_all_due(app)
        assert send(runner) == "Sent 4, failed 0, waiting 0."
        assert send(runner) == "Sent 0, failed 0, waiting 0."
        make_all_due(app)
        assert send(runner) == "Sent 0, failed 0, waiting 0."
    received = sorted(recipients for _sender, recipients in working.envelopes)
    assert received == sorted([[ASKER], [REQUESTER], [REQUESTER], [REQUESTER]])
    assert len({message["Message-ID"] for message in working.messages}) == 4
    for message in outbox(app):
        assert message.sent is not None and message.recipient is None
    with app.app_context():
        assert db.session.get(Question, question_id).email is None
    if broken is not None:
        assert broken.messages == []


def test_a_stalled_server_never_holds_a_visitor_longer_than_the_timeout(app, client):
    """The confirmation email of a request goes while the visitor waits: a server that answers
    nothing costs them at most the timeout, and the request is stored all the same."""
    with silent_server() as port:
        app.config.update(MAIL_PORT=port, MAIL_TIMEOUT=MAIL_TIMEOUT)
        started = time.monotonic()
        response = submit_request(client)
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert MAIL_TIMEOUT * 0.9 <= elapsed < REQUEST_BOUND, elapsed
    (message,) = outbox(app)
    assert message.last_error == "SMTPServerDisconnected (TimeoutError)"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AccessRequest.id))) == 1


def test_after_a_421_the_next_message_opens_a_new_session(app):
    """A server closing with 421 ends the session; the rest of the run starts a new one rather
    than failing every message on the dead one."""
    with aiosmtpd_with(ClosingOnce()) as server:
        app.config.update(MAIL_PORT=server.port, MAIL_TIMEOUT=MAIL_TIMEOUT)
        with app.app_context():
            for n in range(3):
                queue("question_answered", f"asker{n}@example.com", {"answer_url": "http://x/"})
            db.session.commit()
            report = deliver()
    assert (report.sent, report.failed, report.waiting) == (2, 1, 1)
    first, second, third = outbox(app)
    assert first.sent is None and first.last_error == "SMTPDataError 421"
    assert second.sent is not None and third.sent is not None
    assert [recipients for _sender, recipients in server.envelopes] == [
        ["asker1@example.com"],
        ["asker2@example.com"],
    ]
    assert server.handler.sessions == 2
