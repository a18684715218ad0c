"""Every look at a person's data leaves one line in the audit trail, with nothing personal in it:
a search in "Find a person's data", a request's page opened in the panel, its answer file
downloaded by a moderator or by the requester. Admins, and only admins, download the register
of requests and the audit log as CSV, with no personal data and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from flask import Flask

from faq_site import audit, subjects
from faq_site.access_requests import workflow
from faq_site.clock import local_date
from faq_site.database import in_batches
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    Channel,
    Jurisdiction,
    RefusalGround,
    Right,
)
from faq_site.spreadsheets import cell

from actions import DETAILS, EMAIL, MONDAY, NAME, ask, file_request, post_form

PHONE = "07700 900123"
# The phone number as it may be written or stored, none of which may reach the audit trail.
PHONE_FORMS = ("07700", "900123", "7700900123", "7700 900123")
ADDRESS = "14 Harbour Lane, Falmouth TR11 2AB"
REFUSAL = "The same request was answered last week."
NOTE = "Sent every contact record."
# Codes and dates only: no name, address, phone, description or outcome.
REGISTER_COLUMNS = (
    "reference,right,channel,jurisdiction,status,received,due,closed,extended,refusal_ground,"
    "withheld_ground"
)


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
        workflow.complete(
            found, NOTE, answer=("answer.csv", "text/csv", b"name,email\n"), by=audit.SYSTEM
        )
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
    assert event.detail == {
        "by_email": True,
        "by_phone": True,
        "by_postal_address": False,
        **expected,
    }
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


# Who may export -----------------------------------------------------------------------------

EXPORTS = ("/admin/exports/requests.csv", "/admin/exports/audit.csv")


@pytest.mark.parametrize("path", EXPORTS)
def test_a_moderator_may_not_export_and_a_stranger_is_sent_to_sign_in(
    app, client, moderator_client, path
):
    file_request(app)
    before = events(app)
    refused = moderator_client.get(path)
    assert refused.status_code == 403 and "text/csv" not in refused.headers["Content-Type"]
    assert client.get(path).status_code == 302
    assert new_events(app, before) == []


def test_only_admins_see_the_download_buttons(moderator_client, admin_client):
    assert "/admin/exports/" not in moderator_client.get("/admin/requests/").get_data(as_text=True)
    queue = admin_client.get("/admin/requests/").get_data(as_text=True)
    assert 'href="/admin/exports/requests.csv"' in queue
    log = admin_client.get("/admin/audit?action=request.viewed&since=2026-11-01")
    assert (
        'href="/admin/exports/audit.csv?action=request.viewed&amp;since=2026-11-01"'
        in log.get_data(as_text=True)
    )


# The register of requests -------------------------------------------------------------------


def exported(client, path: str, filename: str) -> tuple[list[list[str]], str]:
    """An export's rows and text, downloaded as an attachment under the given name."""
    response = client.get(path)
    rows = read_csv(response)
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    return rows, response.data.decode("utf-8-sig")


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"\xef\xbb\xbf"), "Excel is told the file is UTF-8"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def several_requests(app: Flask) -> dict[str, int]:
    """An open web request, one refused, one recorded from a letter, one never confirmed, one
    answered in part under EU law."""
    open_one = file_request(app)
    refused = file_request(app, right=Right.ERASURE, name="Bob Refused", email="bob@example.net")
    file_request(app, name="Cy Unconfirmed", email="cy@example.net", confirm=False)
    with app.test_request_context():
        workflow.refuse(
            db.session.get(AccessRequest, refused.id),
            REFUSAL,
            RefusalGround.MANIFESTLY_UNFOUNDED,
            by=audit.SYSTEM,
        )
        letter, _message = workflow.record(
            Right.ACCESS,
            Channel.POST,
            dt.date.fromisoformat(MONDAY),
            workflow.Contact("Dee Letter", postal_address=ADDRESS, phone=PHONE),
            "Everything since 2022.",
            Jurisdiction.BOTH,
            by=audit.SYSTEM,
        )
        partial = db.session.get(AccessRequest, file_request(app, email="eve@example.net").id)
        workflow.set_jurisdiction(partial, Jurisdiction.EU, by=audit.SYSTEM)
        workflow.complete(partial, NOTE, withheld=RefusalGround.DPA_EXEMPTION, by=audit.SYSTEM)
        db.session.commit()
        return {
            "open": open_one.id,
            "refused": refused.id,
            "letter": letter.id,
            "partial": partial.id,
        }


def test_the_register_has_one_row_per_request_and_nothing_personal(app, admin, admin_client):
    ids = several_requests(app)
    before = events(app)
    rows, body = exported(
        admin_client, "/admin/exports/requests.csv", f"request-register-{MONDAY}.csv"
    )
    assert rows[0] == REGISTER_COLUMNS.split(",")
    with app.app_context():
        references = {
            key: db.session.get(AccessRequest, ident).reference for key, ident in ids.items()
        }
        closed = db.session.get(AccessRequest, ids["refused"]).closed
    # Closed at the moment of refusal, given as that day where the company is.
    closed_on = local_date(closed, app.config["SITE_TIMEZONE"]).isoformat()
    by_reference = {row[0]: row for row in rows[1:]}
    # The unconfirmed one is not yet a request anyone must answer, and has no reference.
    assert len(rows) == 5 and set(by_reference) == set(references.values())
    assert by_reference[references["open"]] == [
        references["open"],
        "access",
        "web",
        "uk",
        "open",
        MONDAY,
        "2026-12-02",
        "",
        "no",
        "",
        "",
    ]
    refused = by_reference[references["refused"]]
    assert refused[1:5] == ["erasure", "web", "uk", "refused"]
    assert refused[7] == closed_on and refused[9:] == ["unfounded", ""]
    # An answer given in part names its ground apart, in the terms of its law.
    partial = by_reference[references["partial"]]
    assert partial[4] == "completed" and partial[9:] == ["", "art23_restriction"]
    assert by_reference[references["letter"]][1:6] == ["access", "post", "both", "open", MONDAY]

    for personal in (
        NAME,
        EMAIL,
        DETAILS,
        "Bob Refused",
        "bob@example.net",
        "Cy Unconfirmed",
        "Dee Letter",
        "eve@example.net",
        "Harbour",
        "2022",
        REFUSAL,
        NOTE,
        *PHONE_FORMS,
    ):
        assert personal not in body, personal

    [event] = new_events(app, before)
    assert event.action == "register.exported" and event.detail == {"rows": 4}
    assert event.moderator_id == admin.id


# The audit log ------------------------------------------------------------------------------


def test_the_audit_log_exports_what_the_page_shows_oldest_first_in_utc(app, admin, admin_client):
    filed = file_request(app)
    recorded = events(app)
    rows, body = exported(admin_client, "/admin/exports/audit.csv", f"audit-log-{MONDAY}.csv")
    assert rows[0] == ["time_utc", "who", "action", "on", "detail"]
    assert len(rows) - 1 == len(recorded)
    times = [dt.datetime.fromisoformat(row[0]) for row in rows[1:]]
    assert all(moment.utcoffset() == dt.timedelta(0) for moment in times)
    assert times == sorted(times)
    assert rows[1][0] == recorded[0].created.isoformat(timespec="seconds")
    confirmed = next(row for row in rows if row[2] == "Request confirmed by email")
    assert confirmed[1] == "A visitor" and confirmed[3] == f"Request {filed.reference}"
    assert confirmed[4].startswith("due: ")
    assert EMAIL not in body

    [event] = new_events(app, recorded)
    assert event.action == "audit.exported" and event.moderator_id == admin.id
    assert event.detail == {"rows": len(recorded), "filtered": False}


def test_the_audit_export_follows_the_page_filters(app, admin_client):
    file_request(app)
    file_request(app, email="someone@example.net")
    rows = read_csv(admin_client.get("/admin/exports/audit.csv?action=request.confirmed"))
    assert [row[2] for row in rows[1:]] == ["Request confirmed by email"] * 2
    assert events(app)[-1].detail == {"rows": 2, "filtered": True}

    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    assert read_csv(admin_client.get(f"/admin/exports/audit.csv?since={tomorrow}"))[1:] == []
    before = events(app)
    assert admin_client.get("/admin/exports/audit.csv?until=yesterday").status_code == 400
    assert new_events(app, before) == []


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(app, admin_client):
    with app.app_context():
        db.session.add_all(
            [
                AuditEvent(actor='=HYPERLINK("http://evil.example","x")', action="+cmd.run"),
                AuditEvent(actor="@SUM(A1:A9)", action="x.y", detail={"note": "-2+3"}),
                AuditEvent(actor="\tmoderator", action="x.y"),
                AuditEvent(actor="\rmoderator", action="x.y"),
            ]
        )
        db.session.commit()
    rows = read_csv(admin_client.get("/admin/exports/audit.csv"))
    # After the admin's own signing in: the four planted last.
    planted = rows[-4:]
    assert [row[1] for row in planted] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'@SUM(A1:A9)",
        "'\tmoderator",
        "'\rmoderator",
    ]
    assert planted[0][2] == "'+cmd: run"
    assert planted[1][4] == "note: -2+3", "only a cell's first character matters"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700", "'+44 7700"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("SAR-2026-000001", "SAR-2026-000001"),
        ("", ""),
        (None, ""),
        (3, "3"),
        (dt.date(2026, 11, 2), "2026-11-02"),
    ],
)
def test_cells(value, written):
    assert cell(value) == written


def test_batches_cover_every_row_once_in_order_even_with_equal_times(app):
    moment = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with app.app_context():
        db.session.add_all(
            AuditEvent(actor="system", action="x.y", created=moment + dt.timedelta(seconds=n // 3))
            for n in range(7)
        )
        db.session.commit()
        query = db.select(AuditEvent)
        batches = list(in_batches(query, AuditEvent.created, AuditEvent.id, size=2))
        order = [(event.created, event.id) for batch in batches for event in batch]
    assert [len(batch) for batch in batches] == [2, 2, 2, 1]
    assert order == sorted(order) and len(set(order)) == 7


def test_a_detail_not_given_is_left_out_not_shown_as_none() -> None:
    from faq_site.audit_details import detail_words
    from faq_site.models import AuditEvent

    event = AuditEvent(
        action="request.recorded", detail={"channel": "post", "capacity": None, "email": False}
    )
    assert detail_words(event, {}, {}) == "channel: post, email: no"
