"""What tests do through the site, in one place: read a form's CSRF token, ask a question,
sign in, decide a question, file and work a subject-access request, correct an answer, and
speak HTTP over a bare socket. Test files import these from here, never from one another.

Loaded for every test file by `pytest_plugins` in conftest.py, for its fixtures (moderators,
admins and their signed-in clients, and `actions`, the same helpers bound to the test's client).
"""

from __future__ import annotations

import html
import http.client
import io
import re
from dataclasses import dataclass
from unittest import mock
from urllib.parse import urlencode

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from flask_login.utils import _create_identifier
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from faq_site.access_requests import workflow
from faq_site.admin import accounts, auth
from faq_site.admin.accounts import create_moderator
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    Document,
    Moderator,
    OutboxMessage,
    Question,
    RequestEvent,
    Right,
    Role,
    Version,
)
from faq_site.outbox import header_id

PASSWORD = "correct horse battery staple"
ADMIN_PASSWORD = "admin's own long passphrase"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Account:
    """A moderator as a test knows them: the id, and what they type to sign in."""

    id: int
    email: str
    password: str
    role: Role


# Each password's scrypt hash, made once per test process by the site's own hash_password: an
# account made from it accepts the same password as one hashed afresh, without the ~0.1 s that
# scrypt costs each time (the hashing itself is tested where accounts are made and changed).
_HASHES: dict[str, str] = {}


def _hash_once(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = _real_hash_password(password)
    return _HASHES[password]


_real_hash_password = accounts.hash_password


def add_moderator(
    app: Flask, email: str, password: str = PASSWORD, role: Role = Role.MODERATOR
) -> Account:
    """Create a moderator through the same domain function as the panel and the CLI (its
    password hashed once per process, see _HASHES)."""
    with app.app_context(), mock.patch.object(accounts, "hash_password", _hash_once):
        created = create_moderator(email, password, role)
        db.session.commit()
        return Account(created.id, created.email, password, role)


def csrf_token(response) -> str:
    """The CSRF token of the first form on a page, to post as a browser would."""
    match = CSRF_FIELD.search(response.get_data(as_text=True))
    assert match, f"the page has no form with a CSRF token ({response.status_code})"
    return html.unescape(match.group(1))


def form_field(response, name: str) -> str:
    """The value of a hidden field on a page."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    assert match, f"the page has no field {name}"
    return html.unescape(match.group(1))


def page_token(client: FlaskClient, path: str) -> str:
    """The CSRF token from the form on the page at path."""
    return csrf_token(client.get(path))


def post_form(client: FlaskClient, form_page: str, action: str | None = None, **fields):
    """Post fields to action (by default the form page itself) with the page's CSRF token."""
    token = page_token(client, form_page)
    return client.post(action or form_page, data={"csrf_token": token, **fields})


def sign_in(client: FlaskClient, email: str, password: str, *, next_path: str | None = None):
    """Post the sign-in form, as if reached from next_path; the response is not followed."""
    page = "/admin/sign-in"
    if next_path is not None:
        page += "?" + urlencode({"next": next_path})
    return post_form(client, page, email=email, password=password)


def signed_in_client(app: Flask, account: Account) -> FlaskClient:
    """A client signed in through the sign-in form, password and all."""
    client = app.test_client()
    response = sign_in(client, account.email, account.password)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def session_client(app: Flask, account: Account) -> FlaskClient:
    """A client signed in by the step that follows a right password (auth._complete_sign_in, as
    the sign-in form calls it): the same session, audit event and new session token, without
    checking the password again. For tests that are not about signing in."""
    client = app.test_client()
    with app.test_request_context(
        "/admin/sign-in", method="POST", environ_base=client.environ_base
    ):
        response = auth._complete_sign_in(db.session.get(Moderator, account.id), None)
        assert response.status_code == 302
        values = dict(session)
    with client.session_transaction() as kept:
        kept.clear()
        kept.update(values)
    return client


def sign_in_as(client: FlaskClient, moderator_id: int) -> FlaskClient:
    """Put the moderator's current session in the client's cookie, as signing in does, without
    changing the moderator's session token (so other clients of the same moderator stay signed
    in). Signing in itself is tested on its own accounts."""
    with client.application.test_request_context(environ_base=client.environ_base):
        token = db.session.get(Moderator, moderator_id).session_token
        db.session.remove()
        # What signing in stores beside the id: the fingerprint of the browser it was done in.
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session["_user_id"] = f"{moderator_id}:{token}"
        session["_fresh"] = True
        session["_id"] = identifier
    return client


class Actions:
    """The helpers of this module bound to one test client, as the `actions` fixture gives
    them: `actions.ask()`, `actions.sign_in(email, password)`, `actions.post(page, **fields)`."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def token(self, path: str) -> str:
        return page_token(self.client, path)

    def post(self, form_page: str, action: str | None = None, **fields):
        return post_form(self.client, form_page, action, **fields)

    def ask(self, text: str | None = None, email: str = "jane.smith@example.com", **extra):
        return ask(self.client, QUESTION if text is None else text, email, **extra)

    def sign_in(self, email: str, password: str, *, next_path: str | None = None):
        return sign_in(self.client, email, password, next_path=next_path)

    def sign_in_as(self, account: Account) -> FlaskClient:
        return sign_in_as(self.client, account.id)


@pytest.fixture
def actions(client: FlaskClient) -> Actions:
    """What a visitor or a moderator does, through the test's client."""
    return Actions(client)


@pytest.fixture
def moderator(app: Flask) -> Account:
    """A moderator without the admin role, password PASSWORD."""
    return add_moderator(app, "moderator@quillstone.example")


@pytest.fixture
def admin(app: Flask) -> Account:
    """An admin, password ADMIN_PASSWORD."""
    return add_moderator(app, "admin@quillstone.example", ADMIN_PASSWORD, Role.ADMIN)


@pytest.fixture
def moderator_client(app: Flask, moderator: Account) -> FlaskClient:
    """A client signed in as the moderator."""
    return session_client(app, moderator)


@pytest.fixture
def admin_client(app: Flask, admin: Account) -> FlaskClient:
    """A client signed in as the admin."""
    return session_client(app, admin)


# Asking ---------------------------------------------------------------------------------------


QUESTION = (
    "Hello, I'm Jane Smith (jane.smith@example.com). Must you delete my contact record if I ask?"
)


def ask(client, text=QUESTION, email="jane.smith@example.com", **extra):
    page = client.get("/ask")
    data = {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "question": text,
        "email": email,
        "website": "",
    }
    data.update(extra)
    return client.post("/ask", data=data)


# Deciding a question --------------------------------------------------------------------------


def decide(moderator_client, question_id, **fields):
    page = moderator_client.get(f"/admin/questions/{question_id}")
    data = {
        "csrf_token": csrf_token(page),
        "title": "Must a company delete my contact record when I ask?",
        "answer": "## Usually, yes\n\nA soft delete is **not** erasure.",
        "category": "0",
        "notify": "y",
    }
    data.update(fields)
    return moderator_client.post(f"/admin/questions/{question_id}", data=data)


def document_of(app, question_id) -> Document:
    with app.app_context():
        document = db.session.get(Question, question_id).document
        db.session.expunge(document)
        return document


# Subject-access requests ----------------------------------------------------------------------


NAME = "Ann Example"


EMAIL = "ann@example.com"


DETAILS = "All contact records about me in your CRM trial account, 2024 to now."


# A Monday: the design's worked examples start here.
MONDAY = "2026-11-02"


@dataclass(frozen=True)
class Filed:
    """A confirmed request as a test knows it."""

    id: int
    reference: str | None
    token: str
    # The Message-IDs of the email the filing itself queued: the confirmation link and the
    # acknowledgement, which the requester had before any moderator's step.
    filing_mail: frozenset[str] = frozenset()

    @property
    def page(self) -> str:
        return f"/admin/requests/{self.id}"


def file_request(
    app: Flask,
    on: str = MONDAY,
    right: Right = Right.ACCESS,
    *,
    name: str = NAME,
    email: str = EMAIL,
    details: str = DETAILS,
    confirm: bool = True,
    behalf: workflow.Behalf | None = None,
) -> Filed:
    """A request submitted (and by default confirmed) on the given day, as the requester's own
    pages would make it."""
    app.config["SITE_TODAY"] = on
    with app.test_request_context():
        request, confirmation = workflow.submit(right, name, email, details, behalf=behalf)
        messages = [confirmation, workflow.confirm(request) if confirm else None]
        db.session.commit()
        filing_mail = frozenset(
            header_id(message, app.config) for message in messages if message is not None
        )
        return Filed(request.id, request.reference, request.token, filing_mail)


def on_day(app: Flask, day: str) -> None:
    app.config["SITE_TODAY"] = day


def stored(app: Flask, filed: Filed) -> AccessRequest:
    with app.app_context():
        found = db.session.get(AccessRequest, filed.id)
        # Touch what tests read after the session closes.
        found.pauses, found.events, found.conditions, found.answer_data  # noqa: B018
        return found


def act(client, filed: Filed, action: str, **fields):
    """Post one of the request page's forms, with the page's CSRF token, as a browser would."""
    token = page_token(client, filed.page)
    return client.post(f"{filed.page}/{action}", data={"csrf_token": token, **fields})


def upload(client, filed: Filed, note: str, filename: str, content: bytes, content_type: str):
    """Post the completion form with a file, as a browser sends it."""
    token = page_token(client, filed.page)
    # Encoded here, in memory: the test client would spool a large body to a temporary file
    # that it never closes.
    boundary, body = encode_multipart(
        {
            "csrf_token": token,
            "note": note,
            "answer": FileStorage(io.BytesIO(content), filename, content_type=content_type),
        }
    )
    return client.post(
        f"{filed.page}/complete",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def mail_of(app: Flask, template: str) -> list[OutboxMessage]:
    """The emails queued with one template, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(OutboxMessage)
                .where(OutboxMessage.template == template)
                .order_by(OutboxMessage.id)
            )
        )


def log_of(
    app: Flask, filed: Filed, *, notices: bool = False
) -> list[tuple[str, int | None, str | None]]:
    """The request's log, oldest first; the copies of emails sent only with `notices`."""
    with app.app_context():
        return [
            (event.action, event.moderator_id, event.message)
            for event in db.session.scalars(
                db.select(RequestEvent)
                .where(RequestEvent.request_id == filed.id)
                .order_by(RequestEvent.id)
            )
            if notices or event.action != workflow.NOTICE
        ]


def queue_rows(client, query: str = "") -> dict[str, str]:
    """The queue's rows by reference, in the order shown, each as its text."""
    html = client.get("/admin/requests/" + query).get_data(as_text=True)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        match = re.search(r"SAR-\d{4}-\d{6}|Request #\d+", row)
        if match:
            rows[match.group(0)] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return rows


# Correcting a published answer ----------------------------------------------------------------


def versions_of(app, document: Document) -> list[Version]:
    with app.app_context():
        found = db.session.scalars(
            db.select(Version).where(Version.document_id == document.id).order_by(Version.effective)
        ).all()
        for version in found:
            db.session.expunge(version)
        return list(found)


def withdraw_version(
    client, document: Document, version_id: int, reason="it contained personal data"
):
    page = client.get(f"/admin/answers/{document.id}")
    return client.post(
        f"/admin/answers/{document.id}/withdraw",
        data={
            "csrf_token": csrf_token(page),
            "version": str(version_id),
            "withdraw_reason": reason,
        },
    )


def correct(moderator_client, document: Document, answer: str, note="Personal data removed."):
    page = moderator_client.get(f"/admin/answers/{document.id}")
    return moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": answer,
            "summary": note,
            "effective": "",
            "correct": "y",
            "save": "1",
        },
    )


# HTTP over a bare socket (the load tests) -----------------------------------------------------


HOST = "faq.test"


STATUS_LINK = re.compile(r"^/ask/status/([A-Za-z0-9_-]+)\?sent=1$")


# Letters only, so that the anonymiser, which replaces numbers that look like personal data,
# leaves the marker as it is.
DIGITS_AS_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def request(address: str, method: str, path: str, *, cookie: str = "", body: str = ""):
    """One request on a fresh connection: the status, headers and page."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        headers = {"Host": HOST}
        if cookie:
            headers["Cookie"] = cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()
