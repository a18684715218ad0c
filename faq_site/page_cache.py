"""Whole public pages kept in each worker's memory, so that reading costs what a bare page costs.

A page marked by `http_cache.public_cache` is kept, for anonymous GETs, under its address and the
state of the site: the content revision (a counter in the database that every sync and every
publish bumps) and today's date (a version comes into force at midnight). A worker reads the
counter with one small query on a connection of its own at most once per
PAGE_CACHE_REVISION_SECONDS (and at once after a change made in its own process), so a change
made on any host is seen by every worker within that interval; when the counter or the date
moves, everything kept is dropped. The cache sits in front of Flask: a page served from it runs
no view, no template and no hook, only the headers the page was first served with.

Everything an entry holds counts against the byte limit (its address, headers and body), and an
address keeps only the query parameters some kept page reads (declared to `public_cache`), so
no number of made-up query strings can grow a worker past the limit. While the database cannot
be asked, a page already kept is served as it was (stale-if-error) rather than a 503.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.http import parse_etags

from .clock import today_for
from .extensions import db
from .hosts import HEALTH_PATH

# Set in the WSGI environ by a view whose page may be kept (see http_cache.public_cache).
KEEP = "faq_site.keep_page"
REVISION_QUERY = "SELECT content_revision FROM site_state WHERE id = 1"
# Seconds the probe waits for its one-row answer (on PostgreSQL), and, after the database could
# not be asked, before asking again: meanwhile pages kept are served and others made as usual.
PROBE_ANSWER_SECONDS = 1.0
FAILURE_PAUSE = 5.0
# Headers a 304 leaves out: it has no body.
BODY_HEADERS = frozenset({"content-length", "content-type", "content-encoding"})
# What an entry costs beyond the bytes of its strings: the objects that hold them.
ENTRY_OVERHEAD = 600
# The query parameters some kept page reads (see http_cache.public_cache), and the longest value
# of one that is told apart from another.
QUERY_READ: set[str] = set()
QUERY_VALUE_CHARS = 32

# Bumped by every change of published content made in this process (publishing.changed),
# so that its own workers read the revision afresh at once instead of at the next interval.
_local_changes = 0


def content_changed() -> None:
    global _local_changes
    _local_changes += 1


def page_key(environ: dict) -> tuple[str, ...]:
    """The address a page is kept under: scheme, host, path, and the read query parameters."""
    query = environ.get("QUERY_STRING", "")
    kept = ""
    if query and QUERY_READ:
        pairs = sorted(
            (name, value[:QUERY_VALUE_CHARS]) for name, value in _pairs(query) if name in QUERY_READ
        )
        kept = "&".join(f"{name}={value}" for name, value in pairs)
    return (
        environ.get("wsgi.url_scheme", "http"),
        environ.get("HTTP_HOST", "").lower(),
        environ.get("PATH_INFO", ""),
        kept,
    )


def _pairs(query: str) -> Iterator[tuple[str, str]]:
    for part in query.split("&"):
        name, _, value = part.partition("=")
        yield name, value


@dataclass(frozen=True)
class Page:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    size: int

    @classmethod
    def made(cls, key: tuple[str, ...], status: str, headers: list[tuple[str, str]], body: bytes):
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        size = (
            ENTRY_OVERHEAD
            + len(body)
            + sum(map(len, key))
            + len(status)
            + sum(len(name) + len(value) + 64 for name, value in headers)
        )
        return cls(status, headers, body, etag and etag.strip('"'), size)


class RevisionProbe:
    """Reads the content revision on one database connection per worker process, kept open
    and outside the pool, in autocommit mode: one round trip per interval at most. After a
    failure it waits out the same interval before asking again, so a database that is down or
    stalled costs one wait per interval, not one per request."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.lock = threading.Lock()
        self.connection: Any = None
        self.pid = 0
        self.known: int | None = None
        self.until = 0.0
        self.changes = -1

    def _connect(self) -> Any:
        with self.app.app_context():
            engine = db.engine
        if not event.contains(engine, "engine_disposed", self._disposed):
            # Disposing of the engine (at shutdown, in tests) closes this connection too.
            event.listen(engine, "engine_disposed", self._disposed)
        proxied = engine.raw_connection()
        proxied.detach()
        connection = proxied.dbapi_connection
        if hasattr(connection, "autocommit"):
            connection.autocommit = True
        return connection

    def revision(self) -> int | None:
        """The counter, or None when the database cannot say."""
        with self.lock:
            now = time.monotonic()
            if now < self.until and self.changes == _local_changes and self.pid == os.getpid():
                return self.known
            self.changes = _local_changes
            self.known = self._read()
            self.until = now + (self.interval if self.known is not None else FAILURE_PAUSE)
            return self.known

    def _read(self) -> int | None:
        # A connection kept from before may have been ended (a database restart): one more try
        # on a new one. A new connection that fails is not tried again until the pause is over.
        for _attempt in range(2):
            fresh = self.connection is None or self.pid != os.getpid()
            try:
                if fresh:
                    # A new process (a forked worker) never shares its parent's connection.
                    self.connection, self.pid = self._connect(), os.getpid()
                if hasattr(self.connection, "answer_seconds"):
                    # One row: a PostgreSQL slower than this to give it is in trouble.
                    self.connection.answer_seconds = PROBE_ANSWER_SECONDS
                cursor = self.connection.cursor()
                try:
                    cursor.execute(REVISION_QUERY)
                    row = cursor.fetchone()
                finally:
                    cursor.close()
                return int(row[0]) if row else 0
            except Exception:
                self._forget()
                if fresh:
                    return None
        return None

    def _disposed(self, _engine) -> None:
        with self.lock:
            self._forget()
            self.until = 0.0

    def _forget(self) -> None:
        try:
            if self.connection is not None:
                self.connection.close()
        except Exception:  # noqa: S110 # nosec B110 # closing a broken connection may fail too
            pass
        self.connection = None


class PageCache:
    """WSGI middleware: serves kept pages, and keeps the ones the site marks as keepable."""

    def __init__(self, app: Flask, wsgi_app: Callable, max_bytes: int) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes
        self.probe = RevisionProbe(app, float(app.config["PAGE_CACHE_REVISION_SECONDS"]))
        self.lock = threading.Lock()
        self.pages: OrderedDict[tuple[str, ...], Page] = OrderedDict()
        self.size = 0
        self.state: tuple[int, str] | None = None
        self.session_cookie = app.config["SESSION_COOKIE_NAME"] + "="

    def anonymous_read(self, environ: dict) -> bool:
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            # The health check asks the database itself, and must never wait on it twice.
            and environ.get("PATH_INFO") != HEALTH_PATH
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
            and "HTTP_AUTHORIZATION" not in environ
        )

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.anonymous_read(environ):
            return self.wsgi_app(environ, start_response)
        key = page_key(environ)
        revision = self.probe.revision()
        if revision is None:
            # The database cannot be asked: a page kept before is better than an error page.
            with self.lock:
                page = self.pages.get(key)
            if page is not None:
                return self._serve(page, environ, start_response)
            return self.wsgi_app(environ, start_response)
        state = (revision, today_for(self.app.config).isoformat())
        page = self._kept(key, state)
        if page is not None:
            return self._serve(page, environ, start_response)
        return self._make(key, state, environ, start_response)

    def _kept(self, key: tuple[str, ...], state: tuple[int, str]) -> Page | None:
        with self.lock:
            if state != self.state:
                self.pages.clear()
                self.size, self.state = 0, state
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def _serve(self, page: Page, environ: dict, start_response: Callable) -> Iterable[bytes]:
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted and page.etag and parse_etags(wanted).contains(page.etag):
            headers = [(k, v) for k, v in page.headers if k.lower() not in BODY_HEADERS]
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response(page.status, page.headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [page.body]

    def _make(self, key: tuple[str, ...], state: tuple[int, str], environ: dict, start_response):
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info=None):
            keep = (
                environ.get(KEEP)
                and environ.get("REQUEST_METHOD") == "GET"
                and status.startswith("200")
                and not any(name.lower() == "set-cookie" for name, _ in headers)
            )
            if not keep:
                return start_response(status, headers, exc_info)
            captured.update(status=status, headers=list(headers))
            return captured.setdefault("chunks", []).append

        body_iter = self.wsgi_app(environ, capture)
        if not captured:
            return body_iter
        try:
            chunks = [*captured.get("chunks", []), *body_iter]
        finally:
            close = getattr(body_iter, "close", None)
            if close is not None:
                close()
        page = Page.made(key, captured["status"], captured["headers"], b"".join(chunks))
        self._keep(key, state, page)
        start_response(page.status, page.headers)
        return [page.body]

    def _keep(self, key: tuple[str, ...], state: tuple[int, str], page: Page) -> None:
        if page.size > self.max_bytes // 4:
            return
        with self.lock:
            if state != self.state:
                # The content moved on while this page was made: it may be out of date.
                return
            previous = self.pages.pop(key, None)
            if previous is not None:
                self.size -= previous.size
            self.pages[key] = page
            self.size += page.size
            while self.size > self.max_bytes and self.pages:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= dropped.size
