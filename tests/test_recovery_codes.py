"""Two-step sign-in's one-time recovery codes: made when two-step sign-in is turned on and on
demand, shown once, kept only hashed, each good for one sign-in, throttled and audited."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from faq_site.admin import recovery
from faq_site.extensions import db
from faq_site.models import AuditEvent, Moderator, RecoveryCode, SignInThrottle, utcnow

from actions import PASSWORD, Account, post_form, sign_in

SHOWN_CODE = re.compile(r"<code>([2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{2})</code>")
COOKIE = "faq_session"
HOST = "faq.test"
NOT_RIGHT = "That recovery code is not right, or has been used."
TOO_MANY = "After several failed attempts, an account waits a few minutes"


def page(response) -> str:
    return response.get_data(as_text=True)


def turn_on(client: FlaskClient) -> tuple[str, list[str]]:
    """Turn two-step sign-in on through the account page: the secret, and the codes shown."""
    post_form(client, "/admin/account", start_totp="1")
    secret = re.search(r"secret=([A-Z2-7]+)", page(client.get("/admin/account"))).group(1)
    response = post_form(client, "/admin/account", code=pyotp.TOTP(secret).now(), confirm_totp="1")
    assert response.status_code == 200
    codes = SHOWN_CODE.findall(page(response))
    return secret, codes


def new_codes(client: FlaskClient, password: str = PASSWORD):
    return post_form(client, "/admin/account", codes_password=password, new_recovery_codes="1")


def stored_codes(app: Flask, account: Account) -> list[RecoveryCode]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(RecoveryCode).where(RecoveryCode.moderator_id == account.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def audit_trail(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return events


def at_second_step(app: Flask, account: Account, place: str = "127.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = place
    response = sign_in(client, account.email, account.password)
    assert response.location == "/admin/sign-in/code"
    return client


def use_code(client: FlaskClient, code: str):
    return post_form(client, "/admin/sign-in/recovery", recovery_code=code)


def test_turning_two_step_on_shows_ten_codes_once_and_keeps_only_their_hashes(
    app, moderator_client, moderator
):
    _secret, codes = turn_on(moderator_client)
    assert len(codes) == len(set(codes)) == 10
    assert all(len(code.replace("-", "")) == 10 for code in codes)
    rows = stored_codes(app, moderator)
    assert len(rows) == 10
    # No code, in any form, is in the database: only a 64-hex-digit keyed hash of each.
    digests = {row.digest for row in rows}
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in digests)
    with app.app_context():
        dumped = json.dumps(
            [list(row) for row in db.session.execute(db.select(RecoveryCode)).all()], default=str
        )
        moderator_row = json.dumps(
            [list(db.session.execute(db.select(Moderator)).first())], default=str
        )
    for code in codes:
        for form in (code, code.replace("-", ""), code.upper()):
            assert form not in dumped and form not in moderator_row
    # Not on the account page, not in the session cookie.
    account_page = page(moderator_client.get("/admin/account"))
    assert not any(code in account_page for code in codes)
    assert "You have 10 unused recovery codes" in account_page
    cookie = moderator_client.get_cookie(COOKIE, domain=HOST).value
    carried = json.dumps(app.session_interface.get_signing_serializer(app).loads(cookie))
    assert not any(code.replace("-", "") in carried.replace("-", "") for code in codes)
    events = [event for event in audit_trail(app) if event.action.startswith("moderator.rec")]
    assert [event.action for event in events] == ["moderator.recovery_codes_created"]
    assert events[0].detail == {"codes": 10, "replaced": 0}
    assert not any(code in json.dumps(events[0].detail) for code in codes)


def test_the_codes_page_is_kept_by_no_cache(moderator_client):
    post_form(moderator_client, "/admin/account", start_totp="1")
    response = new_codes(moderator_client)
    # Two-step sign-in is not on yet: there is nothing to make codes for.
    assert response.status_code == 400
    turn_on(moderator_client)
    response = new_codes(moderator_client)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_a_recovery_code_signs_in_once(app, moderator_client, moderator):
    _secret, codes = turn_on(moderator_client)
    client = at_second_step(app, moderator)
    code_page = page(client.get("/admin/sign-in/code"))
    assert 'href="/admin/sign-in/recovery"' in code_page and "Use a recovery code" in code_page
    form = client.get("/admin/sign-in/recovery")
    assert form.status_code == 200 and "no-store" in form.headers["Cache-Control"]
    assert 'for="recovery_code"' in page(form)
    # Typed as people type: capitals, spaces for hyphens.
    response = use_code(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302 and response.location == "/admin/"
    landing = page(client.get("/admin/account"))
    assert "it cannot be used again. You have 9 left." in landing
    assert "You have 9 unused recovery codes" in landing
    assert len(stored_codes(app, moderator)) == 9
    event = audit_trail(app)[-2]
    assert event.action == "moderator.recovery_code_used"
    assert event.detail == {"remaining": 9}
    assert audit_trail(app)[-1].action == "moderator.signed_in"

    again = at_second_step(app, moderator, "192.0.2.7")
    response = use_code(again, codes[0])
    assert response.status_code == 422
    assert NOT_RIGHT in page(response)
    # One error, in the summary and by the field, its advice on waiting within it.
    summary = re.search(r'<div class="error-summary".*?</div>', page(response), re.S).group(0)
    assert summary.count("<li>") == 1 and NOT_RIGHT in summary and TOO_MANY in summary
    by_field = re.search(r'<p class="field__error"[^>]*>(.*?)</p>', page(response), re.S)
    assert by_field.group(1).count("Error:") == 1
    assert again.get("/admin/account").status_code == 302
    assert audit_trail(app)[-1].detail == {"reason": "recovery_code", "failures": 1}
    # Another code from the list still works.
    assert use_code(again, codes[1]).status_code == 302


def test_two_requests_with_the_same_code_cannot_both_win(app, moderator_client, moderator):
    _secret, codes = turn_on(moderator_client)
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def race() -> None:
        with app.app_context():
            found = db.session.get(Moderator, moderator.id)
            barrier.wait(timeout=10)
            results.append(recovery.use(found, codes[3]))
            db.session.commit()

    threads = [threading.Thread(target=race) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
    assert len(stored_codes(app, moderator)) == 9


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "0000-0000-00", "x" * 21, "k7m2-x9qp-4t", "<script>"],
)
def test_bad_codes_are_refused_clearly_beside_the_field(app, moderator_client, moderator, typed):
    turn_on(moderator_client)
    client = at_second_step(app, moderator)
    response = use_code(client, typed)
    assert response.status_code == 422
    html = page(response)
    assert 'id="recovery_code-error"' in html
    assert 'aria-describedby="recovery_code-hint recovery_code-error"' in html
    assert client.get("/admin/account").status_code == 302


def test_a_code_with_a_control_character_is_a_clear_400(app, moderator_client, moderator):
    turn_on(moderator_client)
    client = at_second_step(app, moderator)
    assert use_code(client, "k7m2-x9qp-4t\x00").status_code == 400


def test_recovery_codes_are_throttled_like_app_codes(app, moderator_client, moderator):
    _secret, codes = turn_on(moderator_client)
    client = at_second_step(app, moderator)
    for attempt in range(5):
        response = use_code(client, f"2222-2222-2{attempt + 2}")
        assert response.status_code == 422
    with app.app_context():
        waiting = db.session.scalars(
            db.select(SignInThrottle).where(SignInThrottle.delayed_until > utcnow())
        ).all()
    assert waiting, "five wrong codes make the place wait"
    # While the place waits, even a right code is refused, and not used up.
    response = use_code(client, codes[0])
    assert response.status_code == 422 and TOO_MANY in page(response)
    assert len(stored_codes(app, moderator)) == 10
    assert audit_trail(app)[-1].detail["reason"] == "delayed"
    with app.app_context():
        db.session.execute(
            db.update(SignInThrottle).values(delayed_until=utcnow() - dt.timedelta(seconds=1))
        )
        db.session.commit()
    assert use_code(client, codes[0]).status_code == 302


def test_a_new_set_needs_the_password_and_replaces_the_old(app, moderator_client, moderator):
    _secret, old = turn_on(moderator_client)
    response = new_codes(moderator_client, "not my password")
    assert response.status_code == 422
    assert "That is not your password." in page(response)
    assert 'id="codes_password-error"' in page(response)
    assert len(stored_codes(app, moderator)) == 10

    response = new_codes(moderator_client)
    assert response.status_code == 200
    html = page(response)
    assert "The codes you had before no longer work" in html
    fresh = SHOWN_CODE.findall(html)
    assert len(fresh) == 10 and not set(fresh) & set(old)
    assert len(stored_codes(app, moderator)) == 10
    event = audit_trail(app)[-1]
    assert event.action == "moderator.recovery_codes_created"
    assert event.detail == {"codes": 10, "replaced": 10}

    client = at_second_step(app, moderator)
    assert use_code(client, old[0]).status_code == 422
    assert use_code(client, fresh[0]).status_code == 302


def test_the_account_page_warns_when_few_codes_are_left(app, moderator_client, moderator):
    turn_on(moderator_client)
    with app.app_context():
        rows = db.session.scalars(db.select(RecoveryCode).order_by(RecoveryCode.id)).all()
        for row in rows[2:]:
            db.session.delete(row)
        db.session.commit()
    html = page(moderator_client.get("/admin/account"))
    assert "You have only 2 recovery codes left. Make a new set" in html
    with app.app_context():
        db.session.execute(db.delete(RecoveryCode))
        db.session.commit()
    html = page(moderator_client.get("/admin/account"))
    assert "You have no recovery codes left." in html


def test_turning_two_step_off_deletes_the_codes(app, moderator_client, moderator):
    turn_on(moderator_client)
    response = post_form(
        moderator_client, "/admin/account", remove_password=PASSWORD, remove_totp="1"
    )
    assert response.status_code == 302
    assert stored_codes(app, moderator) == []
    # Without two-step sign-in there is no second step to use one at.
    client = app.test_client()
    assert sign_in(client, moderator.email, PASSWORD).location != "/admin/sign-in/code"
    fresh = app.test_client()
    assert fresh.get("/admin/sign-in/recovery").location == "/admin/sign-in"


def test_codes_are_bound_to_their_account(app, moderator_client, moderator, admin):
    _secret, codes = turn_on(moderator_client)
    with app.app_context():
        other = db.session.get(Moderator, admin.id)
        assert not recovery.use(other, codes[0])
        mine = db.session.get(Moderator, moderator.id)
        assert recovery.held(mine, codes[0])
        db.session.rollback()


def test_shown_and_normalise_agree():
    assert recovery.shown("k7m2x9qp4t") == "k7m2-x9qp-4t"
    assert recovery.normalise(" K7M2-X9QP 4T ") == "k7m2x9qp4t"
    assert recovery.normalise("k7m2-x9qp-4l") is None  # l is not in the alphabet
    assert recovery.normalise("k7m2x9qp4") is None
