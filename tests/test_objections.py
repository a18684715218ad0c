"""Objections to an announced sub-processor (UK and EU GDPR Art. 28(2)): the form on the
register's page, its acknowledgement through a real SMTP server, the panel's list, the audit
trail, the retention period and "find a person's data". Every test runs on SQLite and on
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask
from markupsafe import escape

from faq_site import retention, subjects
from faq_site.extensions import db
from faq_site.models import AuditEvent, SubprocessorObjection, utcnow
from faq_site.objections import workflow as objections

from actions import csrf_token, form_field, page_token
from conftest import FUTURE
from smtp_server import delivered

# Every test reads the register from the content tree.
pytestmark = pytest.mark.usefixtures("synced")

FORM = "/subprocessors/object"
PROVIDER = "Maplewatch Support Inc."  # announced in the test content, from FUTURE
COMPANY = "Brightfield Analytics Ltd"
NAME = "Priya Contact"
EMAIL = "priya@brightfield.example"
REASON = "Our clients' contracts forbid support staff outside the UK and the EEA."


def objection_form(client, **fields) -> dict[str, str]:
    """The objection form as a browser holds it, filled in, ready to be sent."""
    page = client.get(FORM)
    assert page.status_code == 200
    return {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "submission": form_field(page, "submission"),
        "provider": PROVIDER,
        "company": COMPANY,
        "name": NAME,
        "email": EMAIL,
        "reason": REASON,
        "website": "",
        **fields,
    }


def send(client, **fields):
    return client.post(FORM, data=objection_form(client, **fields))


def stored(app: Flask) -> list[SubprocessorObjection]:
    with app.app_context():
        return list(
            db.session.scalars(db.select(SubprocessorObjection).order_by(SubprocessorObjection.id))
        )


def test_the_register_links_each_announced_provider_to_the_form(client):
    page = client.get("/subprocessors").get_data(as_text=True)
    assert 'href="/subprocessors/object"' in page
    assert 'href="/subprocessors/object?provider=Maplewatch+Support+Inc."' in page
    assert f"Object to {PROVIDER}" in page
    # With one provider announced, it is chosen already; a link naming it chooses it too.
    only = client.get(FORM).get_data(as_text=True)
    assert re.search(rf'<input checked [^>]*value="{re.escape(PROVIDER)}"', only)
    form = client.get(f"{FORM}?provider=Maplewatch+Support+Inc.").get_data(as_text=True)
    assert "Object to a new sub-processor" in form
    assert re.search(rf'<input checked [^>]*value="{re.escape(PROVIDER)}"', form), "it is chosen"
    assert f"{PROVIDER}, from {FUTURE.strftime('%-d %B %Y')}" in form


def test_an_objection_is_stored_acknowledged_by_email_and_audited(app, client, smtp_server):
    response = send(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/subprocessors/object/sent")
    thanks = client.get("/subprocessors/object/sent").get_data(as_text=True)
    assert "We have your objection" in thanks
    [objection] = stored(app)
    assert (objection.provider, objection.effective) == (PROVIDER, FUTURE)
    assert (objection.company, objection.name, objection.email) == (COMPANY, NAME, EMAIL)
    assert objection.reason == REASON and objection.answered is None
    [message] = delivered(app, smtp_server)
    assert message["To"] == EMAIL
    assert message["Subject"] == f"We have received your objection to {PROVIDER}"
    text = message.get_body(("plain",)).get_content()
    assert f"will start on {FUTURE.strftime('%-d %B %Y')}" in text
    assert "If you did not send it, you need do nothing" in text
    # Nothing the sender typed is in it: the form needs no confirmation, so it must not carry
    # anyone's words to whatever address they gave.
    html = message.get_body(("html",)).get_content()
    for typed in (COMPANY, REASON, NAME):
        assert typed not in text and typed not in html
    with app.app_context():
        [event] = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "objection.received")
        ).all()
        assert (event.actor, event.subject_id) == ("visitor", objection.id)
        assert EMAIL not in json.dumps(event.detail or {})


def test_the_same_form_sent_twice_is_one_objection(app, client):
    data = objection_form(client)
    assert client.post(FORM, data=data).status_code == 302
    assert client.post(FORM, data=data).status_code == 302
    assert len(stored(app)) == 1
    # Back, and sent again: a fresh form, but the same objection, still waiting for an answer.
    assert send(client).status_code == 302
    assert len(stored(app)) == 1
    # Something new from the same contact would be a second objection (a fourth send in a
    # minute meets the forms' rate limit, so the check is asked directly).
    with app.app_context():
        [target] = objections.announced()
        assert objections.already_made(target, EMAIL, REASON)
        assert not objections.already_made(target, EMAIL, "And the safeguard is contractual.")


def test_mistakes_are_explained_beside_their_fields(app, client):
    response = send(client, provider="", company="", name="", email="not-an-address", reason="")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    for message in (
        "Choose the sub-processor you object to.",
        "Enter the name of the company that is our customer.",
        "Enter your name, so that we know whom to answer.",
        "Enter an email address like name@example.com.",
        "Tell us why you object, so that we can answer it.",
    ):
        assert message in text, message
    assert 'id="provider-error"' in text and 'href="#provider"' in text
    assert "That was very quick" not in text
    assert stored(app) == []


def test_words_that_show_nothing_are_no_words(app, client):
    invisible = "\u200b\u200b"
    response = send(client, company=invisible, name=invisible, reason=invisible)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter the name of the company that is our customer." in text
    assert "Tell us why you object, so that we can answer it." in text
    assert stored(app) == []


def test_only_an_announced_provider_can_be_objected_to(app, client):
    # One in force already, or made up: refused beside the field, nothing stored, never a 500.
    for provider in ("Harbour Hosting Ltd", "<script>alert(1)</script>", "x" * 5000):
        response = send(client, provider=provider)
        assert response.status_code == 400
        assert "Choose the sub-processor you object to." in response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert stored(app) == []


def test_with_nothing_announced_the_form_says_so(app, client):
    app.config["SITE_TODAY"] = (FUTURE + dt.timedelta(days=1)).isoformat()
    response = client.get(FORM)
    assert response.status_code == 404
    assert "nothing to object to" in response.get_data(as_text=True)
    assert 'href="/subprocessors/object"' not in client.get("/subprocessors").get_data(as_text=True)


def test_a_robot_filling_the_hidden_field_stores_nothing(app, client):
    response = send(client, website="https://spam.example")
    assert response.status_code == 302 and stored(app) == []


def test_the_panel_lists_objections_and_marks_one_answered(app, client, moderator_client):
    assert send(client).status_code == 302
    page = moderator_client.get("/admin/objections/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Waiting for an answer (1)" in text and COMPANY in text and str(escape(REASON)) in text
    [objection] = stored(app)
    action = f"/admin/objections/{objection.id}/answered"
    # Without the form's token, nothing changes.
    assert moderator_client.post(action).status_code == 400
    assert stored(app)[0].answered is None
    token = page_token(moderator_client, "/admin/objections/")
    response = moderator_client.post(action, data={"csrf_token": token})
    assert response.status_code == 302
    text = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is marked answered" in text and "Answered (1)" in text
    assert "Waiting for an answer (0)" in text
    assert stored(app)[0].answered is not None
    missing = moderator_client.post("/admin/objections/999/answered", data={"csrf_token": token})
    assert missing.status_code == 404
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEvent.action).where(AuditEvent.action.like("objection.%"))
        ).all()
        # Each look at the list is kept: the first, the one that took the form's token, and the
        # list shown after the answer.
        assert sorted(actions) == [
            "objection.answered",
            *["objection.listed"] * 3,
            "objection.received",
        ]


def test_the_panel_needs_sign_in(client):
    assert client.get("/admin/objections/").status_code == 302


def test_an_answered_objection_is_deleted_after_the_retention_period(app, client):
    send(client)
    send(client, company="Other Ltd", email="other@example.org")
    with app.app_context():
        first, _second = db.session.scalars(
            db.select(SubprocessorObjection).order_by(SubprocessorObjection.id)
        ).all()
        first.answered = utcnow()
        db.session.commit()
        months = app.config["REQUEST_RETENTION_MONTHS"]
        early = retention.purge(utcnow() + dt.timedelta(days=28 * months - 31))
        assert early.objections_deleted == 0
        late = retention.purge(utcnow() + dt.timedelta(days=31 * months + 1))
        db.session.commit()
        assert late.objections_deleted == 1
        remaining = db.session.scalars(db.select(SubprocessorObjection)).all()
        assert [o.company for o in remaining] == ["Other Ltd"], "an unanswered one stays"


def erase_by_email(admin_client) -> str:
    """The admin's erasure of what the site holds about the objector's address: its page."""
    return admin_client.post(
        "/admin/subjects/erase",
        data={
            "csrf_token": page_token(admin_client, "/admin/subjects/"),
            "email": EMAIL,
            "confirm": "y",
        },
    ).get_data(as_text=True)


def test_find_a_persons_data_exports_and_erases_objections(app, client, admin_client):
    send(client)
    with app.app_context():
        holdings = subjects.find(EMAIL.upper())
        assert holdings.counts()["subprocessor_objections"] == 1
        [data] = subjects.export(holdings)["subprocessor_objections"]
        assert (data["company"], data["reason"]) == (COMPANY, REASON)
    page = admin_client.post(
        "/admin/subjects/",
        data={"csrf_token": page_token(admin_client, "/admin/subjects/"), "email": EMAIL},
    ).get_data(as_text=True)
    assert "Objections to sub-processors (1)" in page and str(escape(REASON)) in page
    # Not answered yet, it is kept: the customer is owed an answer at that address.
    kept = erase_by_email(admin_client)
    assert "Kept 1 objections to sub-processors not answered yet" in kept
    assert len(stored(app)) == 1
    with app.app_context():
        db.session.get(SubprocessorObjection, stored(app)[0].id).answered = utcnow()
        db.session.commit()
    erased = erase_by_email(admin_client)
    assert "Deleted 1 objections to sub-processors." in erased
    assert stored(app) == []


def test_the_panel_marks_an_objection_due_soon_then_overdue(app, client, moderator_client):
    assert send(client).status_code == 302
    app.config["SITE_TODAY"] = (FUTURE - dt.timedelta(days=3)).isoformat()
    assert "Answer within 3 days" in moderator_client.get("/admin/objections/").get_data(
        as_text=True
    )
    app.config["SITE_TODAY"] = FUTURE.isoformat()
    assert "Overdue: it has started" in moderator_client.get("/admin/objections/").get_data(
        as_text=True
    )


def test_an_objection_the_rate_limit_refuses_gets_the_form_back_with_why(app, client):
    for number in range(2):
        assert send(client, email=f"contact{number}@brightfield.example").status_code == 302
    # The forms that email the address typed share their limit: a subscription counts too.
    page = client.get("/notices")
    subscription = {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "email": "reader@example.com",
        "statement": "y",
    }
    assert client.post("/notices", data=subscription).status_code == 302
    refused = send(client, name="Kept Contact")
    assert refused.status_code == 429
    assert refused.headers["Cache-Control"] == "no-store, private"
    # The form again, as it was sent, with why it was not taken: ready to send once more.
    html = refused.get_data(as_text=True)
    assert 'class="error-summary" role="alert"' in html
    assert "so we have not taken it. What you typed is kept below" in html
    assert 'value="Kept Contact"' in html and f'value="{EMAIL}"' in html
    assert str(escape(REASON)) in html
    assert csrf_token(refused) and form_field(refused, "started")
    assert form_field(refused, "submission")
    assert len(stored(app)) == 2
