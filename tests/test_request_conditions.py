"""What the clock waits for before it starts again (UK and EU GDPR Art. 12): information to
confirm who made a request where there is reasonable doubt (Art. 12(6)), the authority of
someone acting for the person, and a fee where the site charges one. Until it arrives the
request has no due date; on the day it does, the clock starts again from day one: a restart,
not a pause."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, Capacity, ConditionKind, Right

from actions import act, file_request, log_of, mail_of, on_day, page_token, queue_rows, stored

D = dt.date
ASKED = "Please tell us the postcode and the last order number on your account."
FOR_A_CLIENT = workflow.Behalf("Grace Okonkwo", Capacity.SOLICITOR)


def audit_of(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def ask(client, filed, kind: str = "identity", message: str = ASKED, amount: str = ""):
    return act(client, filed, "wait", kind=kind, wait_message=message, amount=amount)


def arrived(client, filed, day: str, channel: str = "post"):
    return act(client, filed, "met", met=day, met_channel=channel)


def text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True)).replace("&#39;", "'")


def test_asking_for_identity_stops_the_clock_and_tells_the_requester_what_to_send(
    app, moderator, moderator_client, client
):
    filed = file_request(app, "2026-11-02")
    assert stored(app, filed).due == D(2026, 12, 2)
    on_day(app, "2026-11-05")
    assert "Ask for something before the clock runs" in text(moderator_client.get(filed.page))
    response = ask(moderator_client, filed)
    assert response.status_code == 302
    found = stored(app, filed)
    [condition] = found.conditions
    assert (condition.kind, condition.asked, condition.met) == (
        ConditionKind.IDENTITY,
        D(2026, 11, 5),
        None,
    )
    assert found.due is None  # no clock until the information arrives
    assert log_of(app, filed)[-1] == ("identity_asked", moderator.id, ASKED)
    [event] = audit_of(app, "request.condition_asked")
    assert event.detail == {"kind": "identity"}
    [mail] = mail_of(app, "request_condition")
    assert ASKED in mail.body_text and ASKED in mail.body_html
    assert "does not run" in mail.body_text and "starts again" in mail.body_text
    assert filed.token in mail.body_text  # the status link
    # The panel offers to record it, and neither a second request nor a question meanwhile.
    page = text(moderator_client.get(filed.page))
    assert "Record what arrived: Identity information" in page
    assert "Ask for something before the clock runs" not in page
    assert "Ask the requester for clarification" not in page
    # The requester's status page says the clock waits for them.
    status = text(client.get(f"/requests/status/{filed.token}"))
    assert "The clock waits for information to confirm who you are" in status
    assert ASKED in status


def test_what_arrives_restarts_the_clock_from_that_day(app, moderator, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    on_day(app, "2026-11-23")
    assert arrived(moderator_client, filed, "2026-11-20").status_code == 302
    found = stored(app, filed)
    assert found.conditions[0].met == D(2026, 11, 20)
    # Day one is 20 November: a month on is Sunday 20 December, so Monday 21 December.
    assert found.due == D(2026, 12, 21)
    assert log_of(app, filed)[-1] == ("identity_received", moderator.id, None)
    [event] = audit_of(app, "request.condition_met")
    assert event.detail == {
        "kind": "identity",
        "channel": "post",
        "met": "2026-11-20",
        "due": "2026-12-21",
    }
    [mail] = mail_of(app, "request_condition_met")
    assert "20 November 2026" in mail.body_text and "21 December 2026" in mail.body_text
    page = text(moderator_client.get(filed.page))
    assert "Record what arrived" not in page
    assert "received on 20 November 2026 by post" in page
    # A second doubt can still be raised: the step is offered again.
    assert "Ask for something before the clock runs" in page


def test_a_pause_before_the_restart_no_longer_counts(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-03")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    on_day(app, "2026-11-04")
    with app.test_request_context():
        workflow.answer_clarification(db.session.get(AccessRequest, filed.id), "The shop one.")
        db.session.commit()
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    on_day(app, "2026-11-20")
    assert arrived(moderator_client, filed, "2026-11-20", "email").status_code == 302
    assert stored(app, filed).due == D(2026, 12, 21)


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"met": "2026-11-21"}, 400, "cannot be in the future"),
        ({"met": ""}, 400, "Give the date it arrived"),
        ({"met": "20/11/2026"}, 400, "Write the date as YYYY-MM-DD"),
        ({"met_channel": "web"}, 400, "Not a valid choice"),
        ({"met_channel": ""}, 400, "Choose how it reached us."),
        ({"met": "2026-11-04"}, 409, "cannot arrive before it was asked for"),
    ],
)
def test_a_wrong_arrival_record_is_a_clear_4xx_and_changes_nothing(
    app, moderator_client, fields, code, message
):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    on_day(app, "2026-11-20")
    sent = {"met": "2026-11-20", "met_channel": "post", **fields}
    response = act(moderator_client, filed, "met", **sent)
    assert response.status_code == code
    assert message in text(response)
    found = stored(app, filed)
    assert found.conditions[0].met is None and found.due is None
    assert not mail_of(app, "request_condition_met")


def test_steps_out_of_turn_are_refused_with_a_reason(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    response = arrived(moderator_client, filed, "2026-11-05")
    assert response.status_code == 409
    assert "Nothing is awaited" in text(response)
    assert ask(moderator_client, filed).status_code == 302
    response = ask(moderator_client, filed, kind="authority")
    assert response.status_code == 409
    assert "has not arrived yet" in text(response)
    response = ask(moderator_client, filed, message=" ")
    assert response.status_code == 400
    assert "Say what the requester should send" in text(response)
    assert len(mail_of(app, "request_condition")) == 1


def test_the_queue_marks_a_waiting_request_and_flags_a_long_wait(app, moderator_client):
    app.config["REQUEST_PAUSE_FLAG_DAYS"] = 14
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    on_day(app, "2026-11-18")  # the 14th day of the wait
    row = queue_rows(moderator_client)[filed.reference]
    assert "Waiting for identity information from the requester" in row
    assert "Long wait" not in row
    on_day(app, "2026-11-19")
    row = queue_rows(moderator_client)[filed.reference]
    assert "Long wait" in row and "Identity information asked for 15 days ago" in row


# ---------- Requests made for someone else ----------


def request_form(client) -> dict[str, str]:
    page = client.get("/requests/new").get_data(as_text=True)
    fields = {
        "csrf_token": page_token(client, "/requests/new"),
        "right": "access",
        "name": "Ruth Ashdown",
        "email": "ruth.ashdown@example.com",
        "details": "A copy of everything you hold about my client since 2023.",
    }
    for name in ("started", "submission"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
            rf'value="([^"]*)"[^>]*name="{name}"', page
        )
        fields[name] = match.group(1)
    return fields


def test_a_web_request_for_someone_else_waits_for_the_authority_to_act(
    app, moderator, moderator_client
):
    filed = file_request(app, "2026-11-02", behalf=FOR_A_CLIENT)
    found = stored(app, filed)
    assert (found.acting_for, found.capacity) == ("Grace Okonkwo", Capacity.SOLICITOR)
    [condition] = found.conditions
    assert (condition.kind, condition.asked, condition.met) == (
        ConditionKind.AUTHORITY,
        D(2026, 11, 2),
        None,
    )
    assert found.due is None
    [mail] = mail_of(app, "request_received")
    assert "authority to act for them" in mail.body_text and "due by" not in mail.body_text
    # Where to send it by post is in the email itself.
    assert "send it by post to Data Protection Officer, Quillstone CRM Ltd" in mail.body_text
    page = text(moderator_client.get(filed.page))
    assert "Grace Okonkwo (Their solicitor or legal representative)" in page
    assert "Access to their data" in page and "Access to my data" not in page
    assert "Record what arrived: Authority to act" in page
    on_day(app, "2026-11-09")
    assert arrived(moderator_client, filed, "2026-11-09", "email").status_code == 302
    # Day one is Monday 9 November: due Wednesday 9 December.
    assert stored(app, filed).due == D(2026, 12, 9)
    assert log_of(app, filed)[-1] == ("authority_received", moderator.id, None)


def test_the_pages_of_a_request_for_someone_else_say_when_its_clock_starts(app, client):
    filed = file_request(app, "2026-11-02", behalf=FOR_A_CLIENT, confirm=False)
    [confirmation] = mail_of(app, "request_confirm")
    link = re.search(r"https?://\S+(/requests/confirm/\S+)", confirmation.body_text).group(1)
    page = text(client.get(link))
    assert "authority to act for them reaches us" in page
    assert "starts today" not in page
    assert "Made forGrace Okonkwo" in page and "Access to their data" in page
    sent = text(client.get("/requests/sent"))
    assert "for a request made for someone else, on the day your authority" in sent
    assert client.post(link, data={"csrf_token": page_token(client, link)}).status_code == 302
    status = text(client.get(f"/requests/status/{filed.token}"))
    assert "Access to their data" in status
    # A request about the requester keeps its own words, and its clock starts on confirmation.
    own = file_request(app, "2026-11-02", email="sam@example.org", confirm=False)
    mine = [m for m in mail_of(app, "request_confirm") if m.recipient == "sam@example.org"]
    link = re.search(r"https?://\S+(/requests/confirm/\S+)", mine[0].body_text).group(1)
    page = text(client.get(link))
    assert "starts today" in page and "Access to my data" in page and "Made for" not in page
    assert own.token


def test_the_request_form_takes_the_person_asked_for_and_checks_both_go_together(app, client):
    app.config["SITE_TODAY"] = "2026-11-02"
    app.config["REQUEST_RATE_LIMIT"] = "10 per minute"  # four sendings from one place
    fields = request_form(client)
    response = client.post("/requests/new", data={**fields, "acting_for": "Grace Okonkwo"})
    assert response.status_code == 400
    assert "Choose in what capacity the request is made for them." in text(response)
    fields = request_form(client)
    response = client.post("/requests/new", data={**fields, "capacity": "parent"})
    assert response.status_code == 400
    assert "Give the name of the person the request is for" in text(response)
    fields = request_form(client)
    response = client.post("/requests/new", data={**fields, "capacity": "king"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AccessRequest.id))) == 0
    fields = request_form(client)
    data = {**fields, "acting_for": "Grace Okonkwo", "capacity": "parent"}
    assert client.post("/requests/new", data=data).status_code == 302
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        assert (found.acting_for, found.capacity) == ("Grace Okonkwo", Capacity.PARENT)
        assert found.name == "Ruth Ashdown"


def record_letter(client, **changes):
    fields = {
        "received": "2026-11-02",
        "channel": "post",
        "right": "access",
        "jurisdiction": "uk",
        "name": "Ruth Ashdown, Ashdown & Co Solicitors",
        "email": "",
        "postal_address": "3 Bridge Street, Truro TR1 2AA",
        "phone": "",
        "details": "For our client, a copy of all data held.",
        "acting_for": "Grace Okonkwo",
        "capacity": "solicitor",
        "authority_received": "",
        **changes,
    }
    token = page_token(client, "/admin/requests/record/")
    return client.post("/admin/requests/record/", data={"csrf_token": token, **fields})


def only_request(app) -> AccessRequest:
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        found.conditions  # noqa: B018
        return found


def test_a_recorded_request_with_its_authority_enclosed_runs_from_that_day(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-11-12"
    response = record_letter(moderator_client, authority_received="2026-11-02")
    assert response.status_code == 302
    found = only_request(app)
    assert found.due == D(2026, 12, 2)
    [condition] = found.conditions
    assert (condition.kind, condition.met) == (ConditionKind.AUTHORITY, D(2026, 11, 2))


def test_a_recorded_request_without_its_authority_waits_for_it(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-11-12"
    assert record_letter(moderator_client).status_code == 302
    found = only_request(app)
    assert found.due is None and found.conditions[0].met is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"authority_received": "2026-11-01"}, "The authority cannot arrive before the request"),
        ({"authority_received": "2026-11-13"}, "cannot be in the future"),
        ({"authority_received": "2 Nov"}, "Write the date as YYYY-MM-DD"),
        ({"acting_for": "", "capacity": ""}, None),
        ({"acting_for": "", "authority_received": "2026-11-02", "capacity": ""}, "belongs to"),
        ({"capacity": ""}, "Choose in what capacity"),
    ],
)
def test_the_record_form_checks_the_authority(app, moderator_client, changes, message):
    app.config["SITE_TODAY"] = "2026-11-12"
    response = record_letter(moderator_client, **changes)
    if message is None:  # for themselves: no authority, the clock runs from receipt
        assert response.status_code == 302
        assert only_request(app).conditions == []
        return
    assert response.status_code == 400
    assert message in text(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AccessRequest.id))) == 0


# ---------- Fees ----------


def test_fees_are_off_unless_the_site_charges_them(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    assert "A fee" not in text(moderator_client.get(filed.page))
    response = ask(moderator_client, filed, kind="fee", amount="£10")
    assert response.status_code == 400
    assert stored(app, filed).conditions == []


def test_a_fee_where_the_site_charges_one(app, moderator_client):
    app.config["REQUEST_FEES"] = True
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    page = text(moderator_client.get(filed.page))
    assert "A fee" in page
    response = ask(moderator_client, filed, kind="fee", message="Pay by bank transfer.")
    assert response.status_code == 400
    assert "Say how much the fee is." in text(response)
    ask(moderator_client, filed, kind="fee", message="Pay by bank transfer.", amount="£10")
    found = stored(app, filed)
    assert (found.conditions[0].kind, found.conditions[0].amount) == (ConditionKind.FEE, "£10")
    [mail] = mail_of(app, "request_condition")
    assert "fee of £10" in mail.body_text
    # Completing waits for the payment, and the page says so in words that fit a fee.
    page = text(moderator_client.get(filed.page))
    assert "Waiting for: Fee. The request is answered once it is paid" in page
    assert "someone it does not belong to" not in page
    on_day(app, "2026-11-10")
    arrived(moderator_client, filed, "2026-11-10", "email")
    assert stored(app, filed).due == D(2026, 12, 10)


# ---------- From an outside attack on the new steps ----------


def test_the_law_can_change_while_the_clock_waits(app, moderator_client):
    filed = file_request(app, "2026-11-02", behalf=FOR_A_CLIENT)
    on_day(app, "2026-11-05")
    response = act(moderator_client, filed, "jurisdiction", jurisdiction="eu")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.jurisdiction.value == "eu" and found.due is None
    [event] = audit_of(app, "request.jurisdiction_set")
    assert event.detail == {"from": "uk", "to": "eu", "due": None}


def test_no_question_while_the_clock_waits_for_something_asked(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    response = act(moderator_client, filed, "clarify", message="Which account?")
    assert response.status_code == 409
    assert "record its arrival before asking more" in text(response)
    assert not mail_of(app, "request_clarification")


def test_a_fee_amount_is_one_line(app, moderator_client):
    app.config["REQUEST_FEES"] = True
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    response = ask(moderator_client, filed, kind="fee", amount="£10\r\nX: y")
    assert response.status_code == 400
    assert "Write the amount on one line" in text(response)
    assert stored(app, filed).conditions == []


def test_an_unreadable_authority_date_is_told_once(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-11-12"
    response = record_letter(moderator_client, authority_received="2 Nov")
    assert response.status_code == 400
    page = text(response)
    assert "Write the date as YYYY-MM-DD" in page and "Not a valid date value" not in page


def test_what_the_clock_waited_for_is_in_the_person_s_export(app, moderator_client):
    from faq_site import subjects

    filed = file_request(app, "2026-11-02", email="ivy.export@example.com")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed)
    with app.test_request_context():
        [exported] = subjects.export(subjects.find("ivy.export@example.com"))["access_requests"]
    [condition] = exported["conditions"]
    assert condition["kind"] == "identity" and condition["asked"] == "2026-11-05"


def test_a_confirmation_link_sent_twice_confirms_once(app, client):
    app.config["SITE_TODAY"] = "2026-11-02"
    with app.test_request_context():
        request, _mail = workflow.submit(
            Right.ACCESS,
            "Ruth Ashdown",
            "ruth.twice@example.com",
            "All of it.",
            behalf=FOR_A_CLIENT,
        )
        db.session.commit()
        signed = workflow._sign(request)
    token = page_token(client, f"/requests/confirm/{signed}")
    first = client.post(f"/requests/confirm/{signed}", data={"csrf_token": token})
    second = client.post(f"/requests/confirm/{signed}", data={"csrf_token": token})
    assert first.status_code == 302 and second.status_code == 410
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        assert len(found.conditions) == 1
        assert [e.action for e in found.events].count("received") == 1


# ---------- From an outside walk by a data protection officer ----------


def test_an_overdue_request_cannot_be_made_to_wait(app, moderator_client):
    filed = file_request(app, "2026-11-02")  # due Wednesday 2 December
    on_day(app, "2026-12-04")
    response = ask(moderator_client, filed)
    assert response.status_code == 409
    assert "already overdue" in text(response)
    assert stored(app, filed).conditions == []


def test_nothing_is_completed_before_the_authority_arrives(app, moderator_client):
    filed = file_request(app, "2026-11-02", behalf=FOR_A_CLIENT)
    on_day(app, "2026-11-05")
    response = act(moderator_client, filed, "complete", note="Everything we hold.")
    assert response.status_code == 409
    assert "record it first, or refuse the request" in text(response)
    assert stored(app, filed).status.value == "open"
    refused = act(moderator_client, filed, "refuse", ground="not_identified", reason="No proof.")
    assert refused.status_code == 302


def test_the_confirmation_email_of_a_request_for_someone_else_says_when_the_clock_starts(app):
    file_request(app, "2026-11-02", behalf=FOR_A_CLIENT, confirm=False)
    [mail] = mail_of(app, "request_confirm")
    assert "starts on the day your authority to act for them reaches us" in mail.body_text
    assert "starts on the day you confirm" not in mail.body_text


def test_a_request_recorded_late_says_its_due_date_has_passed(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-12-06"
    response = record_letter(
        moderator_client,
        received="2026-11-02",
        email="late.letter@example.com",
        acting_for="",
        capacity="",
    )
    assert response.status_code == 302
    [mail] = mail_of(app, "request_recorded")
    assert "2 December 2026" in mail.body_text and "That date has passed" in mail.body_text


def test_a_request_without_an_email_address_warns_the_moderator_that_nobody_was_told(
    app, moderator_client
):
    app.config["SITE_TODAY"] = "2026-11-12"
    record_letter(moderator_client, acting_for="", capacity="")
    found = only_request(app)
    page = f"/admin/requests/{found.id}"
    token = page_token(moderator_client, page)
    response = moderator_client.post(
        f"{page}/start", data={"csrf_token": token}, follow_redirects=True
    )
    assert "nothing was emailed: tell the requester by post or phone" in text(response)


def test_html_emails_keep_the_moderator_s_lines(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    ask(moderator_client, filed, message="First line.\nSecond <line>.")
    [mail] = mail_of(app, "request_condition")
    assert "First line.<br>\nSecond &lt;line&gt;." in mail.body_html
