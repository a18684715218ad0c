"""gunicorn.conf.py, the production settings: a privacy-minded access log, trust in proxies left
to the app, and preloading that still serves."""

from __future__ import annotations

import os
import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from conftest import PROJECT_ROOT, silent_server
from smtp_server import free_port


@contextmanager
def gunicorn(tmp_path: Path, **settings: str) -> Iterator[str]:
    """gunicorn serving wsgi:app with gunicorn.conf.py and the given environment; yields its
    address. The site's database is an empty SQLite file: /healthz needs nothing more."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "GUNICORN_")) and key != "DATABASE_URL"
    } | {
        "FLASK_SECRET_KEY": "a-production-secret",
        "FLASK_SITE_URL": "https://gdpr.example",
        "FLASK_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        **settings,
    }
    output = (tmp_path / "gunicorn.out").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(address + "/healthz", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "gunicorn.out").read_text()) from None
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        try:
            # A graceful stop lets requests in flight finish for up to graceful_timeout (30 s).
            server.wait(timeout=45)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
            output.close()
            raise AssertionError(
                "gunicorn did not stop within 45 s of SIGTERM:\n"
                + (tmp_path / "gunicorn.out").read_text()
            ) from None
        output.close()


def get(url: str, **headers: str) -> tuple[int, Message]:
    """The status and headers of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers


def test_the_access_log_keeps_no_client_address_query_or_private_token(tmp_path: Path):
    log = tmp_path / "access.log"
    with gunicorn(tmp_path, GUNICORN_ACCESS_LOG=str(log)) as address:
        get(
            address + "/healthz?q=my+own+secret+words",
            **{"X-Forwarded-For": "203.0.113.9", "User-Agent": "Probe/7.7 secret-agent"},
        )
        get(address + "/ask/status/Zx9-question-token")
        get(address + "/requests/confirm/Qy8.signed-link/")
        get(address + "/requests/status/Wk7-request-token/answer")
    written = log.read_text()
    # Time, method, path, status, bytes and duration (the database has no tables, so what the
    # private pages answer does not matter here).
    assert re.search(r'^\[[^]]+\] "GET /healthz" 200 \d+ \d+ms$', written, re.MULTILINE)
    for path in (
        "/ask/status/<private>",
        "/requests/confirm/<private>/",
        "/requests/status/<private>/answer",
    ):
        assert f'"GET {path}" ' in written
    for secret in (
        "secret",
        "203.0.113.9",
        "127.0.0.1",
        "Probe",
        "Zx9-question-token",
        "Qy8.signed-link",
        "Wk7-request-token",
    ):
        assert secret not in written


def test_forwarded_headers_count_only_when_the_app_is_told_of_a_proxy(tmp_path: Path):
    claims_https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with gunicorn(tmp_path / "direct") as address:
        status, headers = get(address + "/healthz", **claims_https)
        # Without FLASK_TRUSTED_PROXIES nobody vouches for the header: plain HTTP, no HSTS.
        assert status == 200
        assert headers["Strict-Transport-Security"] is None
    with gunicorn(tmp_path / "proxied", FLASK_TRUSTED_PROXIES="1") as address:
        status, headers = get(address + "/healthz", **claims_https)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=")
    # Bound to loopback, as behind a proxy it should be: the start-up warning stays quiet.
    assert "FLASK_TRUSTED_PROXIES" not in (tmp_path / "proxied" / "gunicorn.out").read_text()


def settings() -> Config:
    """gunicorn's settings as gunicorn reads them from gunicorn.conf.py: every module-level name
    that is one of its settings, validated (a misspelt hook would be ignored, and fail here)."""
    config = Config()
    for name, value in runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


class Server:
    """What a when_ready hook is given of gunicorn's arbiter: its listeners and its logger."""

    def __init__(self, *listeners: socket.socket) -> None:
        self.LISTENERS = listeners
        self.log = Logger(settings())
        self.warnings: list[str] = []
        self.log.warning = lambda message, *args: self.warnings.append(message % args)


@contextmanager
def bound(family: socket.AddressFamily, address: object) -> Iterator[socket.socket]:
    """A socket bound to address and never listening, so that nothing can reach it."""
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind(address)
        yield sock


@pytest.mark.parametrize(
    ("family", "address"),
    [(socket.AF_INET, ("0.0.0.0", 0)), (socket.AF_INET6, ("::", 0))],  # noqa: S104
    ids=["ipv4", "ipv6"],
)
def test_trusted_proxies_with_a_port_open_to_all_is_warned_of_once(monkeypatch, family, address):
    if family == socket.AF_INET6 and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    monkeypatch.setenv("FLASK_TRUSTED_PROXIES", "1")
    with bound(family, address) as open_to_all, bound(socket.AF_INET, ("127.0.0.1", 0)) as local:
        server = Server(local, open_to_all)
        settings().when_ready(server)
        port = open_to_all.getsockname()[1]
    assert len(server.warnings) == 1
    (warning,) = server.warnings
    assert "\n" not in warning
    # Only the open address is named; the loopback one is as it should be.
    listed = re.search(r"listens on (.*), not only on loopback", warning)
    assert listed and listed.group(1) == (
        f"[::]:{port}" if ":" in address[0] else f"0.0.0.0:{port}"
    )
    assert "FLASK_TRUSTED_PROXIES is 1" in warning and "GUNICORN_BIND" in warning


@pytest.mark.parametrize("hops", ["1", "2"])
def test_trusted_proxies_behind_loopback_or_a_unix_socket_start_quietly(
    tmp_path, monkeypatch, hops
):
    monkeypatch.setenv("FLASK_TRUSTED_PROXIES", hops)
    with (
        bound(socket.AF_INET, ("127.0.0.1", 0)) as ipv4,
        bound(socket.AF_UNIX, str(tmp_path / "gunicorn.sock")) as unix,
    ):
        server = Server(ipv4, unix)
        settings().when_ready(server)
    assert server.warnings == []


@pytest.mark.parametrize("hops", [None, "0"])
def test_without_trusted_proxies_an_open_port_is_no_matter(monkeypatch, hops):
    if hops is None:
        monkeypatch.delenv("FLASK_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("FLASK_TRUSTED_PROXIES", hops)
    with bound(socket.AF_INET, ("0.0.0.0", 0)) as open_to_all:  # noqa: S104
        server = Server(open_to_all)
        settings().when_ready(server)
    assert server.warnings == []


def test_a_preloaded_app_serves_from_every_worker(tmp_path: Path):
    with gunicorn(tmp_path, GUNICORN_PRELOAD="1", GUNICORN_ACCESS_LOG="") as address:
        statuses = [get(address + "/healthz")[0] for _ in range(20)]
    assert statuses == [200] * 20
    output = (tmp_path / "gunicorn.out").read_text()
    assert "Traceback" not in output
    assert output.count("Booting worker") == 2


def test_the_fall_back_from_a_stalled_redis_is_written_to_the_log(tmp_path: Path):
    """Flask-Limiter's own logger has no handler: its warning must still reach gunicorn's
    output, where an operator reads it."""
    with (
        silent_server() as redis_url,
        gunicorn(tmp_path, FLASK_RATELIMIT_STORAGE_URI=redis_url, GUNICORN_WORKERS="1") as address,
    ):
        public = {"Host": "gdpr.example"}
        with urllib.request.urlopen(
            urllib.request.Request(address + "/ask", headers=public)
        ) as page:
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
            # The session cookie is marked Secure: sent back by hand over this plain connection.
            cookie = page.headers["Set-Cookie"].split(";", 1)[0]
        assert token
        form = urllib.parse.urlencode({"csrf_token": token.group(1), "question": "x"}).encode()
        started = time.monotonic()
        try:
            urllib.request.urlopen(
                urllib.request.Request(
                    address + "/ask", data=form, headers={**public, "Cookie": cookie}
                )
            ).close()
        except urllib.error.HTTPError as error:
            error.close()
        assert time.monotonic() - started < 5
    output = (tmp_path / "gunicorn.out").read_text()
    assert "falling back to in-memory storage" in output
