"""Engine settings that depend on the database in use, and ways of reading and locking rows
that work the same on both."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from typing import Any

from flask import Flask
from sqlalchemy import Engine, Select, and_, event, or_, text, update

from .extensions import db

# Statements that make an SQLite transaction a writer.
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_HOLDS_TURN = "faq_site.write_turn"


class _NoRows(logging.Filter):
    """Drops the rows SQLAlchemy logs at DEBUG: they hold personal data (questions, names,
    addresses), which must stay out of logs however verbose an operator makes them. Statements
    are still logged, and their parameters are hidden by the engine's hide_parameters."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Row %r"


_NO_ROWS = _NoRows()


def configure_engine(app: Flask) -> None:
    rows = logging.getLogger("sqlalchemy.engine.Engine")
    if _NO_ROWS not in rows.filters:
        rows.addFilter(_NO_ROWS)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        statement = float(app.config["DATABASE_STATEMENT_TIMEOUT"])
        if statement:
            # The server ends a slow statement itself; this is for a server that stops
            # answering at all (frozen, or cut off behind a proxy that keeps the connection).
            _answer_within(engine, statement + ANSWER_GRACE_SECONDS)
    if engine.dialect.name == "sqlite":
        busy_seconds = float(app.config["SQLITE_BUSY_TIMEOUT"])

        def sqlite_pragmas(dbapi_connection, _record) -> None:
            _sqlite_pragmas(dbapi_connection, round(busy_seconds * 1000))

        event.listen(engine, "connect", sqlite_pragmas)
        _queue_writers(engine, busy_seconds)


def _answer_within(engine: Engine, seconds: float) -> None:
    """Connect through PatientConnection, so that no wait on the server outlasts seconds."""
    from psycopg import Connection, OperationalError

    class PatientConnection(Connection):
        # Set on a connection whose statements deserve a shorter wait (the page cache's probe).
        answer_seconds = seconds

        def wait(self, gen, interval=0.1, timeout=None):  # type: ignore[override]
            limit = self.answer_seconds
            try:
                return super().wait(gen, interval, limit if timeout is None else timeout)
            except OperationalError as error:
                if type(error).__name__ != "_WaitTimeout" or timeout is not None:
                    raise
            # The connection is mid-statement and cannot be used again: close it, so that the
            # pool throws it away (SQLAlchemy sees a closed connection as a disconnect).
            self.pgconn.finish()
            raise OperationalError(f"the database did not answer within {limit:g} seconds")

    @event.listens_for(engine, "do_connect")
    def connect(_dialect, _record, cargs, cparams):
        return PatientConnection.connect(*cargs, **cparams)


# Seconds beyond the statement timeout a client waits for a server that has stopped answering.
ANSWER_GRACE_SECONDS = 2


def _sqlite_pragmas(dbapi_connection, busy_ms: int) -> None:
    # WAL lets readers go on while a writer commits; the busy timeout makes a writer wait for
    # another instead of failing at once; SQLite leaves foreign keys off unless asked.
    # secure_delete overwrites what a deletion frees with zeros: an erased question or request
    # must not survive in the file's free pages (the default depends on how SQLite was built).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def settle_erasures() -> None:
    """On SQLite, copy what was just committed into the database file and empty the write-ahead
    log. secure_delete zeroes what an erasure frees, but in the log: until a checkpoint, the
    file keeps the old pages and the log the values as first written. A checkpoint that meets
    a reader stops short; the next one, automatic, finishes the work."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()


def _queue_writers(engine: Engine, busy_seconds: float) -> None:
    """Let this process's SQLite writers take turns on a lock.

    SQLite lets one transaction write at a time. A writer that finds the database busy sleeps
    and tries again, up to a tenth of a second between tries, so under load newcomers overtake
    those already waiting, and some wait past the busy timeout ("database is locked") while
    others go straight through. Waiting on a lock instead, a writer is woken as soon as the one
    before it finishes. Other processes are still kept apart by SQLite's own lock.
    """
    turn = threading.Lock()

    def before_cursor_execute(connection, _cursor, statement, _params, _context, _many) -> None:
        info = connection.info
        if info.get(_HOLDS_TURN) or not _WRITE.match(statement):
            return
        # Past the busy timeout the statement goes on and SQLite decides, as without the lock.
        info[_HOLDS_TURN] = turn.acquire(timeout=busy_seconds)

    def end_turn(info: dict | None) -> None:
        if info is not None and info.pop(_HOLDS_TURN, False):
            turn.release()

    event.listen(engine, "before_cursor_execute", before_cursor_execute)

    # The turn ends with the transaction, however it ends; a connection put back in the pool,
    # closed or found broken cannot keep it.
    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def transaction_ended(connection) -> None:
        # An invalidated connection has ended its turn already, through the pool's event.
        if not connection.invalidated:
            end_turn(connection.info)

    @event.listens_for(engine.pool, "checkin")
    @event.listens_for(engine.pool, "close")
    def checked_in(_dbapi_connection, record) -> None:
        end_turn(getattr(record, "info", None))

    @event.listens_for(engine.pool, "reset")
    def reset(_dbapi_connection, record, _reset_state) -> None:
        end_turn(record.info)

    @event.listens_for(engine.pool, "invalidate")
    def invalidated(_dbapi_connection, record, _exception) -> None:
        end_turn(record.info)


def lock_rows(model, *where) -> None:
    """Before reading rows to change them: SQLite has no SELECT ... FOR UPDATE, so there an
    update that changes nothing takes the database's write lock first; a second request doing
    the same waits for this one's commit, then reads what it wrote. PostgreSQL needs nothing
    here: the SELECT ... FOR UPDATE that follows locks the rows."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(model).where(*where).values({model.id: model.id}),
            execution_options={"synchronize_session": False},
        )


def in_batches(query: Select, *order: Any, size: int = 1000) -> Iterator[list]:
    """The rows of query in batches of `size`, in the order of the `order` columns, which end
    with a unique one: each batch is its own short query, starting after the last row of the one
    before, so a long list never meets the statement timeout nor offsets that grow."""
    last: tuple | None = None
    while True:
        batch = query.order_by(*order).limit(size)
        if last is not None:
            batch = batch.where(_after(order, last))
        rows = db.session.scalars(batch).all()
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = tuple(getattr(rows[-1], column.key) for column in order)


def _after(columns: tuple, values: tuple):
    """Rows that sort after values, in the order of columns (all ascending)."""
    first, *rest = columns
    value, *more = values
    if not rest:
        return first > value
    return or_(first > value, and_(first == value, _after(tuple(rest), tuple(more))))
