"""The statutory clock at its edges: a question asked once the time has run out stops nothing,
the extension window closes on the calendar day the first month ends, and the due date a closed
request is judged against includes the days it was paused, for completions and refusals alike."""

from __future__ import annotations

import datetime as dt
import re

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.deadlines import (
    Clock,
    Pause,
    can_extend,
    counted_pauses,
    due_date,
    extension_deadline,
    period_end,
)
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, RequestStatus, Right

from actions import act, file_request, log_of, on_day, queue_rows, stored

D = dt.date


# ---------- The pure clock ----------


def test_a_pause_opened_after_the_month_ran_out_stops_nothing():
    # Received Mon 2 Nov: the month ends on Wed 2 Dec.
    late = Pause(D(2026, 12, 3), D(2026, 12, 20))
    assert counted_pauses(D(2026, 11, 2), [late], 1) == []
    assert due_date(D(2026, 11, 2), pauses=[late]) == D(2026, 12, 2)
    clock = Clock(D(2026, 11, 2), (Pause(D(2026, 12, 3)),))
    # Still open, but opened too late: the clock is running, and the request is overdue.
    assert not clock.paused
    assert clock.is_overdue(D(2026, 12, 10))
    assert clock.due_on(D(2026, 12, 10)) == D(2026, 12, 2)


def test_a_pause_on_the_last_day_of_the_month_still_counts():
    clock = Clock(D(2026, 11, 2), (Pause(D(2026, 12, 2), D(2026, 12, 4)),))
    assert clock.due == D(2026, 12, 7)  # 2 Dec + 3 days = Sat 5 Dec, rolled to Monday


def test_a_pause_can_be_opened_until_the_calendar_month_ends_not_the_rolled_due_date():
    # Received Wed 25 Nov: the month ends on Fri 25 Dec, a bank holiday; due Tue 29 Dec.
    clock = Clock(D(2026, 11, 25))
    assert clock.due == D(2026, 12, 29)
    assert clock.can_pause(D(2026, 12, 25))
    assert not clock.can_pause(D(2026, 12, 26))
    assert not clock.can_pause(D(2026, 12, 29))


def test_earlier_pauses_move_the_end_of_the_month_for_the_next():
    # Paused 5 to 14 Nov (10 days): the month now ends on Sat 12 Dec; due Mon 14 Dec.
    answered = Pause(D(2026, 11, 5), D(2026, 11, 14))
    clock = Clock(D(2026, 11, 2), (answered,))
    assert period_end(D(2026, 11, 2), pauses=[answered], months=1) == D(2026, 12, 12)
    assert clock.can_pause(D(2026, 12, 12))
    assert not clock.can_pause(D(2026, 12, 13))
    second = Pause(D(2026, 12, 13), D(2026, 12, 20))
    assert Clock(D(2026, 11, 2), (answered, second)).due == D(2026, 12, 14)


def test_a_paused_clock_cannot_be_paused_again():
    assert not Clock(D(2026, 11, 2), (Pause(D(2026, 11, 5)),)).can_pause(D(2026, 11, 6))


def test_an_extended_clock_can_be_paused_within_its_three_months():
    clock = Clock(D(2026, 11, 2), extended=True)
    assert clock.can_pause(D(2027, 2, 2))
    assert not clock.can_pause(D(2027, 2, 3))
    paused = Clock(D(2026, 11, 2), (Pause(D(2027, 1, 10), D(2027, 1, 14)),), extended=True)
    # 2 Feb + 5 days = Sun 7 Feb, rolled to Monday; the first month is untouched by it.
    assert paused.due == D(2027, 2, 8)
    assert paused.first_due == D(2026, 12, 2)


def test_the_extension_window_closes_on_the_calendar_date_not_the_rolled_day():
    # Received Wed 25 Nov: the first month ends Fri 25 Dec (a bank holiday), due Tue 29 Dec.
    clock = Clock(D(2026, 11, 25))
    assert extension_deadline(D(2026, 11, 25)) == D(2026, 12, 25)
    assert can_extend(clock, D(2026, 12, 25))
    assert not can_extend(clock, D(2026, 12, 26))
    assert not can_extend(clock, D(2026, 12, 29)), "the due date's roll is not more time"
    # A month ending on a Saturday: received Sat 14 Nov, due Mon 14 Dec; ends Mon 14 Dec.
    assert can_extend(Clock(D(2026, 11, 14)), D(2026, 12, 14))
    # Received Sun 31 Jan 2027: the month ends Sun 28 Feb, due Mon 1 Mar.
    assert can_extend(Clock(D(2027, 1, 31)), D(2027, 2, 28))
    assert not can_extend(Clock(D(2027, 1, 31)), D(2027, 3, 1))


# ---------- The workflow and the panel ----------


def test_a_question_after_the_month_ran_out_does_not_pause_and_the_request_stays_overdue(
    app, moderator_client
):
    filed = file_request(app, "2026-11-02")  # due Wed 2 Dec
    on_day(app, "2026-12-04")
    assert "Overdue" in queue_rows(moderator_client)[filed.reference]
    page = words(moderator_client.get(filed.page).get_data(as_text=True))
    assert "The time to answer ran out on 2 December 2026" in page
    assert "The clock stops from today" not in page

    response = act(moderator_client, filed, "clarify", message="Which account?")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.pauses == [] and found.due == D(2026, 12, 2)
    assert [entry[0] for entry in log_of(app, filed)] == ["received", "clarification_asked"]
    row = queue_rows(moderator_client)[filed.reference]
    assert "Overdue" in row and "Paused" not in row
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.clarification_asked")
        ).one()
        assert event.detail == {"paused": False}


def test_on_the_last_calendar_day_a_question_still_pauses(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-12-02")
    assert act(moderator_client, filed, "clarify", message="Which account?").status_code == 302
    found = stored(app, filed)
    assert [(p.started, p.ended) for p in found.pauses] == [(D(2026, 12, 2), None)]


def test_the_panel_offers_the_extension_until_the_calendar_date_only(app, moderator_client):
    filed = file_request(app, "2026-11-25")  # the month ends Fri 25 Dec, due Tue 29 Dec
    on_day(app, "2026-12-24")
    page = words(moderator_client.get(filed.page).get_data(as_text=True))
    assert "it can still be, until 25 December 2026" in page
    assert "sent by the last day of the first month, 25 December 2026" in page
    on_day(app, "2026-12-28")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Extend the deadline</h2>" not in page
    response = act(moderator_client, filed, "extend", reason="Many systems.")
    assert response.status_code == 409
    assert "last day of the first month" in response.get_data(as_text=True)
    assert not stored(app, filed).extended


def words(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def close_on(app, filed, day: str) -> None:
    """The step was taken on `day`: `closed` is the real moment, which tests cannot choose."""
    with app.app_context():
        found = db.session.get(AccessRequest, filed.id)
        found.closed = dt.datetime.combine(D.fromisoformat(day), dt.time(12), tzinfo=dt.UTC)
        db.session.commit()


def figures(client) -> dict[str, list[str]]:
    """The requests' figures by quarter (the complaints' table follows them)."""
    html = client.get("/transparency").get_data(as_text=True)
    html = html.split('id="page-complaints-caption"')[0]
    return {
        label: [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", cells)]
        for label, cells in re.findall(r'<th scope="row">(\d{4} Q\d)</th>(.*?)</tr>', html, re.S)
    }


def test_completed_after_a_pause_is_judged_against_the_moved_due_date(app, client):
    filed = file_request(app, "2026-11-02")  # due Wed 2 Dec
    on_day(app, "2026-11-05")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    # Still waiting on 10 Dec when the moderator completes it: 5 Nov to 10 Dec (36 days) did
    # not count, so it is on time.
    on_day(app, "2026-12-10")
    with app.test_request_context():
        workflow.complete(db.session.get(AccessRequest, filed.id), "All of it.", by=audit.SYSTEM)
        db.session.commit()
    close_on(app, filed, "2026-12-10")
    found = stored(app, filed)
    assert found.status is RequestStatus.COMPLETED
    assert [(p.started, p.ended) for p in found.pauses] == [(D(2026, 11, 5), D(2026, 12, 10))]
    assert found.due == D(2027, 1, 7)
    app.config["SITE_TODAY"] = "2026-12-10"
    # received, completed, on time, extended, refused, refused on time, median, questions
    assert figures(client)["2026 Q4"][:6] == ["1", "1", "1", "0", "0", "0"]


def test_refusals_are_judged_for_timeliness_too(app, client):
    on_time = file_request(app, "2026-11-02", Right.ERASURE)
    late = file_request(app, "2026-11-03", Right.ERASURE, email="bo@example.com")
    paused = file_request(app, "2026-11-04", email="cy@example.com")
    on_day(app, "2026-11-06")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, paused.id), "Which?", by=audit.SYSTEM
        )
        db.session.commit()
    on_day(app, "2026-12-02")
    with app.test_request_context():
        workflow.refuse(
            db.session.get(AccessRequest, on_time.id), "Manifestly unfounded.", by=audit.SYSTEM
        )
        db.session.commit()
    close_on(app, on_time, "2026-12-02")
    on_day(app, "2026-12-10")
    with app.test_request_context():
        workflow.refuse(db.session.get(AccessRequest, late.id), "Excessive.", by=audit.SYSTEM)
        # Due 4 Dec before the pause; 6 Nov to 10 Dec (35 days) moves it to 8 Jan.
        workflow.refuse(
            db.session.get(AccessRequest, paused.id), "Cannot identify you.", by=audit.SYSTEM
        )
        db.session.commit()
    close_on(app, late, "2026-12-10")
    close_on(app, paused, "2026-12-10")
    assert stored(app, paused).due == D(2027, 1, 8)
    assert figures(client)["2026 Q4"][:6] == ["3", "0", "0", "0", "3", "2"]
