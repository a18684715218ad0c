"""Admins manage moderators, in the panel and on the command line."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from faq_site.admin import accounts
from faq_site.extensions import db
from faq_site.models import AuditEvent, Moderator, Role

from actions import (
    ADMIN_PASSWORD,
    PASSWORD,
    Account,
    page_token,
    post_form,
    sign_in,
    signed_in_client,
)

NEW_EMAIL = "new.person@quillstone.example"
NEW_PASSWORD = "a first password to change"


def page(response) -> str:
    return response.get_data(as_text=True)


def stored(app: Flask, account: Account | int) -> Moderator:
    with app.app_context():
        moderator = db.session.get(Moderator, getattr(account, "id", account))
        db.session.expunge(moderator)
        return moderator


def by_email(app: Flask, email: str) -> Moderator | None:
    with app.app_context():
        moderator = accounts.find_moderator(email)
        if moderator is not None:
            db.session.expunge(moderator)
        return moderator


def audit_trail(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return events


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.location).path == "/admin/sign-in"


def post_action(client: FlaskClient, path: str, **fields):
    """Post one of the list's buttons, with the session's CSRF token."""
    return post_form(client, "/admin/moderators/", path, **fields)


def flashes(client: FlaskClient) -> str:
    return page(client.get("/admin/moderators/"))


# Who may see what ----------------------------------------------------------------------------


def test_every_page_is_for_admins_only(app, moderator, admin):
    pages = [
        ("GET", "/admin/moderators/"),
        ("GET", "/admin/moderators/new"),
        ("POST", "/admin/moderators/new"),
        ("POST", f"/admin/moderators/{admin.id}/role"),
        ("POST", f"/admin/moderators/{admin.id}/deactivate"),
        ("POST", f"/admin/moderators/{admin.id}/activate"),
    ]
    anonymous = app.test_client()
    as_moderator = signed_in_client(app, moderator)
    as_admin = signed_in_client(app, admin)
    for method, path in pages:
        token = page_token(anonymous, "/admin/sign-in")
        response = anonymous.open(path, method=method, data={"csrf_token": token})
        assert is_sign_in_redirect(response), path
        assert "no-store" in response.headers["Cache-Control"]

        token = page_token(as_moderator, "/admin/account")
        response = as_moderator.open(path, method=method, data={"csrf_token": token})
        assert response.status_code == 403, path
        assert "no-store" in response.headers["Cache-Control"]

    for path in ("/admin/moderators/", "/admin/moderators/new"):
        response = as_admin.get(path)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
    assert stored(app, admin).active and stored(app, admin).role is Role.ADMIN


def test_the_list_shows_each_moderator(app, admin_client, moderator, admin):
    with app.app_context():
        db.session.get(Moderator, moderator.id).totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.commit()
    html = page(admin_client.get("/admin/moderators/"))
    assert moderator.email in html and admin.email in html
    for text in ("Admin", "Moderator", "Active", "On", "Off", "Never"):
        assert text in html
    # The admin signed in, so their last sign-in is shown as a time.
    assert "<time datetime=" in html
    # No buttons against yourself.
    assert f"/admin/moderators/{admin.id}/deactivate" not in html
    assert f"/admin/moderators/{moderator.id}/deactivate" in html


def test_unknown_moderator_is_404(admin_client):
    assert post_action(admin_client, "/admin/moderators/999/deactivate").status_code == 404


# Adding a moderator --------------------------------------------------------------------------


def test_an_admin_adds_a_moderator(app, admin_client, admin):
    form = admin_client.get("/admin/moderators/new")
    assert 'autocomplete="new-password"' in page(form)
    response = post_form(
        admin_client,
        "/admin/moderators/new",
        email="  New.Person@Quillstone.EXAMPLE ",
        role="moderator",
        password=NEW_PASSWORD,
    )
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/admin/moderators/"
    created = by_email(app, NEW_EMAIL)
    assert created is not None and created.email == NEW_EMAIL
    assert created.role is Role.MODERATOR and created.active
    assert NEW_PASSWORD not in created.password_hash
    assert created.password_hash.startswith("scrypt:")
    assert f"{NEW_EMAIL} can now sign in." in flashes(admin_client)
    event = audit_trail(app)[-1]
    assert event.action == "moderator.created"
    assert event.actor == f"moderator #{admin.id}"
    assert event.subject_id == created.id and event.detail == {"role": "moderator"}
    assert sign_in(app.test_client(), NEW_EMAIL, NEW_PASSWORD).status_code == 302


def test_an_admin_adds_an_admin(app, admin_client):
    post_form(
        admin_client,
        "/admin/moderators/new",
        email=NEW_EMAIL,
        role="admin",
        password=NEW_PASSWORD,
    )
    assert by_email(app, NEW_EMAIL).role is Role.ADMIN


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("not an address", "moderator", NEW_PASSWORD, "Enter an email address like"),
        ("someone@localhost", "moderator", NEW_PASSWORD, "Enter an email address like"),
        ("", "moderator", NEW_PASSWORD, "Enter the new moderator"),
        ("MODERATOR@quillstone.example", "moderator", NEW_PASSWORD, "already exists"),
        (NEW_EMAIL, "moderator", "eleven char", "between 12 and 128 characters"),
        (NEW_EMAIL, "owner", NEW_PASSWORD, "Not a valid choice"),
    ],
)
def test_a_new_moderator_is_checked(app, admin_client, moderator, email, role, password, message):
    response = post_form(
        admin_client, "/admin/moderators/new", email=email, role=role, password=password
    )
    html = page(response)
    assert response.status_code == 422
    assert message in html
    assert 'class="error-summary"' in html
    assert password not in html
    if email:
        assert f'value="{email}"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Moderator)) == 2


# Roles -------------------------------------------------------------------------------------


def test_an_admin_changes_a_role(app, admin_client, moderator):
    response = post_action(admin_client, f"/admin/moderators/{moderator.id}/role", role="admin")
    assert response.status_code == 302
    assert stored(app, moderator).role is Role.ADMIN
    event = audit_trail(app)[-1]
    assert event.action == "moderator.role_changed"
    assert event.detail == {"from": "moderator", "to": "admin"}

    post_action(admin_client, f"/admin/moderators/{moderator.id}/role", role="moderator")
    assert stored(app, moderator).role is Role.MODERATOR


def test_an_admin_cannot_demote_themselves(app, admin_client, admin):
    post_action(admin_client, f"/admin/moderators/{admin.id}/role", role="moderator")
    assert stored(app, admin).role is Role.ADMIN
    assert "You cannot change your own role." in flashes(admin_client)


def test_an_unknown_role_changes_nothing(app, admin_client, moderator):
    post_action(admin_client, f"/admin/moderators/{moderator.id}/role", role="owner")
    assert stored(app, moderator).role is Role.MODERATOR
    assert "Choose a role from the list." in flashes(admin_client)


# Deactivating ------------------------------------------------------------------------------


def test_deactivating_signs_the_person_out_at_once(app, admin_client, moderator):
    theirs = signed_in_client(app, moderator)
    assert theirs.get("/admin/").status_code == 200

    response = post_action(admin_client, f"/admin/moderators/{moderator.id}/deactivate")
    assert response.status_code == 302
    assert not stored(app, moderator).active
    assert is_sign_in_redirect(theirs.get("/admin/"))
    response = sign_in(app.test_client(), moderator.email, PASSWORD)
    assert response.status_code == 422
    assert audit_trail(app)[-2].action == "moderator.deactivated"

    post_action(admin_client, f"/admin/moderators/{moderator.id}/activate")
    assert stored(app, moderator).active
    assert sign_in(app.test_client(), moderator.email, PASSWORD).status_code == 302
    assert "moderator.activated" in [event.action for event in audit_trail(app)]


def test_an_admin_cannot_deactivate_themselves(app, admin_client, admin):
    response = post_action(admin_client, f"/admin/moderators/{admin.id}/deactivate")
    assert response.status_code == 302
    assert stored(app, admin).active
    assert "You cannot deactivate your own account." in flashes(admin_client)
    assert admin_client.get("/admin/moderators/").status_code == 200


def test_the_site_keeps_an_active_admin(app, admin):
    with app.app_context():
        only = db.session.get(Moderator, admin.id)
        with pytest.raises(accounts.AccountError, match="at least one active admin"):
            accounts.deactivate(only)
        with pytest.raises(accounts.AccountError, match="at least one active admin"):
            accounts.change_role(only, Role.MODERATOR)
        second = accounts.create_moderator("second@quillstone.example", PASSWORD, Role.ADMIN)
        assert accounts.deactivate(only) is True
        with pytest.raises(accounts.AccountError):
            accounts.deactivate(second)
        db.session.rollback()


# The command line ----------------------------------------------------------------------------


def test_cli_creates_a_moderator_from_standard_input(app, runner):
    result = runner.invoke(
        args=["moderator", "create", " Someone@Quillstone.example", "--password-stdin"],
        input=NEW_PASSWORD + "\nignored second line\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created moderator someone@quillstone.example" in result.output
    assert NEW_PASSWORD not in result.output
    created = by_email(app, "someone@quillstone.example")
    assert created.role is Role.MODERATOR
    assert sign_in(app.test_client(), created.email, NEW_PASSWORD).status_code == 302
    event = audit_trail(app)[0]
    assert event.action == "moderator.created" and event.actor == "system"


def test_cli_creates_an_admin_with_a_prompt(app, runner):
    result = runner.invoke(
        args=["moderator", "create", "boss@quillstone.example", "--admin"],
        input=f"{NEW_PASSWORD}\nnot the same one\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert NEW_PASSWORD not in result.output
    assert by_email(app, "boss@quillstone.example").role is Role.ADMIN


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("short@quillstone.example", "only eleven", "at least 12 characters"),
        ("short@quillstone.example", "", "at least 12 characters"),
        ("moderator@quillstone.example", NEW_PASSWORD, "already exists"),
        ("not-an-address", NEW_PASSWORD, "Enter an email address like"),
    ],
)
def test_cli_refuses_a_bad_moderator(app, runner, moderator, email, password, message):
    result = runner.invoke(
        args=["moderator", "create", email, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    if password:
        assert password not in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Moderator)) == 1


def test_cli_lists_moderators(app, runner, moderator, admin):
    with app.app_context():
        db.session.get(Moderator, admin.id).totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.get(Moderator, moderator.id).active = False
        db.session.commit()
    result = runner.invoke(args=["moderator", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["EMAIL", "ROLE", "ACTIVE", "2FA"]
    assert lines[1].split() == [admin.email, "admin", "yes", "on"]
    assert lines[2].split() == [moderator.email, "moderator", "no", "off"]
    assert PASSWORD not in result.output and ADMIN_PASSWORD not in result.output


def test_cli_list_says_when_there_is_no_one(runner):
    result = runner.invoke(args=["moderator", "list"])
    assert result.exit_code == 0
    assert "No moderators yet" in result.output


def test_cli_deactivates_and_signs_out(app, runner, moderator, admin):
    theirs = signed_in_client(app, moderator)
    result = runner.invoke(args=["moderator", "deactivate", "MODERATOR@quillstone.example"])
    assert result.exit_code == 0, result.output
    assert "Deactivated moderator@quillstone.example" in result.output
    assert not stored(app, moderator).active
    assert is_sign_in_redirect(theirs.get("/admin/"))
    event = audit_trail(app)[-1]
    assert event.action == "moderator.deactivated" and event.actor == "system"

    again = runner.invoke(args=["moderator", "deactivate", moderator.email])
    assert again.exit_code == 0 and "already deactivated" in again.output


def test_cli_deactivate_refuses_unknown_and_last_admin(app, runner, admin):
    result = runner.invoke(args=["moderator", "deactivate", "nobody@quillstone.example"])
    assert result.exit_code == 1
    assert "No moderator has that email address." in result.output
    result = runner.invoke(args=["moderator", "deactivate", admin.email])
    assert result.exit_code == 1
    assert "at least one active admin" in result.output
    assert stored(app, admin).active


# What is kept ----------------------------------------------------------------------------------


def test_the_audit_trail_holds_no_address_or_password(app, runner, admin_client, moderator):
    runner.invoke(
        args=["moderator", "create", "cli@quillstone.example", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    post_form(
        admin_client,
        "/admin/moderators/new",
        email=NEW_EMAIL,
        role="moderator",
        password=NEW_PASSWORD,
    )
    post_action(admin_client, f"/admin/moderators/{moderator.id}/role", role="admin")
    post_action(admin_client, f"/admin/moderators/{moderator.id}/deactivate")
    post_action(admin_client, f"/admin/moderators/{moderator.id}/activate")
    events = audit_trail(app)
    assert {event.action for event in events} >= {
        "moderator.created",
        "moderator.role_changed",
        "moderator.deactivated",
        "moderator.activated",
    }
    for event in events:
        text = json.dumps([event.actor, event.subject_type, event.detail])
        assert "@" not in text
        for secret in (PASSWORD, ADMIN_PASSWORD, NEW_PASSWORD):
            assert secret not in text
