"""Find a person's data: everything the site holds about an address, found, exported whole,
and erased by an admin, except what an open request still needs."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass

import pytest

from faq_site import audit, mentions, subjects
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

from actions import add_moderator, page_token, post_form

ADA = "ada@example.com"
SEARCH = "/admin/subjects/"
EXPORT = "/admin/subjects/export"
ERASE = "/admin/subjects/erase"
ANSWER = b"%PDF-1.7 what we hold about you"
# The only columns an export leaves out: secrets that let someone sign in.
SECRETS = {"password_hash", "session_token", "totp_secret", "totp_pending_secret"}


@dataclass(frozen=True)
class Rows:
    """Ids of what the `ada` fixture stored."""

    new_question: int
    published_question: int
    waiting_message: int
    sent_message: int
    linked_message: int
    closed_request: int
    stale_request: int


def question(email: str | None, status=QuestionStatus.NEW, **fields) -> Question:
    return Question(
        token=f"q-{email}-{status}-{fields.get('redacted', '')}",
        status=status,
        original=fields.pop("original", f"I am {email}, what do you hold?"),
        redactions=[{"kind": "email", "start": 5, "end": 20}],
        redacted=fields.pop("redacted", "I am [email], what do you hold?"),
        email=email,
        fingerprint="f" * 64,
        **fields,
    )


def access_request(email: str, status: RequestStatus, token: str, **fields) -> AccessRequest:
    return AccessRequest(
        token=token,
        right=Right.ACCESS,
        status=status,
        name="Ada Lovelace",
        email=email,
        details="Everything about my account in 2025.",
        **fields,
    )


@pytest.fixture
def ada(app) -> Rows:
    """Ada's questions, emails and requests under varied spellings of her address, and someone
    else's, which no search for Ada may return."""
    now = utcnow()
    with app.app_context():
        new = question(" Ada@Example.com ")
        published = question(
            "ADA@example.com",
            QuestionStatus.PUBLISHED,
            redacted="Published?",
            public_text="Published?",
            answer="Yes.",
            decided=now,
        )
        other = question("grace@example.com", redacted="Grace's")
        db.session.add_all([new, published, other])
        db.session.flush()
        waiting = OutboxMessage(
            template="question_received", recipient="ada@EXAMPLE.com", subject="s", body_text="b"
        )
        sent = OutboxMessage(
            template="request_update",
            recipient=ADA,
            subject="Your request",
            body_text="b",
            body_html="<p>b</p>",
            sent=now,
        )
        # Sent and erased already: Ada's only through the question it answered.
        linked = OutboxMessage(
            template="question_answered", subject="Answered", question_id=published.id, sent=now
        )
        grace_mail = OutboxMessage(template="t", recipient="grace@example.com", subject="s")
        closed = access_request(
            ADA,
            RequestStatus.COMPLETED,
            "closed-token",
            reference="SAR-2025-000001",
            received=dt.date(2025, 3, 3),
            due=dt.date(2025, 4, 3),
            closed=now - dt.timedelta(days=3),
            outcome="Sent her account history.",
            answer_name="answer.pdf",
            answer_type="application/pdf",
            answer_data=ANSWER,
            answer_expires=now + dt.timedelta(days=4),
        )
        closed.events.append(RequestEvent(action="received", message=None))
        closed.events.append(RequestEvent(action="completed", message="Sent her history."))
        closed.pauses.append(RequestPause(started=dt.date(2025, 3, 5), ended=dt.date(2025, 3, 7)))
        stale = access_request(
            "Ada@example.com",
            RequestStatus.AWAITING_CONFIRMATION,
            "stale-token",
            created=now - dt.timedelta(days=8),
        )
        grace_request = access_request("grace@example.com", RequestStatus.OPEN, "grace-token")
        db.session.add_all([waiting, sent, linked, grace_mail, closed, stale, grace_request])
        db.session.commit()
        return Rows(new.id, published.id, waiting.id, sent.id, linked.id, closed.id, stale.id)


def open_request_for_ada(app) -> int:
    with app.app_context():
        request = access_request(
            ADA, RequestStatus.IN_PROGRESS, "open-token", reference="SAR-2026-000002"
        )
        db.session.add(request)
        db.session.commit()
        return request.id


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


# Finding


def test_find_gathers_every_kind_whatever_the_case_and_spaces(app, ada):
    add_moderator(app, "Ada@Example.com")
    with app.app_context():
        holdings = subjects.find("  ADA@example.COM ")
        assert [q.id for q in holdings.questions] == [ada.new_question, ada.published_question]
        assert [m.id for m in holdings.messages] == [
            ada.waiting_message,
            ada.sent_message,
            ada.linked_message,
        ]
        assert [r.id for r in holdings.requests] == [ada.closed_request, ada.stale_request]
        assert [m.email for m in holdings.moderators] == [ADA]
        assert holdings.counts() == {
            "questions": 2,
            "outbox_messages": 3,
            "access_requests": 2,
            "subprocessor_objections": 0,
            "change_notice_subscriptions": 0,
            "moderator_accounts": 1,
        }
        assert holdings.open_requests == [], "a week-old unconfirmed request is not open"


@pytest.mark.parametrize("email", ["", "   ", "ada@", "example.com", "bob@example.com"])
def test_find_is_an_exact_match(app, ada, email):
    with app.app_context():
        assert subjects.find(email).empty


# Exporting


def models_holding_personal_data():
    return [
        ("questions", Question, set()),
        ("outbox_messages", OutboxMessage, set()),
        ("access_requests", AccessRequest, set()),
        ("moderator_accounts", Moderator, SECRETS),
    ]


def columns(model) -> set[str]:
    return {column.key for column in model.__table__.columns}


def test_the_export_holds_every_column_of_every_model(app, ada):
    """A column added to a model holding personal data is exported without anyone remembering."""
    add_moderator(app, ADA)
    with app.app_context():
        data = json.loads(json.dumps(subjects.export(subjects.find(ADA))))
    for kind, model, withheld in models_holding_personal_data():
        assert data[kind], f"the fixture stores no {kind}"
        for row in data[kind]:
            assert columns(model) - withheld <= row.keys(), (kind, columns(model) - row.keys())
            assert not withheld & row.keys(), f"{kind} exported a secret"
    for request in data["access_requests"]:
        assert request["events"] or request["pauses"] or request["status"] == "awaiting"
        for event in request["events"]:
            assert columns(RequestEvent) <= event.keys()
        for pause in request["pauses"]:
            assert columns(RequestPause) <= pause.keys()
    assert set(data["withheld"]["moderator_accounts"]) == SECRETS


def test_the_export_is_faithful(app, ada):
    with app.app_context():
        data = subjects.export(subjects.find(ADA))
        closed = db.session.get(AccessRequest, ada.closed_request)
        request = next(r for r in data["access_requests"] if r["id"] == ada.closed_request)
        assert request["name"] == "Ada Lovelace" and request["status"] == "completed"
        assert request["received"] == "2025-03-03"
        assert request["closed"] == closed.closed.isoformat()
        assert (request["answer_name"], request["answer_type"]) == ("answer.pdf", "application/pdf")
        assert request["answer_size"] == len(ANSWER)
        assert base64.b64decode(request["answer_data"]) == ANSWER
        assert [e["message"] for e in request["events"]] == [None, "Sent her history."]
        assert request["pauses"][0]["started"] == "2025-03-05"
        new = next(q for q in data["questions"] if q["id"] == ada.new_question)
        assert new["original"] == "I am  Ada@Example.com , what do you hold?"
        assert new["redactions"] == [{"kind": "email", "start": 5, "end": 20}]
        assert "grace" not in json.dumps(data).lower()


def test_a_moderator_downloads_the_export_and_the_audit_trail_keeps_counts_only(
    app, ada, moderator_client
):
    response = post_form(moderator_client, SEARCH, EXPORT, email="ADA@example.com")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "ada" not in response.headers["Content-Disposition"].lower()
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))
    assert len(data["questions"]) == 2 and len(data["access_requests"]) == 2
    [event] = audit_events(app, "subject.exported")
    assert event.detail == {
        "questions": 2,
        "outbox_messages": 3,
        "access_requests": 2,
        "subprocessor_objections": 0,
        "change_notice_subscriptions": 0,
        "moderator_accounts": 0,
    }
    assert event.moderator_id is not None


def test_an_export_without_an_address_asks_for_one(moderator_client):
    response = post_form(moderator_client, SEARCH, EXPORT, email="")
    assert response.status_code == 422
    assert (
        "Enter the email address, phone number or postal address to look for."
        in response.get_data(as_text=True)
    )


# Erasing


def test_erase_erases_and_reports(app, ada):
    add_moderator(app, ADA)
    with app.app_context():
        report = subjects.erase(subjects.find(ADA), by=audit.SYSTEM)
        db.session.commit()
        assert report.counts() == {
            "questions_erased": 2,
            "questions_withdrawn": 1,
            "messages_deleted": 1,
            "messages_erased": 1,
            "requests_deleted": 1,
            "requests_erased": 1,
            "objections_deleted": 0,
            "subscriptions_deleted": 0,
            "kept_under_open_request": 0,
            "moderator_accounts_kept": 1,
            "unsent_notices_kept": 0,
            "open_objections_kept": 0,
        }
        [kept] = report.kept
        assert (kept.kind, kept.reason) == (
            subjects.Kind.MODERATOR,
            subjects.KeptBecause.MODERATOR_ACCOUNT,
        )

        new = db.session.get(Question, ada.new_question)
        assert new.status is QuestionStatus.WITHDRAWN and new.decided is not None
        assert (new.email, new.original, new.redactions, new.fingerprint, new.redacted) == (
            None,
            None,
            None,
            None,
            "",
        )
        published = db.session.get(Question, ada.published_question)
        assert published.status is QuestionStatus.PUBLISHED and published.email is None
        assert published.public_text == "Published?", "the approved wording holds nothing of hers"
        assert db.session.get(OutboxMessage, ada.waiting_message) is None
        sent = db.session.get(OutboxMessage, ada.sent_message)
        assert (sent.recipient, sent.body_text, sent.body_html) == (None, None, None)
        assert db.session.get(AccessRequest, ada.stale_request) is None

        closed = db.session.get(AccessRequest, ada.closed_request)
        assert (closed.name, closed.email, closed.details, closed.outcome) == (None,) * 4
        assert (closed.answer_name, closed.answer_type, closed.answer_data) == (None,) * 3
        assert closed.answer_expires is None
        assert [event.message for event in closed.events] == [None, None]
        assert (closed.reference, closed.right, closed.status) == (
            "SAR-2025-000001",
            Right.ACCESS,
            RequestStatus.COMPLETED,
        )
        assert (closed.received, closed.due) == (dt.date(2025, 3, 3), dt.date(2025, 4, 3))
        assert closed.closed is not None and len(closed.pauses) == 1

        assert db.session.scalar(db.select(Moderator).where(Moderator.email == ADA)).active
        assert db.session.scalar(
            db.select(Question).where(Question.email == "grace@example.com")
        ), "someone else's question stays"
        remaining = subjects.find(ADA)
        assert remaining.counts()["questions"] == 0
        assert remaining.counts()["access_requests"] == 0
    [event] = audit_events(app, "subject.erased")
    assert event.detail == report.counts()
    assert "ada" not in json.dumps(event.detail).lower()


def test_an_email_still_owed_about_a_request_is_never_deleted(app, ada):
    """A notice about a request or complaint not sent yet is owed to the person: the erasure
    keeps it for the mail workers, and says so."""
    with app.app_context():
        owed = OutboxMessage(
            template="request_completed", recipient=ADA, subject="Done", body_text="Done."
        )
        db.session.add(owed)
        db.session.commit()
        report = subjects.erase(subjects.find(ADA), by=audit.SYSTEM)
        db.session.commit()
        assert report.counts()["unsent_notices_kept"] == 1
        assert report.counts()["messages_deleted"] == 1  # the question's waiting email
        kept = db.session.get(OutboxMessage, owed.id)
        assert (kept.recipient, kept.sent) == (ADA, None)


def test_data_under_an_open_request_is_kept(app, ada):
    open_id = open_request_for_ada(app)
    with app.app_context():
        before = subjects.export(subjects.find(ADA))
        report = subjects.erase(subjects.find(ADA), by=audit.SYSTEM)
        db.session.commit()
        after = subjects.export(subjects.find(ADA))
    assert report.kept_because(subjects.KeptBecause.OPEN_REQUEST) == 2 + 3 + 3
    assert {(item.kind, item.id) for item in report.kept} >= {
        (subjects.Kind.REQUEST, open_id),
        (subjects.Kind.QUESTION, ada.new_question),
        (subjects.Kind.MESSAGE, ada.waiting_message),
    }
    assert report.counts()["questions_erased"] == report.counts()["requests_erased"] == 0
    for kind in ("questions", "outbox_messages", "access_requests"):
        assert after[kind] == before[kind], kind
    [event] = audit_events(app, "subject.erased")
    assert event.detail["kept_under_open_request"] == 8


def test_an_unconfirmed_request_in_her_name_does_not_stop_the_erasure(app, ada):
    """Anyone can type Ada's address into the request form: until the link sent to it is used,
    the request proves nothing, and must not keep her data from being erased."""
    with app.app_context():
        fresh = access_request(ADA, RequestStatus.AWAITING_CONFIRMATION, "fresh-token")
        db.session.add(fresh)
        db.session.commit()
        fresh_id = fresh.id
        holdings = subjects.find(ADA)
        assert holdings.open_requests == []
        report = subjects.erase(holdings, by=audit.SYSTEM)
        db.session.commit()
        assert report.kept_because(subjects.KeptBecause.OPEN_REQUEST) == 0
        counts = report.counts()
        assert (counts["questions_erased"], counts["requests_erased"]) == (2, 1)
        assert counts["requests_deleted"] == 2, "the stale and the fresh unconfirmed requests"
        assert db.session.get(AccessRequest, fresh_id) is None
        assert db.session.get(Question, ada.new_question).email is None


# The page


def search(client, email: str):
    """Search as the page's form does: the address in a POST body, never in a URL."""
    return post_form(client, SEARCH, email=email)


def test_no_address_ever_travels_in_a_url(ada, moderator_client):
    page = search(moderator_client, ADA).get_data(as_text=True)
    assert "?email=" not in page
    assert 'action="/admin/subjects/export"' in page
    # An address in a query string is ignored: the page is the empty form.
    ignored = moderator_client.get(f"{SEARCH}?email={ADA}").get_data(as_text=True)
    assert "What the site holds about" not in ignored
    assert moderator_client.get(f"{EXPORT}?email={ADA}").status_code == 405


def test_the_search_page_needs_sign_in(client):
    # Posts carry a valid token of the stranger's own session, so that the sign-in guard, not
    # the CSRF check, is what answers them.
    token = page_token(client, "/admin/sign-in")
    for response in (
        client.get(SEARCH),
        client.post(SEARCH, data={"csrf_token": token, "email": ADA}),
        client.post(EXPORT, data={"csrf_token": token, "email": ADA}),
        client.post(ERASE, data={"csrf_token": token, "email": ADA, "confirm": "y"}),
    ):
        assert response.status_code == 302
        assert response.location.startswith("/admin/sign-in")


def test_the_search_page_shows_the_personal_data(ada, moderator_client):
    page = search(moderator_client, "Ada@Example.com")
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    for shown in (
        "What the site holds about Ada@Example.com",
        "I am  Ada@Example.com , what do you hold?",
        "Ada Lovelace",
        "Everything about my account in 2025.",
        "SAR-2025-000001",
        "Sent her history.",
        "answer.pdf",
        "Download all of it as JSON",
    ):
        assert shown in html, shown
    assert "Grace" not in html
    assert "Only an admin can erase" in html
    assert 'action="/admin/subjects/erase"' not in html


def test_a_blank_search_says_what_is_missing(moderator_client):
    assert moderator_client.get(SEARCH).status_code == 200
    page = search(moderator_client, " ")
    assert page.status_code == 422
    assert "Enter the email address, phone number or postal address to look for." in page.get_data(
        as_text=True
    )


def test_an_unknown_address_finds_nothing(moderator_client):
    page = search(moderator_client, "nobody@example.com")
    assert (
        "Nothing. No question, email, request, objection, subscription or moderator account"
        in page.get_data(as_text=True)
    )


def test_a_moderator_cannot_erase(app, ada, moderator_client):
    token = page_token(moderator_client, SEARCH)
    response = moderator_client.post(
        ERASE, data={"csrf_token": token, "email": ADA, "confirm": "y"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Question, ada.new_question).email is not None
    assert audit_events(app, "subject.erased") == []


def test_an_admin_erases_with_confirmation(app, ada, admin_client):
    page = search(admin_client, ADA)
    assert 'action="/admin/subjects/erase"' in page.get_data(as_text=True)
    response = post_form(admin_client, SEARCH, ERASE, email=ADA, confirm="y")
    # The result is shown at once: a redirect would carry the address in its URL.
    assert response.status_code == 200
    after = response.get_data(as_text=True)
    assert "Erased 2 questions (1 of them withdrawn), deleted 1 and erased 1 outbox" in after
    with app.app_context():
        assert db.session.get(Question, ada.new_question).email is None
    [event] = audit_events(app, "subject.erased")
    assert event.actor.startswith("moderator #")


def test_erasing_needs_the_box_ticked(app, ada, admin_client):
    response = post_form(admin_client, SEARCH, ERASE, email=ADA)
    assert response.status_code == 422
    assert "Tick the box to confirm the erasure." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Question, ada.new_question).email is not None
    assert audit_events(app, "subject.erased") == []


def test_erasing_needs_an_address(admin_client):
    response = post_form(admin_client, SEARCH, ERASE, confirm="y")
    assert response.status_code == 422
    assert "Search for an address or a phone number first." in response.get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "forged"])
def test_erasing_needs_the_csrf_token(app, ada, admin_client, token):
    data = {"email": ADA, "confirm": "y"}
    if token:
        data["csrf_token"] = token
    response = admin_client.post(ERASE, data=data)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Question, ada.new_question).email is not None


def test_the_page_refuses_to_erase_under_an_open_request(app, ada, admin_client):
    open_request_for_ada(app)
    html = search(admin_client, ADA).get_data(as_text=True)
    assert "This person has an open request." in html
    assert 'action="/admin/subjects/erase"' not in html
    response = post_form(admin_client, SEARCH, ERASE, email=ADA, confirm="y")
    assert response.status_code == 200
    after = response.get_data(as_text=True)
    assert "Kept 8 items because this person has an open request." in after
    with app.app_context():
        assert db.session.get(Question, ada.new_question).email is not None


# Finding a person in what was written


PHONE = "07700 900123"


@dataclass(frozen=True)
class Mentions:
    """Ids of questions whose text mentions Ada's address or number, or only looks like it."""

    by_grace: int
    grace_message: int
    anonymous: int
    dashes: int
    run_together: int
    with_country_code: int
    lookalikes: int
    other_number: int
    decided: int


@pytest.fixture
def mentioned(app, ada) -> Mentions:
    with app.app_context():
        rows = {
            "by_grace": question(
                "grace@example.com",
                original="My colleague (ADA@Example.com, +44 7700 900123) left: must we delete her?",
            ),
            "anonymous": question(None, original=f"Call her on {PHONE} about it."),
            "dashes": question(None, original="Her number was 07700-900-123, is it kept?"),
            "run_together": question(None, original="Is 07700900123 in your CRM?"),
            "with_country_code": question(None, original="Ring +44 (0)7700 900 123 please"),
            "lookalikes": question(
                None,
                original="nada@example.com and ada@example.community and ada@example.com.au "
                "and adaXb@example.com are not her",
            ),
            "other_number": question(None, original="07700 900124 is someone else"),
            "decided": question(
                None,
                QuestionStatus.PUBLISHED,
                original=None,
                redacted="Is [email] kept?",
                public_text="Is an address kept?",
            ),
        }
        for index, row in enumerate(rows.values()):
            row.token = f"mention-{index}"
        db.session.add_all(rows.values())
        db.session.flush()
        message = OutboxMessage(
            template="question_answered",
            recipient="grace@example.com",
            subject="Answered",
            body_text="b",
            question_id=rows["by_grace"].id,
        )
        db.session.add(message)
        db.session.commit()
        return Mentions(**{name: row.id for name, row in rows.items()}, grace_message=message.id)


def test_an_address_is_found_in_what_others_wrote(app, ada, mentioned):
    with app.app_context():
        holdings = subjects.find(ADA)
        assert [q.id for q in holdings.questions] == [
            ada.new_question,
            ada.published_question,
            mentioned.by_grace,
        ]
        assert holdings.mentioning == {mentioned.by_grace}
        assert mentioned.grace_message not in [m.id for m in holdings.messages], (
            "the emails of someone else's question are theirs"
        )


def test_an_address_with_a_like_wildcard_is_matched_as_written(app, mentioned):
    with app.app_context():
        assert subjects.find("ada_b@example.com").empty
        assert subjects.find("adaXb@EXAMPLE.com").mentioning == {mentioned.lookalikes}


@pytest.mark.parametrize(
    "phone", [PHONE, "+44 7700 900123", "+447700900123", "0044 7700 900 123", "(07700) 900-123"]
)
def test_a_phone_number_is_found_however_it_is_written(app, mentioned, phone):
    with app.app_context():
        holdings = subjects.find("", phone)
        assert [q.id for q in holdings.questions] == [
            mentioned.by_grace,
            mentioned.anonymous,
            mentioned.dashes,
            mentioned.run_together,
            mentioned.with_country_code,
        ]
        assert holdings.mentioning == {q.id for q in holdings.questions}
        assert holdings.messages == holdings.requests == holdings.moderators == []


def test_an_address_and_a_number_together(app, ada, mentioned):
    with app.app_context():
        holdings = subjects.find(ADA, PHONE)
        assert len(holdings.questions) == 2 + 5
        assert mentioned.by_grace in holdings.mentioning
        assert ada.new_question not in holdings.mentioning


@pytest.mark.parametrize("phone", ["", "  ", "12", "not a number", "+44", "0"])
def test_what_is_not_a_phone_number_finds_nothing(app, mentioned, phone):
    with app.app_context():
        assert mentions.phone_number(phone) is None
        assert subjects.find("", phone).empty


def test_the_export_of_a_mention_leaves_out_what_is_the_senders(app, ada, mentioned):
    with app.app_context():
        data = json.loads(json.dumps(subjects.export(subjects.find(ADA, PHONE))))
    mention = next(q for q in data["questions"] if q["id"] == mentioned.by_grace)
    assert mention["mentions_you"] is True
    assert "email" not in mention and "token" not in mention
    assert "ADA@Example.com" in mention["original"]
    assert columns(Question) - mention.keys() == {"email", "token"}
    assert set(data["withheld"]["questions_mentioning_you"]) == {"email", "token"}
    own = next(q for q in data["questions"] if q["id"] == ada.new_question)
    assert own["email"] == " Ada@Example.com " and "mentions_you" not in own
    assert data["phone"] == PHONE
    assert "grace" not in json.dumps(data).lower()


def test_erasing_takes_what_was_written_about_them_and_leaves_the_sender(app, ada, mentioned):
    with app.app_context():
        report = subjects.erase(subjects.find(ADA, PHONE), by=audit.SYSTEM)
        db.session.commit()
        assert report.questions_erased == 2 + 5 and report.questions_withdrawn == 1
        grace = db.session.get(Question, mentioned.by_grace)
        assert (grace.original, grace.redactions, grace.fingerprint) == (None, None, None)
        assert grace.email == "grace@example.com" and grace.status is QuestionStatus.NEW
        assert db.session.get(OutboxMessage, mentioned.grace_message).recipient is not None
        assert db.session.get(Question, mentioned.other_number).original is not None
        assert subjects.find("", PHONE).empty


def test_a_moderator_searches_by_phone_number(ada, mentioned, moderator_client):
    page = post_form(moderator_client, SEARCH, phone="+44 7700 900123")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "What the site holds about +44 7700 900123" in html
    assert html.count("Mentions them in what was written; its sender may be someone else") == 5
    assert "Call her on 07700 900123 about it." in html
    assert 'name="phone" value="+44 7700 900123"' in html, "the export and erasure keep it"


def test_a_phone_number_that_cannot_be_one_is_refused(moderator_client):
    page = post_form(moderator_client, SEARCH, phone="call me")
    assert page.status_code == 422
    assert "Enter a phone number, such as 07700 900123." in page.get_data(as_text=True)


def test_an_export_by_phone_number(app, mentioned, moderator_client):
    response = post_form(moderator_client, SEARCH, EXPORT, phone=PHONE)
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert len(data["questions"]) == 5
    assert all(q["mentions_you"] for q in data["questions"])
    [event] = audit_events(app, "subject.exported")
    assert event.detail["questions"] == 5 and "7700" not in json.dumps(event.detail)


def test_an_admin_erases_by_phone_number(app, mentioned, admin_client):
    response = post_form(admin_client, SEARCH, ERASE, phone=PHONE, confirm="y")
    assert response.status_code == 200
    assert "Erased 5 questions (0 of them withdrawn)" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Question, mentioned.anonymous).original is None


# --- Requests recorded from a letter or a call: found by their number or postal address ---------


def _record(app, channel, phone=None, postal=None, closed=False) -> int:
    """A request recorded by hand, with no email address."""
    from faq_site.access_requests import workflow
    from faq_site.models import Channel

    with app.test_request_context():
        app.config["SITE_TODAY"] = "2026-11-12"
        found, _message = workflow.record(
            Right.ACCESS,
            Channel(channel),
            dt.date(2026, 11, 2),
            workflow.Contact("Nell Postwright", phone=phone, postal_address=postal),
            "Everything you hold about me, please.",
            by=audit.SYSTEM,
        )
        if closed:
            found.status = RequestStatus.COMPLETED
            found.closed = utcnow()
        db.session.commit()
        return found.id


def test_a_request_recorded_by_phone_is_found_by_its_number_however_written(app):
    ident = _record(app, "phone", phone="07700 900481")
    other = _record(app, "phone", phone="07700 900482")
    with app.app_context():
        for typed in ("07700900481", "+44 7700 900481", "(07700) 900-481"):
            assert [r.id for r in subjects.find("", typed).requests] == [ident], typed
        assert other not in [r.id for r in subjects.find("", "07700 900481").requests]


@pytest.mark.parametrize(
    "typed",
    [
        "14 Harbour Lane",
        "14 harbour lane, tr11 2ab",
        "TR11 2AB",
        "tr112ab",
        "14 Harbour Lane Falmouth",
        "\uff11\uff14 Harbour Lane",  # full-width digits
    ],
)
def test_a_request_recorded_by_post_is_found_by_its_postal_address(app, typed):
    ident = _record(app, "post", postal="14 Harbour Lane\nFalmouth TR11 2AB")
    _record(app, "post", postal="41 Harbour Lane\nFalmouth TR11 2AB")
    with app.app_context():
        assert ident in [r.id for r in subjects.find("", None, typed).requests]
        if typed.startswith("14"):
            assert [r.id for r in subjects.find("", None, typed).requests] == [ident]


@pytest.mark.parametrize(
    "typed",
    ["Falmouth", "Harbour Lane", "15 Harbour Lane", "Lane 14", "Falmouth TR11", "3 Falmouth"],
)
def test_a_town_alone_or_a_wrong_number_finds_no_postal_address(app, typed):
    _record(app, "post", postal="Flat 3, 14 Harbour Lane\nFalmouth TR11 2AB")
    with app.app_context():
        assert subjects.find("", None, typed).requests == []


@pytest.mark.parametrize("typed", ["Falmouth", "Falmouth TR11", "Harbour Lane", "14"])
def test_what_cannot_name_one_home_is_not_searched(typed):
    """A town, half a postcode or a street alone would list strangers as one person."""
    assert subjects.postal_words(typed) == []


def test_a_moderator_searches_by_postal_address_and_an_admin_erases(app, admin_client):
    ident = _record(app, "post", postal="14 Harbour Lane\nFalmouth TR11 2AB", closed=True)
    page = post_form(admin_client, SEARCH, postal="14 harbour lane")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What the site holds about 14 harbour lane" in text
    assert "Requests (1)" in text
    # What the request was recorded with is shown, to check it is the same person...
    assert "14 Harbour Lane<br>\nFalmouth TR11 2AB" in text
    # ... and the erasure below acts on the same search.
    assert 'id="erase-postal" name="postal" type="hidden" value="14 harbour lane"' in text
    # A town alone is refused beside the field, with what to type.
    refused = post_form(admin_client, SEARCH, postal="Falmouth")
    assert refused.status_code == 422
    assert "Give a house number with its street, or a whole postcode" in refused.get_data(
        as_text=True
    )
    # The audit trail says it was a search by postal address, never the address.
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action == "subject.searched")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.detail["by_postal_address"] is True
        assert "harbour" not in json.dumps(event.detail).lower()
    erased = post_form(admin_client, SEARCH, ERASE, postal="14 Harbour Lane", confirm="y")
    assert erased.status_code == 200
    assert "erased 1 closed requests" in erased.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(AccessRequest, ident).postal_address is None


def test_nothing_found_by_postal_address_says_so(admin_client):
    page = post_form(admin_client, SEARCH, postal="99 Nowhere Road")
    assert "No request was recorded with this postal address." in page.get_data(as_text=True)
