"""flask purge: personal data goes when its purpose is done, and the report says how much."""

from __future__ import annotations

import datetime as dt

from faq_site.extensions import db
from faq_site.models import AuditEvent, OutboxMessage, Question, QuestionStatus, utcnow


def question(status=QuestionStatus.NEW, *, age_days=0, email="a@example.com", original="Who am I?"):
    return Question(
        token=f"token-{status}-{age_days}-{email}",
        status=status,
        original=original,
        redacted="Who am I?",
        email=email,
        fingerprint="f" * 64 if original else None,
        created=utcnow() - dt.timedelta(days=age_days),
    )


def test_purge_erases_what_has_outlived_its_purpose(app, runner):
    with app.app_context():
        old = question(age_days=91)
        recent = question(age_days=5, email="b@example.com")
        spam = question(QuestionStatus.SPAM, email=None, original=None)
        withdrawn = question(QuestionStatus.WITHDRAWN, email=None, original=None)
        db.session.add_all([old, recent, spam, withdrawn])
        db.session.flush()
        waiting = OutboxMessage(
            template="question_answered",
            recipient="a@example.com",
            subject="s",
            body_text="t",
            question_id=old.id,
        )
        sent_recently = OutboxMessage(
            template="t", recipient="x@example.com", subject="s", body_text="t", sent=utcnow()
        )
        sent_long_ago = OutboxMessage(
            template="t", subject="s", sent=utcnow() - dt.timedelta(days=40)
        )
        db.session.add_all([waiting, sent_recently, sent_long_ago])
        db.session.commit()
        old_id, recent_id, sent_recently_id = old.id, recent.id, sent_recently.id

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Erased personal data from 1 questions, deleted 2 spam or withdrawn questions, "
        "erased 1 and deleted 2 outbox messages."
    )
    with app.app_context():
        old = db.session.get(Question, old_id)
        assert (old.original, old.email, old.fingerprint, old.redactions) == (
            None,
            None,
            None,
            None,
        )
        assert old.redacted == "Who am I?", "the anonymised text stays for the moderators"
        recent = db.session.get(Question, recent_id)
        assert recent.original == "Who am I?" and recent.email == "b@example.com"
        assert db.session.scalar(db.select(db.func.count(Question.id))) == 2
        kept = db.session.get(OutboxMessage, sent_recently_id)
        assert (kept.recipient, kept.body_text) == (None, None)
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge.run"))
        assert event.actor == "system" and event.detail["questions_erased"] == 1

    again = runner.invoke(args=["purge"])
    assert again.output.strip() == (
        "Erased personal data from 0 questions, deleted 0 spam or withdrawn questions, "
        "erased 0 and deleted 0 outbox messages."
    )


def test_the_retention_period_is_configurable(app, runner):
    app.config["QUESTION_RETENTION_DAYS"] = 3
    with app.app_context():
        db.session.add(question(age_days=5))
        db.session.commit()
    assert "from 1 questions" in runner.invoke(args=["purge"]).output
