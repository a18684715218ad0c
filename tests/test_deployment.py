"""The production entry point: gunicorn serving wsgi:app from environment settings alone."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from faq_site import create_app
from faq_site.extensions import db

from conftest import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_site_configured_by_the_environment(tmp_path: Path, monkeypatch):
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SECRET_KEY": "setup", "SQLALCHEMY_DATABASE_URI": database, "TESTING": True})
    with app.app_context():
        db.create_all()
    assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()

    port = free_port()
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("FLASK_")
    } | {
        "FLASK_SECRET_KEY": "a-production-secret",
        "FLASK_SITE_URL": "https://gdpr.example",
        "DATABASE_URL": database,
        "FLASK_INSTANCE_PATH": str(tmp_path),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = b""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                # The proxy in front passes the public host name on, as nginx's
                # proxy_set_header Host $host does.
                page = urllib.request.Request(
                    f"http://127.0.0.1:{port}/gdpr", headers={"Host": "gdpr.example"}
                )
                with urllib.request.urlopen(page, timeout=2) as response:
                    body = response.read()
                    assert response.status == 200
                    assert response.headers["Cache-Control"] == "public, max-age=300"
                    assert len(response.headers.get_all("Date")) == 1
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        assert b"In force since" in body, (
            server.stdout.read1() if server.poll() is not None else b""
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path: Path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("FLASK_")
    } | {"FLASK_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No secret key is set. Set FLASK_SECRET_KEY" in result.stderr


def test_a_served_public_page_has_one_date_header(synced):
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, synced, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.server_port}/gdpr", headers={"Host": "faq.test"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            assert len(response.headers.get_all("Date")) == 1
    finally:
        server.shutdown()
        thread.join(timeout=10)


# What only commands (or a few paths) use, and a web worker should never hold in memory: Alembic
# and Flask-Migrate with their templates, reading and checking content files with YAML, the
# static export, the bench, the bank-holiday tables of every country.
COMMANDS_ONLY = (
    "alembic",
    "flask_migrate",
    "mako",
    "faq_site.content",
    "faq_site.checks",
    "faq_site.export",
    "yaml",
    "bench",
    "holidays",
)

SERVE_EVERY_KIND_OF_PAGE = """
import json, re, sys
from wsgi import app
client = app.test_client()
def get(path):
    response = client.get(path, headers={"Host": "gdpr.example"})
    return response.status_code, response.get_data(as_text=True)
statuses = {}
for path in ("/faq", "/gdpr/versions"):
    statuses[path], html = get(path)
    if path == "/faq":
        slug = re.search(r'href="/faq/(?!all")([a-z0-9-]+)"', html).group(1)
    else:
        dates = re.findall(r"/gdpr/versions/(\\d{4}-\\d\\d-\\d\\d)", html)
for path in (
    "/", "/gdpr", f"/gdpr/versions/{dates[0]}", f"/gdpr/changes/{dates[-1]}..{dates[0]}",
    "/gdpr/feed.atom", f"/faq/{slug}", f"/faq/{slug}/versions", "/faq/feed.atom", "/faq/all",
    "/search?q=data", "/ask", "/ask?q=delete", "/requests/new", "/admin/sign-in",
    "/robots.txt", "/sitemap.xml", "/healthz", "/ask/status/no-such-token",
):
    statuses[path] = get(path)[0]
loaded = sorted(
    name for name in sys.modules
    if any(name == part or name.startswith(part + ".") for part in PARTS)
)
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def test_serving_every_kind_of_page_loads_nothing_only_commands_need(tmp_path: Path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "GUNICORN_")) and key != "DATABASE_URL"
    } | {
        "FLASK_APP": "faq_site",
        "FLASK_SECRET_KEY": "a-production-secret",
        "FLASK_SITE_URL": "https://gdpr.example",
        "FLASK_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }
    flask = [sys.executable, "-m", "flask"]
    for command in (["db", "upgrade"], ["content", "sync"]):
        done = subprocess.run(
            flask + command, cwd=PROJECT_ROOT, env=environment, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    script = f"PARTS = {COMMANDS_ONLY!r}\n{SERVE_EVERY_KIND_OF_PAGE}"
    served = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 0, served.stderr
    report = json.loads(served.stdout.splitlines()[-1])
    assert {path for path, status in report["statuses"].items() if status != 200} == {
        "/ask/status/no-such-token"
    }
    assert report["loaded"] == []
