"""Engine settings that depend on the database in use."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from .extensions import db


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        busy_ms = round(float(app.config["SQLITE_BUSY_TIMEOUT"]) * 1000)

        def sqlite_pragmas(dbapi_connection, _record) -> None:
            _sqlite_pragmas(dbapi_connection, busy_ms)

        event.listen(engine, "connect", sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, busy_ms: int) -> None:
    # WAL lets readers go on while a writer commits; the busy timeout makes a writer wait for
    # another instead of failing at once; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
