"""Every `flask ...` command the site adds, in one place:

- site.py       flask content check|sync|withdraw, flask search reindex, flask export-static,
                flask purge
- mail.py       flask mail send|uncertain|retry|delivered|catcher: the mail workers and their care
- moderator.py  flask moderator create|list|deactivate|reset-password
- db.py         flask db ...: Flask-Migrate and Alembic, loaded only when such a command runs
- errors.py     the one-line reason a command gives when run without the settings it needs

create_app() registers them all; what only a command needs (Alembic, the content checks, the
static export) is imported when that command runs, never by a web worker.
"""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from .db import db_commands
    from .mail import mail
    from .moderator import moderator
    from .site import content, export_static, purge, search

    for command in (db_commands, content, moderator, mail, purge, search, export_static):
        app.cli.add_command(command)
