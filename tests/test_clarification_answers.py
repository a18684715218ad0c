"""An answer to a moderator's question that came by post, email or phone, recorded in the panel:
the pause ends on the day it arrived. The queue flags a request paused for long."""

from __future__ import annotations

import datetime as dt

import pytest

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, Right

from actions import act, file_request, log_of, on_day, queue_rows, stored

D = dt.date


def ask(app, filed, day: str) -> None:
    on_day(app, day)
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()


def test_an_answer_by_post_ends_the_pause_on_the_day_it_arrived(app, moderator, moderator_client):
    filed = file_request(app, "2026-11-02")
    ask(app, filed, "2026-11-05")
    on_day(app, "2026-11-20")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Record an answer that came another way" in page
    response = act(
        moderator_client,
        filed,
        "answered",
        answered="2026-11-14",
        answer_channel="post",
        answer="The shop account, 2024 only.",
    )
    assert response.status_code == 302
    found = stored(app, filed)
    assert [(p.started, p.ended) for p in found.pauses] == [(D(2026, 11, 5), D(2026, 11, 14))]
    assert found.due == D(2026, 12, 14)  # the design's example
    assert log_of(app, filed)[-1] == (
        "clarification_answered",
        moderator.id,
        "The shop account, 2024 only.",
    )
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.clarification_recorded")
        ).one()
        assert event.detail == {"channel": "post", "answered": "2026-11-14"}
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Record an answer that came another way" not in page


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"answered": "2026-11-21"}, 400, "cannot be in the future"),
        ({"answered": ""}, 400, "Give the date the answer arrived"),
        ({"answered": "14/11/2026"}, 400, "Write the date as YYYY-MM-DD"),
        ({"answer_channel": "web"}, 400, "Not a valid choice"),
        ({"answer_channel": ""}, 400, "Choose how the answer reached us."),
        ({"answer": " "}, 400, "Copy or sum up the answer."),
        ({"answered": "2026-11-04"}, 409, "cannot come before the question was asked"),
    ],
)
def test_a_wrong_answer_record_is_a_clear_4xx_and_changes_nothing(
    app, moderator_client, fields, code, message
):
    filed = file_request(app, "2026-11-02")
    ask(app, filed, "2026-11-05")
    on_day(app, "2026-11-20")
    sent = {"answered": "2026-11-14", "answer_channel": "phone", "answer": "The shop.", **fields}
    response = act(moderator_client, filed, "answered", **sent)
    assert response.status_code == code
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert stored(app, filed).pauses[0].ended is None


def test_no_question_waiting_means_no_answer_to_record(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    fields = {"answered": "2026-11-05", "answer_channel": "email", "answer": "Hello."}
    response = act(moderator_client, filed, "answered", **fields)
    assert response.status_code == 409
    assert "No question is waiting" in response.get_data(as_text=True).replace("&#39;", "'")


def test_an_answer_to_a_question_on_another_right_is_logged(app, moderator_client):
    filed = file_request(app, "2026-11-02", Right.ERASURE)
    ask(app, filed, "2026-11-05")
    fields = {"answered": "2026-11-05", "answer_channel": "phone", "answer": "The shop."}
    assert act(moderator_client, filed, "answered", **fields).status_code == 302
    assert log_of(app, filed)[-1][0] == "clarification_answered"


def test_the_queue_flags_a_pause_left_open_too_long(app, moderator_client):
    app.config["REQUEST_PAUSE_FLAG_DAYS"] = 14
    filed = file_request(app, "2026-11-02")
    ask(app, filed, "2026-11-05")
    on_day(app, "2026-11-18")  # the 14th day of the wait
    row = queue_rows(moderator_client)[filed.reference]
    assert "Paused" in row and "Long wait" not in row
    on_day(app, "2026-11-19")
    row = queue_rows(moderator_client)[filed.reference]
    assert "Long wait" in row and "paused 15 days" in row
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "The requester has been waited for 15 days." in page
