"""Moderators for tests: accounts with known passwords, signed-in clients, and helpers that post
forms with their CSRF token as a browser would.

Loaded for every test file by `pytest_plugins = ["moderator_fixtures"]` in conftest.py; the
helpers are plain functions, imported where needed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from unittest import mock
from urllib.parse import urlencode

import pytest
from flask import Flask, session
from flask.testing import FlaskClient

from faq_site.admin import accounts, auth
from faq_site.admin.accounts import create_moderator
from faq_site.extensions import db
from faq_site.models import Moderator, Role

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


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token from the form on the page at path."""
    response = client.get(path)
    match = CSRF_FIELD.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return html.unescape(match.group(1))


def post_form(client: FlaskClient, form_page: str, action: str | None = None, **fields):
    """Post fields to action (by default the form page itself) with the page's CSRF token."""
    token = csrf_token(client, form_page)
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
