"""Email header injection: line breaks and extra addresses in every field that reaches an
email (the asker's and the requester's address, the requester's name, the moderators' reasons and
questions) are refused, or stay in the body; the real SMTP server shows what was received."""

from __future__ import annotations

import re

import pytest

from faq_site import outbox
from faq_site.extensions import db
from faq_site.models import AccessRequest, OutboxMessage, Question

from .conftest import World
from .support import changes, snapshot, started_of, submission_of
from actions import csrf_token
from smtp_server import run_mail_worker

INJECTED = "\r\nBcc: victim@evil.example"
BAD_ADDRESSES = [
    "asker@example.com\r\nBcc: victim@evil.example",
    "asker@example.com\nBcc: victim@evil.example",
    "asker@example.com\rBcc: victim@evil.example",
    "asker@example.com%0d%0aBcc:%20victim@evil.example",
    "asker@example.com\r\n\r\nA body of our own",
    "asker@example.com, victim@evil.example",
    "asker@example.com;victim@evil.example",
    "Someone <victim@evil.example>",
    "asker@example.com\x00victim@evil.example",
    "asker@example.com\u2028Bcc: victim@evil.example",
]
SENDER = "gdpr@quillstone.example"


def mail_so_far(world: World) -> int:
    """Send what earlier steps queued, then count what the server has: a test's own email is
    what arrives after this mark."""
    run_mail_worker(world.app)
    return len(world.smtp.messages)


def received_since(world: World, count: int):
    """What the server received after the mark `count`, once the mail worker has run."""
    run_mail_worker(world.app)
    return list(zip(world.smtp.messages[count:], world.smtp.envelopes[count:], strict=True))


def assert_one_clean_message(message, envelope, recipient: str) -> None:
    """One recipient, in one To header; every header on one line; nothing of the attacker's."""
    assert envelope == (SENDER, [recipient])
    for name in ("To", "From", "Subject", "Date", "Message-ID"):
        assert len(message.get_all(name) or []) == 1, name
    for name in ("Bcc", "Cc", "Reply-To", "Sender"):
        assert message.get_all(name) is None, name
    assert message["To"] == recipient
    for name, value in message.items():
        assert "\r" not in value and "\n" not in value, name
        assert "evil.example" not in value, name


def open_public_form(world: World, page: str):
    client = world.app.test_client()
    response = client.get(page)
    fields = {"csrf_token": csrf_token(response), "started": started_of(response) or ""}
    if submission := submission_of(response):
        fields["submission"] = submission
    return client, fields


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_an_asker_address_with_more_than_one_address_is_refused(world, address):
    client, fields = open_public_form(world, "/ask")
    before = snapshot(world.app)
    response = client.post(
        "/ask",
        data={**fields, "question": "Must you delete my contact record?", "email": address},
    )
    assert response.status_code == 400
    assert "Enter an email address like name@example.com" in response.get_data(as_text=True)
    assert changes(before, snapshot(world.app)) == {}


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_requester_address_with_more_than_one_address_is_refused(world, address):
    client, fields = open_public_form(world, "/requests/new")
    sent = mail_so_far(world)
    before = snapshot(world.app)
    response = client.post(
        "/requests/new",
        data={
            **fields,
            "right": "access",
            "name": "Ann Example",
            "email": address,
            "details": "All my data.",
        },
    )
    assert response.status_code == 400
    assert "Enter an email address like name@example.com" in response.get_data(as_text=True)
    assert changes(before, snapshot(world.app)) == {}
    assert received_since(world, sent) == []


@pytest.mark.parametrize("address", BAD_ADDRESSES[:4])
def test_a_moderator_address_with_a_line_break_is_refused(world, address):
    client = world.client(world.admin)
    page = client.get("/admin/moderators/new")
    before = snapshot(world.app)
    response = client.post(
        "/admin/moderators/new",
        data={
            "csrf_token": csrf_token(page),
            "email": address,
            "role": "moderator",
            "password": "a long enough password",
        },
    )
    assert response.status_code == 422
    assert changes(before, snapshot(world.app)) == {}


def test_a_requester_name_with_line_breaks_stays_out_of_every_header(world):
    """The name is stored as written (without the breaks' effect); the emails that follow carry
    one recipient each."""
    client, fields = open_public_form(world, "/requests/new")
    recipient = f"ann-{world.unique()}@example.com"
    sent = mail_so_far(world)
    response = client.post(
        "/requests/new",
        data={
            **fields,
            "right": "access",
            "name": f"Ann Example{INJECTED}\r\nSubject: Your password",
            "email": recipient,
            "details": f"All my data.{INJECTED}",
        },
    )
    assert response.status_code == 302
    [(message, envelope)] = received_since(world, sent)
    assert_one_clean_message(message, envelope, recipient)
    link = re.search(
        r"http://faq\.test(/requests/confirm/\S+)", message.get_body(("plain",)).get_content()
    )
    page = client.get(link.group(1))
    assert client.post(link.group(1), data={"csrf_token": csrf_token(page)}).status_code == 302
    [(message, envelope)] = received_since(world, sent + 1)
    assert_one_clean_message(message, envelope, recipient)
    with world.app.app_context():
        stored = db.session.scalar(db.select(AccessRequest).where(AccessRequest.email == recipient))
        assert "\r" not in stored.name and stored.name.startswith("Ann Example")


def moderator_post(world: World, page: str, action: str, **fields):
    client = world.client(world.moderator)
    token = csrf_token(client.get(page))
    return client.post(action, data={"csrf_token": token, **fields})


def test_a_decline_reason_with_line_breaks_stays_in_the_body(world):
    recipient = f"asker-{world.unique()}@example.com"
    question = world.question(email=recipient)
    sent = mail_so_far(world)
    page = f"/admin/questions/{question.id}"
    reason = f"Out of scope.{INJECTED}\r\nSubject: Click here\r\n\r\nA body of our own"
    response = moderator_post(world, page, f"{page}/decline", reason=reason, notify="y")
    assert response.status_code == 302
    [(message, envelope)] = received_since(world, sent)
    assert_one_clean_message(message, envelope, recipient)
    assert "victim@evil.example" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("step", "field"),
    [("clarify", "message"), ("extend", "reason"), ("refuse", "reason"), ("complete", "note")],
)
def test_a_moderators_words_with_line_breaks_stay_in_the_body(world, step, field):
    recipient = f"requester-{world.unique()}@example.com"
    found, _signed = world.access_request(email=recipient)
    sent = mail_so_far(world)
    page = f"/admin/requests/{found.id}"
    words = f"Which account?{INJECTED}\r\nSubject: Click here"
    extra = {"ground": "unfounded"} if step == "refuse" else {}
    response = moderator_post(world, page, f"{page}/{step}", **{field: words}, **extra)
    assert response.status_code == 302
    [(message, envelope)] = received_since(world, sent)
    assert_one_clean_message(message, envelope, recipient)


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_the_outbox_refuses_a_recipient_that_is_not_one_address(world, address):
    with world.app.test_request_context():
        with pytest.raises(ValueError, match="not a single email address"):
            outbox.queue(
                "request_update", address, {"reference": "SAR-2026-000001", "status_url": "x"}
            )
        db.session.rollback()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("recipient", "asker@example.com\r\nBcc: victim@evil.example"),
        ("subject", f"Your request{INJECTED}"),
        ("subject", "Your request\nContent-Type: text/html"),
    ],
)
def test_a_stored_message_with_a_broken_header_is_never_sent(world, column, value):
    """A row changed behind the site's back (or by a bug) still cannot smuggle a header: the
    message is held back as malformed, and the SMTP server receives nothing."""
    sent = mail_so_far(world)
    with world.app.test_request_context():
        message = outbox.queue(
            "request_update",
            "asker@example.com",
            {"reference": "SAR-2026-000001", "status_url": "x"},
        )
        db.session.commit()
        # Written as the column allows, past the checks of queue().
        db.session.execute(
            db.update(OutboxMessage).where(OutboxMessage.id == message.id).values({column: value})
        )
        db.session.commit()
        ident = message.id
    with world.app.app_context():
        report = outbox.deliver([ident])
        stored = db.session.get(OutboxMessage, ident)
        assert report.sent == 0 and report.failed == 1
        assert stored.sent is None and stored.last_error == "MalformedMessage"
        assert "evil" not in (stored.last_error or "")
        db.session.delete(stored)
        db.session.commit()
    assert received_since(world, sent) == []


def test_a_question_address_never_reaches_a_header_but_the_to(world):
    recipient = f"asker-{world.unique()}@example.com"
    question = world.question(email=recipient)
    sent = mail_so_far(world)
    page = f"/admin/questions/{question.id}"
    response = moderator_post(
        world,
        page,
        page,
        title=f"A question with a long enough title{INJECTED}",
        answer=f"An answer.{INJECTED}",
        category="0",
        notify="y",
        publish="1",
    )
    assert response.status_code == 302
    [(message, envelope)] = received_since(world, sent)
    assert_one_clean_message(message, envelope, recipient)
    with world.app.app_context():
        assert db.session.get(Question, question.id).email is None
