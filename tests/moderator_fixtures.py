"""Moderators for tests: accounts with known passwords, signed-in clients, and helpers that post
forms with their CSRF token as a browser would.

Loaded for every test file by `pytest_plugins = ["moderator_fixtures"]` in conftest.py; the
helpers are plain functions, imported where needed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from faq_site.admin.accounts import create_moderator
from faq_site.extensions import db
from faq_site.models import Role

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


def add_moderator(
    app: Flask, email: str, password: str = PASSWORD, role: Role = Role.MODERATOR
) -> Account:
    """Create a moderator through the same domain function as the panel and the CLI."""
    with app.app_context():
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
    client = app.test_client()
    response = sign_in(client, account.email, account.password)
    assert response.status_code == 302, response.get_data(as_text=True)
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
    return signed_in_client(app, moderator)


@pytest.fixture
def admin_client(app: Flask, admin: Account) -> FlaskClient:
    """A client signed in as the admin."""
    return signed_in_client(app, admin)
