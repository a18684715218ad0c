"""flask purge: personal data goes when its purpose is done, and the report says how much."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event

from faq_site import create_app
from faq_site.admin.accounts import enable_totp, start_totp
from faq_site.deadlines import add_months
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    Moderator,
    OutboxMessage,
    Question,
    QuestionStatus,
    RequestEvent,
    RequestPause,
    RequestStatus,
    Right,
    utcnow,
)

from actions import add_moderator


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
        "erased 1 and deleted 2 outbox messages. Deleted 0 unconfirmed requests, erased personal "
        "data from 0 closed requests and 0 expired answer files. Erased 0 two-step sign-in "
        "secrets whose set-up ran out. Deleted 0 answered objections to sub-processors and 0 "
        "change-notice subscriptions never confirmed."
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
        "erased 0 and deleted 0 outbox messages. Deleted 0 unconfirmed requests, erased personal "
        "data from 0 closed requests and 0 expired answer files. Erased 0 two-step sign-in "
        "secrets whose set-up ran out. Deleted 0 answered objections to sub-processors and 0 "
        "change-notice subscriptions never confirmed."
    )


def test_the_retention_period_is_configurable(app, runner):
    app.config["QUESTION_RETENTION_DAYS"] = 3
    with app.app_context():
        db.session.add(question(age_days=5))
        db.session.commit()
    assert "from 1 questions" in runner.invoke(args=["purge"]).output


# Subject-access requests


def sar(status: RequestStatus, token: str, *, email="ada@example.com", **fields) -> AccessRequest:
    return AccessRequest(
        token=token,
        right=Right.ERASURE,
        status=status,
        name="Ada Lovelace",
        email=email,
        details="My account and its orders.",
        **fields,
    )


def months_ago(months: int, days: int = 0) -> dt.datetime:
    now = utcnow()
    return dt.datetime.combine(add_months(now.date(), -months), now.timetz()) - dt.timedelta(
        days=days
    )


def closed_request(token: str, closed: dt.datetime, **fields) -> AccessRequest:
    request = sar(
        RequestStatus.COMPLETED,
        token,
        reference=f"SAR-2024-{token[-6:]}",
        created=closed - dt.timedelta(days=20),
        received=(closed - dt.timedelta(days=20)).date(),
        due=(closed + dt.timedelta(days=10)).date(),
        extended=True,
        closed=closed,
        outcome="Erased her account; kept invoices for HMRC.",
        answer_name="answer.pdf",
        answer_type="application/pdf",
        answer_data=b"%PDF",
        answer_expires=closed + dt.timedelta(days=7),
        **fields,
    )
    request.events.append(RequestEvent(action="received"))
    request.events.append(RequestEvent(action="completed", message="Erased her account."))
    request.pauses.append(RequestPause(started=request.received, ended=request.received))
    return request


def purge(runner) -> str:
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_unconfirmed_requests_are_deleted_after_seven_days(app, runner):
    with app.app_context():
        stale = sar(
            RequestStatus.AWAITING_CONFIRMATION,
            "stale-000001",
            created=utcnow() - dt.timedelta(days=7, minutes=1),
        )
        stale.events.append(RequestEvent(action="submitted", message="x"))
        fresh = sar(
            RequestStatus.AWAITING_CONFIRMATION,
            "fresh-000002",
            email="bob@example.com",
            created=utcnow() - dt.timedelta(days=6, hours=23),
        )
        db.session.add_all([stale, fresh])
        db.session.commit()
        stale_id, fresh_id = stale.id, fresh.id
    assert "Deleted 1 unconfirmed requests" in purge(runner)
    with app.app_context():
        assert db.session.get(AccessRequest, stale_id) is None
        assert db.session.scalar(db.select(db.func.count(RequestEvent.id))) == 0
        assert db.session.get(AccessRequest, fresh_id).email == "bob@example.com"


def test_closed_requests_lose_their_personal_fields_after_the_retention_period(app, runner):
    with app.app_context():
        old = closed_request("old-000001", months_ago(24, days=1))
        recent = closed_request("recent-000002", months_ago(23), email="bob@example.com")
        refused = closed_request("refused-000003", months_ago(30), email="cy@example.com")
        refused.status = RequestStatus.REFUSED
        # A request recorded from a letter: where to answer it goes with the rest.
        old.postal_address, old.phone = "14 Harbour Lane, Falmouth", "07700 900123"
        db.session.add_all([old, recent, refused])
        db.session.commit()
        old_id, recent_id = old.id, recent.id
        kept = {
            name: getattr(old, name)
            for name in ("reference", "right", "status", "created", "received", "due", "closed")
        }
    output = purge(runner)
    # The answer files expired long ago: they go whatever the request's age.
    assert "erased personal data from 2 closed requests and 3 expired answer files" in output
    with app.app_context():
        old = db.session.get(AccessRequest, old_id)
        assert (old.name, old.email, old.details, old.outcome) == (None,) * 4
        assert (old.postal_address, old.phone) == (None, None)
        assert (old.answer_name, old.answer_type, old.answer_data, old.answer_expires) == (
            None,
        ) * 4
        assert [event.message for event in old.events] == [None, None]
        assert [event.action for event in old.events] == ["received", "completed"]
        assert {name: getattr(old, name) for name in kept} == kept
        assert old.extended is True and len(old.pauses) == 1
        recent = db.session.get(AccessRequest, recent_id)
        assert recent.name == "Ada Lovelace" and recent.email == "bob@example.com"
        assert recent.outcome and recent.events[1].message == "Erased her account."
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge.run"))
        assert event.detail["requests_erased"] == 2
    assert "from 0 closed requests and 0 expired" in purge(runner)


def test_the_request_retention_period_is_configurable(app, runner):
    app.config["REQUEST_RETENTION_MONTHS"] = 6
    with app.app_context():
        db.session.add(closed_request("short-000001", months_ago(7)))
        db.session.commit()
    assert "from 1 closed requests" in purge(runner)


def test_expired_answer_files_are_erased_from_any_request(app, runner):
    with app.app_context():
        expired = closed_request("expired-000001", utcnow() - dt.timedelta(days=8))
        current = closed_request(
            "current-000002", utcnow() - dt.timedelta(days=6), email="bob@example.com"
        )
        db.session.add_all([expired, current])
        db.session.commit()
        expired_id, current_id = expired.id, current.id
    assert "from 0 closed requests and 1 expired answer files" in purge(runner)
    with app.app_context():
        expired = db.session.get(AccessRequest, expired_id)
        assert (expired.answer_name, expired.answer_type, expired.answer_data) == (None,) * 3
        # When it expired stays, so the status page can say so; it goes with the request.
        assert expired.answer_expires is not None
        assert expired.name == "Ada Lovelace", "the request itself is well within its retention"
        assert db.session.get(AccessRequest, current_id).answer_data == b"%PDF"
    # A second purge finds nothing more to erase.
    assert "from 0 closed requests and 0 expired answer files" in purge(runner)


@pytest.mark.parametrize(
    "status, age",
    [
        (RequestStatus.OPEN, dt.timedelta(days=400)),
        (RequestStatus.IN_PROGRESS, dt.timedelta(days=40)),
        (RequestStatus.EXTENDED, dt.timedelta(days=80)),
    ],
)
def test_nothing_of_a_person_with_an_open_request_is_purged(app, runner, status, age):
    """The data may be what the request is about: their questions, emails, earlier requests and
    the open request itself all wait until it is closed."""
    app.config["QUESTION_RETENTION_DAYS"] = 3
    with app.app_context():
        open_request = sar(status, "open-000001", email=" Ada@Example.COM", created=utcnow() - age)
        open_request.events.append(RequestEvent(action="received", message="Please hurry."))
        earlier = closed_request("earlier-000002", months_ago(30))
        hers = question(age_days=100, email="ADA@example.com")
        withdrawn = question(QuestionStatus.WITHDRAWN, email="ada@example.com", original=None)
        theirs = question(age_days=100, email="bob@example.com")
        db.session.add_all([open_request, earlier, hers, withdrawn, theirs])
        db.session.flush()
        sent = OutboxMessage(
            template="request_update",
            recipient="ada@example.com",
            subject="s",
            body_text="t",
            sent=utcnow() - dt.timedelta(days=40),
        )
        waiting = OutboxMessage(
            template="question_answered",
            recipient="ada@example.com",
            subject="s",
            body_text="t",
            question_id=hers.id,
        )
        db.session.add_all([sent, waiting])
        db.session.commit()
        ids = {
            "open": open_request.id,
            "earlier": earlier.id,
            "hers": hers.id,
            "withdrawn": withdrawn.id,
            "theirs": theirs.id,
            "sent": sent.id,
            "waiting": waiting.id,
        }

    assert purge(runner) == (
        "Erased personal data from 1 questions, deleted 0 spam or withdrawn questions, "
        "erased 0 and deleted 0 outbox messages. Deleted 0 unconfirmed requests, erased personal "
        "data from 0 closed requests and 0 expired answer files. Erased 0 two-step sign-in "
        "secrets whose set-up ran out. Deleted 0 answered objections to sub-processors and 0 "
        "change-notice subscriptions never confirmed."
    )
    with app.app_context():
        assert db.session.get(Question, ids["theirs"]).email is None, "another person's goes"
        hers = db.session.get(Question, ids["hers"])
        assert (hers.original, hers.email, hers.fingerprint) == (
            "Who am I?",
            "ADA@example.com",
            "f" * 64,
        )
        assert db.session.get(Question, ids["withdrawn"]) is not None
        sent = db.session.get(OutboxMessage, ids["sent"])
        assert (sent.recipient, sent.body_text) == ("ada@example.com", "t")
        assert db.session.get(OutboxMessage, ids["waiting"]) is not None
        earlier = db.session.get(AccessRequest, ids["earlier"])
        assert earlier.name == "Ada Lovelace" and earlier.answer_data == b"%PDF"
        assert earlier.events[1].message == "Erased her account."
        still_open = db.session.get(AccessRequest, ids["open"])
        assert still_open.email == " Ada@Example.COM"
        assert still_open.events[0].message == "Please hurry."

        # Once the request is closed, the periods apply again.
        still_open.status = RequestStatus.COMPLETED
        still_open.closed = utcnow()
        db.session.commit()
    output = purge(runner)
    assert output.startswith("Erased personal data from 1 questions, deleted 1 spam or withdrawn")
    assert "erased 1 and deleted 2 outbox messages" in output
    assert "from 1 closed requests and 1 expired answer files" in output
    with app.app_context():
        assert db.session.get(Question, ids["hers"]).email is None
        assert db.session.get(AccessRequest, ids["open"]).email == " Ada@Example.COM"


MARKER = "Kestrel-Umbrella-4471 "


def erase_on_sqlite(tmp_path: Path, monkeypatch, *, app_setting: bool) -> dict[str, bytes]:
    """Store two questions past their retention period in a SQLite site of its own, one short
    (within its table page) and one long (on overflow pages, freed whole when erased), run
    `flask purge` and return the bytes of the database's files as the running site leaves them
    (connections still open). Each connection starts as a build whose default is off would
    start it; with app_setting False the app's own setting is undone after it too."""
    tmp_path.mkdir()
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    path = tmp_path / "site.sqlite3"
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )

    def off(connection, _record) -> None:
        connection.execute("PRAGMA secure_delete=OFF")

    with app.app_context():
        event.listen(db.engine, "connect", off, insert=True)
        if not app_setting:
            # Another function: SQLAlchemy would take the same one twice as once.
            event.listen(db.engine, "connect", lambda *args: off(*args))
        db.create_all()
        db.session.add_all(
            [
                question(age_days=91, original=MARKER * 10),
                question(age_days=92, original=MARKER * 1000),
            ]
        )
        db.session.commit()
        assert db.session.execute(db.text("PRAGMA secure_delete")).scalar() == int(app_setting)
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.output.startswith("Erased personal data from 2 questions"), result.output
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA freelist_count")).scalar() > 0
        files = {file.name: file.read_bytes() for file in tmp_path.glob("site.sqlite3*")}
        db.session.remove()
        db.engine.dispose()
    return files


def test_erased_text_is_left_nowhere_in_sqlites_files(tmp_path: Path, monkeypatch):
    """What purge erases is gone from the database file's free pages and from its log at once,
    whatever the SQLite build's default."""
    files = erase_on_sqlite(tmp_path / "site", monkeypatch, app_setting=True)
    assert "site.sqlite3" in files
    for name, content in files.items():
        assert MARKER.encode() not in content, name
    # Without the app's setting the same steps leave the text in the free pages: the check
    # above looks where it would be.
    files = erase_on_sqlite(tmp_path / "control", monkeypatch, app_setting=False)
    assert MARKER.encode() in files["site.sqlite3"]


def test_a_two_step_set_up_left_waiting_past_its_time_is_erased(app, runner):
    """The secret drawn for a set-up waits on the account for its first code; a moderator who
    never comes back leaves it there, and the purge erases it once its time has run out."""
    accounts = {
        name: add_moderator(app, f"{name}@quillstone.example")
        for name in ("lapsed", "fresh", "in_use")
    }
    with app.app_context():
        moderators = {name: db.session.get(Moderator, a.id) for name, a in accounts.items()}
        minutes = app.config["TOTP_SET_UP_MINUTES"]
        start_totp(moderators["lapsed"], utcnow() - dt.timedelta(minutes=minutes + 1))
        start_totp(moderators["fresh"], utcnow() - dt.timedelta(minutes=minutes - 1))
        enable_totp(moderators["in_use"], start_totp(moderators["in_use"]), step=1)
        start_totp(moderators["in_use"], utcnow() - dt.timedelta(days=3))
        secrets = {name: m.totp_secret or m.totp_pending_secret for name, m in moderators.items()}
        db.session.commit()

    assert "Erased 2 two-step sign-in secrets whose set-up ran out." in purge(runner)
    with app.app_context():
        stored = {name: db.session.get(Moderator, a.id) for name, a in accounts.items()}
        lapsed, fresh, in_use = stored["lapsed"], stored["fresh"], stored["in_use"]
        assert (lapsed.totp_pending_secret, lapsed.totp_pending_since) == (None, None)
        assert fresh.totp_pending_secret == secrets["fresh"] and fresh.totp_pending_since
        # A second factor already in use is not a set-up: only the new one waiting is erased.
        assert in_use.totp_secret == secrets["in_use"] and in_use.totp_pending_secret is None
        event = db.session.scalar(
            db.select(AuditEvent)
            .where(AuditEvent.action == "purge.run")
            .order_by(AuditEvent.id.desc())
        )
        assert event.detail["set_ups_erased"] == 2
    assert "Erased 0 two-step sign-in secrets" in purge(runner)


def test_an_unconfirmed_request_in_a_persons_name_keeps_nothing_past_its_time(app, runner):
    """Anyone can file a request with someone else's address and never confirm it, again and
    again: that must not keep the person's questions, emails or old requests."""
    app.config["QUESTION_RETENTION_DAYS"] = 3
    with app.app_context():
        decoy = sar(
            RequestStatus.AWAITING_CONFIRMATION,
            "decoy-000001",
            email="ADA@example.com",
            created=utcnow() - dt.timedelta(days=1),
        )
        earlier = closed_request("earlier-000002", months_ago(30))
        hers = question(age_days=100, email="ada@example.com")
        withdrawn = question(QuestionStatus.WITHDRAWN, email="ada@example.com", original=None)
        db.session.add_all([decoy, earlier, hers, withdrawn])
        db.session.commit()
        ids = (decoy.id, earlier.id, hers.id, withdrawn.id)
    output = purge(runner)
    assert output.startswith("Erased personal data from 1 questions, deleted 1 spam or withdrawn")
    assert "from 1 closed requests" in output
    decoy_id, earlier_id, hers_id, withdrawn_id = ids
    with app.app_context():
        assert db.session.get(Question, hers_id).email is None
        assert db.session.get(Question, withdrawn_id) is None
        assert db.session.get(AccessRequest, earlier_id).name is None
        # The decoy itself lives out its own seven days, then goes.
        assert db.session.get(AccessRequest, decoy_id).email == "ADA@example.com"
