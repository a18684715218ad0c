"""A requester's side of a subject-access request, through a real SMTP server: submit, confirm
from the emailed link, follow the status page, answer a question, withdraw, download."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading

import itsdangerous.timed
import pytest
from flask_babel import format_datetime
from sqlalchemy import event

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.deadlines import due_date
from faq_site.extensions import db
from faq_site.models import AccessRequest, RequestStatus

from actions import csrf_token, form_field
from conftest import TODAY
from smtp_server import run_mail_worker

DETAILS = "All contact records about me in your CRM trial account, 2024 to now."


def request_form(client) -> dict[str, str]:
    """The request form as a browser holds it, filled in, ready to be sent (and sent again)."""
    page = client.get("/requests/new")
    return {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "submission": form_field(page, "submission"),
        "right": "access",
        "name": "Ann Example",
        "email": "ann@example.com",
        "details": DETAILS,
        "website": "",
    }


def submit(client, **fields):
    return client.post("/requests/new", data={**request_form(client), **fields})


def confirmation_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    match = re.search(r"http://faq\.test(/requests/confirm/\S+)", text)
    assert match, text
    return match.group(1)


def stored(app) -> list[AccessRequest]:
    with app.app_context():
        return db.session.scalars(db.select(AccessRequest).order_by(AccessRequest.id)).all()


def confirm(client, link):
    page = client.get(link)
    assert page.status_code == 200
    return client.post(link, data={"csrf_token": csrf_token(page)})


def test_the_form_explains_the_handling_and_asks_for_no_identity_documents(client):
    html = client.get("/requests/new").get_data(as_text=True)
    for words in ("There is no fee.", "We check who you are by email", "deleted after 7 days"):
        assert words in html
    assert 'type="file"' not in html and "date of birth" in html.lower()
    assert 'name="phone"' not in html


def test_submit_confirm_and_follow_the_request(app, client, smtp_server):
    response = submit(client)
    assert response.status_code == 302 and response.headers["Location"] == "/requests/sent"
    sent = client.get("/requests/sent")
    # The address the link went to, to spot a typing error in, on a page kept nowhere.
    assert (
        'We have sent a link to <strong class="sent-address">ann@example.com</strong>.'
        in sent.get_data(as_text=True)
    )
    assert sent.headers["Cache-Control"] == "no-store, private"
    again = client.get("/requests/sent").get_data(as_text=True)
    assert "Check your email" in again and "ann@example.com" not in again, "shown once"
    (request,) = stored(app)
    assert request.status is RequestStatus.AWAITING_CONFIRMATION and request.reference is None
    assert smtp_server.messages == [], "the page only queued the email"
    assert run_mail_worker(app).sent == 1
    (message,) = smtp_server.messages
    assert message["To"] == "ann@example.com"
    link = confirmation_link(message)
    assert "Ann" not in message.get_body(("plain",)).get_content()

    confirmed = confirm(client, link)
    assert confirmed.status_code == 302
    (request,) = stored(app)
    assert request.status is RequestStatus.OPEN
    assert request.reference == f"SAR-{TODAY.year}-{request.id:06d}"
    assert request.received == TODAY and request.due is not None and request.due > TODAY
    run_mail_worker(app)
    acknowledgement = smtp_server.messages[1].get_body(("plain",)).get_content()
    assert request.reference in acknowledgement
    assert f"http://faq.test/requests/status/{request.token}" in acknowledgement
    assert "Ann" not in acknowledgement and DETAILS not in acknowledgement

    status = client.get(confirmed.headers["Location"])
    html = status.get_data(as_text=True)
    assert request.reference in html and "Request received and confirmed" in html
    assert "Ann Example" not in html and "ann@example.com" not in html and DETAILS not in html
    assert status.headers["Cache-Control"] == "no-store, private"
    assert status.headers["Referrer-Policy"] == "no-referrer"


def test_the_confirmation_page_says_which_request_it_confirms(app, client, smtp_server):
    submit(client, right="erasure")
    run_mail_worker(app)
    html = client.get(confirmation_link(smtp_server.messages[0])).get_data(as_text=True)
    (request,) = stored(app)
    with app.test_request_context():
        asked = format_datetime(request.created, "d MMMM y, HH:mm")
    assert re.search(r"What you asked for</dt><dd>Erasure of my data</dd>", html)
    assert f"Asked on</dt><dd>{asked}</dd>" in html
    assert "Ann Example" not in html and "ann@example.com" not in html and DETAILS not in html


def test_the_pages_say_email_address_where_they_mean_it(app, client, smtp_server):
    form = client.get("/requests/new").get_data(as_text=True)
    assert "We send a link to this email address to confirm" in form
    assert "your name, email address and description" in form
    sent = client.get("/requests/sent").get_data(as_text=True)
    assert "the email address you gave" in sent


def test_the_same_words_whether_or_not_the_address_asked_before(app, client, smtp_server):
    first = submit(client)
    second = submit(client, name="Someone Else", details="Something else entirely.")
    assert first.headers["Location"] == second.headers["Location"] == "/requests/sent"
    run_mail_worker(app)
    assert len(stored(app)) == 2 and len(smtp_server.messages) == 2


def test_a_used_or_forged_link_gets_a_clear_page(app, client, smtp_server):
    submit(client)
    run_mail_worker(app)
    link = confirmation_link(smtp_server.messages[0])
    confirm(client, link)
    again = client.get(link)
    assert again.status_code == 410
    assert "It has already been used." in again.get_data(as_text=True)
    assert (
        client.post(link, data={"csrf_token": csrf_token(client.get("/requests/new"))}).status_code
        == 410
    )
    forged = client.get(link[:-3] + "abc")
    assert forged.status_code == 400 and "It is not a link we sent." in forged.get_data(
        as_text=True
    )
    assert client.get("/requests/confirm/nonsense").status_code == 400


def test_an_expired_link_gets_a_clear_page(app, client, smtp_server, monkeypatch):
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - 49 * 3600)
    submit(client)
    monkeypatch.setattr(itsdangerous.timed.time, "time", real_time)
    run_mail_worker(app)
    response = client.get(confirmation_link(smtp_server.messages[0]))
    assert response.status_code == 410
    assert "It has expired" in response.get_data(as_text=True)
    assert stored(app)[0].status is RequestStatus.AWAITING_CONFIRMATION


def test_the_same_form_sent_again_is_one_request_and_one_email(app, client, smtp_server):
    """A visitor who sends the form again (a reload, a back button, an error page after a
    request that was stored) sees the same page, and nothing more is stored or sent."""
    form = request_form(client)
    first = client.post("/requests/new", data=form)
    again = client.post("/requests/new", data=form)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"] == "/requests/sent"
    (request,) = stored(app)
    assert request.submission == workflow.submission_digest(form["submission"])
    assert form["submission"] not in request.submission, "the token is stored hashed"
    assert run_mail_worker(app).sent == 1
    assert [message["To"] for message in smtp_server.messages] == ["ann@example.com"]
    # A new form is a new request, though everything in it is the same.
    assert client.post("/requests/new", data=request_form(client)).status_code == 302
    assert len(stored(app)) == 2


def test_the_same_form_sent_twice_at_once_is_one_request(app, client, smtp_server):
    """Two copies of one form racing: both look for an earlier request and find none (each
    waits here for the other to have looked), both insert; the database keeps one, and the
    other visitor's copy gets the same page."""
    form = request_form(client)
    other = app.test_client()
    name = app.config["SESSION_COOKIE_NAME"]
    other.set_cookie(name, client.get_cookie(name, domain="faq.test").value, domain="faq.test")
    with app.app_context():
        engine = db.engine
    both_looked = threading.Barrier(2)
    waited: set[int] = set()

    def wait_for_the_other(_connection, _cursor, statement, *_args) -> None:
        if (
            "WHERE access_request.submission = " in statement
            and threading.get_ident() not in waited
        ):
            waited.add(threading.get_ident())
            both_looked.wait(timeout=10)

    responses: list = []
    event.listen(engine, "after_cursor_execute", wait_for_the_other)
    try:
        copies = [
            threading.Thread(
                target=lambda c=c: responses.append(c.post("/requests/new", data=form))
            )
            for c in (client, other)
        ]
        for copy in copies:
            copy.start()
        for copy in copies:
            copy.join(timeout=30)
    finally:
        event.remove(engine, "after_cursor_execute", wait_for_the_other)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.headers["Location"] for r in responses} == {"/requests/sent"}
    assert len(stored(app)) == 1
    assert run_mail_worker(app).sent == 1 and len(smtp_server.messages) == 1


@pytest.mark.parametrize("submission", ["", "not-one-we-gave", "x" * 31 + "!"])
def test_a_form_without_its_token_is_handed_out_again(app, client, smtp_server, submission):
    form = request_form(client)
    response = client.post("/requests/new", data={**form, "submission": submission})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The form had expired. Please check what you wrote and send it again." in html
    fresh = form_field(response, "submission")
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", fresh) and fresh != form["submission"]
    assert DETAILS in html, "what the visitor wrote is kept"
    assert stored(app) == [] and run_mail_worker(app).sent == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"right": ""}, "Choose what you want us to do."),
        ({"right": "everything"}, "Not a valid choice"),
        ({"name": ""}, "Enter your name, so that we can find your data."),
        ({"email": "nope"}, "Enter an email address like name@example.com."),
        ({"email": "a@example.com\r\nBcc: b@example.com"}, "Enter an email address"),
        ({"details": "   "}, "Describe your request: what data, which account, which period."),
        ({"details": "x" * 5001}, "Please keep it under 5,000 characters."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(app, client, smtp_server, fields, message):
    response = submit(client, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert run_mail_worker(app).sent == 0
    assert stored(app) == [] and smtp_server.messages == []


def test_a_robot_is_thanked_and_forgotten(app, client, smtp_server):
    response = submit(client, website="https://spam.example")
    assert response.status_code == 302 and response.headers["Location"] == "/requests/sent"
    assert run_mail_worker(app).sent == 0
    assert stored(app) == [] and smtp_server.messages == []


def confirmed_request(app, client, smtp_server) -> AccessRequest:
    submit(client)
    run_mail_worker(app)
    confirm(client, confirmation_link(smtp_server.messages[-1]))
    return stored(app)[0]


def test_a_question_from_the_moderator_pauses_the_clock_until_answered(app, client, smtp_server):
    request = confirmed_request(app, client, smtp_server)
    with app.test_request_context():
        found = db.session.get(AccessRequest, request.id)
        workflow.ask_clarification(
            found, "Which account: the trial or the paid one?", by=audit.SYSTEM
        )
        db.session.commit()
    status_url = f"/requests/status/{request.token}"
    page = client.get(status_url)
    html = page.get_data(as_text=True)
    assert "Paused: waiting for your answer" in html
    reply = html.index(f'action="{status_url}/reply"')
    assert -1 < html.index("Which account: the trial or the paid one?") < reply, (
        "the question stands above the box for its answer"
    )
    response = client.post(
        f"{status_url}/reply", data={"csrf_token": csrf_token(page), "message": "The trial one."}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{status_url}?answered=1"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you: we have your answer." in html
    assert "Paused" not in html and "The trial one." in html and "You answered" in html
    assert f"{status_url}/reply" not in html, "no form for a question already answered"
    again = client.post(
        f"{status_url}/reply", data={"csrf_token": csrf_token(page), "message": "And again."}
    )
    assert again.status_code == 409
    with app.app_context():
        found = db.session.get(AccessRequest, request.id)
        assert [(p.started, p.ended) for p in found.pauses] == [(TODAY, TODAY)]
        # One day paused (asked and answered today): the due date is one day later, then rolled
        # to a working day.
        expected = due_date(found.received + dt.timedelta(days=1))
        assert found.due == max(expected, request.due)


def test_two_answers_sent_at_once_are_one_answer(app, client, smtp_server):
    """Two copies of the answer racing, each waiting (a moment) for the other to have read the
    request: one is taken, the other is told the question was answered, on SQLite too."""
    request = confirmed_request(app, client, smtp_server)
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, request.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    page = client.get(f"/requests/status/{request.token}")
    data = {"csrf_token": csrf_token(page), "message": "The paid one."}
    other = app.test_client()
    name = app.config["SESSION_COOKIE_NAME"]
    other.set_cookie(name, client.get_cookie(name, domain="faq.test").value, domain="faq.test")
    with app.app_context():
        engine = db.engine
    both_read = threading.Barrier(2)

    def wait_for_the_other(_connection, _cursor, statement, *_args) -> None:
        if statement.startswith("SELECT") and "WHERE access_request.token = " in statement:
            # The other may be waiting for this one's lock, as it should: then no one comes.
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait(timeout=2)

    responses: list = []
    event.listen(engine, "after_cursor_execute", wait_for_the_other)
    try:
        copies = [
            threading.Thread(
                target=lambda c=c: responses.append(
                    c.post(f"/requests/status/{request.token}/reply", data=data)
                )
            )
            for c in (client, other)
        ]
        for copy in copies:
            copy.start()
        for copy in copies:
            copy.join(timeout=30)
    finally:
        event.remove(engine, "after_cursor_execute", wait_for_the_other)
    assert sorted(r.status_code for r in responses) == [302, 409]
    with app.app_context():
        found = db.session.get(AccessRequest, request.id)
        answers = [e for e in found.events if e.action == "clarification_answered"]
        assert len(answers) == 1


@pytest.mark.parametrize(
    "message", ["", "\x01\x02", " \u202e "], ids=["empty", "controls", "override"]
)
def test_an_empty_answer_is_refused_beside_the_field(app, client, smtp_server, message):
    request = confirmed_request(app, client, smtp_server)
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, request.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    page = client.get(f"/requests/status/{request.token}")
    response = client.post(
        f"/requests/status/{request.token}/reply",
        data={"csrf_token": csrf_token(page), "message": message},
    )
    assert response.status_code == 400 and "Write your answer." in response.get_data(as_text=True)
    status = client.get(f"/requests/status/{request.token}").get_data(as_text=True)
    assert f'action="/requests/status/{request.token}/reply"' in status, "still unanswered"


def test_the_requester_can_withdraw_and_is_told(app, client, smtp_server):
    request = confirmed_request(app, client, smtp_server)
    status_url = f"/requests/status/{request.token}"
    page = client.get(status_url)
    assert "Withdraw your request" in page.get_data(as_text=True)
    # Without the box ticked nothing happens: the page says why, beside the box.
    unticked = client.post(f"{status_url}/withdraw", data={"csrf_token": csrf_token(page)})
    assert unticked.status_code == 400
    html = unticked.get_data(as_text=True)
    assert "Tick the box to confirm that you want to withdraw it." in html
    assert 'aria-describedby="confirm-error"' in html
    assert stored(app)[0].status is not RequestStatus.WITHDRAWN
    response = client.post(
        f"{status_url}/withdraw", data={"csrf_token": csrf_token(page), "confirm": "y"}
    )
    assert response.status_code == 302 and "withdrawn=1" in response.headers["Location"]
    assert stored(app)[0].status is RequestStatus.WITHDRAWN
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have withdrawn this request" in shown and "We have emailed you" in shown
    run_mail_worker(app)
    mail = smtp_server.messages[-1]
    assert mail["Subject"] == f"Your request {stored(app)[0].reference} is withdrawn"
    body = mail.get_body(("plain",)).get_content()
    assert "(Access to my data)" in body and "will not answer it" in body
    assert "for 24 months" in body and "/requests/new" in body
    again = client.post(
        f"{status_url}/withdraw", data={"csrf_token": csrf_token(page), "confirm": "y"}
    )
    assert again.status_code == 409


def test_the_answer_file_downloads_until_it_expires(app, client, smtp_server):
    request = confirmed_request(app, client, smtp_server)
    with app.test_request_context():
        found = db.session.get(AccessRequest, request.id)
        workflow.complete(
            found,
            "Your contact records, as CSV.",
            answer=("../../etc/passwd records.csv", "text/csv", b"a,b\n1,2\n"),
            by=audit.SYSTEM,
        )
        db.session.commit()
    status_url = f"/requests/status/{request.token}"
    assert "Download the answer" in client.get(status_url).get_data(as_text=True)
    download = client.get(f"{status_url}/answer")
    assert download.status_code == 200 and download.data == b"a,b\n1,2\n"
    assert (
        download.headers["Content-Disposition"] == 'attachment; filename="etc_passwd_records.csv"'
    )
    assert download.headers["Content-Type"] == "application/octet-stream"
    with app.app_context():
        found = db.session.get(AccessRequest, request.id)
        found.answer_expires = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    gone = client.get(f"{status_url}/answer")
    assert gone.status_code == 410 and "no longer available" in gone.get_data(as_text=True)
    assert "Download the answer" not in client.get(status_url).get_data(as_text=True)


@pytest.mark.parametrize("token", ["nope", "a" * 32, "1"])
def test_unknown_status_links_are_404(client, token):
    assert client.get(f"/requests/status/{token}").status_code == 404


def test_an_unconfirmed_request_has_no_status_page(app, client, smtp_server):
    submit(client)
    assert client.get(f"/requests/status/{stored(app)[0].token}").status_code == 404


def test_too_many_requests_from_one_address_get_a_429(app, client, smtp_server):
    # A form sent back with its errors does not count: correcting mistakes is not "too many".
    for _ in range(4):
        assert submit(client, email="not an address").status_code == 400
    for _ in range(3):
        assert submit(client).status_code == 302
    refused = submit(client)
    assert refused.status_code == 429
    assert "Back button, which keeps what you typed" in refused.get_data(as_text=True)


def test_the_dashboard_counts_open_due_soon_and_overdue_requests(
    app, client, smtp_server, moderator_client
):
    request = confirmed_request(app, client, smtp_server)
    html = moderator_client.get("/admin/").get_data(as_text=True)
    assert re.search(r'stats__count">1</span> <span class="stats__label">Open<', html)
    assert re.search(r'stats__count">0</span> <span class="stats__label">Overdue<', html)
    app.config["SITE_TODAY"] = (request.due - dt.timedelta(days=3)).isoformat()
    html = moderator_client.get("/admin/").get_data(as_text=True)
    assert re.search(r'stats__count">1</span> <span class="stats__label">Due within 7 days<', html)
    app.config["SITE_TODAY"] = (request.due + dt.timedelta(days=1)).isoformat()
    html = moderator_client.get("/admin/").get_data(as_text=True)
    assert re.search(r'stats__count">1</span> <span class="stats__label">Overdue<', html)


def test_a_paused_request_is_never_counted_overdue(app, client, smtp_server, moderator_client):
    request = confirmed_request(app, client, smtp_server)
    app.config["SITE_TODAY"] = (request.due - dt.timedelta(days=10)).isoformat()
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, request.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    # Days pass with no answer: the stored due date is behind, but the clock is stopped.
    app.config["SITE_TODAY"] = (request.due + dt.timedelta(days=5)).isoformat()
    html = moderator_client.get("/admin/").get_data(as_text=True)
    assert re.search(r'stats__count">1</span> <span class="stats__label">Open<', html)
    assert re.search(r'stats__count">0</span> <span class="stats__label">Overdue<', html)
    assert re.search(r'stats__count">0</span> <span class="stats__label">Due within 7 days<', html)


def test_the_status_page_does_not_read_the_answer_file(app, client, smtp_server):
    request = confirmed_request(app, client, smtp_server)
    with app.test_request_context():
        found = db.session.get(AccessRequest, request.id)
        workflow.complete(
            found, "Done.", answer=("data.csv", "text/csv", b"x" * 1024), by=audit.SYSTEM
        )
        db.session.commit()
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        html = client.get(f"/requests/status/{request.token}").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert "Download the answer" in html
    assert not any("answer_data" in statement for statement in statements), statements


def test_an_address_pasted_with_spaces_around_it_is_taken_without_them(app, client):
    form = {**request_form(client), "email": " ann@example.com  "}
    assert client.post("/requests/new", data=form).status_code == 302
    (request,) = stored(app)
    assert request.email == "ann@example.com"


def test_the_reference_is_kept_on_one_line_in_the_page_heading(app, client, smtp_server):
    """A phone would break "SAR-2026-000001" at a hyphen; the heading keeps it whole."""
    request = confirmed_request(app, client, smtp_server)
    html = client.get(f"/requests/status/{request.token}").get_data(as_text=True)
    assert f'<h1>Request <span class="reference">{request.reference}</span></h1>' in html


def test_a_closed_requests_status_page_sets_no_cookie(app, client, smtp_server):
    """The footer promises no cookie while reading: a closed request's page has no form, so it
    makes no CSRF token and sets none; an open one's has the withdrawal form, which needs it."""
    request = confirmed_request(app, client, smtp_server)
    reader = app.test_client()
    page = reader.get(f"/requests/status/{request.token}")
    assert page.status_code == 200 and "Set-Cookie" in page.headers
    with app.test_request_context():
        workflow.complete(
            db.session.get(AccessRequest, request.id), "Everything we hold.", by=audit.SYSTEM
        )
        db.session.commit()
    closed = app.test_client().get(f"/requests/status/{request.token}")
    assert closed.status_code == 200 and "Everything we hold." in closed.get_data(as_text=True)
    assert "Set-Cookie" not in closed.headers
