"""The email outbox, through a real SMTP server: queued with the change, sent once, then erased."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from faq_site import mail_cli
from faq_site.extensions import db
from faq_site.mail_cli import save_message
from faq_site.models import OutboxMessage, Question
from faq_site.outbox import backoff, deliver, deliver_now, describe_error, queue

from smtp_server import free_port

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
        assert deliver_now(row(message_id)) is True
        sent = row(message_id)
        assert (sent.recipient, sent.body_text, sent.body_html) == (None, None, None)
        assert sent.subject and sent.attempts == 0 and sent.last_error is None
        assert db.session.get(Question, question_id).email is None
    assert len(smtp_server.messages) == 1


def test_server_down_then_back_up_sends_the_message_exactly_once(app, runner, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="faq_site")
    smtp_server.stop()
    with app.app_context():
        question_id = ask()
        message_id = queue_answered(question_id=question_id)
        assert deliver_now(row(message_id)) is False
        waiting = row(message_id)
        assert waiting.sent is None and waiting.attempts == 1
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
            assert deliver_now(row(message_id)) is False
            assert time.monotonic() - started < 4
            waiting = row(message_id)
            assert waiting.sent is None and waiting.attempts == 1
            assert waiting.last_error == "SMTPServerDisconnected (TimeoutError)"


def test_a_server_slow_to_accept_is_given_up_after_the_timeout(app, smtp_server):
    smtp_server.handler.delay = 3
    app.config["MAIL_TIMEOUT"] = 1
    with app.app_context():
        message_id = queue_answered()
        started = time.monotonic()
        report = deliver()
        assert time.monotonic() - started < 3
        assert (report.sent, report.failed, report.waiting) == (0, 1, 1)
        assert row(message_id).last_error == "SMTPServerDisconnected (TimeoutError)"


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


def test_a_message_another_worker_holds_is_passed_over(app, database, smtp_server):
    if database == "sqlite":
        pytest.skip("SQLite serves one worker; row locks are PostgreSQL's")
    with app.app_context():
        held = queue_answered("held@example.com")
        free = queue_answered()
        other_worker = create_engine(db.engine.url)
        try:
            with other_worker.connect() as connection:
                connection.execute(
                    db.select(OutboxMessage.id)
                    .where(OutboxMessage.id == held)
                    .with_for_update(skip_locked=True)
                )
                report = deliver()
                assert (report.sent, report.failed, report.waiting) == (1, 0, 1)
                assert row(held).sent is None and row(free).sent is not None
                db.session.rollback()
        finally:
            other_worker.dispose()
    assert smtp_server.envelopes == [("gdpr@quillstone.example", [ASKER])]


def test_deliver_now_ignores_a_message_never_committed(app, smtp_server):
    with app.app_context():
        message = queue("question_answered", ASKER, {"answer_url": ANSWER_URL})
        assert deliver_now(message) is False
        db.session.rollback()
    assert smtp_server.messages == []


def test_the_worker_loop_sends_then_stops_cleanly_on_ctrl_c(app, runner, smtp_server, monkeypatch):
    def interrupt(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(mail_cli.time, "sleep", interrupt)
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


def test_saved_messages_never_overwrite_each_other(tmp_path):
    moment = dt.datetime(2026, 11, 29, 10, 15, 30, tzinfo=dt.UTC)
    first = save_message(tmp_path, b"Subject: one\r\n\r\nOne\r\n", now=moment)
    second = save_message(tmp_path, b"Subject: two\r\n\r\nTwo\r\n", now=moment)
    assert (first.name, second.name) == ("20261129T101530Z-1.eml", "20261129T101530Z-2.eml")
    assert first.read_bytes() == b"Subject: one\r\n\r\nOne\r\n"


def test_the_catcher_saves_and_shows_each_message(tmp_path):
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
