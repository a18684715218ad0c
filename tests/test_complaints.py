"""Complaints about how we handle someone's data (Data Protection Act 2018 s. 164A): the form,
the link by email, the reference and status page, the moderator's acknowledgement within 30 days
and the outcome, every email through a real SMTP server, the queue's marks, and erasure on the
requests' schedule. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import itsdangerous
import pytest
from flask import Flask, url_for
from sqlalchemy import event as sql_event

from faq_site import audit, retention, subjects
from faq_site.access_requests import workflow
from faq_site.complaints import workflow as complaints
from faq_site.deadlines import acknowledgement_due
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    Channel,
    Jurisdiction,
    OutboxMessage,
    RequestEvent,
    RequestStatus,
    Right,
    utcnow,
)
from faq_site.transparency import quarterly_figures

from actions import csrf_token, form_field, page_token
from conftest import TODAY
from smtp_server import delivered, run_mail_worker

NAME = "Cleo Example"
EMAIL = "cleo@example.com"
WHAT_HAPPENED = "You went on sending me offers for a month after I unsubscribed."
WANTED = "Stop the emails, and tell me why my unsubscribe was ignored."
ACKNOWLEDGEMENT = "We are sorry. We are checking our mailing lists and will answer within a week."
OUTCOME = "A list import re-added you. We removed you from every list and fixed the import."
ICO = "https://ico.org.uk/make-a-complaint/"
# A Monday: day one of thirty, so the last day to acknowledge is Tuesday 1 December.
MONDAY = "2026-11-02"


def complaint_form(client, **fields) -> dict[str, str]:
    """The complaint form as a browser holds it, filled in, ready to be sent."""
    page = client.get("/complaints/new")
    return {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "submission": form_field(page, "submission"),
        "name": NAME,
        "email": EMAIL,
        "concerns": "",
        "details": WHAT_HAPPENED,
        "desired_outcome": WANTED,
        "website": "",
        **fields,
    }


def send(client, **fields):
    return client.post("/complaints/new", data=complaint_form(client, **fields))


def stored(app: Flask) -> list[AccessRequest]:
    with app.app_context():
        return list(db.session.scalars(db.select(AccessRequest).order_by(AccessRequest.id)))


def actions_of(app: Flask, ident: int) -> list[str]:
    """The actions of a request's or complaint's log, oldest first."""
    with app.app_context():
        return [e.action for e in db.session.get(AccessRequest, ident).events]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def confirm_from_email(app: Flask, client, smtp_server) -> AccessRequest:
    """Follow the last confirmation link emailed, and press its button."""
    message = delivered(app, smtp_server)[-1]
    link = re.search(r"http://faq\.test(/requests/confirm/\S+)", text_of(message)).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Confirm your complaint" in page.get_data(as_text=True)
    response = client.post(link, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    return stored(app)[-1]


def filed(app: Flask, on: str = MONDAY, **fields) -> AccessRequest:
    """A complaint made and confirmed on the given day, as its pages would make it."""
    app.config["SITE_TODAY"] = on
    with app.test_request_context():
        complaint, _message = complaints.make(
            fields.get("name", NAME),
            fields.get("email", EMAIL),
            fields.get("details", WHAT_HAPPENED),
            fields.get("desired_outcome", WANTED),
            fields.get("concerns"),
        )
        workflow.confirm(complaint)
        db.session.commit()
        db.session.refresh(complaint)
        db.session.expunge(complaint)
        return complaint


def act(client, ident: int, step: str, **fields):
    """Send one form of the page of the request or complaint `ident`, as a browser would."""
    page = f"/admin/requests/{ident}"
    return client.post(f"{page}/{step}", data={"csrf_token": page_token(client, page), **fields})


def assert_private(message, complaint: AccessRequest) -> None:
    """The email goes to the complainant, names the complaint and links to its status page,
    and repeats nothing they wrote."""
    assert message["To"] == EMAIL
    assert complaint.reference in message["Subject"]
    for body in (text_of(message), html_of(message)):
        assert f"http://faq.test/requests/status/{complaint.token}" in body
        assert NAME not in body and WHAT_HAPPENED not in body and WANTED not in body


# The form --------------------------------------------------------------------------------------


def test_the_form_asks_for_little_and_says_how_a_complaint_is_handled(client):
    response = client.get("/complaints/new")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store, private"
    html = response.get_data(as_text=True)
    for name in ("name", "email", "concerns", "details", "desired_outcome"):
        assert f'name="{name}"' in html and f'for="{name}"' in html, name
    for absent in ("phone", "postal_address", "right", "date_of_birth"):
        assert f'name="{absent}"' not in html, absent
    assert 'type="file"' not in html
    assert "We acknowledge it within 30 days of the day you send it" in html
    assert f'href="{ICO}"' in html and "take the matter to court" in html


def test_a_reference_from_a_status_page_is_filled_in(client):
    html = client.get("/complaints/new?about=SAR-2026-000042").get_data(as_text=True)
    assert re.search(r'name="concerns"[^>]*value="SAR-2026-000042"', html)
    long = client.get("/complaints/new?about=" + "x" * 500).get_data(as_text=True)
    assert 'value="' + "x" * 40 + '"' in long, "cut to a reference's length"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name, so that we can find your data."),
        ({"email": ""}, "email", "Enter your email address: we send a link to it to confirm."),
        ({"email": "nope"}, "email", "Enter an email address like name@example.com."),
        (
            {"email": "a@example.com\r\nBcc: b@example.com"},
            "email",
            "Enter an email address like name@example.com.",
        ),
        ({"concerns": "x" * 201}, "concerns", "Please keep it under 200 characters."),
        (
            {"details": " \x01 "},
            "details",
            "Tell us what happened: what we did with your data, and when.",
        ),
        ({"details": "x" * 5001}, "details", "Please keep it under 5,000 characters."),
        (
            {"desired_outcome": ""},
            "desired_outcome",
            "Tell us what you would like us to do to put it right.",
        ),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_nothing_is_stored(
    app, client, smtp_server, fields, field, message
):
    response = send(client, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "<title>Error:" in html
    assert "There is a problem" in html and f'href="#{field}">{message}</a>' in html
    assert (
        f'id="{field}-error"' in html and f'aria-describedby="{field}-hint {field}-error"' in html
    )
    assert stored(app) == []
    assert run_mail_worker(app).sent == 0 and smtp_server.messages == []


def test_what_was_written_is_kept_when_the_form_comes_back(client):
    html = send(client, email="nope").get_data(as_text=True)
    assert WHAT_HAPPENED in html and WANTED in html and NAME in html


def test_a_robot_is_thanked_and_forgotten(app, client, smtp_server):
    response = send(client, website="https://spam.example")
    assert response.status_code == 302 and response.headers["Location"] == "/complaints/sent"
    assert stored(app) == [] and run_mail_worker(app).sent == 0


def test_the_same_form_sent_again_is_one_complaint(app, client, smtp_server):
    form = complaint_form(client)
    assert client.post("/complaints/new", data=form).status_code == 302
    assert client.post("/complaints/new", data=form).status_code == 302
    assert len(stored(app)) == 1 and run_mail_worker(app).sent == 1


def test_too_many_complaints_from_one_address_get_a_429(client, smtp_server):
    for _ in range(3):
        assert send(client).status_code == 302
    assert send(client).status_code == 429


def test_the_request_and_complaint_forms_share_one_limit(app, client, smtp_server):
    # Each sends an email to the address typed: three of either from one place, not three of
    # each, fill the minute.
    page = client.get("/requests/new")
    request_form = {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "right": "access",
        "name": NAME,
        "email": EMAIL,
        "details": "Everything you hold about me.",
        "website": "",
    }
    for _ in range(2):
        sent = client.post(
            "/requests/new",
            data={
                **request_form,
                "submission": form_field(client.get("/requests/new"), "submission"),
            },
        )
        assert sent.status_code == 302
    assert send(client).status_code == 302
    assert send(client).status_code == 429
    again = client.post(
        "/requests/new",
        data={**request_form, "submission": form_field(client.get("/requests/new"), "submission")},
    )
    assert again.status_code == 429


def test_a_complaint_is_not_a_choice_on_the_request_forms(app, client, moderator_client):
    public = client.get("/requests/new").get_data(as_text=True)
    assert 'value="complaint"' not in public
    response = client.post(
        "/requests/new",
        data={
            "csrf_token": csrf_token(client.get("/requests/new")),
            "right": "complaint",
            "name": NAME,
            "email": EMAIL,
            "details": WHAT_HAPPENED,
        },
    )
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    recording = moderator_client.get("/admin/requests/record/").get_data(as_text=True)
    assert 'value="complaint"' not in recording, "a complaint is recorded on its own page"
    assert 'href="/admin/requests/record/complaint"' in moderator_client.get(
        "/admin/requests/"
    ).get_data(as_text=True)
    assert stored(app) == []


# The whole journey ----------------------------------------------------------------------------


def test_make_confirm_acknowledge_and_close_a_complaint(
    app, client, smtp_server, moderator_client, moderator
):
    response = send(client, concerns="SAR-2026-000001")
    assert response.status_code == 302 and response.headers["Location"] == "/complaints/sent"
    sent = client.get("/complaints/sent").get_data(as_text=True)
    assert "confirm your complaint" in sent and "within 30 days" in sent
    assert f'We have sent a link to <strong class="sent-address">{EMAIL}</strong>.' in sent
    (waiting,) = stored(app)
    assert waiting.right is Right.COMPLAINT and waiting.reference is None
    assert waiting.status is RequestStatus.AWAITING_CONFIRMATION
    assert (waiting.concerns, waiting.details, waiting.desired_outcome) == (
        "SAR-2026-000001",
        WHAT_HAPPENED,
        WANTED,
    )
    assert smtp_server.messages == [], "the page only queued the email"
    (confirmation,) = delivered(app, smtp_server)
    assert confirmation["Subject"] == "Confirm your complaint to Quillstone CRM Ltd"
    assert "made a complaint to Quillstone CRM Ltd" in text_of(confirmation)
    assert "one-month" not in text_of(confirmation) and NAME not in text_of(confirmation)
    assert client.get(f"/requests/status/{waiting.token}").status_code == 404

    complaint = confirm_from_email(app, client, smtp_server)
    assert complaint.status is RequestStatus.OPEN
    assert complaint.reference == f"CMP-{TODAY.year}-{complaint.id:06d}"
    assert complaint.received == TODAY
    assert complaint.due == TODAY + dt.timedelta(days=29)
    received = delivered(app, smtp_server)[-1]
    assert received["Subject"] == f"We have received your complaint {complaint.reference}"
    assert_private(received, complaint)
    assert "We will acknowledge it by: " in text_of(received)

    status_url = f"/requests/status/{complaint.token}"
    page = client.get(f"{status_url}?confirmed=1")
    html = page.get_data(as_text=True)
    assert f"Complaint {complaint.reference}" in html
    assert "Thank you: your complaint is confirmed." in html
    assert "We will acknowledge it by" in html and "Complaint received and confirmed" in html
    assert NAME not in html and WHAT_HAPPENED not in html and EMAIL not in html
    assert "Withdraw my complaint" in html and "Our answer is due by" not in html
    assert page.headers["Cache-Control"] == "no-store, private"

    queue = moderator_client.get("/admin/requests/?right=complaint").get_data(as_text=True)
    assert complaint.reference in queue and "badge--editorial" in queue
    assert "Acknowledgement due" in queue and "29 days left" in queue
    admin_page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    for shown in (NAME, EMAIL, WHAT_HAPPENED, WANTED, "SAR-2026-000001"):
        assert shown in admin_page
    for sar_only in ("Extend the deadline", "Refuse the request", "Start work on this request"):
        assert sar_only not in admin_page
    assert "They are emailed your words and read them on their status page." in admin_page

    response = act(moderator_client, complaint.id, "acknowledge", acknowledgement=ACKNOWLEDGEMENT)
    assert response.status_code == 302
    acknowledged = delivered(app, smtp_server)[-1]
    assert acknowledged["Subject"] == f"We are looking into your complaint {complaint.reference}"
    assert_private(acknowledged, complaint)
    assert ACKNOWLEDGEMENT in text_of(acknowledged)
    html = client.get(status_url).get_data(as_text=True)
    assert "Acknowledged: being looked into" in html and "We acknowledged your complaint" in html
    assert ACKNOWLEDGEMENT in html
    assert "We will acknowledge it by" not in html
    queue = moderator_client.get("/admin/requests/?right=complaint").get_data(as_text=True)
    assert "Acknowledged: the outcome is to be sent" in queue

    response = act(moderator_client, complaint.id, "close", outcome=OUTCOME)
    assert response.status_code == 302
    outcome = delivered(app, smtp_server)[-1]
    assert outcome["Subject"] == f"The outcome of your complaint {complaint.reference}"
    assert_private(outcome, complaint)
    for body in (text_of(outcome), html_of(outcome)):
        assert OUTCOME in body and ICO in body
        assert "Information Commissioner’s Office" in body
        assert "the right to seek a judicial remedy: you may take the matter to court" in body
    admin_page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    # Once, on the step's line of the log, and in the copy of the email sent: no box repeats it.
    assert admin_page.count(OUTCOME) == 2 and "page-outcome-title" not in admin_page
    html = client.get(status_url).get_data(as_text=True)
    assert "Closed with its outcome" in html and OUTCOME in html
    assert f'href="{ICO}"' in html and "take the matter to court" in html
    assert "Withdraw my complaint" not in html

    with app.app_context():
        found = db.session.get(AccessRequest, complaint.id)
        assert found.status is RequestStatus.COMPLETED and found.outcome == OUTCOME
        # Each step's line, then the copy of the email it sent.
        steps = [e for e in found.events if e.action != "notice"]
        assert [e.action for e in steps] == ["received", "acknowledged", "outcome"]
        assert [e.moderator_id for e in steps] == [None, moderator.id, moderator.id]
        assert [e.action for e in found.events].count("notice") == 3
        actions = [
            (event.action, event.detail)
            for event in db.session.scalars(
                db.select(AuditEvent)
                .where(
                    AuditEvent.subject_type == "accessrequest",
                    AuditEvent.subject_id == complaint.id,
                    # Opening the page is audited as a look; the steps are what this checks.
                    AuditEvent.action != "request.viewed",
                )
                .order_by(AuditEvent.id)
            )
        ]
    assert actions == [
        ("request.submitted", {"right": "complaint"}),
        ("request.confirmed", {"due": complaint.due.isoformat()}),
        ("complaint.acknowledged", {"in_time": True}),
        ("complaint.closed", {"acknowledged_first": True}),
    ]


def test_the_audit_log_names_a_complaint(app, admin_client):
    complaint = filed(app)
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert f"Complaint {complaint.reference}" in html
    assert f"Request {complaint.reference}" not in html


def test_an_outcome_sent_first_acknowledges_the_complaint(app, moderator_client, smtp_server):
    complaint = filed(app)
    assert act(moderator_client, complaint.id, "close", outcome=OUTCOME).status_code == 302
    with app.app_context():
        found = db.session.get(AccessRequest, complaint.id)
        assert found.status is RequestStatus.COMPLETED
        detail = db.session.scalar(
            db.select(AuditEvent.detail).where(AuditEvent.action == "complaint.closed")
        )
    assert detail == {"acknowledged_first": False, "in_time": True}


PROGRESS = "We found the list import that re-added you and are checking who else it touched."


def acknowledged(app: Flask) -> AccessRequest:
    """A complaint filed and acknowledged, as its pages would make it."""
    complaint = filed(app)
    with app.test_request_context():
        found = db.session.get(AccessRequest, complaint.id)
        complaints.acknowledge(found, ACKNOWLEDGEMENT, by=audit.SYSTEM)
        db.session.commit()
        db.session.refresh(found)
        db.session.expunge(found)
        return found


def test_the_complainant_is_kept_informed_of_progress(
    app, client, moderator_client, moderator, admin_client, smtp_server
):
    complaint = acknowledged(app)
    page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert 'for="progress"' in page and 'name="progress"' in page
    assert f'action="/admin/requests/{complaint.id}/update"' in page
    for words in (PROGRESS, "Still checking: <b>two</b> more lists."):
        assert act(moderator_client, complaint.id, "update", progress=words).status_code == 302
        update = delivered(app, smtp_server)[-1]
        assert update["Subject"] == f"How your complaint {complaint.reference} is going"
        assert_private(update, complaint)
        assert words in text_of(update)
    assert "Still checking: &lt;b&gt;two&lt;/b&gt; more lists." in html_of(update)

    html = client.get(f"/requests/status/{complaint.token}").get_data(as_text=True)
    assert html.count("How your complaint is going") == 2 and PROGRESS in html
    assert "Still checking: &lt;b&gt;two&lt;/b&gt;" in html and "<b>two</b>" not in html
    with app.app_context():
        found = db.session.get(AccessRequest, complaint.id)
        assert found.status is RequestStatus.IN_PROGRESS
        updates = [e for e in found.events if e.action == "progress"]
        assert [(e.message, e.moderator_id, e.public) for e in updates] == [
            (PROGRESS, moderator.id, True),
            ("Still checking: <b>two</b> more lists.", moderator.id, True),
        ]
        copies = [e.message for e in found.events if e.action == "notice"]
        assert copies[-1].startswith(f"How your complaint {complaint.reference} is going")
        assert PROGRESS in copies[-2]
        audited = db.session.execute(
            db.select(AuditEvent.detail, AuditEvent.moderator_id, AuditEvent.subject_id).where(
                AuditEvent.action == "complaint.updated"
            )
        ).all()
    # That an update was sent, by whom, on which complaint: never its words.
    assert [tuple(row) for row in audited] == [({}, moderator.id, complaint.id)] * 2
    panel = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert "Progress update given" in panel
    audit_page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Complaint: progress update sent" in audit_page and PROGRESS not in audit_page


def test_progress_is_told_only_between_acknowledgement_and_outcome(
    app, moderator_client, smtp_server
):
    complaint = filed(app)
    early = act(moderator_client, complaint.id, "update", progress=PROGRESS)
    assert early.status_code == 409
    assert "Acknowledge the complaint first" in early.get_data(as_text=True)
    page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert 'name="progress"' not in page
    act(moderator_client, complaint.id, "acknowledge", acknowledgement=ACKNOWLEDGEMENT)
    act(moderator_client, complaint.id, "close", outcome=OUTCOME)
    assert act(moderator_client, complaint.id, "update", progress=PROGRESS).status_code == 409
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        db.session.commit()
        request_id = request.id
    assert act(moderator_client, request_id, "update", progress=PROGRESS).status_code == 409
    with app.app_context():
        assert not db.session.scalars(
            db.select(RequestEvent).where(RequestEvent.action == "progress")
        ).all()


def test_each_step_once_and_in_its_order(app, moderator_client, smtp_server):
    complaint = filed(app)
    assert (
        act(moderator_client, complaint.id, "acknowledge", acknowledgement="Yes.").status_code
        == 302
    )
    again = act(moderator_client, complaint.id, "acknowledge", acknowledgement="Again.")
    assert again.status_code == 409 and "past that step" in again.get_data(as_text=True)
    assert act(moderator_client, complaint.id, "close", outcome=OUTCOME).status_code == 302
    assert act(moderator_client, complaint.id, "close", outcome="Twice.").status_code == 409
    with app.app_context():
        actions = [e.action for e in db.session.get(AccessRequest, complaint.id).events]
    assert [a for a in actions if a != "notice"] == ["received", "acknowledged", "outcome"]


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        ("start", {}),
        ("clarify", {"message": "Which account?"}),
        ("extend", {"reason": "Complex."}),
        ("complete", {"note": "Done."}),
        ("refuse", {"ground": "unfounded", "reason": "No."}),
        ("wait", {"kind": "identity", "wait_message": "Your postcode.", "amount": ""}),
    ],
)
def test_a_requests_steps_do_not_apply_to_a_complaint(
    app, moderator_client, smtp_server, step, fields
):
    complaint = filed(app)
    response = act(moderator_client, complaint.id, step, **fields)
    assert response.status_code == 409
    assert stored(app)[0].status is RequestStatus.OPEN


def test_a_complaints_steps_do_not_apply_to_a_request(app, moderator_client, smtp_server):
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        db.session.commit()
        request_id = request.id
    for step, fields in (
        ("acknowledge", {"acknowledgement": "Yes."}),
        ("close", {"outcome": "No."}),
    ):
        response = act(moderator_client, request_id, step, **fields)
        assert response.status_code == 409, step
    assert stored(app)[0].status is RequestStatus.OPEN


@pytest.mark.parametrize(
    ("step", "field", "message"),
    [
        ("acknowledge", "acknowledgement", "Write the acknowledgement: the complainant reads it."),
        ("update", "progress", "Write the update: what we have done so far, and what comes next."),
        ("close", "outcome", "Write the outcome: what we found and what we did about it."),
    ],
)
def test_a_step_sent_empty_is_explained_on_the_complaints_page(
    app, moderator_client, smtp_server, step, field, message
):
    complaint = acknowledged(app) if step == "update" else filed(app)
    actions_before = actions_of(app, complaint.id)
    response = act(moderator_client, complaint.id, step, **{field: "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and f'href="#{field}">{message}</a>' in html
    assert f'id="{field}-error"' in html and WHAT_HAPPENED in html
    assert stored(app)[0].status is complaint.status
    assert actions_of(app, complaint.id) == actions_before, "nothing was logged"


def test_the_complainant_can_withdraw_and_is_told(app, client, smtp_server):
    complaint = filed(app)
    page = f"/requests/status/{complaint.token}"
    data = {"csrf_token": csrf_token(client.get(page)), "confirm": "y"}
    response = client.post(f"{page}/withdraw", data=data)
    assert response.status_code == 302
    assert stored(app)[0].status is RequestStatus.WITHDRAWN
    news = delivered(app, smtp_server)[-1]
    assert news["Subject"] == f"Your complaint {complaint.reference} is withdrawn"
    assert "/complaints/new" in news.get_body(("plain",)).get_content()
    html = client.get(page).get_data(as_text=True)
    assert "Withdrawn at your request" in html and "Withdraw my complaint" not in html


# A complaint that came by post, email or phone -------------------------------------------------

RECORD = "/admin/requests/record/complaint"


def phone_call(**changes) -> dict[str, str]:
    return {
        "received": "2026-11-02",
        "channel": "phone",
        "jurisdiction": "uk",
        "name": NAME,
        "email": "",
        "postal_address": "",
        "phone": "07700 900123",
        "concerns": "SAR-2026-000001",
        "details": WHAT_HAPPENED,
        "desired_outcome": WANTED,
        **changes,
    }


def record_complaint(client, **changes):
    return client.post(
        RECORD, data={"csrf_token": page_token(client, RECORD), **phone_call(**changes)}
    )


def test_a_complaint_by_phone_is_recorded_with_its_30_days_from_the_day_it_came(
    app, client, moderator, moderator_client, smtp_server
):
    app.config["SITE_TODAY"] = "2026-11-12"
    page = moderator_client.get(RECORD).get_data(as_text=True)
    assert "Record a complaint received another way" in page
    for name in ("received", "channel", "jurisdiction", "name", "email", "phone", "details"):
        assert f'name="{name}"' in page, name
    for absent in ("right", "acting_for", "capacity", "authority_received"):
        assert f'name="{absent}"' not in page, absent
    response = record_complaint(moderator_client)
    assert response.status_code == 302
    (found,) = stored(app)
    assert response.headers["Location"] == f"/admin/requests/{found.id}"
    assert found.right is Right.COMPLAINT and found.channel is Channel.PHONE
    assert found.status is RequestStatus.OPEN and found.reference == f"CMP-2026-{found.id:06d}"
    # Day one is the day of the call, not the day it was typed in.
    assert found.received == dt.date(2026, 11, 2) and found.due == dt.date(2026, 12, 1)
    assert (found.phone, found.concerns, found.desired_outcome) == (
        "07700 900123",
        "SAR-2026-000001",
        WANTED,
    )
    assert found.email is None and run_mail_worker(app).sent == 0
    panel = moderator_client.get(f"/admin/requests/{found.id}").get_data(as_text=True)
    assert "Send the complainant its reference and status link" in panel
    assert "Acknowledge by" in panel and "1 December 2026" in panel and WANTED in panel
    # Nobody is emailed it: the page holds the status link for the moderator to send.
    assert f"/requests/status/{found.token}</div>" in panel
    # The ways to reach the complainant are on the page, and its steps say how they hear of them.
    words = plain(panel)
    assert "Phone 07700 900123" in words and "2 November 2026 by phone" in words
    assert "They have no email address: they read your words on their status page" in words
    assert "They are emailed your words" not in words
    status = plain(client.get(f"/requests/status/{found.token}").get_data(as_text=True))
    assert "Complaint received and recorded" in status
    assert "It reached us by phone on 2 November 2026" in status
    assert "We will acknowledge it by" in status and "1 December 2026" in status
    assert "07700" not in status and NAME not in status
    with app.app_context():
        detail = db.session.scalar(
            db.select(AuditEvent.detail).where(AuditEvent.action == "request.recorded")
        )
    assert detail["right"] == "complaint" and detail["channel"] == "phone"
    assert detail["received"] == "2026-11-02" and detail["due"] == "2026-12-01"
    assert NAME not in str(detail) and "07700" not in str(detail)
    # Its steps email nobody, and say so in a complaint's words.
    acknowledged = act(moderator_client, found.id, "acknowledge", acknowledgement=ACKNOWLEDGEMENT)
    flashes = plain(moderator_client.get(acknowledged.headers["Location"]).get_data(as_text=True))
    assert "Saved: it is on the status page." in flashes
    assert "This complaint has no email address, so nothing was emailed" in flashes
    assert "the complainant is emailed" not in flashes


def test_a_complaint_by_email_gets_its_reference_by_email(app, moderator_client, smtp_server):
    app.config["SITE_TODAY"] = "2026-11-12"
    assert record_complaint(moderator_client, channel="email", email=EMAIL).status_code == 302
    (found,) = stored(app)
    (received,) = delivered(app, smtp_server)
    assert received["Subject"] == f"We have received your complaint {found.reference}"
    assert_private(received, found)
    text = text_of(received)
    assert "We have received your complaint by email and recorded it." in text
    assert "Thank you for confirming" not in text
    assert "We will acknowledge it by: 1 December 2026" in text


def test_a_complaint_recorded_after_its_30_days_says_so(app, moderator_client, smtp_server):
    app.config["SITE_TODAY"] = "2026-12-03"
    response = record_complaint(moderator_client, channel="post", email=EMAIL)
    assert response.status_code == 302
    (found,) = stored(app)
    assert found.due == dt.date(2026, 12, 1)
    text = text_of(delivered(app, smtp_server)[-1])
    assert "We should have acknowledged it by 1 December 2026: we are late" in text
    queue = moderator_client.get("/admin/requests/?right=complaint").get_data(as_text=True)
    assert "Acknowledgement overdue" in row_of(queue, found.reference)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received": ""}, "received", "Give the date it arrived."),
        ({"received": "2026-11-13"}, "received", "cannot be in the future"),
        ({"received": "12/11/2026"}, "received", "Write the date as YYYY-MM-DD"),
        ({"channel": "web"}, "channel", "Not a valid choice"),
        ({"jurisdiction": ""}, "jurisdiction", "Choose the law that governs the complaint."),
        ({"name": " "}, "name", "Enter the complainant’s name."),
        ({"phone": ""}, "postal_address", "give a postal address or a phone number"),
        ({"details": "\x01"}, "details", "Copy or sum up what the complainant says happened."),
        ({"concerns": "x" * 201}, "concerns", "Please keep it under 200 characters."),
        ({"desired_outcome": "x" * 5001}, "desired_outcome", "under 5,000 characters"),
        ({"right": "access"}, None, None),
    ],
)
def test_a_recorded_complaint_with_a_mistake_is_explained_beside_its_field(
    app, moderator_client, smtp_server, changes, field, message
):
    app.config["SITE_TODAY"] = "2026-11-12"
    response = record_complaint(moderator_client, **changes)
    if field is None:
        # A field the complaint's form does not have is ignored: it is still a complaint.
        assert response.status_code == 302 and stored(app)[0].right is Right.COMPLAINT
        return
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and f'id="{field}-error"' in html
    error = re.search(rf'id="{field}-error">(.*?)</p>', html, re.DOTALL).group(1)
    assert message in error.replace("&#39;", "'")
    assert stored(app) == []


def test_the_summary_of_mistakes_on_the_record_form_follows_the_page(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-11-12"
    response = record_complaint(
        moderator_client, received="", jurisdiction="", phone="not a number", details=""
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    linked = re.findall(r'<a href="#([a-z_]+)">', summary)
    assert linked == ["received", "jurisdiction", "phone", "details"]
    assert "Choose the law that governs the complaint." in summary


def test_recording_a_complaint_is_for_moderators(app, client):
    response = client.get(RECORD)
    assert response.status_code == 302 and "/admin/sign-in" in response.headers["Location"]


def test_the_workflow_keeps_a_request_and_a_complaint_apart_when_recording(app):
    contact = workflow.Contact(name=NAME, phone="07700 900123")
    with app.test_request_context():
        with pytest.raises(workflow.WorkflowError):
            workflow.record(
                Right.COMPLAINT,
                Channel.POST,
                TODAY,
                contact,
                WHAT_HAPPENED,
                behalf=workflow.Behalf("Someone", workflow.Capacity.SOLICITOR),
                by=audit.SYSTEM,
            )
        with pytest.raises(workflow.WorkflowError):
            workflow.record(
                Right.ACCESS,
                Channel.POST,
                TODAY,
                contact,
                "x",
                desired_outcome="y",
                by=audit.SYSTEM,
            )
    assert stored(app) == []


# A confirmation link that cannot be used --------------------------------------------------------


def confirmation_link(app: Flask, smtp_server) -> str:
    message = delivered(app, smtp_server)[-1]
    return re.search(r"http://faq\.test(/requests/confirm/\S+)", text_of(message)).group(1)


def lead_and_buttons(response) -> tuple[str, list[tuple[str, str]]]:
    html = response.get_data(as_text=True)
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.DOTALL).group(1)
    return lead, re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', html)


def test_a_used_complaint_link_speaks_of_the_complaint(app, client, smtp_server):
    send(client)
    link = confirmation_link(app, smtp_server)
    confirm_from_email(app, client, smtp_server)
    for again in (
        client.get(link),
        client.post(link, data={"csrf_token": csrf_token(client.get("/complaints/new"))}),
    ):
        assert again.status_code == 410
        lead, buttons = lead_and_buttons(again)
        assert "Your complaint is confirmed" in lead and "request" not in lead
        assert buttons == [("/complaints/new", "Make a new complaint")]


@contextmanager
def signed_hours_ago(monkeypatch, hours: int) -> Iterator[None]:
    """Links signed in the block carry a time `hours` back, as if sent then."""
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - hours * 3600)
    try:
        yield
    finally:
        monkeypatch.setattr(itsdangerous.timed.time, "time", real_time)


def expired_page_buttons(app: Flask, client, link: str, row_left: bool) -> list:
    """Open an expired link, after the purge has deleted what it was for unless `row_left`:
    the page says it expired; its buttons, to check."""
    if not row_left:
        with app.app_context():
            db.session.execute(db.delete(AccessRequest))
            db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    lead, buttons = lead_and_buttons(response)
    assert "It has expired" in lead
    return buttons


@pytest.mark.parametrize("row_left", [True, False])
def test_an_expired_complaint_link_speaks_of_the_complaint(
    app, client, smtp_server, monkeypatch, row_left
):
    """Expired, the link still says it was a complaint's, even once the purge has deleted the
    unconfirmed complaint it was for."""
    with signed_hours_ago(monkeypatch, 49):
        send(client)
    link = confirmation_link(app, smtp_server)
    assert expired_page_buttons(app, client, link, row_left) == [
        ("/complaints/new", "Make a new complaint")
    ]


@pytest.mark.parametrize("row_left", [True, False])
def test_an_expired_link_signed_before_links_named_their_kind_offers_both_forms(
    app, client, smtp_server, monkeypatch, row_left
):
    """A link sent before links said whether they were a complaint's cannot say it: expired,
    it claims neither and offers both forms, as a tampered one does."""
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        db.session.commit()
        with signed_hours_ago(monkeypatch, 49):
            old = workflow._serializer().dumps(
                {"id": request.id, "nonce": request.confirmation_nonce}
            )
        link = url_for("access_requests.confirm", signed=old)
    assert expired_page_buttons(app, client, link, row_left) == [
        ("/requests/new", "Make a new request"),
        ("/complaints/new", "Make a new complaint"),
    ]


def test_a_used_request_link_still_speaks_of_the_request(app, client, smtp_server):
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        link = url_for("access_requests.confirm", signed=workflow._sign(request))
        workflow.confirm(request)
        db.session.commit()
    lead, buttons = lead_and_buttons(client.get(link))
    assert "Your request is confirmed" in lead and "complaint" not in lead
    assert buttons == [("/requests/new", "Make a new request")]


def test_a_tampered_link_claims_nothing_and_offers_both_forms(app, client, smtp_server):
    send(client)
    link = confirmation_link(app, smtp_server)
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    lead, buttons = lead_and_buttons(response)
    assert "It is not a link we sent." in lead
    assert buttons == [
        ("/requests/new", "Make a new request"),
        ("/complaints/new", "Make a new complaint"),
    ]


# The supervisory authority of the complaint's law -------------------------------------------------

EU_AUTHORITY = "supervisory authority of the EU country where you live or work"


def request_under(app: Flask, law: Jurisdiction, email: str = EMAIL) -> str:
    """A confirmed access request from `email` under `law`; its reference."""
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, email, WHAT_HAPPENED)
        workflow.confirm(request)
        request.jurisdiction = law
        db.session.commit()
        return request.reference


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u2019", "'").split())


def test_a_complaint_about_an_eu_request_names_the_eu_authority_not_the_ico(
    app, client, moderator_client, smtp_server
):
    reference = request_under(app, Jurisdiction.EU)
    complaint = filed(app, concerns=f"About {reference.lower()}")
    assert complaint.jurisdiction is Jurisdiction.EU
    status_url = f"/requests/status/{complaint.token}"
    for page in (client.get(status_url), moderator_client.get(f"/admin/requests/{complaint.id}")):
        html = page.get_data(as_text=True)
        assert EU_AUTHORITY in plain(html) and "Information Commissioner" not in html
        assert ICO not in html
    assert act(moderator_client, complaint.id, "close", outcome=OUTCOME).status_code == 302
    outcome = delivered(app, smtp_server)[-1]
    for body in (text_of(outcome), plain(html_of(outcome))):
        assert EU_AUTHORITY in body and OUTCOME in body
        assert "Information Commissioner" not in body and "ico.org.uk" not in body
        assert "you may take the matter to court" in body
    html = client.get(status_url).get_data(as_text=True)
    assert EU_AUTHORITY in plain(html) and "Information Commissioner" not in html


def test_a_complaint_under_both_laws_names_both_authorities(app, client, smtp_server):
    reference = request_under(app, Jurisdiction.BOTH)
    complaint = filed(app, concerns=reference)
    with app.test_request_context():
        complaints.close(db.session.get(AccessRequest, complaint.id), OUTCOME, by=audit.SYSTEM)
        db.session.commit()
    outcome = delivered(app, smtp_server)[-1]
    for body in (text_of(outcome), client.get(f"/requests/status/{complaint.token}").text):
        assert "Information Commissioner" in body and ICO in body
        assert "supervisory authority of the EU country" in body


def test_a_reference_to_someone_elses_request_does_not_set_the_law(app, client):
    """Anyone can type a reference: only a request from the complainant's own address lends its
    law, so the page cannot tell a stranger under which law another person asked."""
    reference = request_under(app, Jurisdiction.EU, email="someone.else@example.com")
    complaint = filed(app, concerns=reference)
    assert complaint.jurisdiction is Jurisdiction.UK
    html = client.get(f"/requests/status/{complaint.token}").get_data(as_text=True)
    assert "Information Commissioner" in html and EU_AUTHORITY not in plain(html)


def test_the_moderator_sets_a_complaints_law_on_its_page(
    app, client, moderator_client, smtp_server
):
    complaint = filed(app)
    page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert f'action="/admin/requests/{complaint.id}/jurisdiction"' in page
    assert "It decides which supervisory authority the complainant is told" in page
    assert "now the Information Commissioner" in page
    bad = act(moderator_client, complaint.id, "jurisdiction", jurisdiction="mars")
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "There is a problem" in html and 'id="jurisdiction-error"' in html
    assert act(moderator_client, complaint.id, "jurisdiction", jurisdiction="eu").status_code == 302
    with app.app_context():
        found = db.session.get(AccessRequest, complaint.id)
        assert found.jurisdiction is Jurisdiction.EU and found.due == complaint.due
        detail = db.session.scalar(
            db.select(AuditEvent.detail).where(AuditEvent.action == "request.jurisdiction_set")
        )
    assert detail == {"from": "uk", "to": "eu", "due": complaint.due.isoformat()}
    html = client.get(f"/requests/status/{complaint.token}").get_data(as_text=True)
    assert EU_AUTHORITY in plain(html) and "The law that applies" not in html
    assert act(moderator_client, complaint.id, "close", outcome=OUTCOME).status_code == 302
    closed = act(moderator_client, complaint.id, "jurisdiction", jurisdiction="uk")
    assert closed.status_code == 409
    assert stored(app)[0].jurisdiction is Jurisdiction.EU


# The 30 days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        # Day one is the day of receipt; weekends and bank holidays count and move nothing.
        ("2026-11-02", "2026-12-01"),
        ("2026-11-26", "2026-12-25"),
        ("2027-01-31", "2027-03-01"),
        ("2028-02-01", "2028-03-01"),
    ],
)
def test_the_last_day_to_acknowledge_is_the_thirtieth(received, last_day):
    assert acknowledgement_due(dt.date.fromisoformat(received)) == dt.date.fromisoformat(last_day)


def test_the_thirty_days_run_from_the_day_the_form_was_sent(app, client, smtp_server):
    """Confirmed a day later (the link works for 48 hours), the complaint was still received on
    the day it was sent: waiting for the link does not move the deadline."""
    send(client)
    app.config["SITE_TODAY"] = (TODAY + dt.timedelta(days=1)).isoformat()
    complaint = confirm_from_email(app, client, smtp_server)
    assert complaint.received == TODAY and complaint.due == TODAY + dt.timedelta(days=29)


def row_of(html: str, reference: str) -> str:
    row = re.search(rf"<tr>(?:(?!</tr>).)*{reference}(?:(?!</tr>).)*</tr>", html, re.DOTALL)
    assert row, reference
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())


def test_a_closed_complaint_in_the_queue_says_whether_it_was_acknowledged_in_time(
    app, moderator_client, smtp_server
):
    """Due to be acknowledged by Tuesday 1 December: one acknowledged on the 3rd, then closed;
    one closed with its outcome on 20 November, which acknowledged it too; one withdrawn before
    anyone answered it, which was never acknowledged and so is only closed."""
    late, prompt, withdrawn = (
        filed(app, MONDAY, email=f"{who}@example.org") for who in ("late", "prompt", "gone")
    )
    with app.test_request_context():
        first = db.session.get(AccessRequest, late.id)
        complaints.acknowledge(first, ACKNOWLEDGEMENT, by=audit.SYSTEM)
        complaints.close(first, OUTCOME, by=audit.SYSTEM)
        for event in first.events:
            event.created = dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)
        first.closed = dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC)
        second = db.session.get(AccessRequest, prompt.id)
        complaints.close(second, OUTCOME, by=audit.SYSTEM)
        second.closed = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
        workflow.withdraw(db.session.get(AccessRequest, withdrawn.id))
        db.session.commit()
        engine = db.engine
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sql_event.listen(engine, "before_cursor_execute", listener)
    try:
        html = moderator_client.get("/admin/requests/").get_data(as_text=True)
    finally:
        sql_event.remove(engine, "before_cursor_execute", listener)
    assert "Acknowledged late 2 days after it was due" in row_of(html, late.reference)
    assert "Acknowledged on time" in row_of(html, prompt.reference)
    gone = row_of(html, withdrawn.reference)
    assert "Closed" in gone and "Acknowledged" not in gone
    # The acknowledgements are read in one query for the page, not one for each complaint.
    assert sum("request_event" in statement for statement in statements) == 1, statements


def counts(html: str) -> dict[str, int]:
    found = re.findall(r'stats__count">(\d+)</span> <span class="stats__label">([^<]+)<', html)
    return {label: int(count) for count, label in found}


def test_the_queue_and_the_dashboard_mark_the_thirtieth_day(app, moderator_client, smtp_server):
    complaint = filed(app, MONDAY)
    day = lambda value: app.config.update(SITE_TODAY=value)  # noqa: E731

    day("2026-11-10")
    row = row_of(
        moderator_client.get("/admin/requests/").get_data(as_text=True), complaint.reference
    )
    assert "Complaint" in row and "1 December 2026" in row
    assert "Acknowledgement due 21 days left" in row
    dashboard = counts(moderator_client.get("/admin/").get_data(as_text=True))
    assert dashboard["Open complaints"] == 1 and dashboard["To acknowledge"] == 1
    assert dashboard["Acknowledgement overdue"] == 0
    assert dashboard["Open"] == 0, "a complaint is not counted among the requests"

    day("2026-12-01")
    row = row_of(
        moderator_client.get("/admin/requests/").get_data(as_text=True), complaint.reference
    )
    assert "Acknowledgement due 0 days left" in row, "the thirtieth day is still in time"
    page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert "badge--soon" in page and "Acknowledgement overdue" not in page

    day("2026-12-02")
    row = row_of(
        moderator_client.get("/admin/requests/").get_data(as_text=True), complaint.reference
    )
    assert "Acknowledgement overdue 1 day late" in row
    dashboard = counts(moderator_client.get("/admin/").get_data(as_text=True))
    assert dashboard["Acknowledgement overdue"] == 1 and dashboard["Overdue"] == 0
    assert (
        act(
            moderator_client, complaint.id, "acknowledge", acknowledgement="Late, sorry."
        ).status_code
        == 302
    )
    row = row_of(
        moderator_client.get("/admin/requests/").get_data(as_text=True), complaint.reference
    )
    assert "overdue" not in row.lower() and "Acknowledged" in row
    dashboard = counts(moderator_client.get("/admin/").get_data(as_text=True))
    assert dashboard["To acknowledge"] == 0 and dashboard["Acknowledgement overdue"] == 0
    assert dashboard["Open complaints"] == 1
    with app.app_context():
        detail = db.session.scalar(
            db.select(AuditEvent.detail).where(AuditEvent.action == "complaint.acknowledged")
        )
    assert detail == {"in_time": False}


def test_the_queue_filters_complaints(app, moderator_client, smtp_server):
    complaint = filed(app)
    with app.test_request_context():
        request, _message = workflow.submit(Right.ERASURE, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        db.session.commit()
        sar = request.reference
    everything = moderator_client.get("/admin/requests/").get_data(as_text=True)
    assert complaint.reference in everything and sar in everything
    only = moderator_client.get("/admin/requests/?right=complaint").get_data(as_text=True)
    assert complaint.reference in only and sar not in only
    assert "Complaints waiting for us" in everything


def test_complaints_are_counted_apart_from_requests_in_the_transparency_figures(app, smtp_server):
    filed(app, TODAY.isoformat())
    with app.app_context():
        [quarter] = quarterly_figures(TODAY)
    assert quarter.received == 0 and quarter.complaints_received == 1


# Where a complaint is offered -----------------------------------------------------------------


def test_the_forms_and_a_requests_status_page_lead_to_the_complaint_form(app, client):
    for page in ("/requests/new", "/ask"):
        assert 'href="/complaints/new"' in client.get(page).get_data(as_text=True), page
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        db.session.commit()
        token, reference = request.token, request.reference
    html = client.get(f"/requests/status/{token}").get_data(as_text=True)
    assert f'href="/complaints/new?about={reference}"' in html


@pytest.mark.parametrize("ending", ["complete", "refuse"])
def test_a_requests_last_email_offers_the_complaint_form(app, smtp_server, ending):
    with app.test_request_context():
        request, _message = workflow.submit(Right.ERASURE, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        if ending == "complete":
            workflow.complete(request, "Erased.", by=audit.SYSTEM)
        else:
            workflow.refuse(request, "We must keep invoices.", by=audit.SYSTEM)
        db.session.commit()
        reference = request.reference
    last = delivered(app, smtp_server)[-1]
    link = f"http://faq.test/complaints/new?about={reference}"
    assert link in text_of(last) and link in html_of(last)


def test_the_statement_offers_the_complaint_form(app, runner, repository_content):
    app.config["CONTENT_DIR"] = str(repository_content)
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    text = (repository_content / "statement" / "2026-12-08.md").read_text("utf-8")
    assert "[complaint form](/complaints/new)" in text
    assert "(https://ico.org.uk/make-a-complaint/)" in text
    assert "within 30 days" in text


def test_the_complaint_names_what_it_is_about_in_the_panel(app, moderator_client, smtp_server):
    with app.test_request_context():
        request, _message = workflow.submit(Right.ACCESS, NAME, EMAIL, WHAT_HAPPENED)
        workflow.confirm(request)
        db.session.commit()
        request_id, reference = request.id, request.reference
    complaint = filed(app, concerns=f"my request {reference.lower()}, please")
    html = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert f'<a href="/admin/requests/{request_id}">{reference}</a>' in html
    unknown = filed(app, email="dan@example.com", concerns="<b>the one from May</b>")
    html = moderator_client.get(f"/admin/requests/{unknown.id}").get_data(as_text=True)
    assert "&lt;b&gt;the one from May&lt;/b&gt;" in html and "<b>the one" not in html


# Erasure, on the requests' schedule -----------------------------------------------------------

COMPLAINT_FIELDS = ("name", "email", "details", "concerns", "desired_outcome", "outcome")


def closed_complaint(app: Flask, closed: dt.datetime) -> int:
    complaint = filed(app, TODAY.isoformat(), concerns="SAR-2026-000001")
    with app.test_request_context():
        found = db.session.get(AccessRequest, complaint.id)
        complaints.acknowledge(found, ACKNOWLEDGEMENT, by=audit.SYSTEM)
        complaints.close(found, OUTCOME, by=audit.SYSTEM)
        found.closed = closed
        db.session.commit()
    return complaint.id


def test_a_closed_complaint_keeps_only_its_record_after_the_retention_period(app, runner):
    months = app.config["REQUEST_RETENTION_MONTHS"]
    old = closed_complaint(app, utcnow() - dt.timedelta(days=31 * months + 1))
    recent = closed_complaint(app, utcnow() - dt.timedelta(days=30))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "erased personal data from 1 closed requests" in result.output
    with app.app_context():
        gone = db.session.get(AccessRequest, old)
        assert all(getattr(gone, name) is None for name in COMPLAINT_FIELDS)
        assert all(event.message is None for event in gone.events)
        assert gone.reference.startswith("CMP-") and gone.right is Right.COMPLAINT
        assert gone.status is RequestStatus.COMPLETED and gone.received and gone.closed
        kept = db.session.get(AccessRequest, recent)
        assert all(getattr(kept, name) for name in COMPLAINT_FIELDS)
    assert set(COMPLAINT_FIELDS) <= set(retention.REQUEST_PERSONAL_FIELDS)


def test_an_unconfirmed_complaint_is_deleted_after_seven_days(app, client, runner, smtp_server):
    send(client)
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        found.created = utcnow() - dt.timedelta(days=7, minutes=1)
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert "Deleted 1 unconfirmed requests" in result.output
    assert stored(app) == []


def test_the_site_s_data_about_a_complainant_is_exported_and_erased(app, smtp_server):
    closed = closed_complaint(app, utcnow() - dt.timedelta(days=1))
    with app.test_request_context():
        holdings = subjects.find(EMAIL)
        (exported,) = subjects.export(holdings)["access_requests"]
        assert exported["right"] == "complaint" and exported["desired_outcome"] == WANTED
        assert exported["concerns"] == "SAR-2026-000001"
        assert {e["action"] for e in exported["events"]} == {
            "received",
            "acknowledged",
            "outcome",
            "notice",
        }
        report = subjects.erase(subjects.find(EMAIL), by=audit.SYSTEM)
        db.session.commit()
        assert report.requests_erased == 1
        found = db.session.get(AccessRequest, closed)
        assert all(getattr(found, name) is None for name in COMPLAINT_FIELDS)
        assert not db.session.scalars(
            db.select(RequestEvent.message).where(RequestEvent.message.is_not(None))
        ).all()


def test_an_open_complaint_keeps_the_complainants_data_from_the_purge(app, runner, smtp_server):
    complaint = filed(app, TODAY.isoformat())
    with app.app_context():
        db.session.add(
            OutboxMessage(
                template="request_update",
                recipient=EMAIL,
                subject="s",
                body_text="b",
                sent=utcnow() - dt.timedelta(days=40),
            )
        )
        db.session.commit()
    runner.invoke(args=["purge"])
    with app.app_context():
        sent = db.session.scalar(
            db.select(OutboxMessage.recipient).where(OutboxMessage.sent.is_not(None))
        )
        assert sent == EMAIL, "what was sent to the complainant is kept while it is open"
        assert db.session.get(AccessRequest, complaint.id).details == WHAT_HAPPENED


def test_the_panel_log_names_the_complainant_as_the_one_emailed(app, moderator_client):
    complaint = filed(app)
    page = moderator_client.get(f"/admin/requests/{complaint.id}").get_data(as_text=True)
    assert "Email sent to the complainant" in page
    assert "Email sent to the requester" not in page


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        ("acknowledge", {"acknowledgement": "\u202e\u2066\x01"}),
        ("update", {"progress": "\u202e\x00 \x7f"}),
        ("close", {"outcome": "\u202d\x7f"}),
    ],
)
def test_a_message_that_is_nothing_once_cleaned_is_refused(app, moderator_client, step, fields):
    complaint = acknowledged(app) if step == "update" else filed(app)
    response = act(moderator_client, complaint.id, step, **fields)
    assert response.status_code == 400
    [found] = stored(app)
    assert found.status is complaint.status and found.outcome is None
    assert "progress" not in actions_of(app, complaint.id)
