"""The identity step (UK and EU GDPR Art. 12(6)): where there is reasonable doubt about who made a
request, a moderator asks for the information needed to confirm it. The clock then waits, and on
the day the information arrives it starts again from day one: a restart, not a pause."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, OutboxMessage

from test_admin_requests import act, file_request, log_of, on_day, queue_rows, stored

D = dt.date
ASKED = "Please tell us the postcode and the last order number on your account."


def mail_of(app, template: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == template))
        )


def audit_of(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def ask_identity(client, filed, message: str = ASKED):
    return act(client, filed, "identity/ask", identity_message=message)


def test_asking_for_identity_stops_the_clock_and_tells_the_requester_what_to_send(
    app, moderator, moderator_client, client
):
    filed = file_request(app, "2026-11-02")
    assert stored(app, filed).due == D(2026, 12, 2)
    on_day(app, "2026-11-05")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Ask the requester to confirm who they are" in page
    response = ask_identity(moderator_client, filed)
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.identity_requested == D(2026, 11, 5)
    assert found.identity_received is None
    assert found.due is None  # no clock until the information arrives
    assert log_of(app, filed)[-1] == ("identity_asked", moderator.id, ASKED)
    assert len(audit_of(app, "request.identity_asked")) == 1
    [mail] = mail_of(app, "request_identity")
    assert ASKED in mail.body_text
    assert "does not run" in mail.body_text and "starts again" in mail.body_text
    assert filed.token in mail.body_text  # the status link
    # The panel offers to record the information, and no second request for it or a question.
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Record the identity information" in page
    assert "Ask the requester to confirm who they are" not in page
    assert "Ask the requester for clarification" not in page
    # The requester's status page says the clock waits for them.
    status = client.get(f"/requests/status/{filed.token}").get_data(as_text=True)
    assert "The clock waits for what we asked you for" in status
    assert ASKED in status


def test_the_information_arriving_restarts_the_clock_from_that_day(
    app, moderator, moderator_client
):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask_identity(moderator_client, filed)
    on_day(app, "2026-11-23")
    response = act(
        moderator_client,
        filed,
        "identity",
        identity_received="2026-11-20",
        identity_channel="post",
    )
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.identity_received == D(2026, 11, 20)
    # Day one is 20 November: a month on is Sunday 20 December, so Monday 21 December.
    assert found.due == D(2026, 12, 21)
    assert log_of(app, filed)[-1] == ("identity_received", moderator.id, None)
    [event] = audit_of(app, "request.identity_received")
    assert event.detail == {"channel": "post", "received": "2026-11-20", "due": "2026-12-21"}
    [mail] = mail_of(app, "request_identity_received")
    assert "20 November 2026" in mail.body_text and "21 December 2026" in mail.body_text
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Record the identity information" not in page
    assert "received on 20 November 2026" in re.sub(r"<[^>]+>", "", page)
    # A second doubt can still be raised: the step is offered again.
    assert "Ask the requester to confirm who they are" in page


def test_a_pause_before_the_restart_no_longer_counts(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-03")
    with app.test_request_context():
        workflow.ask_clarification(db.session.get(AccessRequest, filed.id), "Which account?")
        db.session.commit()
    on_day(app, "2026-11-04")
    with app.test_request_context():
        workflow.answer_clarification(db.session.get(AccessRequest, filed.id), "The shop one.")
        db.session.commit()
    on_day(app, "2026-11-05")
    ask_identity(moderator_client, filed)
    on_day(app, "2026-11-20")
    fields = {"identity_received": "2026-11-20", "identity_channel": "email"}
    assert act(moderator_client, filed, "identity", **fields).status_code == 302
    assert stored(app, filed).due == D(2026, 12, 21)


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"identity_received": "2026-11-21"}, 400, "cannot be in the future"),
        ({"identity_received": ""}, 400, "Give the date the information arrived"),
        ({"identity_received": "20/11/2026"}, 400, "Write the date as YYYY-MM-DD"),
        ({"identity_channel": "web"}, 400, "Not a valid choice"),
        ({"identity_channel": ""}, 400, "Choose how the information reached us."),
        ({"identity_received": "2026-11-04"}, 409, "cannot arrive before it was asked for"),
    ],
)
def test_a_wrong_identity_record_is_a_clear_4xx_and_changes_nothing(
    app, moderator_client, fields, code, message
):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask_identity(moderator_client, filed)
    on_day(app, "2026-11-20")
    sent = {"identity_received": "2026-11-20", "identity_channel": "post", **fields}
    response = act(moderator_client, filed, "identity", **sent)
    assert response.status_code == code
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    found = stored(app, filed)
    assert found.identity_received is None and found.due is None
    assert not mail_of(app, "request_identity_received")


def test_steps_out_of_turn_are_refused_with_a_reason(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    fields = {"identity_received": "2026-11-05", "identity_channel": "post"}
    response = act(moderator_client, filed, "identity", **fields)
    assert response.status_code == 409
    assert "No identity information is awaited" in response.get_data(as_text=True)
    assert ask_identity(moderator_client, filed).status_code == 302
    response = ask_identity(moderator_client, filed)
    assert response.status_code == 409
    assert "has not sent the identity information yet" in response.get_data(as_text=True)
    response = ask_identity(moderator_client, filed, message=" ")
    assert response.status_code == 400
    assert "Say what information you need" in response.get_data(as_text=True)
    assert len(mail_of(app, "request_identity")) == 1


def test_the_queue_marks_a_request_waiting_for_identity_and_flags_a_long_wait(
    app, moderator_client
):
    app.config["REQUEST_PAUSE_FLAG_DAYS"] = 14
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask_identity(moderator_client, filed)
    on_day(app, "2026-11-18")  # the 14th day of the wait
    row = queue_rows(moderator_client)[filed.reference]
    assert "waiting for the requester to confirm who they are" in row
    assert "Long wait" not in row
    on_day(app, "2026-11-19")
    row = queue_rows(moderator_client)[filed.reference]
    assert "Long wait" in row and "identity asked for 15 days ago" in row
