"""No personal data in logs: a visitor and a requester with unmistakable names and addresses go
through a real server (werkzeug, with its access log), moderation, mail delivery (with the mail
server down once), `flask mail send` and `flask purge`, with every logger at DEBUG and the
process's stdout and stderr captured; neither the names nor the addresses appear anywhere."""

from __future__ import annotations

import http.cookiejar
import logging
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest
from werkzeug.serving import make_server

from faq_site.extensions import db
from faq_site.models import AccessRequest, Question

from .conftest import GENEROUS, World, make_app
from actions import PASSWORD
from smtp_server import run_mail_worker

# Loggers of the site and of everything it runs on. "mail.log" is aiosmtpd's: it stands in for
# the outside mail server, whose own log is not the site's.
LOGGERS = ["", "werkzeug", "sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "faq_site"]
NOT_THE_SITE = ("mail.log",)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser against the live server: cookies kept, redirects shown, not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
        )

    def open(self, path: str, fields: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers.get("Location", ""), error.read().decode()

    def form(self, page: str, action: str | None = None, **fields) -> tuple[int, str, str]:
        """Read the page's form and send it with its hidden fields, as a person would."""
        status, _location, text = self.open(page)
        assert status == 200, (page, status)
        return self.open(action or page, {**hidden_fields(text), **fields})


class _Hidden(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            # The first form's fields win: the page's main form comes first.
            self.fields.setdefault(found["name"], found.get("value") or "")


def hidden_fields(page: str) -> dict[str, str]:
    parser = _Hidden()
    parser.feed(page)
    return parser.fields


@pytest.fixture
def live(world: World):
    """The site served by werkzeug on a free local port, as `flask run` serves it."""
    app = make_app(
        world.database_url,
        world.root,
        SERVER_NAME=None,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=world.smtp.port,
        ASK_RATE_LIMIT=GENEROUS,
        REQUEST_RATE_LIMIT=GENEROUS,
        REQUEST_BURST_LIMIT=GENEROUS,
        FOLLOW_RATE_LIMIT=GENEROUS,
        SIGN_IN_RATE_LIMIT=GENEROUS,
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def logged_text(caplog) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith(NOT_THE_SITE)
    )


def test_no_personal_data_reaches_a_log_or_the_console(world, live, caplog, capfd):
    app, base = live
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    tag = secrets.token_hex(4)
    name = f"Zebulon Quillfeather{tag}"
    asker = f"zebulon.asker.{tag}@example.com"
    requester = f"zebulon.requester.{tag}@example.com"
    complainant = f"zebulon.complainant.{tag}@example.com"
    markers = [
        asker,
        requester,
        complainant,
        f"asker.{tag}",
        f"requester.{tag}",
        f"complainant.{tag}",
        "Zebulon",
        "Quillfeather",
    ]

    # A visitor asks, with their name and address in the question and the address to hear back.
    visitor = Browser(base)
    status, location, _ = visitor.form(
        "/ask",
        question=f"Hello, my name is {name}. Write to {asker}. Must you delete my record?",
        email=asker,
        website="",
    )
    assert status == 302 and "/ask/status/" in location
    status, _, page = visitor.open(urllib.parse.urlsplit(location).path)
    assert status == 200

    # A requester files a request and confirms it from the emailed link.
    run_mail_worker(app)
    sent = len(world.smtp.messages)
    status, _, _ = visitor.form(
        "/requests/new",
        right="access",
        name=name,
        email=requester,
        details=f"Everything about {name} ({requester}).",
        website="",
    )
    assert status == 302
    run_mail_worker(app)
    body = world.smtp.messages[sent].get_body(("plain",)).get_content()
    link = urllib.parse.urlsplit(re.search(r"(http://\S+/requests/confirm/\S+)", body).group(1))
    assert visitor.form(link.path)[0] == 302

    # The same person complains, from the request's page, and confirms the complaint.
    run_mail_worker(app)
    sent = len(world.smtp.messages)
    status, _, _ = visitor.form(
        "/complaints/new?about=SAR-2026-000001",
        "/complaints/new",
        name=name,
        email=complainant,
        concerns="SAR-2026-000001",
        details=f"You told {name}'s manager about the request ({complainant}).",
        desired_outcome=f"Apologise to {name}.",
        website="",
    )
    assert status == 302
    run_mail_worker(app)
    body = world.smtp.messages[sent].get_body(("plain",)).get_content()
    link = urllib.parse.urlsplit(re.search(r"(http://\S+/requests/confirm/\S+)", body).group(1))
    assert visitor.form(link.path)[0] == 302

    with app.app_context():
        complaint_id = db.session.scalar(
            db.select(AccessRequest.id).where(AccessRequest.email == complainant)
        )
        question_id = db.session.scalar(
            db.select(Question.id).where(Question.email == asker).order_by(Question.id.desc())
        )
        request_id = db.session.scalar(
            db.select(AccessRequest.id).where(AccessRequest.email == requester)
        )
        second = Question(
            token=secrets.token_urlsafe(24), redacted="Another question?", email=asker
        )
        second.original = f"{name} asks again"
        db.session.add(second)
        db.session.commit()
        second_id = second.id

    # A moderator signs in, reads both, answers the question and works the request.
    moderator = Browser(base)
    assert (
        moderator.form("/admin/sign-in", email=world.moderator.email, password=PASSWORD)[0] == 302
    )
    assert asker in moderator.open(f"/admin/questions/{question_id}")[2]
    assert (
        moderator.form(
            f"/admin/questions/{question_id}",
            title="Must a company delete a contact record when asked?",
            answer="Usually, yes.",
            category="0",
            notify="y",
            publish="1",
        )[0]
        == 302
    )
    page = f"/admin/requests/{request_id}"
    assert requester in moderator.open(page)[2]
    assert moderator.form(page, f"{page}/clarify", message=f"Is {name} your full name?")[0] == 302
    assert (
        visitor.form(
            f"/requests/status/{_token_of(app, request_id)}",
            f"/requests/status/{_token_of(app, request_id)}/reply",
            message=f"Yes, {name}, {requester}.",
        )[0]
        == 302
    )
    assert moderator.form(page, f"{page}/complete", note=f"Sent to {requester}.")[0] == 302
    page = f"/admin/requests/{complaint_id}"
    assert complainant in moderator.open(page)[2]
    assert moderator.form(page, f"{page}/acknowledge", acknowledgement=f"Sorry, {name}.")[0] == 302
    assert moderator.form(page, f"{page}/close", outcome=f"We apologised to {name}.")[0] == 302
    assert visitor.open(f"/requests/status/{_token_of(app, complaint_id)}")[0] == 200

    # The mail server goes down while a decline is sent; the worker sends it later.
    runner = app.test_cli_runner()
    world.smtp.stop()
    try:
        page = f"/admin/questions/{second_id}"
        assert (
            moderator.form(page, f"{page}/decline", reason=f"Not for {name}.", notify="y")[0] == 302
        )
        failed = runner.invoke(args=["mail", "send"])
        assert failed.exit_code == 0 and "failed 1" in failed.output, failed.output
    finally:
        world.smtp.start()
    with app.app_context():
        app.config["MAIL_TIMEOUT"] = 30  # the world's (see conftest)
    # The failed message waits out its backoff; the worker is asked for it now.
    with app.app_context():
        db.session.execute(db.text("UPDATE outbox_message SET next_attempt = created"))
        db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert any(asker in m["To"] for m in world.smtp.messages[sent:])
    result_purge = runner.invoke(args=["purge"])
    assert result_purge.exit_code == 0, result_purge.output
    # Looking a person up and exporting their data: the address goes in a form, never a URL.
    status, _location, found = moderator.form("/admin/subjects/", email=requester)
    assert status == 200 and "What the site holds about" in found
    exported = moderator.form("/admin/subjects/", "/admin/subjects/export", email=requester)
    assert exported[0] == 200
    assert moderator.form("/admin/", "/admin/sign-out")[0] == 302

    captured = capfd.readouterr()
    logged = logged_text(caplog)
    # The capture worked: the access log, the mail log and SQL are all in it.
    assert "POST /ask" in logged and "sent." in logged and "SELECT" in logged
    for text, where in ((logged, "log"), (captured.out, "stdout"), (captured.err, "stderr")):
        outputs = failed.output + result.output + result_purge.output
        text = text + outputs if where == "stdout" else text
        for marker in markers:
            assert marker.lower() not in text.lower(), (where, where_logged(caplog, marker)[:6])


def _token_of(app, request_id: int) -> str:
    with app.app_context():
        return db.session.get(AccessRequest, request_id).token


def where_logged(caplog, marker: str) -> list[tuple[str, str, str]]:
    """The records that carry the marker, for the failure message."""
    return [
        (r.name, r.levelname, r.getMessage()[:300])
        for r in caplog.records
        if marker.lower() in logging.Formatter("%(message)s").format(r).lower()
    ]


def test_rows_read_from_the_database_stay_out_of_even_the_most_verbose_log(world, caplog):
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine.Engine")
    secret = f"row.secret.{secrets.token_hex(4)}@example.com"
    question = world.question(email=secret)
    with world.app.app_context():
        assert db.session.get(Question, question.id).email == secret
    engine_records = [r for r in caplog.records if r.name == "sqlalchemy.engine.Engine"]
    assert any("SELECT" in r.getMessage() for r in engine_records)
    assert not any(secret in r.getMessage() for r in engine_records)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            '127.0.0.1 - - "GET /search?q="John Smith" email john@example.com HTTP/1.1" 200 -',
            '127.0.0.1 - - "GET /search?<query> HTTP/1.1" 200 -',
        ),
        ("GET /ask?q='m Jane Doe, NI QQ123456C HTTP/1.1", "GET /ask?<query> HTTP/1.1"),
        ("sent to /faq?page=2 and /gdpr", "sent to /faq?<query> and /gdpr"),
        (
            '"POST /notices/one-click/12-0123456789abcdef0123456789abcdef HTTP/1.1" 200',
            '"POST /notices/one-click/<private> HTTP/1.1" 200',
        ),
        ("GET /notices/manage/7-aa?confirmed=1", "GET /notices/manage/<private>?<query>"),
    ],
)
def test_a_query_string_or_a_private_link_is_redacted_whole(line: str, kept: str) -> None:
    from faq_site.logs import redact

    assert redact(line) == kept
