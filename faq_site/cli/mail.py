"""flask mail send|uncertain|retry|delivered|catcher: the mail workers, what they set aside, and
email caught on a development machine."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.exc import OperationalError

from .. import outbox
from ..extensions import db
from ..notices.workflow import fan_out
from ..outbox import Report
from ..urls import site_links
from .errors import Group

logger = logging.getLogger(__name__)

mail = Group(
    "mail",
    help="Send queued email, settle what was set aside; catch email on a development machine.",
)


@mail.command("send")
@click.option("--loop", is_flag=True, help="Keep sending until stopped, as a mail worker.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds between looks at the outbox with --loop.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Messages to send at most in one run.",
)
def send_command(loop: bool, interval: float, limit: int) -> None:
    """Send the email that is due in the outbox, after queuing the change notices of versions
    a sync announced."""
    if not loop:
        _tell_notices()
        _echo_report(outbox.deliver(limit=limit))
        return
    click.echo(f"Sending queued email every {interval:g} seconds; Ctrl-C stops.")
    stop = _Stop()
    try:
        with stop.on_signals(signal.SIGINT, signal.SIGTERM):
            uncertain = 0
            while not stop.requested:
                report = _send_round(limit, stop)
                # Returned to the pool, so that no transaction stays open while the worker waits.
                db.session.remove()
                if report is not None:
                    if report.uncertain > uncertain:
                        logger.error(
                            "%d outbox messages are set aside as uncertain: see flask mail "
                            "uncertain.",
                            report.uncertain,
                        )
                    uncertain = report.uncertain
                if report is None or report.sent + report.failed < limit:
                    stop.wait(interval)
    except KeyboardInterrupt:
        # A second signal: the message being sent, if any, is left to its lease (see delivery).
        pass
    click.echo("Stopped.")


class _Stop:
    """A stop asked for by SIGINT or SIGTERM: the message being sent is finished and recorded
    first, so that a worker stopped for a release leaves no message uncertain. A second signal
    stops at once."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self.requested

    def wait(self, seconds: float) -> None:
        self._event.wait(seconds)

    def _handle(self, _signum, _frame) -> None:
        if self._event.is_set():
            raise KeyboardInterrupt
        self._event.set()

    @contextmanager
    def on_signals(self, *signals: signal.Signals) -> Iterator[None]:
        # A signal ignored from the start stays ignored: a worker started in the background
        # of a shell (as `make run` does) leaves Ctrl-C to that shell, which stops it by SIGTERM.
        previous = {
            number: signal.signal(number, self._handle)
            for number in signals
            if signal.getsignal(number) is not signal.SIG_IGN
        }
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _send_round(limit: int, stop: Callable[[], bool]) -> Report | None:
    """One run of a worker; None when the database could not be reached."""
    try:
        _tell_notices()
        report = outbox.deliver(limit=limit, stop=stop)
    except OperationalError as error:
        # A database that restarts should not end the worker; the next round tries again.
        logger.warning("Mail worker could not reach the database (%s).", type(error).__name__)
        return None
    if report.sent or report.failed:
        _echo_report(report)
    return report


def _tell_notices() -> None:
    """Queue the change notices a sync announced. A failure here is logged and left for the next
    round: it must never stop the requests' and questions' email behind it."""
    try:
        queued = fan_out(site_links())
    except OperationalError:
        raise  # the database is away: the round stops, as for the outbox
    except Exception:
        db.session.rollback()
        logger.exception("Change notices could not be queued; the outbox is sent all the same.")
        return
    if queued:
        click.echo(f"Queued {queued} change notices.")


def _echo_report(report: Report) -> None:
    line = f"Sent {report.sent}, failed {report.failed}, waiting {report.waiting}."
    if report.uncertain:
        line += f" Set aside as uncertain: {report.uncertain} (see flask mail uncertain)."
    click.echo(line)


@mail.command("uncertain")
def uncertain_command() -> None:
    """List the email set aside because nobody knows whether the mail server accepted it."""
    found = outbox.uncertain()
    if not found:
        click.echo("No email is set aside as uncertain.")
        return
    click.echo(
        "The mail server was given each of these and its answer never came. Look each "
        "Message-ID up in its log, then run flask mail retry ID (not delivered) or flask mail "
        "delivered ID (delivered)."
    )
    for message in found:
        handed = message.handed_over.isoformat(timespec="seconds") if message.handed_over else ""
        error = message.last_error or "worker stopped"
        header = outbox.header_id(message, current_app.config)
        click.echo(f"{message.id}  {message.template}  handed over {handed}  {error}  {header}")


@mail.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every message set aside as uncertain.")
def retry_command(ids: tuple[int, ...], every: bool) -> None:
    """Send again email set aside as uncertain, once its Message-ID is not in the mail
    server's log."""
    if not ids and not every:
        raise click.UsageError("Name the messages to send again, or give --all.")
    count = outbox.retry(None if every else ids)
    db.session.commit()
    click.echo(f"{count} set to be sent again by the mail workers.")


@mail.command("delivered")
@click.argument("ids", nargs=-1, type=int, required=True)
def delivered_command(ids: tuple[int, ...]) -> None:
    """Record email set aside as uncertain as delivered, once its Message-ID is found accepted
    in the mail server's log; its address and text are erased."""
    count = outbox.record_delivered(ids)
    db.session.commit()
    click.echo(f"{count} recorded as delivered.")


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
