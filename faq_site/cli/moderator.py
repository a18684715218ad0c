"""flask moderator create|list|deactivate|reset-password: the accounts of the people who sign in
to the panel."""

from __future__ import annotations

import sys

import click
from flask import current_app

from ..admin import accounts, password_reset
from ..admin.auth import reset_link
from ..extensions import db
from ..models import Moderator, Role
from .errors import Group, fail

moderator = Group("moderator", help="Manage the moderators who sign in to the panel.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # The first line only, without its line ending: scripts pipe a password followed by \n.
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt(
        "Password (at least 12 characters)",
        hide_input=True,
        confirmation_prompt="Password again",
    )


@moderator.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Make the moderator an admin, who manages others.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
def create_command(email: str, admin: bool, password_stdin: bool) -> None:
    """Add a moderator who signs in with EMAIL."""
    # Refuse a bad or taken address before asking for a password.
    problem = accounts.email_problem(email)
    if problem:
        fail(problem)
    password = _read_password(password_stdin)
    role = Role.ADMIN if admin else Role.MODERATOR
    try:
        created = accounts.create_moderator(email, password, role)
    except accounts.AccountError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Created {role.value} {created.email} ({created.label}).")


@moderator.command("list")
def list_command() -> None:
    """List every moderator: email address, role, whether active, whether two-step sign-in is
    on."""
    moderators = db.session.scalars(db.select(Moderator).order_by(Moderator.email)).all()
    if not moderators:
        click.echo("No moderators yet. Add one with: flask moderator create EMAIL --admin")
        return
    width = max(len(item.email) for item in moderators)
    click.echo(f"{'EMAIL':<{width}}  {'ROLE':<9}  {'ACTIVE':<6}  2FA")
    for item in moderators:
        active = "yes" if item.active else "no"
        two_step = "on" if item.totp_secret else "off"
        click.echo(f"{item.email:<{width}}  {item.role.value:<9}  {active:<6}  {two_step}")


@moderator.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop the moderator with EMAIL signing in, and end their sessions now."""
    found = accounts.find_moderator(email)
    if found is None:
        fail("No moderator has that email address.")
    try:
        changed = accounts.deactivate(found)
    except accounts.AccountError as error:
        fail(str(error))
    db.session.commit()
    if changed:
        click.echo(f"Deactivated {found.email}; their sessions have ended.")
    else:
        click.echo(f"{found.email} was already deactivated.")


@moderator.command("reset-password")
@click.argument("email")
@click.option(
    "--show-link",
    is_flag=True,
    help="Print the link here, to hand over yourself, instead of emailing it.",
)
def reset_password_command(email: str, show_link: bool) -> None:
    """Send the moderator with EMAIL a link to set a new password (single use, expiring), by
    email through the mail workers, or print it with --show-link."""
    site_url = current_app.config.get("SITE_URL")
    if not site_url:
        fail("Set FLASK_SITE_URL to the site's public address: the link must lead to it.")
    found = accounts.find_moderator(email)
    if found is None:
        fail("No moderator has that email address.")
    with current_app.test_request_context(base_url=site_url):
        try:
            if show_link:
                link = password_reset.show(found, reset_link)
            else:
                password_reset.send(found, reset_link)
        except accounts.AccountError as error:
            fail(str(error))
        db.session.commit()
    minutes = password_reset.minutes()
    if show_link:
        click.echo(f"Link for {found.email}, working once for {minutes} minutes:")
        click.echo(link)
    else:
        click.echo(
            f"A link to set a new password, working once for {minutes} minutes, is queued for "
            f"{found.email}; the mail workers (flask mail send) send it."
        )
