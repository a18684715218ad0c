"""The whole journey through a real SMTP server: a visitor asks with an email address, a
moderator signs in and publishes, the asker is told, and the address is gone."""

from __future__ import annotations

import datetime as dt

from faq_site.extensions import db
from faq_site.models import OutboxMessage, Question

from actions import ask, csrf_token, sign_in

TITLE = "Can I ask a company to delete my contact record?"


def publish_the_question(app, client, moderator):
    assert ask(client).status_code == 302
    panel = app.test_client()
    response = sign_in(panel, moderator.email, moderator.password, next_path="/admin/questions")
    assert response.headers["Location"] == "/admin/questions"
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    page = panel.get(f"/admin/questions/{question_id}")
    assert "jane.smith@example.com" in page.get_data(as_text=True), (
        "the moderator sees the original"
    )
    response = panel.post(
        f"/admin/questions/{question_id}",
        data={
            "csrf_token": csrf_token(page),
            "title": TITLE,
            "answer": "Yes. We **purge** it, and tell you when it is done.",
            "category": "0",
            "notify": "y",
            "publish": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        document = db.session.get(Question, question_id).document
        assert response.headers["Location"] == f"/admin/answers/{document.id}"
        return question_id, f"/faq/{document.slug}"


def test_ask_publish_and_the_asker_is_told_once(synced, client, moderator, smtp_server):
    question_id, location = publish_the_question(synced, client, moderator)
    assert smtp_server.messages == [], "asking and publishing queued the emails for the workers"
    runner = synced.test_cli_runner()
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 2, failed 0")
    receipt, message = smtp_server.messages
    assert "/ask/status/" in receipt.get_body(("plain",)).get_content()
    assert message["To"] == receipt["To"] == "jane.smith@example.com"
    text = message.get_body(("plain",)).get_content()
    assert f"http://faq.test{location}" in text
    assert "Jane" not in text and "contact record if I ask" not in text
    with synced.app_context():
        question = db.session.get(Question, question_id)
        assert question.email is None and question.original is None
        for row in db.session.scalars(db.select(OutboxMessage)):
            assert row.sent is not None and (row.recipient, row.body_text, row.body_html) == (
                None,
                None,
                None,
            )
    page = client.get(location).get_data(as_text=True)
    assert TITLE in page and "jane" not in page.lower()
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0")
    assert len(smtp_server.messages) == 2


def test_mail_server_down_then_up_delivers_exactly_once(synced, client, moderator, smtp_server):
    smtp_server.stop()
    question_id, location = publish_the_question(synced, client, moderator)
    assert client.get(location).status_code == 200, "publishing succeeded without mail"
    runner = synced.test_cli_runner()
    # The worker stops at the first failure: the receipt, then the answer, wait.
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0, failed 1, waiting 2")
    with synced.app_context():
        rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(row.template, row.attempts) for row in rows] == [
            ("question_received", 1),
            ("question_answered", 0),
        ]
        for row in rows:
            assert row.sent is None and row.recipient == "jane.smith@example.com"
            row.next_attempt = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    smtp_server.start()
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 2, failed 0")
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0, failed 0")
    assert len(smtp_server.messages) == 2
    with synced.app_context():
        assert db.session.get(Question, question_id).email is None
