"""flask mail send|catcher: empty the outbox, and catch email on a development machine."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import time
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from .extensions import db
from .outbox import Report, deliver

logger = logging.getLogger(__name__)

mail = AppGroup("mail", help="Send queued email; catch email on a development machine.")


@mail.command("send")
@click.option("--loop", is_flag=True, help="Keep sending until interrupted, as a mail worker.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds between runs with --loop.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Messages to send at most in one run.",
)
def send_command(loop: bool, interval: float, limit: int) -> None:
    """Send the email that is due in the outbox."""
    try:
        if not loop:
            _echo_report(deliver(limit=limit))
            return
        click.echo(f"Sending queued email every {interval:g} seconds; Ctrl-C stops.")
        while True:
            busy = _send_round(limit)
            # Returned to the pool, so that no transaction stays open while the worker sleeps.
            db.session.remove()
            if not busy:
                time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped.")


def _send_round(limit: int) -> bool:
    """One run of a worker; True when it stopped at the limit and more may be due."""
    try:
        report = deliver(limit=limit)
    except OperationalError as error:
        # A database that restarts should not end the worker; the next round tries again.
        logger.warning("Mail worker could not reach the database (%s).", type(error).__name__)
        return False
    if report.sent or report.failed:
        _echo_report(report)
    return report.sent + report.failed >= limit


def _echo_report(report: Report) -> None:
    click.echo(f"Sent {report.sent}, failed {report.failed}, waiting {report.waiting}.")


@mail.command("catcher")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=1025, show_default=True)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to save each message (default: the instance folder's mail/).",
)
def catcher_command(host: str, port: int, folder: Path | None) -> None:
    """Catch the site's email on this machine: save each message and show it here."""
    try:
        # aiosmtpd is a development dependency, so a server need not install it.
        from aiosmtpd.controller import Controller
    except ImportError:
        raise click.ClickException(
            "The mail catcher needs aiosmtpd: pip install -e '.[dev]'"
        ) from None
    folder = folder or Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(MailCatcher(folder, click.echo), hostname=host, port=port)
    try:
        controller.start()
    except (OSError, RuntimeError, TimeoutError) as error:
        raise click.ClickException(f"Cannot listen on {host}:{port}: {error}") from None
    click.echo(f"Catching mail on {host}:{port}; each message is saved in {folder}.")
    click.echo(
        f"Point the site at it with FLASK_MAIL_SERVER={host} FLASK_MAIL_PORT={port} "
        "(the defaults are 127.0.0.1 and 1025). Ctrl-C stops."
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        controller.stop()


class MailCatcher:
    """An aiosmtpd handler for a developer: it accepts every message, saves it as an .eml file
    and shows who it is for, its subject and its text."""

    def __init__(self, folder: Path, echo: Callable[[str], None]) -> None:
        self.folder = folder
        self.echo = echo

    async def handle_DATA(self, server, session, envelope) -> str:
        content = envelope.original_content or envelope.content
        path = save_message(self.folder, content)
        message = email.message_from_bytes(content, policy=email.policy.default)
        recipients = ", ".join(envelope.rcpt_tos)
        self.echo(f"Mail to {recipients}: {message['subject']} (saved as {path})")
        text = message.get_body(preferencelist=("plain",))
        if text is not None:
            self.echo(text.get_content().rstrip() + "\n")
        return "250 Message accepted for delivery"


def save_message(folder: Path, content: bytes, *, now: dt.datetime | None = None) -> Path:
    """Save a message, as received, in `folder` as `<UTC timestamp>-<n>.eml`, where n is the
    first number that makes the name new."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    number = 1
    while True:
        path = folder / f"{stamp}-{number}.eml"
        try:
            # Exclusive creation: two messages in the same second never overwrite each other.
            with path.open("xb") as file:
                file.write(content)
        except FileExistsError:
            number += 1
            continue
        return path
