"""The headers every response carries, walked over every address of the site (parameters filled
from a seeded database) as a stranger and as an admin, and over the error answers: 400, 404,
405, 410, 413, 429 and a crash's 500. Panel pages are never stored; pages a shared cache may
keep set no cookie; the session cookie is HttpOnly, SameSite=Lax, and Secure over HTTPS."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from flask import Flask

from faq_site.extensions import db
from faq_site.models import Category, Document, DocumentKind, Origin

from .conftest import World, make_app
from actions import PASSWORD, csrf_token


def assert_hardened(response, where) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";")}
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", where
    assert directives.get("default-src") == "default-src 'self'", where
    assert directives.get("object-src") == "object-src 'none'", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in {"same-origin", "no-referrer"}, where


def assert_panel_private(response, where) -> None:
    assert "no-store" in response.headers.get("Cache-Control", ""), where


@pytest.fixture(scope="module")
def values(world: World) -> dict[str, str]:
    """A real value for every parameter of every route."""
    question = world.question()
    document = world.published()
    found, _signed = world.access_request()
    _unconfirmed, signed = world.access_request(confirmed=False)
    with world.app.app_context():
        file_document = db.session.scalar(
            db.select(Document).where(
                Document.origin == Origin.FILE, Document.kind == DocumentKind.FAQ
            )
        )
        dates = [v.effective.isoformat() for v in file_document.versions]
        slug = file_document.slug
        category = db.session.scalar(db.select(Category.slug).order_by(Category.position))
        statement = db.session.scalar(db.select(Document).where(Document.slug == "statement"))
        statement_dates = [v.effective.isoformat() for v in statement.versions]
        register = db.session.scalar(
            db.select(Document).where(Document.kind == DocumentKind.REGISTER)
        )
        register_dates = [v.effective.isoformat() for v in register.versions]
    return {
        "question_id": str(question.id),
        "document_id": str(document.id),
        "request_id": str(found.id),
        "moderator_id": str(world.plain_moderator()),
        # No objection needs to exist: the address answers 404 (or 405) with its headers.
        "objection_id": "1",
        "slug": slug,
        "effective": dates[0],
        "from_date": dates[0],
        "to_date": dates[-1],
        "signed": signed,
        "filename": "css/site.css",
        "category": category,
        "statement_from": statement_dates[0],
        "statement_to": statement_dates[1],
        "register_from": register_dates[0],
        "register_to": register_dates[-1],
        "question_token": question.token,
        "request_token": found.token,
        # A subscription waiting for its confirmation, and one confirmed.
        "notice_waiting": world.subscription(confirmed=False)[1],
        "notice_token": world.subscription()[1],
    }


def urls(app: Flask, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule of the site."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        filled = dict(values)
        filled["token"] = (
            values["request_token"]
            if rule.endpoint.startswith("access_requests")
            else values["question_token"]
        )
        if rule.endpoint.startswith("notices."):
            filled["token"] = values[
                "notice_waiting" if rule.endpoint == "notices.confirm" else "notice_token"
            ]
        if "categor" in rule.endpoint:
            filled["slug"] = values["category"]
        if rule.endpoint.startswith("public.statement"):
            filled.update(
                effective=values["statement_from"],
                from_date=values["statement_from"],
                to_date=values["statement_to"],
            )
        if rule.endpoint.startswith("public.subprocessors"):
            filled.update(
                effective=values["register_from"],
                from_date=values["register_from"],
                to_date=values["register_to"],
            )
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, f=filled: f[m.group(1)], rule.rule)
        method = "GET" if "GET" in rule.methods else "POST"
        found.append((rule.endpoint, method, url))
    return found


@pytest.mark.parametrize("who", ["stranger", "admin"])
def test_every_address_carries_the_security_headers(world, values, who):
    client = world.client(world.admin if who == "admin" else None)
    walked = 0
    for endpoint, method, url in urls(world.app, values):
        response = client.open(url, method=method)
        response.close()
        where = (who, method, url, response.status_code)
        assert response.status_code < 500, where
        assert_hardened(response, where)
        if url.startswith("/admin"):
            assert_panel_private(response, where)
        if response.cache_control.public:
            # A page a shared cache keeps is the same for everyone: it must carry no cookie.
            assert "Set-Cookie" not in response.headers, where
        if who == "stranger" and method == "GET" and not url.startswith("/admin"):
            # A comparison asked for without its two versions is a clear 400; a request
            # without an answer file has nothing to download.
            expected = 400 if endpoint.endswith("_compare") else 200
            expected = 410 if endpoint == "access_requests.download" else expected
            assert response.status_code == expected, where
        walked += 1
    assert walked >= 50


def test_public_reading_pages_set_no_cookie(world, values):
    client = world.app.test_client()
    for path in ["/", "/gdpr", "/faq", f"/faq/{values['slug']}", "/faq/feed.atom", "/sitemap.xml"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert response.cache_control.public, path


@pytest.fixture(scope="module")
def crashing_app(world: World) -> Flask:
    """The site with one more route, which fails, registered before its first request; errors
    are handled as in production rather than raised into the test."""
    app = make_app(world.database_url, world.root, PROPAGATE_EXCEPTIONS=False)

    @app.get("/crash")
    def crash():
        raise RuntimeError("a failure in the view")

    @app.get("/admin/crash")
    def admin_crash():
        raise RuntimeError("a failure in a panel view")

    yield app
    with app.app_context():
        db.engine.dispose()


def error_responses(world: World, crashing_app: Flask):
    client = world.app.test_client()
    token = csrf_token(client.get("/ask"))
    yield 400, client.post("/ask", data={"csrf_token": "forged"})
    yield 404, client.get("/no/such/page")
    yield 404, world.client(world.admin).get("/admin/questions/2147483647")
    yield 405, client.get("/admin/sign-out")
    yield 405, client.post("/faq")
    yield 413, client.post("/ask", data={"csrf_token": token, "question": "x" * (2 * 1024 * 1024)})
    gone = world.published()
    admin = world.client(world.admin)
    page = admin.get(f"/admin/answers/{gone.id}")
    admin.post(
        f"/admin/answers/{gone.id}/unpublish",
        data={"csrf_token": csrf_token(page), "reason": "Out of date."},
    )
    yield 410, client.get(f"/faq/{gone.slug}")
    previous = world.app.config["ASK_RATE_LIMIT"]
    world.app.config["ASK_RATE_LIMIT"] = "1 per minute"
    try:
        limited = world.app.test_client()
        # Only a question taken counts against the limit: the second one is refused.
        for number in range(2):
            page = limited.get("/ask")
            started = re.search(r'name="started"[^>]*value="([^"]*)"', page.get_data(as_text=True))
            response = limited.post(
                "/ask",
                data={
                    "csrf_token": csrf_token(page),
                    "started": started.group(1),
                    "question": f"How long are call recordings kept, in case {number}?",
                    "email": "",
                    "website": "",
                },
                environ_base={"REMOTE_ADDR": "192.0.2.200"},
            )
        yield 429, response
    finally:
        world.app.config["ASK_RATE_LIMIT"] = previous
    yield 500, crashing_app.test_client().get("/crash")
    yield 500, crashing_app.test_client().get("/admin/crash")


def test_error_answers_carry_the_same_headers(world, crashing_app, caplog):
    seen = set()
    for code, response in error_responses(world, crashing_app):
        where = (code, response.request.path)
        assert response.status_code == code, (where, response.status_code)
        assert_hardened(response, where)
        assert "no-store" in response.headers.get("Cache-Control", ""), where
        assert response.mimetype == "text/html", where
        seen.add(code)
    assert seen == {400, 404, 405, 410, 413, 429, 500}
    # The crash's page says nothing of what failed; the log has it.
    page = crashing_app.test_client().get("/crash").get_data(as_text=True)
    assert "a failure in the view" not in page and "Traceback" not in page
    assert "a failure in the view" in caplog.text


# Cookies over HTTPS, configured as in production -----------------------------------------------


@pytest.fixture(scope="module")
def production(world: World) -> Flask:
    app = make_app(
        world.database_url,
        world.root,
        TESTING=False,
        SITE_URL="https://faq.test",
        SESSION_COOKIE_SECURE=None,
        SIGN_IN_RATE_LIMIT="1000 per minute",
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def session_cookie_of(response) -> SimpleCookie:
    [header] = [v for k, v in response.headers.items() if k == "Set-Cookie"]
    cookie = SimpleCookie()
    cookie.load(header)
    assert "faq_session" in cookie, header
    return cookie


def test_production_cookies_are_secure_httponly_and_same_site(world, production):
    assert production.config["SESSION_COOKIE_SECURE"] is True
    world.reset_account(world.signer)
    client = production.test_client()
    page = client.get("https://faq.test/admin/sign-in")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert_hardened(page, "sign-in over https")
    signed_in = client.post(
        "https://faq.test/admin/sign-in",
        data={"csrf_token": csrf_token(page), "email": world.signer.email, "password": PASSWORD},
        # Over HTTPS the CSRF check also wants the form to come from this site.
        headers={"Referer": "https://faq.test/admin/sign-in"},
    )
    assert signed_in.status_code == 302
    for response in (page, signed_in):
        morsel = session_cookie_of(response)["faq_session"]
        assert morsel["secure"] is True
        assert morsel["httponly"] is True
        assert morsel["samesite"] == "Lax"
        assert not morsel["domain"]
    assert client.get("https://faq.test/admin/").status_code == 200


def test_the_session_cookie_never_travels_over_plain_http_in_production(world, production):
    page = production.test_client().get("http://faq.test/admin/sign-in")
    assert "Strict-Transport-Security" not in page.headers
    # Marked Secure even here, so a browser never sends it back over http://.
    assert session_cookie_of(page)["faq_session"]["secure"] is True
