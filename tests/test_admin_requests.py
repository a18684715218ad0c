"""The moderators' side of subject-access requests: the queue by due date and its marks, each
request's page, and every step through its POST, with the email the requester gets through a real
SMTP server, the request's log and the audit trail."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest
from flask import Flask, url_for

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    OutboxMessage,
    RequestStatus,
    Right,
)

from actions import (
    DETAILS,
    EMAIL,
    MONDAY,
    NAME,
    Filed,
    act,
    file_request,
    log_of,
    on_day,
    page_token,
    queue_rows,
    stored,
    upload,
)
from smtp_server import SmtpServer, delivered


def step_mail(app: Flask, smtp_server: SmtpServer, filed: Filed) -> list[EmailMessage]:
    """What the mail workers have sent for the moderators' steps on a filed request."""
    return [
        message
        for message in delivered(app, smtp_server)
        if message["Message-ID"] not in filed.filing_mail
    ]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def status_url(app: Flask, filed: Filed) -> str:
    with app.test_request_context():
        return url_for("access_requests.status", token=filed.token, _external=True)


def assert_tells_requester_only(app: Flask, message, filed: Filed) -> None:
    """The email goes to the requester, links to the status page and repeats nothing personal."""
    assert message["To"] == EMAIL
    assert filed.reference in message["Subject"]
    for body in (text_of(message), html_of(message)):
        assert status_url(app, filed) in body
        assert NAME not in body and "Ann" not in body
        assert EMAIL not in body
        assert "CRM trial account" not in body


# Looks at a request, recorded each time its page is opened or its file downloaded: counted in
# test_audit_looks.py, left out here, where the steps are.
LOOKS = ("request.viewed", "request.answer_downloaded")


def audit_actions(app: Flask, filed: Filed) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [
            (event.action, event.moderator_id)
            for event in db.session.scalars(
                db.select(AuditEvent)
                .where(AuditEvent.subject_type == "accessrequest")
                .where(AuditEvent.subject_id == filed.id)
                .where(AuditEvent.action.not_in(LOOKS))
                .order_by(AuditEvent.id)
            )
        ]


# ---------- The queue ----------


@pytest.fixture
def queue(app: Flask) -> dict[str, Filed]:
    """Requests in every state the queue marks, seen on Monday 2 November 2026."""
    filed = {
        # Received Tue 15 Sep: due Thu 15 Oct, 18 days late.
        "overdue": file_request(app, "2026-09-15"),
        # Received Mon 5 Oct: due Thu 5 Nov, 3 days left.
        "soon": file_request(app, "2026-10-05", Right.ERASURE),
        # Received Fri 30 Oct: due Mon 30 Nov, 28 days left.
        "later": file_request(app, "2026-10-30"),
        # Received Sat 10 Oct, due Tue 10 Nov; asked on 20 Oct, still waiting.
        "paused": file_request(app, "2026-10-10"),
        "unconfirmed": file_request(app, "2026-11-01", confirm=False),
    }
    on_day(app, "2026-10-20")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed["paused"].id), "Which?", by=audit.SYSTEM
        )
        db.session.commit()
    on_day(app, MONDAY)
    return filed


def test_the_queue_is_sorted_by_due_date_with_its_marks_in_words(moderator_client, queue):
    rows = queue_rows(moderator_client)
    assert list(rows) == [
        queue["overdue"].reference,
        queue["soon"].reference,
        queue["paused"].reference,
        queue["later"].reference,
    ]
    assert "Overdue 18 days late" in rows[queue["overdue"].reference]
    assert "15 October 2026" in rows[queue["overdue"].reference]
    assert "Due soon 3 days left" in rows[queue["soon"].reference]
    assert "Paused" in rows[queue["paused"].reference]
    later = rows[queue["later"].reference]
    assert "28 days left" in later and "Overdue" not in later and "Due soon" not in later
    # Not colour alone: each mark is a word in a badge.
    html = moderator_client.get("/admin/requests/").get_data(as_text=True)
    assert '<span class="badge badge--upcoming">Overdue</span>' in html
    assert '<span class="badge badge--soon">Due soon</span>' in html
    assert '<span class="badge badge--old">Paused</span>' in html


def test_a_closed_request_is_not_marked_late(app, moderator_client, queue):
    with app.test_request_context():
        workflow.complete(
            db.session.get(AccessRequest, queue["overdue"].id), "Sent it all.", by=audit.SYSTEM
        )
        db.session.commit()
    row = queue_rows(moderator_client)[queue["overdue"].reference]
    assert "Completed" in row and "Overdue" not in row and "days late" not in row


def test_closed_requests_come_after_open_ones_and_say_whether_they_were_on_time(
    app, moderator_client, queue
):
    # The overdue one closed on Monday 2 November, 18 days after its due date; the later one on
    # Tuesday 3 November, before its own: the most recently closed comes first.
    with app.test_request_context():
        for key, day in (("overdue", 2), ("later", 3)):
            found = db.session.get(AccessRequest, queue[key].id)
            workflow.complete(found, "Sent it all.", by=audit.SYSTEM)
            found.closed = dt.datetime(2026, 11, day, 12, tzinfo=dt.UTC)
        db.session.commit()
    rows = queue_rows(moderator_client)
    assert list(rows) == [
        queue["soon"].reference,
        queue["paused"].reference,
        queue["later"].reference,
        queue["overdue"].reference,
    ]
    assert "Closed late 18 days after it was due" in rows[queue["overdue"].reference]
    assert "Closed on time" in rows[queue["later"].reference]


def test_unconfirmed_requests_are_listed_only_when_asked_for(moderator_client, queue):
    unconfirmed = f"Request #{queue['unconfirmed'].id}"
    assert unconfirmed not in queue_rows(moderator_client)
    assert list(queue_rows(moderator_client, "?status=awaiting")) == [unconfirmed]


def test_filters_by_status_and_by_type(app, moderator_client, queue):
    with app.test_request_context():
        workflow.start(db.session.get(AccessRequest, queue["later"].id), by=audit.SYSTEM)
        db.session.commit()
    assert list(queue_rows(moderator_client, "?status=in_progress")) == [queue["later"].reference]
    assert list(queue_rows(moderator_client, "?right=erasure")) == [queue["soon"].reference]
    assert list(queue_rows(moderator_client, "?status=active&right=access")) == [
        queue["overdue"].reference,
        queue["paused"].reference,
        queue["later"].reference,
    ]
    assert queue_rows(moderator_client, "?status=refused") == {}


@pytest.mark.parametrize("query", ["?status=lost", "?right=everything"])
def test_an_unknown_filter_is_a_clear_400(moderator_client, queue, query):
    response = moderator_client.get("/admin/requests/" + query)
    assert response.status_code == 400
    assert "There is no such" in response.get_data(as_text=True)


def test_search_by_reference_is_exact_and_ignores_case(moderator_client, queue):
    reference = queue["soon"].reference
    assert list(queue_rows(moderator_client, f"?reference={reference.lower()}")) == [reference]
    assert queue_rows(moderator_client, f"?reference={reference[:-1]}") == {}
    html = moderator_client.get(f"/admin/requests/?reference={reference[:-1]}").get_data(
        as_text=True
    )
    assert "No request has the reference" in html


def test_the_queue_is_paginated(app, moderator_client):
    for day in range(1, 33):
        file_request(app, f"2026-10-{day:02d}" if day <= 31 else "2026-11-01")
    on_day(app, MONDAY)
    first = queue_rows(moderator_client)
    second = queue_rows(moderator_client, "?page=2")
    assert len(first) == 30 and len(second) == 2
    assert not set(first) & set(second)


def test_personal_data_only_on_the_request_page(app, moderator_client, queue):
    listing = moderator_client.get("/admin/requests/")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    for personal in (NAME, EMAIL, DETAILS):
        assert personal not in html
    assert listing.headers["Cache-Control"] == "no-store, private"

    page = moderator_client.get(queue["later"].page)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store, private"
    for shown in (NAME, EMAIL, DETAILS, queue["later"].reference, "30 November 2026"):
        assert shown in html
    assert "Request received" not in html  # the log speaks the moderators' words
    assert "Received: the requester confirmed their address" in html and "requester" in html


def test_the_request_page_of_an_unknown_request_is_404(moderator_client):
    assert moderator_client.get("/admin/requests/999").status_code == 404


# ---------- Signing in ----------


@pytest.mark.parametrize(
    "path", ["/admin/requests/", "/admin/requests/{id}", "/admin/requests/{id}/answer"]
)
def test_a_stranger_is_sent_to_sign_in(app, client, path):
    filed = file_request(app)
    response = client.get(path.format(id=filed.id))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/admin/sign-in") and "next=" in location


def test_a_stranger_cannot_take_a_step(app, client):
    filed = file_request(app)
    token = page_token(client, "/admin/sign-in")
    fields = {"csrf_token": token, "message": "?", "reason": "No.", "note": "Done."}
    for action in ("start", "clarify", "extend", "complete", "refuse"):
        response = client.post(f"{filed.page}/{action}", data=fields)
        assert response.status_code == 302, action
        assert response.headers["Location"].startswith("/admin/sign-in")
    assert stored(app, filed).status is RequestStatus.OPEN
    assert [entry[0] for entry in log_of(app, filed)] == ["received"]


# ---------- The steps ----------


def test_start(app, moderator, moderator_client, smtp_server):
    filed = file_request(app)
    response = act(moderator_client, filed, "start")
    assert response.status_code == 302 and response.headers["Location"] == filed.page
    assert stored(app, filed).status is RequestStatus.IN_PROGRESS
    (message,) = step_mail(app, smtp_server, filed)
    assert_tells_requester_only(app, message, filed)

    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Work on the request has started" in page  # the flash
    # The log names the moderator as colleagues know them, not by a number.
    assert "Work started" in page and moderator.email in page
    assert f"moderator #{moderator.id}" not in page
    assert ("started", moderator.id, None) in log_of(app, filed)
    assert ("request.started", moderator.id) in audit_actions(app, filed)

    again = act(moderator_client, filed, "start")
    assert again.status_code == 409
    assert "Only a request that is open can be started." in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "no-store, private"
    assert len(step_mail(app, smtp_server, filed)) == 1


def test_a_form_without_its_csrf_token_is_refused(app, moderator_client):
    # The completion form is checked by its own view (it takes larger bodies), the same way.
    filed = file_request(app)
    fields = {"message": "?", "reason": "r", "note": "n"}
    for action in ("start", "clarify", "extend", "complete", "refuse"):
        for token in ({}, {"csrf_token": "forged"}):
            response = moderator_client.post(f"{filed.page}/{action}", data={**fields, **token})
            assert response.status_code == 400, action
            assert "This form has expired" in response.get_data(as_text=True)
    assert stored(app, filed).status is RequestStatus.OPEN
    assert [entry[0] for entry in log_of(app, filed)] == ["received"]


def test_clarification_pauses_the_clock_of_an_access_request(
    app, moderator, moderator_client, smtp_server
):
    # The design's example: received Mon 2 Nov 2026, paused 5 to 14 Nov, due Mon 14 Dec.
    filed = file_request(app, MONDAY)
    assert stored(app, filed).due == dt.date(2026, 12, 2)
    on_day(app, "2026-11-05")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "The clock stops from today until the requester answers" in page

    response = act(moderator_client, filed, "clarify", message="Which account do you mean?")
    assert response.status_code == 302
    found = stored(app, filed)
    assert [(p.started, p.ended) for p in found.pauses] == [(dt.date(2026, 11, 5), None)]
    (message,) = step_mail(app, smtp_server, filed)
    assert_tells_requester_only(app, message, filed)
    # The email quotes the question and says the clock stops (the law's needs, in the email).
    assert "Which account do you mean?" in text_of(message) and "paused" in text_of(message)

    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Paused: waiting for the requester’s answer" in page
    assert "3 December 2026" in page and "Which account do you mean?" in page
    assert "Ask the requester for clarification</h2>" not in page  # one question at a time

    # As days pass the due date moves with them.
    on_day(app, "2026-11-10")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "8 December 2026" in page
    assert "Paused" in queue_rows(moderator_client)[filed.reference]

    on_day(app, "2026-11-14")
    with app.test_request_context():
        workflow.answer_clarification(db.session.get(AccessRequest, filed.id), "The shop one.")
        db.session.commit()
    assert stored(app, filed).due == dt.date(2026, 12, 14)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "14 December 2026" in page and "Running" in page and "The shop one." in page
    assert "The requester answered" in page

    assert [entry[:2] for entry in log_of(app, filed)] == [
        ("received", None),
        ("clarification_asked", moderator.id),
        ("clarification_answered", None),
    ]
    assert ("request.clarification_asked", moderator.id) in audit_actions(app, filed)


def test_clarification_of_another_right_leaves_the_clock_running(
    app, moderator_client, smtp_server
):
    filed = file_request(app, MONDAY, Right.ERASURE)
    on_day(app, "2026-11-05")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "The clock keeps running while you wait" in page
    assert act(moderator_client, filed, "clarify", message="Which shop?").status_code == 302
    found = stored(app, filed)
    assert found.pauses == [] and found.due == dt.date(2026, 12, 2)
    assert len(step_mail(app, smtp_server, filed)) == 1


def test_a_clarification_needs_its_message(app, moderator_client, smtp_server):
    filed = file_request(app)
    response = act(moderator_client, filed, "clarify", message="  ")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Write the question the requester will be asked." in html
    assert stored(app, filed).pauses == [] and step_mail(app, smtp_server, filed) == []


def test_extend_before_the_first_due_date(app, moderator, moderator_client, smtp_server):
    # The design's example: received Mon 30 Nov 2026, extended: due Mon 1 Mar 2027.
    filed = file_request(app, "2026-11-30")
    on_day(app, "2026-12-30")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "The due date would move to" in page and "1 March 2027" in page

    response = act(moderator_client, filed, "extend", reason="Twelve years of records.")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.extended and found.status is RequestStatus.EXTENDED
    assert found.due == dt.date(2027, 3, 1)
    (message,) = step_mail(app, smtp_server, filed)
    assert_tells_requester_only(app, message, filed)

    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Extended by two months." in page and "Extend the deadline</h2>" not in page
    assert "Twelve years of records." in page
    assert ("extended", moderator.id, "Twelve years of records.") in log_of(app, filed)
    assert ("request.extended", moderator.id) in audit_actions(app, filed)

    twice = act(moderator_client, filed, "extend", reason="Even more records.")
    assert twice.status_code == 409
    assert "An extension can be made once" in twice.get_data(as_text=True)
    assert (
        stored(app, filed).due == dt.date(2027, 3, 1)
        and len(step_mail(app, smtp_server, filed)) == 1
    )


def test_extend_after_the_first_due_date_is_refused(app, moderator_client, smtp_server):
    filed = file_request(app, "2026-11-30")
    on_day(app, "2026-12-31")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Extend the deadline</h2>" not in page and "Overdue" in page

    response = act(moderator_client, filed, "extend", reason="Too late now.")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "An extension can be made once, and only by the last day of the first month" in html
    found = stored(app, filed)
    assert not found.extended and found.status is RequestStatus.OPEN
    assert [entry[0] for entry in log_of(app, filed)] == ["received"]
    assert step_mail(app, smtp_server, filed) == []


def test_an_extension_needs_its_reason(app, moderator_client):
    filed = file_request(app)
    response = act(moderator_client, filed, "extend", reason="")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#extend-reason"' in html and "Give the reason" in html
    assert not stored(app, filed).extended


def test_complete_with_a_file_the_moderator_can_download(
    app, moderator, moderator_client, smtp_server
):
    filed = file_request(app)
    # Larger than the site's 1 MB limit for other forms: answers are often big.
    content = bytes(range(256)) * 8192
    note = "Every CRM record; the fraud notes are withheld (Sch. 2 para 2)."
    response = upload(
        moderator_client, filed, note, "../your data <2026>.zip", content, "application/zip"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    found = stored(app, filed)
    assert found.status is RequestStatus.COMPLETED and found.closed is not None
    assert found.answer_data == content and found.answer_name == "your_data_2026.zip"
    assert found.answer_expires - found.closed == dt.timedelta(days=7)
    (message,) = step_mail(app, smtp_server, filed)
    assert_tells_requester_only(app, message, filed)

    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "your_data_2026.zip" in page and "2 MB" in page
    assert "the fraud notes are withheld" in page
    download = moderator_client.get(f"{filed.page}/answer")
    assert download.status_code == 200 and download.data == content
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"] == 'attachment; filename="your_data_2026.zip"'
    assert download.headers["Cache-Control"] == "no-store, private"

    assert log_of(app, filed)[-1][:2] == ("completed", moderator.id)
    with app.app_context():
        event = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "request.completed")
        )
        assert event.moderator_id == moderator.id
        assert event.detail == {"file": True, "withheld": None}


def test_a_completion_sent_back_asks_for_its_file_again(app, moderator_client):
    """A browser cannot give a chosen file back to a form that returns with its mistakes: the
    page says so beside the file, and says nothing when no file was chosen."""
    filed = file_request(app)
    response = upload(moderator_client, filed, "", "answer.pdf", b"%PDF-1.4", "application/pdf")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The file you chose was not kept when the form came back: choose it again." in html
    assert stored(app, filed).answer_data is None
    without = act(moderator_client, filed, "complete", note="")
    assert without.status_code == 400
    assert "choose it again" not in without.get_data(as_text=True)


def test_complete_without_a_file(app, moderator_client, smtp_server):
    filed = file_request(app)
    response = act(moderator_client, filed, "complete", note="Nothing held about you.")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.status is RequestStatus.COMPLETED and found.answer_data is None
    assert moderator_client.get(f"{filed.page}/answer").status_code == 404
    assert len(step_mail(app, smtp_server, filed)) == 1


def test_completion_needs_its_note(app, moderator_client):
    filed = file_request(app)
    response = act(moderator_client, filed, "complete", note="")
    assert response.status_code == 400
    assert "Say what was provided or withheld" in response.get_data(as_text=True)
    assert stored(app, filed).status is RequestStatus.OPEN


@pytest.mark.parametrize(
    ("size", "code", "words"),
    [
        (0, 400, "The file is empty"),
        (2_049, 400, "The file is too large: it may be at most 2 KB."),
        (200_000, 413, "The file is too large: it may be at most 2 KB."),
    ],
)
def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    app, moderator_client, smtp_server, size, code, words
):
    app.config["REQUEST_ANSWER_MAX_BYTES"] = 2_048
    filed = file_request(app)
    response = upload(
        moderator_client, filed, "All of it.", "answer.pdf", b"x" * size, "application/pdf"
    )
    assert response.status_code == code
    assert words in response.get_data(as_text=True)
    found = stored(app, filed)
    assert found.status is RequestStatus.OPEN and found.answer_data is None
    assert [entry[0] for entry in log_of(app, filed)] == ["received"]
    assert step_mail(app, smtp_server, filed) == []


def test_refuse(app, moderator, moderator_client, smtp_server):
    filed = file_request(app)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Information Commissioner’s Office" in page and "judicial remedy" in page

    reason = "The request repeats one we answered in full last month."
    response = act(moderator_client, filed, "refuse", ground="unfounded", reason=reason)
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.status is RequestStatus.REFUSED and found.outcome == reason
    (message,) = step_mail(app, smtp_server, filed)
    assert_tells_requester_only(app, message, filed)
    for body in (text_of(message), html_of(message)):
        flat = " ".join(body.split())
        assert reason in flat
        assert "supervisory authority" in flat and "Information Commissioner" in flat
        assert "judicial remedy" in flat and "court" in flat

    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Reason for the refusal" in page and reason in page
    assert "Refuse the request</h2>" not in page and "Complete the request</h2>" not in page
    assert ("refused", moderator.id, reason) in log_of(app, filed)
    assert ("request.refused", moderator.id) in audit_actions(app, filed)

    again = act(moderator_client, filed, "complete", note="Changed my mind.")
    assert again.status_code == 409
    assert "This request is not open" in again.get_data(as_text=True)


def test_a_refusal_needs_its_reason(app, moderator_client, smtp_server):
    filed = file_request(app)
    response = act(moderator_client, filed, "refuse", reason="")
    assert response.status_code == 400
    assert 'href="#refuse-reason"' in response.get_data(as_text=True)
    assert (
        stored(app, filed).status is RequestStatus.OPEN and step_mail(app, smtp_server, filed) == []
    )


def test_an_unconfirmed_request_cannot_be_worked(app, moderator_client):
    filed = file_request(app, confirm=False)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Not yet: the clock starts when the requester confirms" in page
    assert "Start work</h2>" not in page and "Complete the request</h2>" not in page
    assert act(moderator_client, filed, "start").status_code == 409
    assert (
        act(moderator_client, filed, "refuse", ground="unfounded", reason="No.").status_code == 409
    )


def test_every_step_is_in_the_log_and_the_audit_trail(
    app, moderator, moderator_client, smtp_server
):
    filed = file_request(app, MONDAY)
    on_day(app, "2026-11-03")
    assert act(moderator_client, filed, "start").status_code == 302
    on_day(app, "2026-11-05")
    assert act(moderator_client, filed, "clarify", message="Which account?").status_code == 302
    on_day(app, "2026-11-06")
    with app.test_request_context():
        workflow.answer_clarification(db.session.get(AccessRequest, filed.id), "The trial one.")
        db.session.commit()
    on_day(app, "2026-11-09")
    assert act(moderator_client, filed, "extend", reason="Many systems.").status_code == 302
    on_day(app, "2027-01-04")
    response = act(moderator_client, filed, "complete", note="Everything we hold.")
    assert response.status_code == 302

    assert log_of(app, filed) == [
        ("received", None, None),
        ("started", moderator.id, None),
        ("clarification_asked", moderator.id, "Which account?"),
        ("clarification_answered", None, "The trial one."),
        ("extended", moderator.id, "Many systems."),
        ("completed", moderator.id, "Everything we hold."),
    ]
    assert audit_actions(app, filed) == [
        ("request.submitted", None),
        ("request.confirmed", None),
        ("request.started", moderator.id),
        ("request.clarification_asked", moderator.id),
        ("request.clarification_answered", None),
        ("request.extended", moderator.id),
        ("request.completed", moderator.id),
    ]
    # Every status change told the requester, each email to them and no one else.
    messages = step_mail(app, smtp_server, filed)
    assert len(messages) == 4
    for message in messages:
        assert_tells_requester_only(app, message, filed)
    with app.app_context():
        unsent = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template.startswith("request_"))
        ).all()
        assert all(message.sent is not None for message in unsent)

    page = moderator_client.get(filed.page).get_data(as_text=True)
    for line in (
        "Work started",
        "Asked the requester for clarification",
        "The requester answered",
        "Deadline extended by two months",
        "Everything we hold.",
    ):
        assert line in page
    assert page.count(f'data-label="Who">{moderator.email}</td>') == 4
