"""Whole public pages kept in each worker's memory, so that reading costs what a bare page costs.

A page marked by `http_cache.public_cache` is kept, for anonymous GETs, under its address and the
state of the site: the content revision (a counter in the database that every sync and every
publish bumps) and today's date (a version comes into force at midnight). Every request reads
the counter with one small query on a connection of the worker's own, so a change made on any
host is seen by every worker at once; when the counter or the date moves, everything kept is
dropped. The cache sits in front of Flask: a page served from it runs no view, no template and
no hook, only the headers the page was first served with.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.http import parse_etags

from .clock import today_for
from .extensions import db

# Set in the WSGI environ by a view whose page may be kept (see http_cache.public_cache).
KEEP = "faq_site.keep_page"
REVISION_QUERY = "SELECT content_revision FROM site_state WHERE id = 1"
# Headers a 304 leaves out: it has no body.
BODY_HEADERS = frozenset({"content-length", "content-type", "content-encoding"})


@dataclass(frozen=True)
class Page:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None


class RevisionProbe:
    """Reads the content revision on one database connection per worker process, kept open
    and outside the pool, in autocommit mode: one round trip per request."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.connection: Any = None
        self.pid = 0

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
        """The counter, or None when the database cannot say (the page is then made afresh)."""
        with self.lock:
            for _attempt in range(2):
                try:
                    if self.connection is None or self.pid != os.getpid():
                        # A new process (a forked worker) never shares its parent's connection.
                        self.connection, self.pid = self._connect(), os.getpid()
                    cursor = self.connection.cursor()
                    try:
                        cursor.execute(REVISION_QUERY)
                        row = cursor.fetchone()
                    finally:
                        cursor.close()
                    return int(row[0]) if row else 0
                except Exception:
                    self._forget()
            return None

    def _disposed(self, _engine) -> None:
        with self.lock:
            self._forget()

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
        self.probe = RevisionProbe(app)
        self.lock = threading.Lock()
        self.pages: OrderedDict[tuple[str, ...], Page] = OrderedDict()
        self.size = 0
        self.state: tuple[int, str] | None = None
        self.session_cookie = app.config["SESSION_COOKIE_NAME"] + "="

    def anonymous_read(self, environ: dict) -> bool:
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
            and "HTTP_AUTHORIZATION" not in environ
        )

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.anonymous_read(environ):
            return self.wsgi_app(environ, start_response)
        revision = self.probe.revision()
        if revision is None:
            return self.wsgi_app(environ, start_response)
        key = (
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
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
        body = b"".join(chunks)
        etag = next((v for k, v in captured["headers"] if k.lower() == "etag"), None)
        page = Page(captured["status"], captured["headers"], body, etag and etag.strip('"'))
        self._keep(key, state, page)
        start_response(page.status, page.headers)
        return [body]

    def _keep(self, key: tuple[str, ...], state: tuple[int, str], page: Page) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        with self.lock:
            if state != self.state:
                # The content moved on while this page was made: it may be out of date.
                return
            previous = self.pages.pop(key, None)
            if previous is not None:
                self.size -= len(previous.body)
            self.pages[key] = page
            self.size += len(page.body)
            while self.size > self.max_bytes and self.pages:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped.body)
