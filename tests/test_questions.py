"""A visitor asks: the form, its checks and traps, the private status page, withdrawing."""

from __future__ import annotations

import re

import pytest

from faq_site import audit, moderation
from faq_site.extensions import db
from faq_site.models import AuditEvent, OutboxMessage, Question, QuestionStatus
from faq_site.urls import link

from actions import QUESTION, csrf_token, form_field
from smtp_server import run_mail_worker


def stored(app) -> list[Question]:
    with app.app_context():
        return db.session.scalars(db.select(Question)).all()


def test_the_form_explains_what_is_kept_and_is_never_cached(client):
    response = client.get("/ask")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Between 10 and 2000 characters" in text
    assert "What happens to what you send" in text
    assert "Then it is deleted." in text and "withdraw it" in text
    assert response.headers["Cache-Control"] == "no-store, private"
    assert 'autocomplete="off"' in text and 'aria-hidden="true"' in text


def test_a_failed_search_hands_over_its_words_and_shows_matching_answers(synced, client):
    response = client.get("/ask?q=must+I+delete+a+contact")
    html = response.get_data(as_text=True)
    assert "These answers may already help" in html
    assert 'href="/faq/deleting-data"' in html
    assert re.search(r">\s*must I delete a contact</textarea>", html)


def test_a_question_is_stored_anonymised_and_the_asker_gets_a_private_link(actions, app, client):
    response = actions.ask()
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/ask/status/") and location.endswith("?sent=1")
    (question,) = stored(app)
    assert question.status is QuestionStatus.NEW
    assert question.original == QUESTION
    assert question.email == "jane.smith@example.com"
    assert "jane.smith@example.com" not in question.redacted and "[email]" in question.redacted
    assert "Jane Smith" not in question.redacted and "[name]" in question.redacted
    assert len(question.token) >= 32
    assert location == f"/ask/status/{question.token}?sent=1", (
        "the link holds a random token, not the id"
    )

    page = client.get(location)
    text = page.get_data(as_text=True)
    assert "Thank you: your question has been received" in text
    assert f"http://faq.test/ask/status/{question.token}" in text
    # Received once, with its date; the status says what happens now.
    assert re.search(r"<dd>\s*Waiting for a moderator\.", text) and text.count("Received") == 1
    assert "jane.smith@example.com" not in text, "the status page shows no personal data"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    with app.app_context():
        event = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "question.received")
        )
        assert event.actor == "visitor" and event.detail == {
            "redactions": 2,
            "checks": 0,
            "wants_reply": True,
        }


@pytest.mark.parametrize(
    ("text", "email", "message"),
    [
        ("", "", "Write your question."),
        ("Too short", "", "Your question is too short: write at least 10 characters."),
        ("x" * 2001, "", "Your question is too long: 2000 characters at most (it has 2001)."),
        (
            "A perfectly fine question about consent?",
            "not-an-address",
            "Enter an email address like name@example.com",
        ),
        (
            "A perfectly fine question about consent?",
            "a@example.com\r\nBcc: b@example.com",
            "Enter an email address",
        ),
        ("\x00\x00\x00\u202e\u202e    ", "", "Write your question."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(actions, app, text, email, message):
    response = actions.ask(text=text, email=email)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert html.count(message) >= 2, "in the summary and beside the field"
    assert 'aria-invalid="true"' in html
    if "perfectly fine" in text:
        assert text in html, "what was typed is kept"
    assert stored(app) == []


def test_control_characters_and_direction_overrides_are_dropped(actions, app):
    assert (
        actions.ask(text="Is \x00my\u202e data \U0001f600 safe\x07 with you?", email="").status_code
        == 302
    )
    (question,) = stored(app)
    assert question.original == "Is my data \U0001f600 safe with you?"
    assert question.email is None


def test_a_huge_body_is_refused_with_413(app, client):
    response = client.post("/ask", data={"question": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "That is too much to send" in response.get_data(as_text=True)
    assert stored(app) == []


def test_without_a_csrf_token_nothing_is_stored(app, client):
    page = client.get("/ask")
    response = client.post(
        "/ask", data={"started": form_field(page, "started"), "question": QUESTION, "email": ""}
    )
    assert response.status_code == 400
    assert stored(app) == []


def test_a_robot_that_fills_the_trap_sees_success_and_nothing_is_stored(actions, app, client):
    response = actions.ask(website="https://spam.example")
    assert response.status_code == 302, "the same answer a person gets"
    assert "your question has been received" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert stored(app) == []


def test_a_form_sent_faster_than_a_person_can_type_is_refused(actions, app):
    app.config["ASK_MIN_SECONDS"] = 3
    response = actions.ask()
    assert response.status_code == 400
    assert "That was very quick." in response.get_data(as_text=True)
    assert stored(app) == []


@pytest.mark.parametrize(
    ("text", "started", "problem"),
    [
        ("", None, "Write your question."),
        ("Too short", None, "Your question is too short"),
        ("Too short", "1.0", "Your question is too short"),
    ],
)
def test_a_quick_or_stale_form_is_not_mentioned_beside_real_errors(
    actions, app, text, started, problem
):
    app.config["ASK_MIN_SECONDS"] = 3
    extra = {"started": started} if started else {}
    html = actions.ask(text=text, email="", **extra).get_data(as_text=True)
    assert problem in html
    assert "That was very quick." not in html and "The form had expired." not in html
    assert stored(app) == []


def test_a_forged_start_time_is_refused(actions, app):
    response = actions.ask(started="1.0")
    assert response.status_code == 400
    assert "The form had expired." in response.get_data(as_text=True)
    assert stored(app) == []


def test_the_same_question_sent_twice_is_stored_once(actions, app):
    first = actions.ask()
    second = actions.ask()
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored(app)) == 1
    actions.ask(email="someone.else@example.com")
    assert len(stored(app)) == 2, "the same words from another address are another question"


def test_too_many_questions_from_one_address_get_a_friendly_429(actions, app):
    for number in range(5):
        assert actions.ask(text=f"Question number {number} about consent?").status_code == 302
    sixth = "Question number six about consent, typed at length?"
    response = actions.ask(text=sixth, email="six@example.com")
    assert response.status_code == 429
    assert response.headers["Cache-Control"] == "no-store, private"
    assert len(stored(app)) == 5
    # The form again, with what was typed and why it was not taken, ready to send later.
    html = response.get_data(as_text=True)
    assert 'class="error-summary" role="alert"' in html
    assert "so we have not taken this question. It is kept below" in html
    assert f"\n{sixth}</textarea>" in html
    assert 'value="six@example.com"' in html
    assert csrf_token(response) and form_field(response, "started")


def test_the_asker_can_withdraw_and_everything_of_theirs_goes(actions, app, client):
    location = actions.ask().headers["Location"].split("?")[0]
    page = client.get(location)
    assert "Withdraw my question" in page.get_data(as_text=True)
    response = client.post(location + "/withdraw", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{location}?withdrawn=1"
    (question,) = stored(app)
    assert question.status is QuestionStatus.WITHDRAWN
    assert (question.original, question.email, question.redacted) == (None, None, "")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    # Confirmed like deleting the address: a banner that says it is done, then the status.
    assert re.search(
        r'<div class="notice notice--current" role="status">\s*'
        r"<p><strong>Your question is withdrawn\.</strong> We will not publish it",
        html,
    )
    assert "Withdrawn at your request" in html and "Withdraw my question" not in html
    assert "Your question is withdrawn." not in client.get(location).get_data(as_text=True)


def test_withdrawing_needs_the_csrf_token(actions, app, client):
    location = actions.ask().headers["Location"].split("?")[0]
    assert client.post(location + "/withdraw").status_code == 400
    assert stored(app)[0].status is QuestionStatus.NEW


@pytest.mark.parametrize("token", ["nope", "1", "a" * 32, "../admin"])
def test_unknown_status_links_are_404(client, token):
    assert client.get(f"/ask/status/{token}").status_code == 404


@pytest.mark.parametrize("path", ["/ask", "/requests/new", "/admin/sign-in"])
def test_the_footer_names_the_one_cookie_the_forms_set_and_how_long_it_lasts(app, client, path):
    response = client.get(path)
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    name = app.config["SESSION_COOKIE_NAME"]
    assert cookies[0].startswith(f"{name}=")
    assert "expires" not in cookies[0].lower() and "max-age" not in cookies[0].lower(), (
        "a cookie the browser deletes when it closes, as the footer says"
    )
    footer = response.get_data(as_text=True).split('<footer class="site-footer">')[1]
    assert f"need one cookie, {name}:" in footer
    assert "cross-site request forgery" in footer
    assert "your browser deletes it when you close it" in footer


def receipts(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template == "question_received")
        ).all()


def test_an_asker_who_gave_an_address_is_emailed_the_private_link_at_once(
    actions, app, client, smtp_server
):
    location = actions.ask().headers["Location"].split("?")[0]
    assert "We are emailing it to you too." in client.get(location + "?sent=1").get_data(
        as_text=True
    )
    assert smtp_server.messages == [], "the page only queued the email"
    actions.ask()  # the same question sent twice: one question, one email
    assert run_mail_worker(app).sent == 1
    (message,) = smtp_server.messages
    assert message["To"] == "jane.smith@example.com"
    text = message.get_body(("plain",)).get_content()
    assert f"http://faq.test{location}" in text
    assert "Jane" not in text and "contact record" not in text, "nothing of the question"
    (question,) = stored(app)
    assert question.email == "jane.smith@example.com", "kept to tell the outcome"


def test_an_asker_without_an_address_is_emailed_nothing(actions, app):
    actions.ask(email="")
    assert receipts(app) == []


def test_the_asker_can_delete_just_their_address_while_the_question_waits(actions, app, client):
    location = actions.ask().headers["Location"].split("?")[0]
    page = client.get(location)
    html = page.get_data(as_text=True)
    assert f'action="{location}/email/delete"' in html and "Withdraw my question" in html
    assert client.post(location + "/email/delete").status_code == 400, "CSRF token needed"
    assert stored(app)[0].email is not None

    response = client.post(location + "/email/delete", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{location}?email=deleted"
    (question,) = stored(app)
    assert question.email is None
    assert question.status is QuestionStatus.NEW and question.original == QUESTION
    assert receipts(app) == [], "the unsent email to the address goes with it"
    with app.app_context():
        event = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "question.email_deleted")
        )
        assert event.actor == "visitor" and event.subject_id == question.id
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(
        r'<div class="notice notice--current" role="status">\s*'
        r"<p><strong>Your email address is deleted\.</strong> We will not write to you",
        html,
    )
    assert "/email/delete" not in html and "We hold none." in html
    assert "Withdraw my question" in html, "the question itself can still be withdrawn"

    again = client.post(location + "/email/delete", data={"csrf_token": csrf_token(page)})
    assert again.status_code == 302, "deleting twice is harmless"


def test_the_receipt_keeps_the_address_for_the_outcome_and_the_outcome_erases_it(
    actions, app, smtp_server
):
    actions.ask()
    run_mail_worker(app)
    with app.test_request_context():
        question = db.session.scalar(db.select(Question))
        assert question.email == "jane.smith@example.com"
        moderation.decline(
            question,
            reason="It is about one customer only.",
            notify=True,
            link=link,
            by=audit.SYSTEM,
        )
        db.session.commit()
    run_mail_worker(app)
    assert [m["To"] for m in smtp_server.messages] == ["jane.smith@example.com"] * 2
    assert "decided not to answer" in smtp_server.messages[1].get_body(("plain",)).get_content()
    assert stored(app)[0].email is None


def test_an_address_pasted_with_spaces_around_it_is_taken_without_them(actions, app):
    assert actions.ask(email="  jane.smith@example.com \t").status_code == 302
    (question,) = stored(app)
    assert question.email == "jane.smith@example.com"
