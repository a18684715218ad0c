"""Following a request or a complaint with the reference and access code a letter gives, for a
person who cannot follow, or type, the private link."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.audit_words import action_words
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, Channel, Right

from actions import page_token

FOLLOW = "/requests/follow"
TODAY = "2026-11-12"


@pytest.fixture(autouse=True)
def fixed_today(app: Flask) -> None:
    app.config["SITE_TODAY"] = TODAY


def recorded(app: Flask, right: Right = Right.ACCESS) -> tuple[str, str, str, int]:
    """A request (or complaint) that came by post: its reference, token, access code and id."""
    with app.test_request_context():
        found, _message = workflow.record(
            right,
            Channel.POST,
            dt.date(2026, 11, 2),
            workflow.Contact("Nell Postwright", postal_address="3 Quay Street\nTruro TR1 2AA"),
            "Everything you hold about me, please.",
            by=audit.SYSTEM,
        )
        db.session.commit()
        return found.reference, found.token, workflow.access_code(found), found.id


def follow(client, reference: str, code: str):
    token = page_token(client, FOLLOW)
    return client.post(FOLLOW, data={"csrf_token": token, "reference": reference, "code": code})


def test_an_access_code_is_twelve_unambiguous_characters_fixed_by_the_request(app):
    _reference, _token, code, _ident = recorded(app)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        assert workflow.access_code(found) == code, "the same code every time it is shown"
        _other, _token, other_code, _ident = recorded(app)
        assert other_code != code


def test_the_reference_and_code_open_the_status_page(app, client):
    reference, token, code, _ident = recorded(app)
    page = client.get(FOLLOW)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<label for="reference">Reference</label>' in text
    assert '<label for="code">Access code</label>' in text
    response = follow(client, reference, code)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/status/{token}")
    # The audit log keeps that the page was opened so, and nothing the visitor typed.
    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.followed")
        ).all()
        assert [(e.actor, e.subject_id) for e in events] == [("visitor", _ident)]
        assert code not in json.dumps(events[0].detail or {})
    # Typed as people type: small letters, spaces for dashes, a space around the reference, the
    # reference without its dashes or its number's leading zeros.
    typed = follow(client, f" {reference.lower()} ", code.lower().replace("-", " "))
    assert typed.headers["Location"].endswith(f"/requests/status/{token}")
    prefix, year, number = reference.split("-")
    for written in (f"{prefix} {year} {number}", f"{prefix}{year}{number}",
                    f"{prefix}-{year}-{int(number)}"):  # fmt: skip
        response = follow(client, written, code)
        assert response.headers["Location"].endswith(f"/requests/status/{token}"), written


def test_a_complaint_is_followed_the_same_way(app, client):
    reference, token, code, _ident = recorded(app, Right.COMPLAINT)
    assert reference.startswith("CMP-")
    response = follow(client, reference, code)
    assert response.headers["Location"].endswith(f"/requests/status/{token}")


@pytest.mark.parametrize("wrong", ["reference", "code", "unconfirmed"])
def test_a_wrong_reference_or_code_gets_one_message_and_no_hint_of_which(app, client, wrong):
    reference, _token, code, _ident = recorded(app)
    if wrong == "reference":
        reference = reference[:-1] + ("7" if reference[-1] != "7" else "8")
    elif wrong == "code":
        code = code[:-1] + ("A" if code[-1] != "A" else "B")
    else:
        with app.test_request_context():
            pending, _message = workflow.submit(
                Right.ACCESS, "Nell Postwright", "nell@example.org", "Everything, please."
            )
            db.session.commit()
            # Never confirmed, it has no reference yet: its code opens nothing either.
            reference, code = f"SAR-2026-{pending.id:06d}", workflow.access_code(pending)
    response = follow(client, reference, code)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "We have no request or complaint with that reference and access code." in text
    # Which one is wrong is not said: both fields are marked, the message on the first.
    assert 'id="reference-error"' in text and 'id="code-error"' in text
    assert text.count('aria-invalid="true"') == 2
    assert 'href="#reference"' in text, "the summary leads to the first field"
    assert 'value="' + reference + '"' in text, "the reference typed is kept"
    assert code not in text, "the code typed is not shown back"
    assert 'autocomplete="off"' in text


def test_refused_tries_are_kept_against_the_request_they_named(app, client):
    """A wrong code for a real reference is logged against that request, for the DPO to see
    someone guessing; a reference we do not have against nothing; neither keeps what was
    typed."""
    reference, _token, code, ident = recorded(app)
    wrong_code = code[:-1] + ("A" if code[-1] != "A" else "B")
    unknown = reference[:-1] + ("7" if reference[-1] != "7" else "8")
    assert follow(client, reference, wrong_code).status_code == 400
    assert follow(client, unknown, code).status_code == 400
    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action.in_(["request.follow_refused", "follow.refused"]))
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.actor, e.subject_type, e.subject_id) for e in events] == [
            ("request.follow_refused", "visitor", "accessrequest", ident),
            ("follow.refused", "visitor", "", None),
        ]
        kept = json.dumps([e.detail or {} for e in events])
        for typed in (wrong_code, code, unknown):
            assert typed not in kept
    # The panel's audit log names the action in words.
    with app.test_request_context():
        assert "wrong access code" in action_words("request.follow_refused")
        assert "reference we do not have" in action_words("follow.refused")


def test_a_code_typed_with_other_dashes_or_full_width_letters_still_works(app, client):
    reference, token, code, _ident = recorded(app)
    for typed in (
        code.replace("-", "\u2013"),  # en dashes
        code.replace("-", "\u2011"),  # non-breaking hyphens
        "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in code),  # full width
        "\ufeff" + code + "\u200b",  # a byte-order mark and a zero-width space
    ):
        response = follow(client, reference, typed)
        assert response.status_code == 302, typed
        assert response.headers["Location"].endswith(f"/requests/status/{token}")
    # A letter no code has is simply wrong: a 400, never a 500.
    wrong = follow(client, reference, code[:-1] + "\u00c4")
    assert wrong.status_code == 400
    assert code[:-1] not in wrong.get_data(as_text=True), "a wrong code is not shown back"


def test_empty_or_overlong_fields_are_explained_beside_them(client):
    response = follow(client, "", "")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter the reference from your letter" in text
    assert "Enter the access code from your letter" in text
    long = follow(client, "S" * 31, "K" * 41)
    assert long.status_code == 400
    assert "That is longer than any reference." in long.get_data(as_text=True)


def test_the_form_needs_its_csrf_token(app, client):
    reference, _token, code, _ident = recorded(app)
    client.get(FOLLOW)
    response = client.post(FOLLOW, data={"reference": reference, "code": code})
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_guessing_is_stopped_after_ten_tries_an_hour(app, client):
    reference, _token, code, _ident = recorded(app)
    for _ in range(10):
        assert follow(client, reference, "AAAA-AAAA-AAAA").status_code == 400
    refused = follow(client, reference, code)
    assert refused.status_code == 429, "even the right code, for now"
    text = refused.get_data(as_text=True)
    assert "Try again in an hour, or write to us at" in text and "14 Tannery Yard" in text


def test_the_letter_and_the_panel_give_the_code_and_where_to_type_it(app, moderator_client, client):
    reference, _token, code, ident = recorded(app)
    letter = moderator_client.get(f"/admin/requests/{ident}/letter").get_data(as_text=True)
    assert (
        "/requests/follow and enter your reference, "
        + f'<span class="reference">{reference}</span>'
        in letter
    )
    assert f">{code}</strong>" in letter
    page = moderator_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "Their access code" in page and code in page
    complaint_reference, complaint_token, complaint_code, complaint_id = recorded(
        app, Right.COMPLAINT
    )
    page = moderator_client.get(f"/admin/requests/{complaint_id}").get_data(as_text=True)
    assert complaint_reference in page and complaint_code in page
    # A complaint that came by post gets its letter too, in a complaint's words.
    assert f'href="/admin/requests/{complaint_id}/letter"' in page
    letter = moderator_client.get(f"/admin/requests/{complaint_id}/letter").get_data(as_text=True)
    assert f'Your complaint <span class="reference">{complaint_reference}</span>' in letter
    assert "We have received your complaint by post" in letter
    assert "We acknowledge it by" in letter and "1 December 2026" in letter, "day one is 2 November"
    assert f">{complaint_code}</strong>" in letter and "Dear Nell Postwright," in letter
    assert "3 Quay Street" in letter and "Information Commissioner" in letter
    assert "you can complain to us" not in letter
    # The public request form and every page's footer point to the page.
    assert 'href="/requests/follow"' in client.get("/requests/new").get_data(as_text=True)
    assert 'href="/requests/follow">Follow your request</a>' in client.get("/").get_data(
        as_text=True
    )
    # The letter puts the name and the address on lines of their own, for a window envelope.
    assert '<p class="letter__to">Nell Postwright\n3 Quay Street\nTruro TR1 2AA</p>' in letter
    # A complaint with no email address is told that news comes by post.
    complaint_page = client.get(f"/requests/status/{complaint_token}").get_data(as_text=True)
    assert "here and by post" in complaint_page and "by email" not in complaint_page


def test_a_mistyped_link_offers_the_letters_reference_and_code(client):
    response = client.get("/requests/status/Wn0LZnotarealtokenatallxxxxxxxxx")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "No request or complaint has this link." in text
    assert 'href="/requests/follow"' in text


def test_searching_for_a_reference_points_to_the_follow_page_not_to_asking(client):
    text = client.get("/search?q=sar-2026-000001").get_data(as_text=True)
    assert "Looking for your request or complaint?" in text and "SAR-2026-000001" in text
    assert 'href="/requests/follow"' in text
    assert "Ask this question" not in text, "a reference is not sent in as a public question"
    assert "Looking for your request" not in client.get("/search?q=cookies").get_data(as_text=True)


def test_the_panel_shows_wrong_codes_typed_with_a_reference(app, client, moderator_client):
    reference, _token, code, ident = recorded(app)
    page = moderator_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "Their access code" in page and 'id="refused-tries"' not in page
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for _try in range(2):
        assert follow(client, reference, wrong).status_code == 400
    page = moderator_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "2 wrong access codes were typed with this reference, the first on" in page
    assert "then opened with the right code" not in page
    # A moderator cannot open the audit log, so is not sent there.
    assert "An administrator can see every try in the audit log." in page
    assert "/admin/audit?request=" not in page
    # The right code after wrong ones is how a successful guess looks: the page says so.
    assert follow(client, reference, code).status_code == 302
    page = moderator_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "The page was then opened with the right code on" in page


def test_an_admin_is_led_from_a_complaint_to_the_tries_in_the_audit_log(app, client, admin_client):
    reference, _token, code, ident = recorded(app, Right.COMPLAINT)
    assert follow(client, reference, code[::-1]).status_code == 400
    other_reference, _token, _code, _other = recorded(app)
    assert follow(client, other_reference, code[::-1]).status_code == 400
    page = admin_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "A wrong access code was typed with this reference once, on" in page
    assert f'href="/admin/audit?request={ident}"' in page
    # The log, led there, shows this complaint's events only, not the other request's try.
    log = admin_client.get(f"/admin/audit?request={ident}").get_data(as_text=True)
    assert log.count('data-label="Action">Request: a wrong access code typed with its') == 1
    assert "Only the events on one request or complaint are shown." in log
    assert admin_client.get("/admin/audit?request=abc").status_code == 400


def test_wrong_codes_show_on_a_request_made_on_the_website_too(app, client, moderator_client):
    """The note is not only for requests recorded by hand, whose code a letter gives."""
    with app.test_request_context():
        found, _message = workflow.submit(
            Right.ACCESS, "Wendy Webform", "wendy@example.org", "Everything, please."
        )
        workflow.confirm(found)
        db.session.commit()
        reference, ident = found.reference, found.id
    assert follow(client, reference, "AAAA-BBBB-CCCC").status_code == 400
    page = moderator_client.get(f"/admin/requests/{ident}").get_data(as_text=True)
    assert "A wrong access code was typed with this reference once, on" in page
