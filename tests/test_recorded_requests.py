"""Requests that came by post, email, phone or in person, recorded by a moderator in the panel:
the clock starts on the day they arrived, they need no confirmation link, and they get the same
reference and status page as a request made on the web form."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    Channel,
    OutboxMessage,
    RequestEvent,
    RequestStatus,
    Right,
)

from actions import page_token

FORM = "/admin/requests/record/"
# Thursday 12 November 2026; the letter arrived on Monday 2 November.
TODAY = "2026-11-12"
NAME = "Brian Letterwright"
ADDRESS = "14 Harbour Lane\nFalmouth TR11 2AB"
DETAILS = "Please send me a copy of all personal data you hold about me since 2022."


@pytest.fixture(autouse=True)
def fixed_today(app: Flask) -> None:
    app.config["SITE_TODAY"] = TODAY


def letter(**changes) -> dict[str, str]:
    fields = {
        "received": "2026-11-02",
        "channel": "post",
        "right": "access",
        "jurisdiction": "uk",
        "name": NAME,
        "email": "",
        "postal_address": ADDRESS,
        "phone": "",
        "details": DETAILS,
    }
    fields.update(changes)
    return fields


def record(client, **changes):
    token = page_token(client, FORM)
    return client.post(FORM, data={"csrf_token": token, **letter(**changes)})


def only_request(app: Flask) -> AccessRequest:
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        found.events  # noqa: B018
        return found


def count_requests(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(AccessRequest.id)))


def test_a_postal_request_is_recorded_with_its_clock_from_the_day_it_arrived(
    app, moderator, moderator_client, client
):
    response = record(moderator_client)
    assert response.status_code == 302
    found = only_request(app)
    assert response.headers["Location"].endswith(f"/admin/requests/{found.id}")
    assert found.status is RequestStatus.OPEN
    assert found.channel is Channel.POST
    assert found.received.isoformat() == "2026-11-02"
    # One month from Monday 2 November, not from the day it was typed in.
    assert found.due.isoformat() == "2026-12-02"
    assert found.reference == f"SAR-2026-{found.id:06d}"
    assert (found.name, found.email, found.postal_address) == (NAME, None, ADDRESS)
    assert found.confirmation_nonce is None
    assert [(event.action, event.moderator_id) for event in found.events] == [
        ("recorded", moderator.id)
    ]
    page = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert found.reference in page and "by post" in page
    assert "Send the requester its reference" in page
    assert "This requester gave no email address." in page, "steps that email are said not to"
    assert f"/requests/status/{found.token}" in page, "the link to send them by post"
    # The requester's own page works at once: no confirmation is waited for.
    status = client.get(f"/requests/status/{found.token}")
    assert status.status_code == 200
    text = status.get_data(as_text=True)
    assert found.reference in text and "2 December 2026" in text
    assert NAME not in text and "Harbour Lane" not in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_postal_request_gets_its_acknowledgement_as_a_letter_to_print(app, moderator_client):
    response = record(moderator_client)
    found = only_request(app)
    page = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    letter_url = f"/admin/requests/{found.id}/letter"
    assert f'href="{letter_url}"' in page
    letter = moderator_client.get(letter_url)
    assert letter.status_code == 200
    text = letter.get_data(as_text=True)
    assert f'Your request <span class="reference">{found.reference}</span>' in text
    assert f"Dear {NAME}," in text
    assert "14 Harbour Lane\nFalmouth TR11 2AB" in text, "the address, its lines kept"
    assert "14 Tannery Yard" in text, "where to write back"
    assert "received your request for access to your data by post" in text
    assert "2 December 2026" in text and f"/requests/status/{found.token}" in text
    assert "We will write to you at each step, at this address." in text
    assert "Information Commissioner" in text
    # A plain address to type from paper: the reference is quoted, not carried in a query.
    assert "at http://faq.test/complaints/new, and you have the right" in text
    assert "no-store" in letter.headers["Cache-Control"]
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.letter_opened")
        ).one()
        assert event.subject_id == found.id and "Harbour" not in json.dumps(event.detail)
    # A request made for someone else asks for the authority in the letter.
    record(moderator_client, acting_for="Iris Letterwright", capacity="attorney")
    with app.app_context():
        other = db.session.scalars(
            db.select(AccessRequest).where(AccessRequest.acting_for.is_not(None))
        ).one()
        other_id = other.id
    text = moderator_client.get(f"/admin/requests/{other_id}/letter").get_data(as_text=True)
    assert "request for access to their data" in text and "authority to act for them" in text
    assert "One month from the day" in text


def test_a_letter_is_for_a_confirmed_request_only(app, moderator_client):
    with app.test_request_context():
        pending, _confirmation = workflow.submit(Right.ACCESS, NAME, "brian@example.org", DETAILS)
        db.session.commit()
        pending_id = pending.id
    assert moderator_client.get(f"/admin/requests/{pending_id}/letter").status_code == 404
    assert moderator_client.get("/admin/requests/999999/letter").status_code == 404


def test_the_audit_trail_says_what_was_recorded_and_nothing_personal(app, moderator_client):
    record(moderator_client, email="brian@example.org", phone="07700 900123")
    found = only_request(app)
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.recorded")
        ).one()
        assert event.subject_id == found.id and event.moderator_id is not None
        assert event.detail["channel"] == "post" and event.detail["received"] == "2026-11-02"
        stored = json.dumps(event.detail)
    for personal in ("Brian", "Letterwright", "brian@example.org", "Harbour", "07700", "2022"):
        assert personal not in stored


def test_with_an_email_address_the_requester_is_sent_the_reference_and_link(app, moderator_client):
    record(moderator_client, channel="email", email="brian@example.org", postal_address="")
    found = only_request(app)
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
        assert message.recipient == "brian@example.org"
        assert message.template == "request_recorded"
        assert found.reference in message.subject
        assert f"/requests/status/{found.token}" in message.body_text
        assert "by email" in message.body_text and "2 November 2026" in message.body_text
        assert "2 December 2026" in message.body_text
        assert NAME not in message.body_text and DETAILS not in message.body_text


def test_a_request_recorded_on_the_day_it_came_by_phone(app, moderator_client):
    response = record(
        moderator_client, received=TODAY, channel="phone", postal_address="", phone="07700 900123"
    )
    assert response.status_code == 302
    found = only_request(app)
    assert (found.channel, found.phone, found.received.isoformat()) == (
        Channel.PHONE,
        "07700 900123",
        TODAY,
    )
    assert found.due.isoformat() == "2026-12-14"  # Sat 12 December rolls to Monday


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received": "2026-11-13"}, "received", "cannot be in the future"),
        ({"received": "2099-01-01"}, "received", "cannot be in the future"),
        ({"received": ""}, "received", "Give the date it arrived"),
        ({"received": "2026-02-31"}, "received", "Write the date as YYYY-MM-DD"),
        ({"received": "12/11/2026"}, "received", "Write the date as YYYY-MM-DD"),
        ({"received": "2024-11-02"}, "received", "more than a year ago"),
        ({"channel": ""}, "channel", "Choose how the request reached us"),
        ({"channel": "web"}, "channel", "Not a valid choice"),
        ({"channel": "pigeon"}, "channel", "Not a valid choice"),
        ({"right": ""}, "right", "Choose what the person asks for"),
        ({"right": "everything"}, "right", "Not a valid choice"),
        ({"name": "  "}, "name", "Enter the requester"),
        ({"name": "x" * 201}, "name", "too long"),
        ({"email": "not-an-address"}, "email", "like name@example.com"),
        ({"postal_address": ""}, "postal_address", "give a postal address or a phone number"),
        ({"phone": "12"}, "phone", "Enter a phone number"),
        ({"details": ""}, "details", "Copy or sum up"),
        ({"details": "x" * 5001}, "details", "under 5,000 characters"),
    ],
)
def test_bad_input_is_a_clear_400_tied_to_its_field_and_stores_nothing(
    app, moderator_client, changes, field, message
):
    response = record(moderator_client, **changes)
    assert response.status_code == 400
    page = response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
    assert message in page
    # The message sits next to its field and the summary links to it.
    assert f'id="{field}-error"' in page
    assert f'href="#{field}"' in page
    assert count_requests(app) == 0


def test_the_form_labels_every_field_and_caps_the_date_at_today(moderator_client):
    page = moderator_client.get(FORM).get_data(as_text=True)
    for field in ("received", "name", "email", "postal_address", "phone", "details"):
        assert f'<label for="{field}"' in page
    assert 'type="date"' in page and f'max="{TODAY}"' in page
    assert "<legend>How it reached us</legend>" in page
    # Its parts under headings: who asks, then whom they may act for
    assert page.index("<h2>The requester</h2>") < page.index(
        "<h2>If they act for someone else</h2>"
    )
    assert page.index("<h2>If they act for someone else</h2>") < page.index('for="acting_for"')


def test_a_stranger_is_sent_to_sign_in_and_records_nothing(app, client):
    assert "/admin/sign-in" in client.get(FORM).headers["Location"]
    response = client.post(FORM, data=letter())
    assert response.status_code in {302, 400}
    assert count_requests(app) == 0


def test_the_form_without_its_csrf_token_is_refused(app, moderator_client):
    response = moderator_client.post(FORM, data=letter())
    assert response.status_code == 400
    assert count_requests(app) == 0


def test_the_workflow_refuses_a_future_date_or_no_way_to_answer(app):
    contact = workflow.Contact(name=NAME, postal_address=ADDRESS)
    with app.test_request_context():
        with pytest.raises(workflow.WorkflowError, match="future"):
            workflow.record(
                Right.ACCESS,
                Channel.POST,
                _day("2026-11-13"),
                contact,
                DETAILS,
                by=audit.SYSTEM,
            )
        with pytest.raises(workflow.WorkflowError, match="postal address"):
            workflow.record(
                Right.ACCESS,
                Channel.POST,
                _day("2026-11-02"),
                workflow.Contact(NAME),
                DETAILS,
                by=audit.SYSTEM,
            )
        with pytest.raises(workflow.WorkflowError, match="web form"):
            workflow.record(
                Right.ACCESS, Channel.WEB, _day("2026-11-02"), contact, DETAILS, by=audit.SYSTEM
            )
        db.session.rollback()
    assert count_requests(app) == 0


def test_a_recorded_request_is_worked_like_any_other(app, moderator_client):
    record(moderator_client)
    found = only_request(app)
    token = page_token(moderator_client, f"/admin/requests/{found.id}")
    response = moderator_client.post(
        f"/admin/requests/{found.id}/start", data={"csrf_token": token}
    )
    assert response.status_code == 302
    with app.app_context():
        actions = db.session.scalars(
            db.select(RequestEvent.action).where(RequestEvent.request_id == found.id)
        ).all()
    assert actions == ["recorded", "started"]
    queue = moderator_client.get("/admin/requests/").get_data(as_text=True)
    assert found.reference in queue


def _day(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_an_address_with_a_line_break_is_refused_once(app, moderator_client):
    response = record(moderator_client, email="ann@example.com\r\nBcc: eve@example.com")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = page[
        page.index('id="email-error"') : page.index("</p>", page.index('id="email-error"'))
    ]
    assert error.count("Enter an email address like name@example.com.") == 1
    assert count_requests(app) == 0
