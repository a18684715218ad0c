"""What /healthz reports: healthy, degraded (pages are served, but what visitors send cannot be
stored), or down (the database does not answer).

Degraded is told by what can be checked without writing (a read-only database, a disk nearly
full) and by what writes met: a refusal for want of space or of write access, in this process,
within HEALTH_WRITE_FAILURE_SECONDS, marks the server degraded for that long. A load balancer
keeps sending readers to a degraded server (it answers 200) while its operator is alerted.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .extensions import db

log = logging.getLogger(__name__)

# SQLSTATEs of PostgreSQL's refusals to write: disk full, out of memory, read-only transaction.
WRITE_REFUSED_STATES = frozenset({"53100", "53200", "25006"})
# SQLite's messages for the same refusals (SQLITE_FULL, SQLITE_READONLY).
WRITE_REFUSED_WORDS = ("database or disk is full", "readonly database", "disk i/o error")

_lock = threading.Lock()
_last_write_refused = 0.0


def write_refused(error: BaseException | None) -> bool:
    """Whether error is the database refusing to store anything (no space, read-only); such a
    failure is remembered for the health check."""
    global _last_write_refused
    original = error.orig if isinstance(error, DBAPIError) else error
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    message = str(original).lower()
    refused = state in WRITE_REFUSED_STATES or any(
        words in message for words in WRITE_REFUSED_WORDS
    )
    if refused:
        with _lock:
            _last_write_refused = time.monotonic()
    return refused


def check() -> tuple[int, dict[str, str]]:
    """The status code and report for /healthz."""
    try:
        read_only = _read_only()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("health check: database unavailable (%s)", type(error).__name__)
        return 503, {"status": "error", "database": "unavailable"}
    report = {"status": "ok", "database": "ok"}
    if read_only:
        report["database"] = "read-only"
    if _disk_nearly_full():
        report["disk"] = "nearly full"
    window = float(current_app.config["HEALTH_WRITE_FAILURE_SECONDS"])
    if _last_write_refused and time.monotonic() - _last_write_refused < window:
        report["writes"] = "failing"
    if len(report) > 2 or read_only:
        report["status"] = "degraded"
        log.warning("health check: degraded (%s)", ", ".join(f"{k} {v}" for k, v in report.items()))
    return 200, report


def _read_only() -> bool:
    if db.engine.dialect.name == "postgresql":
        value = db.session.execute(text("SHOW transaction_read_only")).scalar()
        db.session.rollback()
        return value == "on"
    db.session.execute(text("SELECT 1"))
    db.session.rollback()
    return False


def _disk_nearly_full() -> bool:
    """Whether the disk of the SQLite file, or of the instance folder (uploaded answers, the
    mail catcher's files), has less free space than HEALTH_MIN_FREE_BYTES."""
    least = int(current_app.config["HEALTH_MIN_FREE_BYTES"])
    folders = [Path(current_app.instance_path)]
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        folders.append(Path(url.database).resolve().parent)
    for folder in folders:
        # A folder not made yet lies on its nearest existing parent's disk.
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
        try:
            if shutil.disk_usage(folder).free < least:
                return True
        except OSError:
            continue
    return False
