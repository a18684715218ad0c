"""A link to set a new password: sent by an admin or from the command line, through the outbox
and a real SMTP server; stored hashed, single-use, expiring, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from faq_site.admin import password_reset
from faq_site.extensions import db
from faq_site.logs import redact
from faq_site.models import AuditEvent, Moderator, OutboxMessage, utcnow

from actions import PASSWORD, add_moderator, page_token, post_form, sign_in
from smtp_server import delivered

LINK = re.compile(r"http://faq\.test(/admin/reset-password/[A-Za-z0-9_-]+)")
NEW_PASSWORD = "a brand new passphrase"


def send_link(panel_client, moderator_id: int):
    # The token of any panel page: a moderator who is not an admin has no moderators' page.
    return post_form(
        panel_client, "/admin/account", f"/admin/moderators/{moderator_id}/reset-password"
    )


def emailed_link(app, smtp_server) -> str:
    (message,) = delivered(app, smtp_server)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    path = LINK.search(text).group(1)
    assert f'href="http://faq.test{path}"' in html
    return path


def stored(app, moderator_id: int) -> Moderator:
    with app.app_context():
        moderator = db.session.get(Moderator, moderator_id)
        db.session.expunge(moderator)
        return moderator


def actions(app) -> list[tuple[str, int | None, dict]]:
    with app.app_context():
        return [
            (event.action, event.subject_id, event.detail)
            for event in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
        ]


def set_new_password(client, path: str, password=NEW_PASSWORD, again=None):
    return post_form(client, path, new_password=password, confirm_password=again or password)


def test_an_admin_emails_a_link_and_it_sets_the_password_once(
    app, client, admin_client, moderator, smtp_server
):
    response = send_link(admin_client, moderator.id)
    assert response.status_code == 302
    listing = admin_client.get("/admin/moderators/").get_data(as_text=True)
    assert "A link to set a new password was emailed to moderator@quillstone.example" in listing
    assert smtp_server.messages == [], "queued for the mail workers, not sent by the page"

    path = emailed_link(app, smtp_server)
    token = path.rsplit("/", 1)[1]
    account = stored(app, moderator.id)
    assert account.password_reset_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in account.password_reset_hash
    assert (
        dt.timedelta(minutes=59)
        < account.password_reset_expires - utcnow()
        <= dt.timedelta(minutes=60)
    )
    with app.app_context():
        sent = db.session.scalar(db.select(OutboxMessage))
        assert (sent.recipient, sent.body_text) == (None, None), "erased once sent"
    assert redact(f"GET {path} HTTP/1.1") == "GET /admin/reset-password/<private> HTTP/1.1"

    # The present password works until the new one is set.
    target = app.test_client()
    assert sign_in(target, moderator.email, PASSWORD).status_code == 302
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store, private"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert 'name="csrf_token"' in html
    assert '<label for="new_password">New password</label>' in html
    assert '<label for="confirm_password">New password again</label>' in html

    assert set_new_password(client, path).status_code == 302
    assert target.get("/admin/").status_code == 302, "every session ended"
    assert sign_in(app.test_client(), moderator.email, PASSWORD).status_code == 422
    assert sign_in(app.test_client(), moderator.email, NEW_PASSWORD).status_code == 302
    assert "Your new password is set." in client.get("/admin/sign-in").get_data(as_text=True)

    again = client.get(path)
    assert again.status_code == 404 and "This link no longer works" in again.get_data(as_text=True)
    late = post_form(
        app.test_client(),
        "/admin/sign-in",
        path,
        new_password="yet another passphrase",
        confirm_password="yet another passphrase",
    )
    assert late.status_code == 404
    assert stored(app, moderator.id).password_reset_hash is None
    events = [(action, subject) for action, subject, _ in actions(app)]
    assert ("moderator.password_reset_sent", moderator.id) in events
    assert ("moderator.password_reset", moderator.id) in events
    assert token not in str(actions(app))


@pytest.mark.parametrize(
    ("password", "again", "message", "field"),
    [
        ("short", None, "The password must have between 12 and 128 characters.", "new_password"),
        ("x" * 129, None, "The password must have between 12 and 128 characters.", "new_password"),
        (
            NEW_PASSWORD,
            "another one entirely",
            "The two new passwords are not the same.",
            "confirm_password",
        ),
        ("", None, "Enter a new password.", "new_password"),
    ],
    ids=["too-short", "too-long", "not-the-same", "empty"],
)
def test_a_password_outside_the_rules_is_refused_by_its_field(
    app, client, admin_client, moderator, smtp_server, password, again, message, field
):
    send_link(admin_client, moderator.id)
    path = emailed_link(app, smtp_server)
    before = stored(app, moderator.id)
    response = set_new_password(client, path, password, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="field__error" id="{field}-error">' in html and message in html
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*id="{field}"', html
    )
    after = stored(app, moderator.id)
    assert after.password_hash == before.password_hash, "nothing changed"
    assert after.password_reset_hash == before.password_reset_hash, "the link still works"


def test_the_form_needs_its_csrf_token(app, client, admin_client, moderator, smtp_server):
    send_link(admin_client, moderator.id)
    path = emailed_link(app, smtp_server)
    response = client.post(
        path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert stored(app, moderator.id).password_reset_hash is not None


def test_a_link_expires_is_replaced_by_the_next_and_by_a_change_of_password(
    app, client, admin_client, moderator, smtp_server
):
    send_link(admin_client, moderator.id)
    first = emailed_link(app, smtp_server)
    with app.app_context():
        account = db.session.get(Moderator, moderator.id)
        account.password_reset_expires = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    assert client.get(first).status_code == 404

    smtp_server.messages.clear()
    send_link(admin_client, moderator.id)
    second = emailed_link(app, smtp_server)
    smtp_server.messages.clear()
    send_link(admin_client, moderator.id)
    third = emailed_link(app, smtp_server)
    assert client.get(second).status_code == 404 and client.get(third).status_code == 200

    own = app.test_client()
    sign_in(own, moderator.email, PASSWORD)
    changed = post_form(
        own,
        "/admin/account",
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm_password=NEW_PASSWORD,
        change_password="Change password",
    )
    assert changed.status_code == 302
    assert client.get(third).status_code == 404


def test_a_guessed_or_malformed_link_is_a_plain_404(client, moderator):
    for path in ("/admin/reset-password/guess", "/admin/reset-password/" + "a" * 500):
        response = client.get(path)
        assert response.status_code == 404
        assert "This link no longer works" in response.get_data(as_text=True)


def test_only_admins_send_links_and_not_to_themselves_nor_the_deactivated(
    app, client, admin, admin_client, moderator, moderator_client
):
    other = add_moderator(app, "other@quillstone.example")
    assert send_link(moderator_client, other.id).status_code == 403
    # With a valid token of its own, so that the sign-in guard, not the CSRF check, answers.
    anonymous = client.post(
        f"/admin/moderators/{other.id}/reset-password",
        data={"csrf_token": page_token(client, "/admin/sign-in")},
    )
    assert anonymous.status_code == 302
    assert anonymous.location.startswith("/admin/sign-in")
    assert stored(app, other.id).password_reset_hash is None

    send_link(admin_client, admin.id)
    assert stored(app, admin.id).password_reset_hash is None
    assert "Change your own password on your account page." in admin_client.get(
        "/admin/moderators/"
    ).get_data(as_text=True)

    post_form(admin_client, "/admin/moderators/", f"/admin/moderators/{other.id}/deactivate")
    send_link(admin_client, other.id)
    assert stored(app, other.id).password_reset_hash is None
    assert send_link(admin_client, 9999).status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_link_is_used_once_even_by_two_requests_at_once(app, admin, moderator):
    with app.test_request_context():
        account = db.session.get(Moderator, moderator.id)
        link = password_reset.show(account, lambda token: token)
        db.session.commit()
    with app.test_request_context():
        second = password_reset.holder(link)
        assert second is not None
        # Another request sets the password between this one's look-up and its write.
        with app.app_context():
            password_reset.set_password(password_reset.holder(link), link, NEW_PASSWORD)
            db.session.commit()
        with pytest.raises(password_reset.LinkUsed):
            password_reset.set_password(second, link, "the second passphrase")
        db.session.rollback()
    assert sign_in(app.test_client(), moderator.email, NEW_PASSWORD).status_code == 302
    assert sign_in(app.test_client(), moderator.email, "the second passphrase").status_code == 422


def test_the_command_emails_the_link_or_shows_it(app, runner, moderator, smtp_server):
    app.config["SITE_URL"] = "http://faq.test"
    result = runner.invoke(args=["moderator", "reset-password", moderator.email])
    assert result.exit_code == 0, result.output
    assert "queued for moderator@quillstone.example" in result.output
    assert "/admin/reset-password/" not in result.output, "the link is emailed, not shown"
    emailed = emailed_link(app, smtp_server)

    smtp_server.messages.clear()
    shown = runner.invoke(args=["moderator", "reset-password", moderator.email, "--show-link"])
    assert shown.exit_code == 0, shown.output
    path = LINK.search(shown.output).group(1)
    assert delivered(app, smtp_server) == [], "--show-link emails nothing"
    assert app.test_client().get(emailed).status_code == 404, "the new link replaced the last"
    assert set_new_password(app.test_client(), path).status_code == 302
    sent = [detail for action, _, detail in actions(app) if action.endswith("reset_sent")]
    assert sent == [{"emailed": True}, {"emailed": False}]


def test_the_command_refuses_in_one_line(app, runner, moderator):
    unknown = runner.invoke(args=["moderator", "reset-password", "nobody@example.com"])
    assert unknown.exit_code == 1
    assert unknown.output.strip().splitlines() == ["Set FLASK_SITE_URL to the site's public address: the link must lead to it."]  # fmt: skip
    app.config["SITE_URL"] = "http://faq.test"
    unknown = runner.invoke(args=["moderator", "reset-password", "nobody@example.com"])
    assert (unknown.exit_code, unknown.output.strip()) == (
        1,
        "No moderator has that email address.",
    )
