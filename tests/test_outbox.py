"""The email outbox, through a real SMTP server: queued with the change, sent once, then erased.
Each worker here has its own database connection, as mail workers on several hosts have."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError

from faq_site.cli import mail as mail_cli
from faq_site.cli.mail import save_message
from faq_site.extensions import db
from faq_site.models import OutboxMessage, Question
from faq_site.outbox import Report, backoff, deliver, describe_error, queue

from smtp_server import Collector, aiosmtpd_with, free_port

ASKER = "asker@example.com"
ANSWER_URL = "http://faq.test/faq/can-you-keep-my-cv"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def ask(email: str | None = ASKER) -> int:
    question = Question(token="t" * 20, redacted="text", email=email)
    db.session.add(question)
    db.session.commit()
    return question.id


def queue_answered(recipient: str = ASKER, *, question_id: int | None = None, **context) -> int:
    question = db.session.get(Question, question_id) if question_id else None
    message = queue(
        "question_answered", recipient, {"answer_url": ANSWER_URL, **context}, question=question
    )
    db.session.commit()
    return message.id


def row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def make_due(message_id: int) -> None:
    row(message_id).next_attempt = now() - dt.timedelta(seconds=1)
    db.session.commit()


def claim_by_another_worker(message_id: int, *, lease: dt.timedelta) -> None:
    message = row(message_id)
    message.claimed_by = "another worker"
    message.lease_until = now() + lease
    db.session.commit()


def handed_over_by_a_stopped_worker(message_id: int) -> None:
    """The state a worker killed after the server asked for the text leaves, its lease over."""
    message = row(message_id)
    message.claimed_by = "a stopped worker"
    message.handed_over = now() - dt.timedelta(minutes=6)
    message.lease_until = now() - dt.timedelta(minutes=1)
    db.session.commit()


def workers(app, count: int) -> list[Report]:
    """Run `count` mail workers at once, each in its own thread with its own connection."""
    reports: list[Report] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                reports.append(deliver())
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return reports


def wait_until(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.05)


def run(runner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output.strip()


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return text.get_content(), html.get_content()


def send(runner) -> str:
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_queue_renders_the_message_and_leaves_the_commit_to_the_caller(app):
    with app.app_context():
        message = queue("question_answered", ASKER, {"answer_url": ANSWER_URL})
        assert message in db.session
        assert message.subject == "Your question to Quillstone GDPR has been answered"
        assert '<html lang="en-GB">' in message.body_html
        assert ANSWER_URL in message.body_text
        assert f'<a href="{ANSWER_URL}">' in message.body_html
        assert "deleted your email address" in message.body_text
        assert "Quillstone CRM Ltd" in message.body_text
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_declined_message_gives_the_reason_escaped_in_html(app):
    context = {"reason": "It is <b>legal advice</b> & we give none.", "status_url": ANSWER_URL}
    with app.app_context():
        message = queue("question_declined", ASKER, context)
        assert message.subject == "About the question you asked Quillstone GDPR"
        assert "Our reason: It is <b>legal advice</b> & we give none." in message.body_text
        assert "It is &lt;b&gt;legal advice&lt;/b&gt; &amp; we give none." in message.body_html
        without = queue("question_declined", ASKER, {"reason": "", "status_url": ANSWER_URL})
        assert "reason" not in without.body_text.lower()
        assert ANSWER_URL in without.body_text


def test_deliver_sends_one_message_with_text_and_html(app, smtp_server):
    with app.app_context():
        message_id = queue_answered()
        report = deliver()
        assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
        assert row(message_id).sent is not None
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert smtp_server.envelopes == [("gdpr@quillstone.example", [ASKER])]
    assert received["To"] == ASKER
    assert received["From"] == "Quillstone GDPR <gdpr@quillstone.example>"
    assert received["Subject"] == "Your question to Quillstone GDPR has been answered"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Message-ID"].endswith("@quillstone.example>")
    assert received.get_content_type() == "multipart/alternative"
    text, html = parts(received)
    assert ANSWER_URL in text
    assert f'<a href="{ANSWER_URL}">' in html


def test_a_sent_message_forgets_the_address_and_the_bodies(app, smtp_server):
    with app.app_context():
        question_id = ask()
        message_id = queue_answered(question_id=question_id)
        assert deliver().sent == 1
        sent = row(message_id)
        assert (sent.recipient, sent.body_text, sent.body_html) == (None, None, None)
        assert sent.subject and sent.attempts == 0 and sent.last_error is None
        assert sent.claimed_by is None and sent.lease_until is None
        assert db.session.get(Question, question_id).email is None
    assert len(smtp_server.messages) == 1


def test_server_down_then_back_up_sends_the_message_exactly_once(app, runner, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="faq_site")
    smtp_server.stop()
    with app.app_context():
        question_id = ask()
        message_id = queue_answered(question_id=question_id)
        assert deliver().failed == 1
        waiting = row(message_id)
        assert waiting.sent is None and waiting.attempts == 1
        assert waiting.claimed_by is None and waiting.handed_over is None
        assert waiting.recipient == ASKER and waiting.body_text
        assert waiting.next_attempt > now()
        assert waiting.last_error == "ConnectionRefusedError"
        assert db.session.get(Question, question_id).email == ASKER

    smtp_server.start()
    assert send(runner) == "Sent 0, failed 0, waiting 1."
    with app.app_context():
        make_due(message_id)
    assert send(runner) == "Sent 1, failed 0, waiting 0."
    assert send(runner) == "Sent 0, failed 0, waiting 0."
    assert len(smtp_server.messages) == 1
    with app.app_context():
        assert row(message_id).recipient is None
        assert db.session.get(Question, question_id).email is None
    assert f"Outbox message {message_id} sent." in caplog.text
    assert "example.com" not in caplog.text


def test_retries_wait_longer_each_time(app, smtp_server):
    smtp_server.stop()
    with app.app_context():
        message_id = queue_answered()
        for attempt in (1, 2, 3):
            make_due(message_id)
            before = now()
            assert deliver().failed == 1
            waiting = row(message_id)
            assert waiting.attempts == attempt
            assert waiting.next_attempt - before >= dt.timedelta(minutes=2 ** (attempt - 1))


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (9, 256), (10, 360), (200, 360)],
)
def test_backoff_doubles_up_to_six_hours(attempts, minutes):
    assert backoff(attempts) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "recipient",
    [
        "a@example.com\r\nBcc: evil@example.com",
        "a@example.com\nBcc: evil@example.com",
        "a@example.com, evil@example.com",
        "Evil <evil@example.com>",
        "",
    ],
)
def test_a_recipient_that_is_not_one_address_is_refused(app, recipient):
    with app.app_context():
        with pytest.raises(ValueError, match="not a single email address") as error:
            queue("question_answered", recipient, {"answer_url": ANSWER_URL})
        assert "example.com" not in str(error.value)
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_line_breaks_cannot_add_a_header(app, smtp_server):
    with app.app_context():
        queue_answered(ASKER + "\r\n", site_name="Hi\r\nBcc: x")
        assert deliver().sent == 1
    received = smtp_server.messages[0]
    assert smtp_server.envelopes[0][1] == [ASKER]
    assert "Bcc" not in received
    assert received.get_all("To") == [ASKER]
    assert received.get_all("Subject") == ["Your question to Hi Bcc: x has been answered"]


def test_a_silent_server_is_given_up_after_the_timeout(app):
    # Connections are taken into the backlog but never answered, as by a stalled server.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app.config.update(MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=1)
        with app.app_context():
            message_id = queue_answered()
            started = time.monotonic()
            assert deliver().failed == 1
            assert time.monotonic() - started < 4
            waiting = row(message_id)
            assert waiting.sent is None and waiting.attempts == 1
            assert waiting.last_error == "SMTPServerDisconnected (TimeoutError)"


class AcceptingSilently(Collector):
    """Takes each message in, then keeps its answer back longer than any client waits: the
    message was accepted, and the client cannot know it."""

    silent = True

    async def handle_DATA(self, server, session, envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.silent:
            await asyncio.sleep(2)
        return answer


def test_a_message_whose_answer_never_came_is_set_aside_and_not_sent_again(app, runner):
    """The server had the whole text and its answer never came: it may have accepted the
    message (this one did), so the worker neither counts it sent nor sends it again."""
    with aiosmtpd_with(AcceptingSilently()) as smtp_server, app.app_context():
        app.config.update(MAIL_PORT=smtp_server.port, MAIL_TIMEOUT=0.3)
        message_id = queue_answered()
        queue_answered("second@example.com")
        started = time.monotonic()
        report = deliver()
        assert time.monotonic() - started < 1.5
        # A server that takes a text and says nothing would do the same to the next one.
        assert report == Report(sent=0, failed=1, waiting=1, uncertain=1)
        set_aside = row(message_id)
        assert set_aside.last_error == "SMTPServerDisconnected (TimeoutError)"
        assert set_aside.handed_over is not None and set_aside.recipient == ASKER
        smtp_server.handler.silent = False
        make_due(message_id)
        assert deliver() == Report(sent=1, failed=0, waiting=0, uncertain=1)
    assert [envelope[1] for envelope in smtp_server.envelopes] == [[ASKER], ["second@example.com"]]

    listing = run(runner, "mail", "uncertain")
    assert smtp_server.messages[0]["Message-ID"] in listing
    assert f"{message_id}  question_answered  handed over " in listing
    assert ASKER not in listing
    assert send(runner) == (
        "Sent 0, failed 0, waiting 0. Set aside as uncertain: 1 (see flask mail uncertain)."
    )
    # The person who looked it up found it accepted.
    assert run(runner, "mail", "delivered", str(message_id)) == "1 recorded as delivered."
    with app.app_context():
        settled = row(message_id)
        assert settled.sent is not None and settled.recipient is settled.body_text is None
    assert run(runner, "mail", "uncertain") == "No email is set aside as uncertain."
    assert len(smtp_server.messages) == 2


def test_a_message_set_aside_goes_again_when_a_person_says_so(app, runner, smtp_server):
    with app.app_context():
        message_id = queue_answered()
        handed_over_by_a_stopped_worker(message_id)
        assert deliver() == Report(sent=0, failed=0, waiting=0, uncertain=1)
    assert "worker stopped" in run(runner, "mail", "uncertain")
    assert smtp_server.messages == []
    assert "Name the messages to send again" in run(runner, "mail", "retry")
    # Its Message-ID was not in the mail server's log: it is sent again, once.
    assert run(runner, "mail", "retry", "--all") == "1 set to be sent again by the mail workers."
    assert send(runner) == "Sent 1, failed 0, waiting 0."
    assert send(runner) == "Sent 0, failed 0, waiting 0."
    assert [envelope[1] for envelope in smtp_server.envelopes] == [[ASKER]]


def test_a_refused_recipient_fails_alone_and_its_address_stays_out_of_the_error(app, smtp_server):
    smtp_server.handler.refused = {"gone@example.com"}
    with app.app_context():
        refused_id = queue_answered("gone@example.com")
        queue_answered()
        report = deliver()
        assert (report.sent, report.failed, report.waiting) == (1, 1, 1)
        assert row(refused_id).last_error == "SMTPRecipientsRefused 550"
    assert [envelope[1] for envelope in smtp_server.envelopes] == [[ASKER]]
    # The refusal left the session usable, so both went through one.
    assert smtp_server.handler.sessions == 1


def test_errors_are_described_without_addresses():
    refused = smtplib.SMTPRecipientsRefused({ASKER: (550, f"No mailbox {ASKER}".encode())})
    assert describe_error(refused) == "SMTPRecipientsRefused 550"
    sender = smtplib.SMTPSenderRefused(553, b"Bad sender", "gdpr@quillstone.example")
    assert describe_error(sender) == "SMTPSenderRefused 553"
    assert describe_error(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError"
    )


def test_deliver_sends_the_oldest_first_up_to_the_limit(app, smtp_server):
    with app.app_context():
        first, second, third = (queue_answered(f"asker{n}@example.com") for n in range(3))
        report = deliver(limit=2)
        assert (report.sent, report.failed, report.waiting) == (2, 0, 1)
        assert row(third).sent is None
        assert row(first).sent <= row(second).sent
    assert [envelope[1] for envelope in smtp_server.envelopes] == [
        ["asker0@example.com"],
        ["asker1@example.com"],
    ]
    assert smtp_server.handler.sessions == 1


def test_deliver_with_ids_sends_only_those(app, smtp_server):
    with app.app_context():
        queue_answered("other@example.com")
        chosen = queue_answered()
        report = deliver([chosen])
        assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
        assert deliver([]).sent == 0
    assert smtp_server.envelopes == [("gdpr@quillstone.example", [ASKER])]


def test_a_message_another_worker_holds_is_passed_over(app, smtp_server):
    with app.app_context():
        held = queue_answered("held@example.com")
        free = queue_answered()
        claim_by_another_worker(held, lease=dt.timedelta(minutes=1))
        assert deliver() == Report(sent=1, failed=0, waiting=1)
        assert row(held).sent is None and row(held).claimed_by == "another worker"
        assert row(free).sent is not None
    assert smtp_server.envelopes == [("gdpr@quillstone.example", [ASKER])]


def test_a_claim_whose_lease_ran_out_before_the_hand_over_is_taken_over(app, smtp_server):
    """A worker that stopped after claiming, before the server asked for the text, cannot have
    delivered the message: another sends it once the lease has run out."""
    with app.app_context():
        message_id = queue_answered()
        claim_by_another_worker(message_id, lease=-dt.timedelta(seconds=1))
        assert deliver() == Report(sent=1, failed=0, waiting=0)
    assert [envelope[1] for envelope in smtp_server.envelopes] == [[ASKER]]


def test_a_worker_whose_claim_was_taken_over_stops_before_the_text(app, smtp_server):
    """A worker slowed past its lease: another took the message over meanwhile. When the server
    asks the first for the text, the hand-over finds the message no longer its own, and the
    text never goes."""
    with app.app_context():
        message_id = queue_answered()
        engine = db.engine
    other_worker = create_engine(engine.url)

    def taken_over_meanwhile(_connection, _cursor, statement, *_args) -> None:
        if (
            statement.startswith("UPDATE outbox_message SET lease_until=")
            and "handed_over=" in statement
        ):
            with other_worker.begin() as connection:
                connection.execute(
                    db.update(OutboxMessage)
                    .where(OutboxMessage.id == message_id)
                    .values(claimed_by="another worker")
                )

    event.listen(engine, "before_cursor_execute", taken_over_meanwhile, insert=True)
    try:
        with app.app_context():
            assert deliver() == Report(sent=0, failed=0, waiting=1)
            taken = row(message_id)
            assert taken.claimed_by == "another worker" and taken.handed_over is None
    finally:
        event.remove(engine, "before_cursor_execute", taken_over_meanwhile)
        other_worker.dispose()
    assert smtp_server.messages == [], "the text went although the message was not its own"


def test_two_workers_racing_for_one_message_send_it_once(app, smtp_server):
    """Both workers find the message due, each waiting for the other to have looked; both try
    to claim it; the database lets one."""
    with app.app_context():
        message_id = queue_answered()
        engine = db.engine
    both_looked = threading.Barrier(2)
    waited: set[int] = set()

    def wait_for_the_other(_connection, _cursor, statement, *_args) -> None:
        looking = statement.startswith("SELECT outbox_message.id ")
        if looking and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_looked.wait(timeout=10)

    event.listen(engine, "after_cursor_execute", wait_for_the_other)
    try:
        reports = workers(app, 2)
    finally:
        event.remove(engine, "after_cursor_execute", wait_for_the_other)
    assert sorted(report.sent for report in reports) == [0, 1]
    assert len(waited) == 2, "both workers looked before either claimed"
    assert [envelope[1] for envelope in smtp_server.envelopes] == [[ASKER]]
    with app.app_context():
        assert row(message_id).sent is not None


def test_workers_sending_together_send_each_message_once(app, smtp_server):
    recipients = [f"asker{n}@example.com" for n in range(30)]
    with app.app_context():
        for recipient in recipients:
            queue_answered(recipient)
    reports = workers(app, 3)
    assert sum(report.sent for report in reports) == 30
    received = sorted(
        address for _sender, addresses in smtp_server.envelopes for address in addresses
    )
    assert received == sorted(recipients)


def test_a_worker_stopped_between_acceptance_and_its_record_leaves_the_message_uncertain(
    app, smtp_server
):
    """The server accepted the message and the worker lost the database before it recorded
    so: once the lease runs out the message is set aside, and no worker sends it again."""
    with app.app_context():
        message_id = queue_answered()
        engine = db.engine

    def database_lost(_connection, _cursor, statement, *_args) -> None:
        if statement.startswith("UPDATE outbox_message SET recipient="):
            raise OperationalError(statement, {}, ConnectionResetError("the database went away"))

    event.listen(engine, "before_cursor_execute", database_lost, insert=True)
    try:
        with app.app_context(), pytest.raises(OperationalError):
            deliver()
    finally:
        event.remove(engine, "before_cursor_execute", database_lost)
    assert len(smtp_server.messages) == 1
    with app.app_context():
        # Until the lease runs out the message is still the stopped worker's; then it is
        # uncertain. Neither is sent.
        assert deliver() == Report(sent=0, failed=0, waiting=1, uncertain=0)
        row(message_id).lease_until = now() - dt.timedelta(seconds=1)
        db.session.commit()
        assert deliver() == Report(sent=0, failed=0, waiting=0, uncertain=1)
    assert len(smtp_server.messages) == 1


@pytest.fixture
def ctrl_c_heard():
    """Ctrl-C reaches this process, and the processes it starts, as in a terminal. A shell
    starts a background job with SIGINT ignored, and an ignored signal stays ignored in every
    child: the worker then rightly leaves it so (mail_cli._Stop.on_signals), and a test that
    sends it would wait forever. While the test runs, SIGINT raises KeyboardInterrupt."""
    before = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_the_worker_loop_sends_then_stops_cleanly_on_ctrl_c(
    app, runner, smtp_server, monkeypatch, ctrl_c_heard
):
    def ctrl_c_while_waiting(stop, seconds):
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(mail_cli._Stop, "wait", ctrl_c_while_waiting)
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with app.app_context():
        queue_answered()
    result = runner.invoke(args=["mail", "send", "--loop", "--interval", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Sending queued email every 5 seconds; Ctrl-C stops.",
        "Sent 1, failed 0, waiting 0.",
        "Stopped.",
    ]
    assert len(smtp_server.messages) == 1
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == handlers


class StoppingTheWorker(Collector):
    """Accepts each message; the first one comes with a SIGTERM to the worker's process, as
    systemd sends when a release restarts the workers."""

    async def handle_DATA(self, server, session, envelope) -> str:
        if not self.messages:
            os.kill(os.getpid(), signal.SIGTERM)
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_told_to_stop_finishes_the_message_it_is_sending(app, runner):
    """Stopped in the middle of a message, the worker records its outcome and stops before
    the next, so that a restart leaves nothing uncertain."""
    with aiosmtpd_with(StoppingTheWorker()) as server:
        app.config.update(MAIL_PORT=server.port, MAIL_TIMEOUT=5)
        with app.app_context():
            for n in range(3):
                queue_answered(f"asker{n}@example.com")
        result = runner.invoke(args=["mail", "send", "--loop", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == ["Sent 1, failed 0, waiting 2.", "Stopped."]
    assert [envelope[1] for envelope in server.envelopes] == [["asker0@example.com"]]
    with app.app_context():
        assert deliver().uncertain == 0


def test_saved_messages_never_overwrite_each_other(tmp_path):
    moment = dt.datetime(2026, 11, 29, 10, 15, 30, tzinfo=dt.UTC)
    first = save_message(tmp_path, b"Subject: one\r\n\r\nOne\r\n", now=moment)
    second = save_message(tmp_path, b"Subject: two\r\n\r\nTwo\r\n", now=moment)
    assert (first.name, second.name) == ("20261129T101530Z-1.eml", "20261129T101530Z-2.eml")
    assert first.read_bytes() == b"Subject: one\r\n\r\nOne\r\n"


def test_the_catcher_saves_and_shows_each_message(tmp_path, ctrl_c_heard):
    port = free_port()
    folder = tmp_path / "caught"
    env = {
        **os.environ,
        "FLASK_APP": "faq_site",
        "FLASK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FLASK_SECRET_KEY": "test-secret-key",
        "FLASK_SITE_URL": "http://127.0.0.1:5000",
        "PYTHONUNBUFFERED": "1",
    }
    catcher = subprocess.Popen(
        [sys.executable, "-m", "flask", "mail", "catcher", "--port", str(port), "--folder", folder],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port)
        message = EmailMessage()
        message["From"] = "gdpr@quillstone.example"
        message["To"] = ASKER
        message["Subject"] = "Hello"
        message.set_content("The answer is in.")
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
            smtp.send_message(message)
        saved = wait_for_file(folder)
    finally:
        catcher.send_signal(signal.SIGINT)
        output, _ = catcher.communicate(timeout=15)
    assert catcher.returncode == 0, output
    assert f"Catching mail on 127.0.0.1:{port}; each message is saved in {folder}." in output
    assert f"Mail to {ASKER}: Hello (saved as {saved})" in output
    assert "The answer is in." in output
    assert b"Subject: Hello" in saved.read_bytes()


def wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def wait_for_file(folder: Path, seconds: float = 5) -> Path:
    deadline = time.monotonic() + seconds
    while not (files := sorted(folder.glob("*.eml"))):
        assert time.monotonic() < deadline, "the catcher saved nothing"
        time.sleep(0.05)
    return files[0]


def test_no_line_of_a_plain_text_email_starts_with_from() -> None:
    """A line starting "From " is turned into ">From " by mail software on its way (mbox
    quoting): the texts are worded so that none does."""
    import faq_site

    templates = Path(faq_site.__file__).parent / "templates" / "email"
    for template in templates.rglob("*.txt"):
        for number, line in enumerate(template.read_text("utf-8").splitlines(), 1):
            text = re.sub(r"^\{\{\s*_\(['\"]", "", line.lstrip())
            assert not text.startswith("From "), f"{template.name}:{number}"
