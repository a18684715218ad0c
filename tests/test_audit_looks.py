"""Every look at a person's data leaves one line in the audit trail, with nothing personal in it:
a search in "Find a person's data", a request's page opened in the panel, its answer file
downloaded by a moderator or by the requester."""

from __future__ import annotations

import json

from flask import Flask

from faq_site import subjects
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent

from moderator_fixtures import post_form
from test_admin_requests import DETAILS, EMAIL, NAME, file_request
from test_questions import ask

PHONE = "07700 900123"
# The phone number as it may be written or stored, none of which may reach the audit trail.
PHONE_FORMS = ("07700", "900123", "7700900123", "7700 900123")
NOTE = "Sent every contact record."


def events(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)))


def new_events(app: Flask, before: list[AuditEvent]) -> list[AuditEvent]:
    seen = {event.id for event in before}
    return [event for event in events(app) if event.id not in seen]


def assert_nothing_personal(app: Flask, *personal: str) -> None:
    """No column of any audit row holds any of the personal values, in any case."""
    for event in events(app):
        columns = [event.actor, event.action, event.subject_type, json.dumps(event.detail)]
        text = " ".join(columns).lower()
        for value in personal:
            assert value.lower() not in text, (value, columns)


def complete_with_file(app: Flask, request_id: int) -> None:
    with app.test_request_context():
        found = db.session.get(AccessRequest, request_id)
        workflow.complete(found, NOTE, answer=("answer.csv", "text/csv", b"name,email\n"))
        db.session.commit()


# Looks --------------------------------------------------------------------------------------


def test_a_search_is_one_line_with_counts_and_never_the_address_or_number(
    app, client, moderator, moderator_client
):
    file_request(app)
    asked = ask(client, f"Do you still keep my number {PHONE} on file?", email=EMAIL)
    assert asked.status_code == 302
    with app.app_context():
        expected = subjects.find(EMAIL, PHONE).counts()
    assert expected["access_requests"] == 1 and expected["questions"] >= 1

    before = events(app)
    assert moderator_client.get("/admin/subjects/").status_code == 200
    assert new_events(app, before) == [], "the empty form looked at nothing"
    response = post_form(moderator_client, "/admin/subjects/", email=EMAIL, phone=PHONE)
    assert response.status_code == 200 and NAME in response.get_data(as_text=True)

    [event] = new_events(app, before)
    assert event.action == "subject.searched"
    assert event.actor == f"moderator #{moderator.id}" and event.moderator_id == moderator.id
    assert event.subject_type == "" and event.subject_id is None
    assert event.detail == {"by_email": True, "by_phone": True, **expected}
    assert_nothing_personal(app, EMAIL, "ann@", "example.com", NAME, *PHONE_FORMS)


def test_a_search_that_is_refused_looks_at_nothing_and_records_nothing(app, moderator_client):
    before = events(app)
    response = post_form(moderator_client, "/admin/subjects/", email="", phone="")
    assert response.status_code == 422
    response = post_form(moderator_client, "/admin/subjects/", phone="not a number")
    assert response.status_code == 422
    assert new_events(app, before) == []


def test_a_search_by_phone_alone_says_so(app, moderator_client):
    before = events(app)
    assert post_form(moderator_client, "/admin/subjects/", phone=PHONE).status_code == 200
    [event] = new_events(app, before)
    assert event.detail["by_email"] is False and event.detail["by_phone"] is True
    assert_nothing_personal(app, *PHONE_FORMS)


def test_a_refused_erasure_lists_the_data_again_and_is_recorded_as_a_search(app, admin_client):
    file_request(app)
    before = events(app)
    response = post_form(admin_client, "/admin/subjects/", "/admin/subjects/erase", email=EMAIL)
    assert response.status_code == 422 and NAME in response.get_data(as_text=True)
    [event] = new_events(app, before)
    assert event.action == "subject.searched" and event.detail["access_requests"] == 1
    assert_nothing_personal(app, EMAIL, NAME)


def test_opening_a_request_page_is_one_line_on_the_request(app, moderator, moderator_client):
    filed = file_request(app)
    before = events(app)
    page = moderator_client.get(f"/admin/requests/{filed.id}")
    assert page.status_code == 200 and NAME in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store, private"

    [event] = new_events(app, before)
    assert event.action == "request.viewed"
    assert (event.subject_type, event.subject_id) == ("accessrequest", filed.id)
    assert event.moderator_id == moderator.id and event.detail == {}
    assert_nothing_personal(app, EMAIL, NAME, DETAILS)

    # Each opening is a look of its own; a page that does not exist shows no one's data.
    assert moderator_client.get(f"/admin/requests/{filed.id}").status_code == 200
    assert moderator_client.get("/admin/requests/2147483647").status_code == 404
    assert [e.action for e in new_events(app, before)] == ["request.viewed", "request.viewed"]


def test_a_stranger_opening_a_request_page_records_nothing(app, client):
    filed = file_request(app)
    before = events(app)
    assert client.get(f"/admin/requests/{filed.id}").status_code == 302
    assert client.get(f"/admin/requests/{filed.id}/answer").status_code == 302
    assert new_events(app, before) == []


def test_each_download_of_the_answer_file_is_one_line_moderator_or_requester(
    app, client, moderator, moderator_client
):
    filed = file_request(app)
    complete_with_file(app, filed.id)
    before = events(app)

    download = moderator_client.get(f"/admin/requests/{filed.id}/answer")
    assert download.status_code == 200 and download.data == b"name,email\n"
    [event] = new_events(app, before)
    assert event.action == "request.answer_downloaded"
    assert (event.subject_type, event.subject_id) == ("accessrequest", filed.id)
    assert event.moderator_id == moderator.id and event.actor == f"moderator #{moderator.id}"

    before = events(app)
    download = client.get(f"/requests/status/{filed.token}/answer")
    assert download.status_code == 200 and download.data == b"name,email\n"
    assert download.headers["Cache-Control"] == "no-store, private"
    [event] = new_events(app, before)
    assert event.action == "request.answer_downloaded" and event.subject_id == filed.id
    assert event.actor == "visitor" and event.moderator_id is None
    assert_nothing_personal(app, EMAIL, NAME, DETAILS, filed.token, "answer.csv")


def test_no_file_to_download_records_nothing(app, client, moderator_client):
    filed = file_request(app)
    before = events(app)
    assert moderator_client.get(f"/admin/requests/{filed.id}/answer").status_code == 404
    assert client.get(f"/requests/status/{filed.token}/answer").status_code == 410
    assert client.get("/requests/status/not-a-token/answer").status_code == 404
    assert new_events(app, before) == []


def test_the_audit_log_names_the_looks_in_words(app, moderator_client, admin_client):
    filed = file_request(app)
    complete_with_file(app, filed.id)
    moderator_client.get(f"/admin/requests/{filed.id}")
    moderator_client.get(f"/admin/requests/{filed.id}/answer")
    post_form(moderator_client, "/admin/subjects/", email=EMAIL)
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Request: its page opened in the panel" in html
    assert "Request: the answer file downloaded" in html
    assert "A person’s data looked up" in html and "by email address: yes" in html
    assert EMAIL not in html and NAME not in html
