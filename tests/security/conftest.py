"""Fixtures for the abuse suite: one seeded site per test module and database, with a real SMTP
server, moderators of each role, and factories that make a fresh target (a question, a request,
an answer, an account) for each test, so that tests share the slow set-up but never a target."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.security import generate_password_hash

from faq_site import audit, create_app, moderation
from faq_site.access_requests import workflow
from faq_site.complaints import workflow as complaints
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    Document,
    Moderator,
    Question,
    Right,
    Role,
    SignInThrottle,
    SubprocessorObjection,
)
from faq_site.urls import link

from actions import ADMIN_PASSWORD, PASSWORD, Account, add_moderator, sign_in_as
from conftest import build_content, reset_postgresql
from smtp_server import SmtpServer, free_port

GENEROUS = "10000 per minute"
TOTP_SECRET = pyotp.random_base32()


@dataclass
class World:
    """A seeded site shared by the tests of one module on one database."""

    app: Flask
    smtp: SmtpServer
    moderator: Account
    admin: Account
    # Accounts for tests that sign in, sign out or change a password: these rotate the account's
    # session token, which would sign out every other client of the same account.
    signer: Account
    coder: Account
    keeper: Account
    leaver: Account
    password_hash: str
    database_url: str
    root: Path
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def unique(self) -> int:
        return next(self.counter)

    def client(self, account: Account | None = None) -> FlaskClient:
        client = self.app.test_client()
        return sign_in_as(client, account.id) if account else client

    # Targets ----------------------------------------------------------------------------------

    def question(self, text: str | None = None, email: str | None = None) -> Question:
        text = text or f"Must you delete my contact record when I ask? (number {self.unique()})"
        with self.app.test_request_context():
            received = moderation.receive(text, email, sender="", link=link)
            db.session.commit()
            db.session.refresh(received.question)
            db.session.expunge(received.question)
            return received.question

    def subscription(self, *, confirmed: bool = True) -> tuple[int, str]:
        """A subscription to change notices, and the token its links carry."""
        from faq_site.notices import workflow as notices

        with self.app.test_request_context():
            subscription = notices.subscribe(
                f"reader-{self.unique()}@example.com", notices.Choice(True, True), link
            )
            if confirmed:
                notices.confirm(subscription)
            db.session.commit()
            return subscription.id, notices.token(subscription)

    def objection(self) -> int:
        """A customer's objection to an announced sub-processor, waiting for an answer."""
        with self.app.app_context():
            objection = SubprocessorObjection(
                provider="Maplewatch Support Inc.",
                effective=dt.date(2027, 3, 1),
                company="Brightfield Analytics Ltd",
                name="Priya Contact",
                email=f"priya-{self.unique()}@example.com",
                reason="Support outside the UK.",
                submission=f"objection-{self.unique()}",
            )
            db.session.add(objection)
            db.session.commit()
            return objection.id

    def published(self, title: str | None = None, answer: str = "Usually, yes.") -> Document:
        question = self.question()
        with self.app.test_request_context():
            found = db.session.get(Question, question.id)
            document, _message = moderation.publish(
                found,
                title=title or f"Must a company delete a contact record? ({self.unique()})",
                answer=answer,
                category=None,
                notify=False,
                author="moderator #1",
                link=link,
                by=audit.SYSTEM,
            )
            db.session.commit()
            db.session.refresh(document)
            db.session.expunge(document)
            return document

    def access_request(
        self,
        *,
        confirmed: bool = True,
        right: Right = Right.ACCESS,
        email: str | None = None,
        name: str = "Ann Example",
        details: str = "All contact records about me.",
    ) -> tuple[AccessRequest, str]:
        """A request and its confirmation link (used up once confirmed)."""
        email = email or f"requester-{self.unique()}@example.com"
        with self.app.test_request_context():
            found, _message = workflow.submit(right, name, email, details)
            db.session.flush()
            signed = workflow._sign(found)
            if confirmed:
                workflow.confirm(found)
            db.session.commit()
            db.session.refresh(found)
            db.session.expunge(found)
            return found, signed

    def complaint(self, *, acknowledged: bool = False) -> AccessRequest:
        """A confirmed complaint, acknowledged or not yet."""
        with self.app.test_request_context():
            found, _message = complaints.make(
                "Ann Example",
                f"complainant-{self.unique()}@example.com",
                "You kept emailing me after I unsubscribed.",
                "Stop, and tell me why it happened.",
            )
            workflow.confirm(found)
            if acknowledged:
                complaints.acknowledge(found, "We are looking into it.", by=audit.SYSTEM)
            db.session.commit()
            db.session.refresh(found)
            db.session.expunge(found)
            return found

    def plain_moderator(self, role: Role = Role.MODERATOR, active: bool = True) -> int:
        """An account made without hashing a password again: a target, never signed in."""
        with self.app.app_context():
            moderator = Moderator(
                email=f"target-{self.unique()}@quillstone.example",
                password_hash=self.password_hash,
                role=role,
                active=active,
                session_token=f"target-{self.unique()}",
            )
            db.session.add(moderator)
            db.session.commit()
            return moderator.id

    def reset_account(self, account: Account, **values) -> None:
        """Undo what earlier tests did to a shared account: failures counted anywhere, codes
        used, password."""
        with self.app.app_context():
            db.session.execute(db.delete(SignInThrottle))
            moderator = db.session.get(Moderator, account.id)
            moderator.totp_last_step = None
            moderator.active = True
            moderator.password_hash = self.password_hash
            for name, value in values.items():
                setattr(moderator, name, value)
            db.session.commit()


def make_app(database_url: str, root: Path, **config) -> Flask:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLASK_INSTANCE_PATH", str(root / "instance"))
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "security-suite-secret-key",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "CONTENT_DIR": str(root / "content"),
                "SERVER_NAME": "faq.test",
                "PREFERRED_URL_SCHEME": "http",
                "ASK_MIN_SECONDS": 0,
                **config,
            }
        )
    if database_url.startswith("sqlite"):
        with app.app_context():
            # A throwaway database need not wait for the disk at each commit.
            event.listen(db.engine, "connect", _no_sync)
    return app


def _no_sync(connection, _record) -> None:
    connection.execute("PRAGMA synchronous=OFF")


@pytest.fixture(scope="module")
def world(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("security")
    build_content(root / "content")
    if database == "sqlite":
        url = f"sqlite:///{root / 'site.sqlite3'}"
    else:
        url = database
        reset_postgresql(url)
    smtp = SmtpServer(free_port())
    smtp.start()
    app = make_app(
        url,
        root,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        # A thousand emails go out in one run of the worker for the stored-XSS checks: on a
        # loaded runner one answer could take more than 5 s, and the message was then set aside
        # as uncertain. No test of this world is about a slow server.
        MAIL_TIMEOUT=30,
        # Hundreds of posts come from one test address; the limits have tests of their own.
        ASK_RATE_LIMIT=GENEROUS,
        REQUEST_RATE_LIMIT=GENEROUS,
        REQUEST_BURST_LIMIT=GENEROUS,
        FOLLOW_RATE_LIMIT=GENEROUS,
        SIGN_IN_RATE_LIMIT=GENEROUS,
    )
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    # Scrypt with a small work factor: the same check, a hundredth of the time. Accounts that
    # sign in with a password get it back before each test (World.reset_account).
    password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    coder = add_moderator(app, "coder@quillstone.example")
    with app.app_context():
        db.session.get(Moderator, coder.id).totp_secret = TOTP_SECRET
        db.session.commit()
    yield World(
        app=app,
        smtp=smtp,
        moderator=add_moderator(app, "moderator@quillstone.example"),
        admin=add_moderator(app, "admin@quillstone.example", ADMIN_PASSWORD, Role.ADMIN),
        signer=add_moderator(app, "signer@quillstone.example"),
        coder=coder,
        keeper=add_moderator(app, "keeper@quillstone.example"),
        leaver=add_moderator(app, "leaver@quillstone.example"),
        password_hash=password_hash,
        database_url=url,
        root=root,
    )
    smtp.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if database != "sqlite":
        reset_postgresql(url)
