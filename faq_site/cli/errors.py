"""What a command says when the database is not ready, or when what it was asked cannot be done:
the reason in one line, not a traceback.

Every `flask ...` command of the site is made with these classes (`AppGroup(cls=...)` or
`click.command(cls=...)`), so a command run before `flask db upgrade`, or against a database that
does not answer, exits with status 1 and one line saying what to do.
"""

from __future__ import annotations

from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

# PostgreSQL's code for "relation does not exist".
UNDEFINED_TABLE = "42P01"


def database_reason(error: DBAPIError) -> str | None:
    """The one-line reason for a database error a setting or a step explains, else None (a real
    fault, which keeps its traceback)."""
    driver = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    if getattr(error.orig, "sqlstate", None) == UNDEFINED_TABLE or "no such table" in driver:
        return "The database has no tables yet: run 'flask db upgrade' first."
    if isinstance(error, OperationalError) and error.statement is None:
        url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
        where = url.render_as_string(hide_password=True)
        return f"The database {where} cannot be reached: {driver}"
    return None


def fail(message: str) -> NoReturn:
    """End the command with its reason in one line on standard error, and status 1."""
    click.echo(message, err=True)
    raise SystemExit(1)


class _PlainErrors:
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except DBAPIError as error:
            reason = database_reason(error)
            if reason is None:
                raise
            raise click.ClickException(reason) from None


class Group(_PlainErrors, AppGroup):
    """A group of commands (flask content ...) whose database errors are told in one line."""


class Command(_PlainErrors, click.Command):
    """A single command (flask purge) whose database errors are told in one line."""
