"""Signing in and out, the second step, throttling, and a moderator's own account."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event as sql_event

from faq_site.admin import accounts, signing_in, throttle
from faq_site.admin.auth import PENDING_SIGN_IN, safe_next
from faq_site.extensions import db
from faq_site.models import AuditEvent, Moderator, SignInThrottle, utcnow

from actions import (
    PASSWORD,
    Account,
    add_moderator,
    page_token,
    post_form,
    sign_in,
    signed_in_client,
)

GENERIC = "That email and password do not match an active account."
TOO_MANY = "After several failed attempts, an account waits a few minutes before it accepts a password again."
CODE_TOO_MANY = (
    "After several failed attempts, an account waits a few minutes before it accepts a code again."
)
USED_CODE = "That code has been used already. Wait for your app to show a new one."
HERE = "127.0.0.1"
COOKIE = "faq_session"
HOST = "faq.test"
NEW_PASSWORD = "a brand new and long passphrase"


def page(response) -> str:
    return response.get_data(as_text=True)


def stored(app: Flask, account: Account) -> Moderator:
    """The moderator as the database has it now (detached: read, do not change)."""
    with app.app_context():
        moderator = db.session.get(Moderator, account.id)
        db.session.expunge(moderator)
        return moderator


def update(app: Flask, account: Account, **values) -> None:
    with app.app_context():
        moderator = db.session.get(Moderator, account.id)
        for name, value in values.items():
            setattr(moderator, name, value)
        db.session.commit()


def place_count(app: Flask, email: str, place: str = HERE) -> SignInThrottle | None:
    """The failures counted at the address from the place (a client address), as stored."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": place}):
        row = db.session.get(SignInThrottle, throttle.place_key(accounts.normalise_email(email)))
        if row is not None:
            db.session.expunge(row)
        return row


def address_count(app: Flask, email: str) -> SignInThrottle | None:
    """The failures counted at the address from everywhere, as stored."""
    with app.app_context():
        row = db.session.get(SignInThrottle, throttle.address_key(accounts.normalise_email(email)))
        if row is not None:
            db.session.expunge(row)
        return row


def end_every_wait(app: Flask) -> None:
    """Time passes: every place and address that was waiting may try again."""
    with app.app_context():
        db.session.execute(
            db.update(SignInThrottle).values(delayed_until=utcnow() - dt.timedelta(seconds=1))
        )
        db.session.commit()


def from_place(app: Flask, place: str) -> FlaskClient:
    """A browser at another client address (another network, as the site sees it)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = place
    return client


def audit_trail(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return events


def actions(app: Flask) -> list[str]:
    return [event.action for event in audit_trail(app)]


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.location).path == "/admin/sign-in"


def sign_out(client: FlaskClient):
    return post_form(client, "/admin/account", "/admin/sign-out")


def wrong_code(secret: str) -> str:
    """A well-formed code that is none of those the secret accepts just now."""
    totp = pyotp.TOTP(secret)
    now = utcnow()
    accepted = {totp.at(now + dt.timedelta(seconds=step)) for step in (-60, -30, 0, 30, 60)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in accepted)


# Signing in --------------------------------------------------------------------------------------


def test_sign_in_page_is_accessible_private_and_leads_nowhere_in_the_panel(client):
    response = client.get("/admin/sign-in")
    html = page(response)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="email">' in html and '<label for="password">' in html
    links = re.findall(r'href="([^"]+)"', html)
    assert not [link for link in links if link.startswith("/admin")]
    assert "<script" not in html and "style=" not in html


def test_sign_in_lands_on_the_dashboard_and_renews_the_session(app, client, moderator):
    client.get("/admin/sign-in")
    before = client.get_cookie(COOKIE, domain=HOST).value
    token_before = stored(app, moderator).session_token
    response = sign_in(client, moderator.email, PASSWORD)
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/admin/"
    assert client.get_cookie(COOKIE, domain=HOST).value != before
    after = stored(app, moderator)
    assert after.session_token != token_before
    assert after.last_login is not None
    with client.session_transaction() as session:
        # Cleared at sign-in: only what the new session needs is there.
        assert "csrf_token" not in session
        assert session["_user_id"] == f"{moderator.id}:{after.session_token}"
    assert client.get("/admin/").status_code == 200
    assert actions(app)[-1] == "moderator.signed_in"


def test_email_is_matched_whatever_its_case_and_spaces(client, moderator):
    response = sign_in(client, "  Moderator@Quillstone.EXAMPLE ", PASSWORD)
    assert response.status_code == 302


def test_a_signed_in_moderator_skips_the_sign_in_page(moderator_client):
    response = moderator_client.get("/admin/sign-in")
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/admin/"


@pytest.mark.parametrize("length", [64, 128])
def test_long_passwords_work(app, client, length):
    password = "Z" * (length - 10) + "0123456789"
    account = add_moderator(app, "long@quillstone.example", password)
    assert sign_in(client, account.email, password).status_code == 302


def test_a_password_longer_than_the_limit_is_refused_without_a_crash(client, moderator):
    response = sign_in(client, moderator.email, "x" * 129)
    assert response.status_code == 422


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "deactivated"])
def test_every_refusal_says_the_same(app, client, moderator, case):
    email, password = moderator.email, PASSWORD
    if case == "unknown email":
        email = "nobody@quillstone.example"
    elif case == "wrong password":
        password = "not the password at all"
    else:
        update(app, moderator, active=False)
    response = sign_in(client, email, password)
    html = page(response)
    assert response.status_code == 422
    assert GENERIC in html
    assert TOO_MANY in html, "the same words for every refusal"
    # The address is kept for another try; the password never comes back.
    assert f'value="{email}"' in html
    assert password not in html
    assert client.get("/admin/account").status_code == 302


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", PASSWORD, "Enter your email address."),
        ("moderator@quillstone.example", "", "Enter your password."),
    ],
)
def test_missing_fields_are_named(client, moderator, email, password, message):
    response = sign_in(client, email, password)
    assert response.status_code == 422
    assert message in page(response)
    assert 'class="error-summary"' in page(response)


def test_a_post_without_the_csrf_token_is_refused(client, moderator):
    response = client.post("/admin/sign-in", data={"email": moderator.email, "password": PASSWORD})
    assert response.status_code == 400


# Throttling ----------------------------------------------------------------------------------


def test_a_place_that_fails_five_times_waits_a_while(app, client, moderator):
    for attempt in range(1, 6):
        response = sign_in(client, moderator.email, f"wrong guess number {attempt}")
        assert response.status_code == 422
        assert GENERIC in page(response)
        assert TOO_MANY in page(response), "the same words every time"
    waiting = place_count(app, moderator.email)
    assert waiting.failures == 5
    remaining = waiting.delayed_until - utcnow()
    assert dt.timedelta(seconds=50) < remaining <= dt.timedelta(seconds=60)

    # Even the right password is refused from this place, with the same words, while the wait
    # lasts; it is not counted as a guess.
    response = sign_in(client, moderator.email, PASSWORD)
    assert response.status_code == 422
    assert GENERIC in page(response) and TOO_MANY in page(response)
    assert place_count(app, moderator.email).failures == 5

    # No permanent lockout: once the wait has passed, the right password works and the count
    # starts again.
    end_every_wait(app)
    assert sign_in(client, moderator.email, PASSWORD).status_code == 302
    after = place_count(app, moderator.email)
    assert after.failures == 0 and after.delayed_until is None


def test_a_strangers_guesses_do_not_stop_the_moderator_signing_in_elsewhere(app, moderator):
    stranger = from_place(app, "192.0.2.66")
    for attempt in range(8):
        assert sign_in(stranger, moderator.email, f"guess {attempt}").status_code == 422
    assert sign_in(stranger, moderator.email, PASSWORD).status_code == 422

    office = from_place(app, "198.51.100.7")
    response = sign_in(office, moderator.email, PASSWORD)
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/admin/"
    # The moderator's sign-in gives the stranger's place no fresh start.
    assert place_count(app, moderator.email, "192.0.2.66").delayed_until > utcnow()
    assert sign_in(stranger, moderator.email, PASSWORD).status_code == 422


def test_each_further_failure_doubles_the_delay(app, client, moderator):
    for attempt in range(5):
        sign_in(client, moderator.email, f"wrong guess number {attempt}")
    end_every_wait(app)
    sign_in(client, moderator.email, "still the wrong password")
    remaining = place_count(app, moderator.email).delayed_until - utcnow()
    assert dt.timedelta(seconds=110) < remaining <= dt.timedelta(seconds=120)


def test_the_delay_doubles_up_to_the_ceiling(app):
    with app.app_context():
        delays = [throttle.delay_after(failures) for failures in range(11)]
        assert delays[:5] == [None] * 5
        assert [delay.total_seconds() for delay in delays[5:]] == [60, 120, 240, 480, 900, 900]
        assert throttle.delay_after(10_000).total_seconds() == 900
        assert throttle.delay_after(24, 25) is None
        assert throttle.delay_after(25, 25).total_seconds() == 60


def test_success_resets_the_count(app, client, moderator):
    for _ in range(3):
        sign_in(client, moderator.email, "a wrong password")
    assert place_count(app, moderator.email).failures == 3
    assert sign_in(client, moderator.email, PASSWORD).status_code == 302
    assert place_count(app, moderator.email).failures == 0


def test_an_address_without_an_account_is_counted_like_one_with(app, moderator):
    nobody = "nobody@quillstone.example"
    for attempt in range(6):
        sign_in(from_place(app, "192.0.2.20"), nobody, f"guess {attempt}")
        sign_in(from_place(app, "192.0.2.21"), moderator.email, f"guess {attempt}")
    counted = [
        place_count(app, nobody, "192.0.2.20"),
        place_count(app, moderator.email, "192.0.2.21"),
    ]
    assert [row.failures for row in counted] == [6, 6]
    assert counted[0].delayed_until - counted[1].delayed_until < dt.timedelta(seconds=5)
    assert address_count(app, nobody).failures == address_count(app, moderator.email).failures


def test_the_counts_name_no_address_and_no_client(app, moderator):
    sign_in(from_place(app, "192.0.2.30"), moderator.email, "a guess")
    sign_in(from_place(app, "192.0.2.30"), "nobody@quillstone.example", "a guess")
    with app.app_context():
        rows = db.session.execute(db.select(SignInThrottle.__table__)).all()
    assert len(rows) == 4
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{64}", row.key)
        text = " ".join(str(value) for value in row)
        for clear in ("192.0.2", "quillstone", "nobody", "moderator"):
            assert clear not in text


REFUSED_PATHS = [
    "unknown address",
    "wrong password",
    "inactive, right password",
    "waiting place, right password",
    "waiting place, wrong password",
    "waiting address, right password",
]


def refused_path(app: Flask, path: str, number: int) -> tuple[str, str, str]:
    """Bring an address of its own to the state the path names; the email, password and place
    of the attempt that is then refused."""
    email, place = f"path{number}@quillstone.example", f"192.0.2.{40 + number}"
    if path == "unknown address":
        return email, PASSWORD, place
    add_moderator(app, email)
    password = PASSWORD if "right password" in path else "not the password"
    if path.startswith("inactive"):
        with app.app_context():
            accounts.find_moderator(email).active = False
            db.session.commit()
    elif path.startswith("waiting place"):
        for attempt in range(5):
            sign_in(from_place(app, place), email, f"guess {attempt}")
    elif path.startswith("waiting address"):
        for spread in range(3):
            sign_in(from_place(app, f"198.51.100.{40 + number * 3 + spread}"), email, "guess")
    return email, password, place


def test_every_refused_path_does_the_same_work(app):
    """One password hash and the same statements, whatever the refusal: an attacker timing the
    answers learns neither which addresses have accounts, nor which are waiting, nor whether a
    refused password was right."""
    app.config["SIGN_IN_ADDRESS_FAILURES_BEFORE_DELAY"] = 3
    attempts = {path: refused_path(app, path, number) for number, path in enumerate(REFUSED_PATHS)}
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(re.sub(r"\s+", " ", statement))

    work, hashes, pages = {}, {}, {}
    real_check = accounts.check_password_hash
    for path, (email, password, place) in attempts.items():
        calls = []

        def counted_check(*args, calls=calls):
            calls.append(args)
            return real_check(*args)

        client = from_place(app, place)
        token = page_token(client, "/admin/sign-in")
        statements.clear()
        sql_event.listen(engine, "before_cursor_execute", note)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(accounts, "check_password_hash", counted_check)
            response = client.post(
                "/admin/sign-in",
                data={"csrf_token": token, "email": email, "password": password},
            )
        sql_event.remove(engine, "before_cursor_execute", note)
        assert response.status_code == 422, path
        hashes[path] = len(calls)
        work[path] = list(statements)
        pages[path] = re.sub(r'value="[^"]*"', "", page(response))
    assert set(hashes.values()) == {1}, hashes
    first = work[REFUSED_PATHS[0]]
    assert {path: done for path, done in work.items() if done != first} == {}
    assert len(set(pages.values())) == 1, "the pages differ"


def test_the_decoy_hash_costs_what_a_real_one_does(app):
    with app.app_context():
        decoy, real = accounts._decoy_hash(), accounts.hash_password("a password to hash")
    assert decoy.split("$")[0] == real.split("$")[0]


def test_guesses_spread_over_many_places_make_the_address_wait_but_not_its_moderator(
    app, moderator
):
    """The last resort: a password alone is refused at a waiting address, except from a place
    the moderator signed in from before; with two-step sign-in, the password and a code still
    get in from anywhere."""
    app.config["SIGN_IN_ADDRESS_FAILURES_BEFORE_DELAY"] = 6
    home = from_place(app, "203.0.113.5")
    assert sign_in(home, moderator.email, PASSWORD).status_code == 302
    sign_out(home)
    guarded = add_moderator(app, "guarded@quillstone.example")
    secret = pyotp.random_base32()
    with app.app_context():
        accounts.enable_totp(db.session.get(Moderator, guarded.id), secret)
        db.session.commit()
    for email in (moderator.email, guarded.email, "nobody@quillstone.example"):
        for spread in range(6):
            sign_in(from_place(app, f"192.0.2.{100 + spread}"), email, "a guess")
        assert address_count(app, email).delayed_until > utcnow()

    # A new place with the right password: refused, as every guess is.
    response = sign_in(from_place(app, "198.51.100.9"), moderator.email, PASSWORD)
    assert response.status_code == 422 and GENERIC in page(response)
    assert audit_trail(app)[-1].detail["reason"] == "address_delayed"
    # The place the moderator signed in from before: let in.
    assert sign_in(home, moderator.email, PASSWORD).status_code == 302
    # Two-step sign-in: the right password and code get in from a new place.
    traveller = from_place(app, "198.51.100.10")
    assert sign_in(traveller, guarded.email, PASSWORD).location == "/admin/sign-in/code"
    response = post_form(traveller, "/admin/sign-in/code", code=pyotp.TOTP(secret).now())
    assert response.status_code == 302 and response.location == "/admin/"


def test_old_counts_are_forgotten(app, moderator):
    sign_in(from_place(app, "192.0.2.70"), moderator.email, "a guess")
    with app.app_context():
        db.session.execute(
            db.update(SignInThrottle).values(forget_after=utcnow() - dt.timedelta(seconds=1))
        )
        db.session.commit()
    sign_in(from_place(app, "192.0.2.71"), "nobody@quillstone.example", "a guess")
    assert place_count(app, moderator.email, "192.0.2.70") is None
    assert address_count(app, moderator.email) is None


def test_an_address_gets_ten_attempts_a_minute(app, moderator):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    for attempt in range(10):
        response = sign_in(client, f"nobody{attempt}@quillstone.example", PASSWORD)
        assert response.status_code == 422
    response = sign_in(client, moderator.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts from your network" in page(response)
    assert "no-store" in response.headers["Cache-Control"]
    # Another address is not held back, and reading the form is never limited.
    assert client.get("/admin/sign-in").status_code == 200
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.11"
    assert sign_in(other, moderator.email, PASSWORD).status_code == 302


# Where to go after signing in --------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "///evil.example",
        "https://evil.example",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
        "evil.example",
        "",
    ],
)
def test_next_leaves_the_site_never(client, moderator, target):
    response = sign_in(client, moderator.email, PASSWORD, next_path=target)
    assert response.status_code == 302
    assert response.location == "/admin/"


def test_next_encoded_in_the_address_is_decoded_once_and_refused(client, moderator):
    # The raw address carries %2F%2F, which the server reads as //evil.example.
    response = post_form(
        client,
        "/admin/sign-in?next=%2F%2Fevil.example",
        email=moderator.email,
        password=PASSWORD,
    )
    assert response.location == "/admin/"


def test_next_on_this_site_is_honoured(client, moderator):
    response = sign_in(client, moderator.email, PASSWORD, next_path="/admin/questions")
    assert response.location == "/admin/questions"


def test_next_that_is_a_forms_action_lands_on_its_page(client, moderator):
    # A session that ended while a form was open keeps the form's action as `next`; that
    # address answers only a POST, so signing in lands on the page the form belongs to.
    response = sign_in(client, moderator.email, PASSWORD, next_path="/admin/questions/2/decline")
    assert response.location == "/admin/questions/2"
    assert client.get("/admin/questions/2/decline").status_code == 405


def test_next_that_is_no_page_lands_on_the_dashboard(client, moderator):
    response = sign_in(client, moderator.email, PASSWORD, next_path="/admin/no/such/page")
    assert response.location == "/admin/"


def test_a_panel_page_sends_you_to_sign_in_and_back(client, moderator):
    response = client.get("/admin/account")
    assert is_sign_in_redirect(response)
    # The form keeps where to go in its own address, so the POST knows it too.
    assert 'action="/admin/sign-in?next=/admin/account"' in page(client.get(response.location))
    response = post_form(client, response.location, email=moderator.email, password=PASSWORD)
    assert response.location == "/admin/account"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/questions?status=new", "/admin/questions?status=new"),
        ("/faq", "/faq"),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("/admin/\nSet-Cookie:x", None),
        (None, None),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected


# Signing out ---------------------------------------------------------------------------------


def test_sign_out_by_get_is_not_allowed(moderator_client):
    response = moderator_client.get("/admin/sign-out")
    assert response.status_code == 405
    assert moderator_client.get("/admin/account").status_code == 200


def test_sign_out_ends_the_session_and_a_copied_cookie(app, moderator_client, moderator):
    copied = moderator_client.get_cookie(COOKIE, domain=HOST).value
    assert moderator_client.get("/admin/account").status_code == 200

    response = sign_out(moderator_client)
    assert is_sign_in_redirect(response)
    assert "You have signed out." in page(moderator_client.get(response.location))
    assert is_sign_in_redirect(moderator_client.get("/admin/account"))

    replay = app.test_client()
    replay.set_cookie(COOKIE, copied, domain=HOST)
    assert is_sign_in_redirect(replay.get("/admin/account"))
    assert actions(app)[-1] == "moderator.signed_out"


def test_a_cookie_copied_before_signing_in_again_stops_working(app, moderator):
    first = signed_in_client(app, moderator)
    copied = first.get_cookie(COOKIE, domain=HOST).value
    # Signing in elsewhere gives a new session token, which ends the first session.
    signed_in_client(app, moderator)
    replay = app.test_client()
    replay.set_cookie(COOKIE, copied, domain=HOST)
    assert is_sign_in_redirect(replay.get("/admin/"))


ELSEWHERE = "You were signed out because your account signed in on another device or browser."


def test_a_session_another_sign_in_ended_is_told_why_once(app, moderator):
    first = signed_in_client(app, moderator)
    assert first.get("/admin/").status_code == 200
    signed_in_client(app, moderator)  # the same account, on another device

    # The first device's next panel page sends it to sign in, saying why.
    response = first.get("/admin/requests/")
    assert is_sign_in_redirect(response)
    landing = page(first.get(response.location))
    assert ELSEWHERE in landing
    assert "If that was not you, sign in and change your password." in landing
    # Once: after that it is an ordinary visitor, sent to sign in with no word.
    again = first.get("/admin/")
    assert is_sign_in_redirect(again)
    assert ELSEWHERE not in page(first.get(again.location))

    # Opening the sign-in page itself, as the next request, says it too.
    third = signed_in_client(app, moderator)
    signed_in_client(app, moderator)
    assert ELSEWHERE in page(third.get("/admin/sign-in"))


def test_a_session_ended_otherwise_is_not_told_it_signed_in_elsewhere(app, moderator):
    here = signed_in_client(app, moderator)
    elsewhere = app.test_client()
    elsewhere.set_cookie(COOKIE, here.get_cookie(COOKIE, domain=HOST).value, domain=HOST)
    assert is_sign_in_redirect(sign_out(here))
    response = elsewhere.get("/admin/")
    landing = page(elsewhere.get(response.location))
    assert ELSEWHERE not in landing
    assert "You were signed out because your account was signed out elsewhere" in landing
    # A visitor who never signed in is told nothing of the kind.
    stranger = app.test_client()
    response = stranger.get("/admin/")
    assert "You were signed out" not in page(stranger.get(response.location))


# Two-step sign-in ----------------------------------------------------------------------------


def next_code(secret: str) -> str:
    """The code the app shows half a minute from now: one time step on, which the site accepts
    now as well (phone clocks drift)."""
    return pyotp.TOTP(secret).at(utcnow() + dt.timedelta(seconds=30))


def shown_secret(client: FlaskClient) -> str:
    """The secret the account page shows for the set-up under way."""
    match = re.search(r"secret=([A-Z2-7]+)", page(client.get("/admin/account")))
    assert match, "no secret on the account page"
    return match.group(1)


def session_data(app: Flask, client: FlaskClient) -> dict:
    """What the session cookie carries, read as anyone holding the cookie can read it."""
    cookie = client.get_cookie(COOKIE, domain=HOST)
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def turn_on_totp(client: FlaskClient) -> str:
    """Set up two-step sign-in through the account page; the secret it showed."""
    return turn_on_totp_with_code(client)[0]


def turn_on_totp_with_code(client: FlaskClient) -> tuple[str, str]:
    """Set up two-step sign-in through the account page; the secret it showed and the code that
    confirmed it."""
    response = post_form(client, "/admin/account", start_totp="1")
    assert response.status_code == 302
    secret = shown_secret(client)
    html = page(client.get("/admin/account"))
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "otpauth://totp/" in html and f"secret={secret}" in html
    assert "<img" not in html
    code = pyotp.TOTP(secret).now()
    response = post_form(client, "/admin/account", code=code, confirm_totp="1")
    # The recovery codes are shown at once, in this response only (test_recovery_codes.py).
    assert response.status_code == 200
    assert "Your recovery codes" in page(response)
    return secret, code


def test_set_up_shows_the_secret_and_needs_a_code(app, moderator_client, moderator):
    response = post_form(moderator_client, "/admin/account", start_totp="1")
    assert response.status_code == 302
    # Not in use until a code confirms it.
    assert stored(app, moderator).totp_secret is None
    secret = shown_secret(moderator_client)
    assert stored(app, moderator).totp_pending_secret == secret
    html = page(moderator_client.get("/admin/account"))
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html

    response = post_form(
        moderator_client, "/admin/account", code=wrong_code(secret), confirm_totp="1"
    )
    assert response.status_code == 422
    assert "That code is not right" in page(response)
    assert stored(app, moderator).totp_secret is None

    response = post_form(
        moderator_client, "/admin/account", code=pyotp.TOTP(secret).now(), confirm_totp="1"
    )
    assert response.status_code == 200
    assert "Two-step sign-in is on" in page(response)
    assert stored(app, moderator).totp_secret == secret
    assert stored(app, moderator).totp_pending_secret is None
    assert "moderator.totp_enabled" in actions(app)


def test_set_up_can_be_cancelled(app, moderator_client, moderator):
    post_form(moderator_client, "/admin/account", start_totp="1")
    assert stored(app, moderator).totp_pending_secret is not None
    response = post_form(moderator_client, "/admin/account", cancel_totp="1")
    assert response.status_code == 302
    assert stored(app, moderator).totp_pending_secret is None
    assert "Set up two-step sign-in" in page(moderator_client.get("/admin/account"))


def test_the_secret_being_set_up_is_not_in_the_session_cookie(app, moderator_client, moderator):
    post_form(moderator_client, "/admin/account", start_totp="1")
    secret = shown_secret(moderator_client)
    carried = json.dumps(session_data(app, moderator_client))
    assert secret not in carried
    assert "totp" not in carried
    assert stored(app, moderator).totp_pending_secret == secret


def test_a_set_up_left_too_long_is_erased(app, moderator_client, moderator):
    post_form(moderator_client, "/admin/account", start_totp="1")
    secret = shown_secret(moderator_client)
    update(app, moderator, totp_pending_since=utcnow() - dt.timedelta(minutes=16))
    html = page(moderator_client.get("/admin/account"))
    assert secret not in html and "Set up two-step sign-in" in html
    assert "The time to set up two-step sign-in ran out" in html
    assert stored(app, moderator).totp_pending_secret is None
    response = post_form(
        moderator_client, "/admin/account", code=pyotp.TOTP(secret).now(), confirm_totp="1"
    )
    assert response.status_code == 422
    assert stored(app, moderator).totp_secret is None


def test_signing_out_ends_a_set_up(app, moderator_client, moderator):
    post_form(moderator_client, "/admin/account", start_totp="1")
    assert stored(app, moderator).totp_pending_secret is not None
    sign_out(moderator_client)
    assert stored(app, moderator).totp_pending_secret is None


def test_sign_in_with_a_code(app, moderator_client, moderator):
    secret = turn_on_totp(moderator_client)
    sign_out(moderator_client)

    client = app.test_client()
    response = sign_in(client, moderator.email, PASSWORD, next_path="/admin/questions")
    assert response.status_code == 302
    assert response.location == "/admin/sign-in/code"
    # Not signed in yet.
    assert is_sign_in_redirect(client.get("/admin/account"))
    form = client.get("/admin/sign-in/code")
    html = page(form)
    assert form.status_code == 200
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html
    assert "no-store" in form.headers["Cache-Control"]

    # The code that confirmed the set-up is used up: the app's next one, as after half a minute.
    code = next_code(secret)
    response = post_form(client, "/admin/sign-in/code", code=f"{code[:3]} {code[3:]}")
    assert response.status_code == 302
    assert response.location == "/admin/questions"
    assert client.get("/admin/account").status_code == 200
    with client.session_transaction() as session:
        assert PENDING_SIGN_IN not in session


def test_a_code_is_accepted_once(app, moderator_client, moderator):
    secret, confirming_code = turn_on_totp_with_code(moderator_client)
    sign_out(moderator_client)
    # The code that turned two-step sign-in on cannot sign in: the very code, not the one of
    # the moment, which differs when the clock has passed into the next 30 seconds.
    client = from_place(app, "198.51.100.20")
    sign_in(client, moderator.email, PASSWORD)
    response = post_form(client, "/admin/sign-in/code", code=confirming_code)
    assert response.status_code == 422
    assert USED_CODE in page(response)
    assert audit_trail(app)[-1].detail == {"reason": "code_reused", "failures": 1}

    # A code signs in once; seen over a shoulder or replayed within its window, it is refused.
    code = next_code(secret)
    assert post_form(client, "/admin/sign-in/code", code=code).status_code == 302
    replay = from_place(app, "192.0.2.80")
    assert sign_in(replay, moderator.email, PASSWORD).location == "/admin/sign-in/code"
    response = post_form(replay, "/admin/sign-in/code", code=code)
    assert response.status_code == 422
    assert USED_CODE in page(response)
    assert is_sign_in_redirect(replay.get("/admin/account"))
    # An older code than the last used is refused too, however recent.
    response = post_form(replay, "/admin/sign-in/code", code=pyotp.TOTP(secret).now())
    assert response.status_code == 422 and USED_CODE in page(response)
    assert stored(app, moderator).totp_last_step == pyotp.TOTP(secret).timecode(
        utcnow() + dt.timedelta(seconds=30)
    )


def test_a_code_in_another_scripts_digits_is_read_as_those_digits(app, moderator):
    secret = pyotp.random_base32()
    ascii_code = pyotp.TOTP(secret).now()
    full_width = "".join(chr(0xFF10 + int(d)) for d in ascii_code)
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in ascii_code)
    assert accounts.code_step(secret, ascii_code) is not None
    assert accounts.code_step(secret, full_width) == accounts.code_step(secret, ascii_code)
    assert accounts.code_step(secret, arabic_indic) == accounts.code_step(secret, ascii_code)
    assert accounts.code_step(secret, "\u00e912345") is None, "not a digit: refused, no error"


def test_a_code_step_is_claimed_once(app, moderator):
    with app.app_context():
        found = db.session.get(Moderator, moderator.id)
        assert signing_in._claim_step(found, 1000)
        assert not signing_in._claim_step(found, 1000)
        assert not signing_in._claim_step(found, 999)
        assert signing_in._claim_step(found, 1001)
        db.session.commit()
    assert stored(app, moderator).totp_last_step == 1001


def test_a_wrong_code_counts_as_a_failure(app, moderator_client, moderator):
    secret = turn_on_totp(moderator_client)
    client = app.test_client()
    sign_in(client, moderator.email, PASSWORD)
    response = post_form(client, "/admin/sign-in/code", code=wrong_code(secret))
    assert response.status_code == 422
    assert "That code is not right" in page(response)
    assert place_count(app, moderator.email).failures == 1
    event = audit_trail(app)[-1]
    assert event.action == "moderator.sign_in_failed"
    assert event.detail == {"reason": "code", "failures": 1}

    # While this place waits, even the right code is refused.
    with app.app_context():
        db.session.execute(
            db.update(SignInThrottle).values(delayed_until=utcnow() + dt.timedelta(minutes=1))
        )
        db.session.commit()
    response = post_form(client, "/admin/sign-in/code", code=pyotp.TOTP(secret).now())
    assert response.status_code == 422
    assert CODE_TOO_MANY in page(response)


def test_the_code_must_come_within_five_minutes(app, moderator_client, moderator):
    secret = turn_on_totp(moderator_client)
    client = app.test_client()
    sign_in(client, moderator.email, PASSWORD)
    with client.session_transaction() as session:
        session[PENDING_SIGN_IN] = {**session[PENDING_SIGN_IN], "at": 0}
    token = page_token(client, "/admin/sign-in")
    response = client.post(
        "/admin/sign-in/code", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    assert is_sign_in_redirect(response)
    assert "The time to enter your code ran out" in page(client.get("/admin/sign-in"))
    assert is_sign_in_redirect(client.get("/admin/account"))


def test_the_code_page_without_a_password_first_goes_to_sign_in(client):
    assert is_sign_in_redirect(client.get("/admin/sign-in/code"))


def test_turning_two_step_off_needs_the_password(app, moderator_client, moderator):
    turn_on_totp(moderator_client)
    response = post_form(
        moderator_client, "/admin/account", remove_password="not my password", remove_totp="1"
    )
    assert response.status_code == 422
    assert "That is not your password." in page(response)
    assert stored(app, moderator).totp_secret is not None

    response = post_form(
        moderator_client, "/admin/account", remove_password=PASSWORD, remove_totp="1"
    )
    assert response.status_code == 302
    assert stored(app, moderator).totp_secret is None
    assert actions(app)[-1] == "moderator.totp_disabled"


# The account page --------------------------------------------------------------------------


def test_account_page_needs_signing_in(client):
    assert is_sign_in_redirect(client.get("/admin/account"))


def test_a_password_change_ends_other_sessions(app, moderator):
    here = signed_in_client(app, moderator)
    # Another browser in the same live session: a copy of the cookie. (A second sign-in would
    # not do: it gives the account a new session token, which ends the first session anyway.)
    elsewhere = app.test_client()
    elsewhere.set_cookie(COOKIE, here.get_cookie(COOKIE, domain=HOST).value, domain=HOST)
    assert elsewhere.get("/admin/account").status_code == 200

    post_form(
        here,
        "/admin/account",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm_password=NEW_PASSWORD,
        change_password="1",
    )
    assert "Your password has been changed" in page(here.get("/admin/account"))
    assert is_sign_in_redirect(elsewhere.get("/admin/account"))
    assert actions(app)[-1] == "moderator.password_changed"
    assert sign_in(app.test_client(), moderator.email, PASSWORD).status_code == 422
    assert sign_in(app.test_client(), moderator.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("not my password", NEW_PASSWORD, NEW_PASSWORD, "That is not your current password."),
        (PASSWORD, "too short", "too short", "between 12 and 128 characters"),
        (PASSWORD, "x" * 129, "x" * 129, "between 12 and 128 characters"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "The two new passwords are not the same."),
        (PASSWORD, PASSWORD, PASSWORD, "different from your current one"),
    ],
)
def test_a_password_change_is_checked(
    app, moderator_client, moderator, current, new, again, message
):
    before = stored(app, moderator).password_hash
    response = post_form(
        moderator_client,
        "/admin/account",
        current_password=current,
        new_password=new,
        confirm_password=again,
        change_password="1",
    )
    html = page(response)
    assert response.status_code == 422
    assert message in html
    assert new not in html and current not in html
    assert stored(app, moderator).password_hash == before


def test_an_account_post_without_a_known_button_is_refused(moderator_client):
    assert post_form(moderator_client, "/admin/account").status_code == 400


# What is kept and what is cached -------------------------------------------------------------


def test_the_audit_trail_names_no_one(app, client, moderator):
    sign_in(client, "nobody@quillstone.example", "a guessed password")
    sign_in(client, moderator.email, "another guessed password")
    sign_in(client, moderator.email, PASSWORD)
    post_form(
        client,
        "/admin/account",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm_password=NEW_PASSWORD,
        change_password="1",
    )
    sign_out(client)
    events = audit_trail(app)
    assert [event.action for event in events] == [
        "moderator.created",
        "moderator.sign_in_failed",
        "moderator.sign_in_failed",
        "moderator.signed_in",
        "moderator.password_changed",
        "moderator.signed_out",
    ]
    assert events[1].subject_id is None and events[2].subject_id == moderator.id
    for event in events:
        text = json.dumps([event.actor, event.subject_type, event.detail])
        for secret in ("@", "nobody", "moderator@", "guessed", PASSWORD, NEW_PASSWORD):
            assert secret not in text


def test_every_page_here_is_kept_by_no_cache(app, client, moderator):
    responses = [
        client.get("/admin/sign-in"),
        sign_in(client, moderator.email, "wrong password here"),
        client.get("/admin/sign-in/code"),
        client.get("/admin/account"),
        client.get("/admin/sign-out"),
        sign_in(client, moderator.email, PASSWORD),
        client.get("/admin/account"),
        sign_out(client),
        client.get("/admin/sign-in?next=" + quote("/admin/")),
    ]
    for response in responses:
        assert "no-store" in response.headers["Cache-Control"], response.request.path
