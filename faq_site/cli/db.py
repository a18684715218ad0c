"""`flask db ...`: the schema's migrations, through Flask-Migrate and Alembic.

Alembic and the templates it writes migrations with take about 11 MB in every process that
imports them, and a web worker never migrates: they are loaded when a `flask db` command runs,
not when the app is built.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

from .. import config


def enable_migrations(app: Flask) -> None:
    """Give the app Flask-Migrate's settings, which its commands and functions read."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    from ..extensions import db

    # Batch mode lets Alembic change SQLite tables, which cannot alter columns in place.
    Migrate(app, db, directory=str(config.PROJECT_ROOT / "migrations"), render_as_batch=True)


class MigrationCommands(click.Group):
    """Flask-Migrate's `db` group, imported when it is run or listed. Its context is made by the
    real group, so that the real group's options (--directory, -x) and callback apply."""

    def _commands(self, ctx: click.Context | None) -> click.Group:
        info = ctx.ensure_object(ScriptInfo) if ctx is not None else ScriptInfo()
        enable_migrations(info.load_app())
        from flask_migrate.cli import db as commands

        return commands

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        return self._commands(parent).make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._commands(ctx).get_command(ctx, cmd_name)


db_commands = MigrationCommands("db", help="Perform database migrations.")
