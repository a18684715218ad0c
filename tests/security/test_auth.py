"""Signing in and staying signed in, attacked: wrong passwords, throttling per account and per
address, a session replayed after signing out, a session planted before
signing in, `next` pointing elsewhere, every panel address as a stranger, a moderator and an
admin with the exact answer each gets, and guessed or tampered tokens and links."""

from __future__ import annotations

import datetime as dt
import io
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pyotp
import pytest
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import FileStorage

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    AuditEvent,
    Document,
    Moderator,
    Origin,
    SignInThrottle,
)

from .conftest import TOTP_SECRET, World, make_app
from .support import changes, snapshot
from actions import PASSWORD, csrf_token

GENERIC = "That email and password do not match an active account."
SIGN_IN = "/admin/sign-in"


def sign_in(client, email: str, password: str, next_path: str | None = None, **environ):
    page = client.get(SIGN_IN, query_string={"next": next_path} if next_path else None)
    return client.post(
        SIGN_IN,
        query_string={"next": next_path} if next_path else None,
        data={"csrf_token": csrf_token(page), "email": email, "password": password},
        environ_base=environ,
    )


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("faq_session", domain="faq.test")
    return cookie.value if cookie else None


def moderator_row(world: World, ident: int) -> Moderator:
    with world.app.app_context():
        found = db.session.get(Moderator, ident)
        db.session.expunge(found)
        return found


# Wrong passwords and the per-account delay ----------------------------------------------------


def refusal_text(response) -> str:
    """The page without what differs by nature: the CSRF token and the email typed."""
    page = response.get_data(as_text=True)
    page = page.split('name="csrf_token"')[0] + page.split('name="csrf_token"')[1].split(">", 1)[1]
    return page


def test_every_failed_sign_in_gets_the_same_answer(world):
    world.reset_account(world.signer)
    inactive = world.plain_moderator(active=False)
    delayed = world.plain_moderator()
    with world.app.app_context():
        inactive_email = db.session.get(Moderator, inactive).email
        delayed_email = db.session.get(Moderator, delayed).email
    # Five wrong guesses from this place make it wait before trying the address again.
    for attempt in range(5):
        assert (
            sign_in(world.app.test_client(), delayed_email, f"guess {attempt}").status_code == 422
        )
    attempts = {
        "unknown": ("nobody@quillstone.example", PASSWORD),
        "wrong password": (world.signer.email, PASSWORD + "!"),
        "inactive": (inactive_email, PASSWORD),
        "delayed, right password": (delayed_email, PASSWORD),
    }
    pages = {}
    for case, (email, password) in attempts.items():
        client = world.app.test_client()
        response = sign_in(client, email, password)
        assert response.status_code == 422, case
        assert GENERIC in response.get_data(as_text=True), case
        assert client.get("/admin/").status_code == 302, case
        pages[case] = refusal_text(response).replace(email, "EMAIL")
    assert len(set(pages.values())) == 1, "the refusals can be told apart"


def test_a_place_waits_after_five_failures_others_do_not_then_it_accepts_again(world):
    world.reset_account(world.signer)
    guesser = "192.0.2.90"
    for _attempt in range(5):
        response = sign_in(
            world.app.test_client(), world.signer.email, "wrong", REMOTE_ADDR=guesser
        )
        assert response.status_code == 422
    # Even the right password is refused from that place while it waits, with the same words.
    response = sign_in(world.app.test_client(), world.signer.email, PASSWORD, REMOTE_ADDR=guesser)
    assert response.status_code == 422 and GENERIC in response.get_data(as_text=True)
    # The moderator, elsewhere, signs in as usual.
    elsewhere = world.app.test_client()
    assert (
        sign_in(elsewhere, world.signer.email, PASSWORD, REMOTE_ADDR="203.0.113.90").status_code
        == 302
    )
    # Once the wait is over, the guessing place may try again.
    with world.app.app_context():
        db.session.execute(
            db.update(SignInThrottle).values(
                delayed_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            )
        )
        db.session.commit()
    response = sign_in(world.app.test_client(), world.signer.email, PASSWORD, REMOTE_ADDR=guesser)
    assert response.status_code == 302


def test_a_wrong_code_counts_as_a_failure_and_the_code_step_expires(world):
    world.reset_account(world.coder, totp_secret=TOTP_SECRET)
    client = world.app.test_client()
    assert sign_in(client, world.coder.email, PASSWORD).location == "/admin/sign-in/code"
    page = client.get("/admin/sign-in/code")
    wrong = f"{(int(pyotp.TOTP(TOTP_SECRET).now()) + 500_000) % 1_000_000:06d}"
    response = client.post(
        "/admin/sign-in/code", data={"csrf_token": csrf_token(page), "code": wrong}
    )
    assert response.status_code == 422
    with world.app.app_context():
        counted = db.session.scalars(
            db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
        assert counted.detail == {"reason": "code", "failures": 1}
    assert client.get("/admin/").status_code == 302
    # The pending step is dated in the session; an old one is refused and sends back.
    with client.session_transaction() as session:
        pending = dict(session["pending_sign_in"])
        pending["at"] -= 10 * 60
        session["pending_sign_in"] = pending
    assert client.get("/admin/sign-in/code").location == SIGN_IN


# The per-address limit ------------------------------------------------------------------------


@pytest.fixture
def limited_app(world):
    """The site with a per-address limit on signing in, as production has (counted in memory
    here; counting in Redis, and what happens when it is down, is tested in
    test_faults_redis.py)."""
    previous = world.app.config["SIGN_IN_RATE_LIMIT"]
    world.app.config["SIGN_IN_RATE_LIMIT"] = "5 per minute"
    yield world.app
    world.app.config["SIGN_IN_RATE_LIMIT"] = previous


def test_an_address_gets_a_few_attempts_a_minute_then_a_clear_429(world, limited_app):
    app = limited_app
    world.reset_account(world.signer)
    address = f"198.51.100.{world.unique() % 250}"
    client = app.test_client()
    for attempt in range(5):
        response = sign_in(client, f"n{attempt}@quillstone.example", "x", REMOTE_ADDR=address)
        assert response.status_code == 422
    before = snapshot(app)
    response = sign_in(client, world.signer.email, PASSWORD, REMOTE_ADDR=address)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many sign-in attempts from your network" in page
    assert "no-store" in response.headers["Cache-Control"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert changes(before, snapshot(app)) == {}, "a refused attempt was still checked"
    # Another address is not held back.
    other = app.test_client()
    assert (
        sign_in(other, world.signer.email, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302
    )


# Sessions -------------------------------------------------------------------------------------


def test_a_session_replayed_after_signing_out_is_refused(world):
    world.reset_account(world.leaver)
    client = world.app.test_client()
    assert sign_in(client, world.leaver.email, PASSWORD).status_code == 302
    token = csrf_token(client.get("/admin/"))
    # Copied as it is just before signing out: signed in, with its CSRF secret.
    stolen = session_cookie(client)
    assert client.post("/admin/sign-out", data={"csrf_token": token}).location == SIGN_IN
    replay = world.app.test_client()
    replay.set_cookie("faq_session", stolen, domain="faq.test")
    response = replay.get("/admin/")
    assert response.status_code == 302 and response.location.startswith(SIGN_IN)
    # Nor can the copy act: its form is refused as a stranger's.
    question = world.question()
    before = snapshot(world.app)
    response = replay.post(
        f"/admin/questions/{question.id}/spam", data={"csrf_token": token, "sure": "y"}
    )
    assert response.status_code == 302 and response.location.startswith(SIGN_IN)
    assert changes(before, snapshot(world.app)) == {}


def test_a_session_planted_before_signing_in_is_not_the_one_after(world):
    world.reset_account(world.signer)
    victim = world.app.test_client()
    victim.get(SIGN_IN)
    with victim.session_transaction() as session:
        session["planted"] = "by someone else"
    planted = session_cookie(victim)
    assert sign_in(victim, world.signer.email, PASSWORD).status_code == 302
    assert session_cookie(victim) != planted
    with victim.session_transaction() as session:
        assert "planted" not in session
    # The attacker, holding the cookie they planted, is not signed in.
    attacker = world.app.test_client()
    attacker.set_cookie("faq_session", planted, domain="faq.test")
    assert attacker.get("/admin/").status_code == 302


def test_a_session_cookie_signed_with_another_key_is_ignored(world):
    forged_app = make_app(world.database_url, world.root, SECRET_KEY="not-the-site-key")
    serializer = SecureCookieSessionInterface().get_signing_serializer(forged_app)
    token = moderator_row(world, world.admin.id).session_token
    forged = serializer.dumps({"_user_id": f"{world.admin.id}:{token}", "_fresh": True})
    client = world.app.test_client()
    client.set_cookie("faq_session", forged, domain="faq.test")
    assert client.get("/admin/").status_code == 302
    with forged_app.app_context():
        db.engine.dispose()


def test_a_session_naming_an_old_session_token_is_refused(world):
    client = world.app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{world.admin.id}:an-old-token"
    assert client.get("/admin/").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = f"{world.admin.id}"
    assert client.get("/admin/").status_code == 302


# Where signing in leads -----------------------------------------------------------------------

OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "////evil.example/x",
    "https://evil.example",
    "http://evil.example/admin/",
    "https:evil.example",
    "https:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "//evil.example%2F@faq.test",
    "/admin/@evil.example",
    "//faq.test@evil.example",
    "/\u3002evil.example",
    "//evil\u3002example",
    "evil.example",
]


def assert_on_site(location: str) -> None:
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert not any(ord(char) < 0x21 for char in location), location


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_never_leads_off_the_site(world, target):
    world.reset_account(world.signer)
    response = sign_in(world.app.test_client(), world.signer.email, PASSWORD, next_path=target)
    assert response.status_code == 302
    assert_on_site(response.location)


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_next_never_leads_off_the_site_after_the_code_step(world, target):
    world.reset_account(world.coder, totp_secret=TOTP_SECRET)
    client = world.app.test_client()
    response = sign_in(client, world.coder.email, PASSWORD, next_path=target)
    assert response.location == "/admin/sign-in/code"
    page = client.get("/admin/sign-in/code")
    response = client.post(
        "/admin/sign-in/code",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(TOTP_SECRET).now()},
    )
    assert response.status_code == 302
    assert_on_site(response.location)


def test_next_encoded_twice_in_the_raw_address_stays_on_site(world):
    world.reset_account(world.signer)
    client = world.app.test_client()
    path = "/admin/sign-in?next=%252F%252Fevil.example"
    page = client.get(path)
    response = client.post(
        path,
        data={"csrf_token": csrf_token(page), "email": world.signer.email, "password": PASSWORD},
    )
    assert_on_site(response.location)


def test_next_with_a_nul_byte_is_a_clear_400(world):
    response = world.app.test_client().get(SIGN_IN, query_string={"next": "\x00//evil.example"})
    assert response.status_code == 400
    assert response.location is None


def test_next_on_this_site_is_kept(world):
    world.reset_account(world.signer)
    response = sign_in(
        world.app.test_client(), world.signer.email, PASSWORD, next_path="/admin/requests/"
    )
    assert response.location == "/admin/requests/"


# Every panel address by role ------------------------------------------------------------------

ADMIN_ONLY = {
    "admin.audit",
    "moderators.index",
    "moderators.new",
    "moderators.change_role",
    "moderators.deactivate",
    "moderators.activate",
    "moderators.send_password_reset",
    "subjects.erase",
    "requests_admin.erase_here",
    # It erases a version's words for good.
    "admin.withdraw_version",
    "exports.register",
    "exports.audit_log",
}
# What a signed-in moderator (or admin) gets for a POST with a valid token and no fields.
EMPTY_POST = {
    "auth.sign_in": 302,
    "auth.sign_in_code": 302,
    "auth.sign_in_recovery": 302,
    "auth.account": 400,
    "auth.sign_out": 302,
    "admin.question": 400,
    "admin.decline": 400,
    "admin.spam": 400,
    "admin.redact_check": 400,
    "admin.keep_check": 400,
    "admin.answer": 400,
    "admin.unpublish": 400,
    "admin.republish": 302,
    "admin.withdraw_version": 400,
    "moderators.new": 422,
    "moderators.change_role": 302,
    "moderators.deactivate": 302,
    "moderators.activate": 302,
    "moderators.send_password_reset": 302,
    "auth.reset_password": 404,
    "requests_admin.start": 302,
    "requests_admin.clarify": 400,
    "requests_admin.extend": 400,
    "requests_admin.complete": 400,
    "requests_admin.refuse": 400,
    "requests_admin.jurisdiction": 400,
    "requests_admin.answered": 400,
    "requests_admin.record": 400,
    "requests_admin.record_complaint": 400,
    "requests_admin.wait": 400,
    "requests_admin.met": 400,
    "requests_admin.reissue": 400,
    "requests_admin.recipients": 400,
    "requests_admin.marketing": 400,
    "requests_admin.erase_here": 400,
    # The targets are requests: a complaint's steps do not apply to them.
    "requests_admin.acknowledge": 409,
    "requests_admin.close": 409,
    "requests_admin.update": 409,
    "subjects.search": 422,
    "subjects.export": 422,
    "subjects.erase": 422,
    # The button is the whole form: the objection is marked answered.
    "objections_admin.answered": 302,
}


def panel_targets(world: World, *, answered: bool = False) -> dict[str, int]:
    """A fresh object of each kind a panel address names; `answered`: the request is completed
    with an answer file, for the download."""
    question = world.question()
    document = world.published()
    found, _signed = world.access_request()
    if answered:
        with world.app.test_request_context():
            row = db.session.get(AccessRequest, found.id)
            workflow.complete(
                row, "Sent the file.", answer=("answer.csv", "text/csv", b"a,b\n"), by=audit.SYSTEM
            )
            db.session.commit()
    return {
        "question_id": question.id,
        "document_id": document.id,
        "request_id": found.id,
        "moderator_id": world.plain_moderator(),
        "objection_id": world.objection(),
        # A made-up link to set a new password: the same 404 for everyone.
        "token": "not-a-reset-link",
    }


def panel_rules(world: World):
    return sorted(
        (r for r in world.app.url_map.iter_rules() if r.rule.startswith("/admin")),
        key=lambda r: (r.rule, r.endpoint),
    )


def url_of(rule, targets: dict[str, int]) -> str:
    values = {name: targets[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def expected_get(rule, role: str | None) -> int:
    if "GET" not in rule.methods:
        return 405
    if rule.endpoint == "auth.reset_password":
        return 404
    if rule.endpoint in {"auth.sign_in", "auth.sign_in_code", "auth.sign_in_recovery"}:
        return 200 if role is None and rule.endpoint == "auth.sign_in" else 302
    if role is None:
        return 302
    if rule.endpoint in ADMIN_ONLY and role != "admin":
        return 403
    return 200


def expected_post(rule, role: str | None) -> int:
    if "POST" not in rule.methods:
        return 405
    if role is None:
        return {
            "auth.sign_in": 422,
            "auth.sign_in_code": 302,
            "auth.sign_in_recovery": 302,
            "auth.reset_password": 404,
        }.get(rule.endpoint, 302)
    if rule.endpoint in ADMIN_ONLY and role != "admin":
        return 403
    return EMPTY_POST[rule.endpoint]


def test_every_post_of_the_panel_has_an_expected_answer(world):
    posts = {r.endpoint for r in panel_rules(world) if "POST" in r.methods}
    assert posts == set(EMPTY_POST)


@pytest.mark.parametrize(
    "role", [None, "moderator", "admin"], ids=["stranger", "moderator", "admin"]
)
def test_every_panel_address_answers_each_role_exactly(world, role):
    account = {"moderator": world.moderator, "admin": world.admin}.get(role)
    walked = []
    for rule in panel_rules(world):
        targets = panel_targets(world) if "POST" in rule.methods else panel_targets_cache(world)
        url = url_of(rule, targets)
        client = world.client(account)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "POST":
                token = csrf_token(client.get(SIGN_IN if role is None else "/admin/"))
                before = snapshot(world.app)
                response = client.post(url, data={"csrf_token": token})
                expected = expected_post(rule, role)
            else:
                before = None
                response = client.get(url)
                expected = expected_get(rule, role)
            assert response.status_code == expected, (role, method, url, response.status_code)
            assert "no-store" in response.headers["Cache-Control"], (role, method, url)
            if expected in {302, 403} and rule.endpoint not in {
                "auth.sign_in",
                "auth.sign_in_code",
                "auth.sign_in_recovery",
            }:
                if role is None:
                    assert response.location.startswith(SIGN_IN), (method, url)
                if before is not None and (role is None or expected == 403):
                    assert changes(before, snapshot(world.app)) == {}, (role, method, url)
            walked.append((method, rule.endpoint))
    assert len(walked) >= 35


_CACHE: dict[int, dict[str, int]] = {}


def panel_targets_cache(world: World) -> dict[str, int]:
    """Objects for GETs, which change nothing: made once per site."""
    key = id(world)
    if key not in _CACHE:
        _CACHE[key] = panel_targets(world, answered=True)
    return _CACHE[key]


def test_the_answer_file_of_a_request_goes_only_to_signed_in_moderators(world):
    targets = panel_targets_cache(world)
    url = f"/admin/requests/{targets['request_id']}/answer"
    assert world.app.test_client().get(url).status_code == 302
    response = world.client(world.moderator).get(url)
    assert response.status_code == 200 and response.data == b"a,b\n"
    assert response.headers["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/questions/0",
        "/admin/questions/-1",
        "/admin/questions/2147483648",
        "/admin/questions/99999999999999999999",
        "/admin/questions/1e3",
        "/admin/requests/2147483647",
        "/admin/answers/2147483647",
    ],
)
def test_ids_that_name_nothing_are_404(world, path):
    assert world.client(world.moderator).get(path).status_code == 404


def test_an_answer_from_the_content_files_cannot_be_reached_by_its_id(world):
    with world.app.app_context():
        ident = db.session.scalar(db.select(Document.id).where(Document.origin == Origin.FILE))
    client = world.client(world.moderator)
    assert client.get(f"/admin/answers/{ident}").status_code == 404
    token = csrf_token(client.get("/admin/"))
    before = snapshot(world.app)
    response = client.post(
        f"/admin/answers/{ident}/unpublish", data={"csrf_token": token, "reason": "Gone."}
    )
    assert response.status_code == 404
    assert changes(before, snapshot(world.app)) == {}


# Tokens and links -----------------------------------------------------------------------------


def tampered(token: str) -> list[str]:
    # A character well inside the token changes: the last one of a base64 signature may carry
    # only padding bits, which decoding ignores, so changing it need not change the signature.
    at = len(token) - 5
    flipped = token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]
    return [flipped, token[:-1], token + "x", token.upper(), token[1:], "1", "%00"]


def test_a_status_token_guessed_or_tampered_shows_nothing(world):
    mine, _ = world.access_request(name="Ann Mine", details="Mine only.")
    theirs, _ = world.access_request(name="Bob Theirs", details="Theirs only.")
    question = world.question()
    client = world.app.test_client()
    page = client.get(f"/requests/status/{mine.token}").get_data(as_text=True)
    assert mine.reference in page and theirs.reference not in page
    guesses = [
        *tampered(mine.token),
        str(theirs.id),
        theirs.reference,
        question.token,
        "SAR-2026-000001",
    ]
    for guess in guesses:
        response = client.get(f"/requests/status/{guess}")
        assert response.status_code == (400 if guess == "%00" else 404), guess
        assert theirs.reference not in response.get_data(as_text=True)
    for guess in [*tampered(question.token), str(question.id), mine.token]:
        expected = 400 if guess == "%00" else 404
        assert client.get(f"/ask/status/{guess}").status_code == expected, guess


def test_acting_on_a_guessed_token_changes_nothing(world):
    theirs, _ = world.access_request()
    question = world.question()
    client = world.app.test_client()
    token = csrf_token(client.get("/requests/new"))
    before = snapshot(world.app)
    for guess in tampered(theirs.token):
        for action in ("reply", "withdraw"):
            response = client.post(
                f"/requests/status/{guess}/{action}", data={"csrf_token": token, "message": "Hi"}
            )
            assert response.status_code == (400 if guess == "%00" else 404), (guess, action)
    for guess in tampered(question.token):
        response = client.post(f"/ask/status/{guess}/withdraw", data={"csrf_token": token})
        assert response.status_code == (400 if guess == "%00" else 404), guess
    assert client.get(f"/requests/status/{tampered(theirs.token)[0]}/answer").status_code == 404
    assert changes(before, snapshot(world.app)) == {}


def test_a_tampered_confirmation_link_confirms_nothing_and_shows_nothing(world):
    mine, my_link = world.access_request(confirmed=False)
    theirs, their_link = world.access_request(confirmed=False)
    payload, _, signature = my_link.rpartition(".")
    their_payload = their_link.rpartition(".")[0]
    forged = [
        *tampered(my_link),
        f"{their_payload.rpartition('.')[0]}.{my_link.split('.', 1)[1]}",
        f"{payload}.{signature[::-1]}",
        "eyJpZCI6IDF9",
        "eyJpZCI6MSwibm9uY2UiOiIifQ.AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]
    client = world.app.test_client()
    token = csrf_token(client.get("/requests/new"))
    before = snapshot(world.app)
    for link in forged:
        for method in ("GET", "POST"):
            response = client.open(
                f"/requests/confirm/{link}", method=method, data={"csrf_token": token}
            )
            assert response.status_code in {400, 404, 410}, (link, method, response.status_code)
            page = response.get_data(as_text=True)
            assert theirs.token not in page and mine.token not in page
    assert changes(before, snapshot(world.app)) == {}


def test_a_used_confirmation_link_is_a_clear_410(world):
    found, link = world.access_request(confirmed=True)
    client = world.app.test_client()
    response = client.get(f"/requests/confirm/{link}")
    assert response.status_code == 410
    assert found.token not in response.get_data(as_text=True)


def test_an_upload_name_cannot_leave_the_download_header(world):
    """The answer file's name, chosen by a moderator's computer, is made safe before it reaches
    the Content-Disposition header the requester's browser reads."""
    found, _ = world.access_request()
    client = world.client(world.moderator)
    page = client.get(f"/admin/requests/{found.id}")
    response = client.post(
        f"/admin/requests/{found.id}/complete",
        data={
            "csrf_token": csrf_token(page),
            "note": "Sent.",
            "answer": FileStorage(
                io.BytesIO(b"data"), 'x"\r\nSet-Cookie: a=b; ../../etc/passwd.txt'
            ),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    download = world.app.test_client().get(f"/requests/status/{found.token}/answer")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert (
        "\r" not in disposition
        and "\n" not in disposition
        and "Set-Cookie" not in str(download.headers).replace(disposition, "")
    )
    assert disposition.count('"') == 2 and "/" not in disposition.split("filename=")[1]
    assert SimpleCookie(download.headers.get("Set-Cookie", "")).get("a") is None
    with world.app.app_context():
        name = db.session.get(AccessRequest, found.id).answer_name
    assert not set(name) & set('"\r\n/\\;'), name
