"""The site under test: its environment, its database loaded with the seeded content, and the
requests the benchmark sends, found by asking the running site (page size, ETag, form tokens)."""

from __future__ import annotations

import http.client
import re
import secrets
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

from sqlalchemy import create_engine, text

from faq_site.config import PROJECT_ROOT, database_uri

from .seed import Manifest
from .wrk import Request

SESSION_COOKIE = "faq_session"


def environment(base: dict[str, str], *, database: str, content: Path, instance: Path) -> dict:
    """Production-like settings (a secret key, the site's address, no debug), with the rate
    limits off and no minimum fill time, so that wrk can send forms as fast as it can."""
    kept = {
        key: value
        for key, value in base.items()
        if not key.startswith(("FLASK_", "GUNICORN_")) and key != "DATABASE_URL"
    }
    return kept | {
        "FLASK_APP": "faq_site",
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        "FLASK_SITE_URL": "https://gdpr.example",
        # wrk asks for 127.0.0.1, as a proxy that rewrites the Host header would.
        "FLASK_ALLOWED_HOSTS": "127.0.0.1,gdpr.example",
        "FLASK_INSTANCE_PATH": str(instance),
        "FLASK_CONTENT_DIR": str(content),
        "DATABASE_URL": database,
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_ASK_MIN_SECONDS": "0",
        "GUNICORN_ACCESS_LOG": "",
    }


def wipe_postgresql(url: str) -> None:
    """Empty the public schema of the PostgreSQL database the benchmark was given."""
    engine = create_engine(database_uri(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def flask(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def load(env: dict[str, str]) -> list[str]:
    """Build the schema and sync the seeded content; reindex search where the site has it.
    Returns what each command said."""
    said = [flask(env, "db", "upgrade") or "schema upgraded", flask(env, "content", "sync")]
    if re.search(r"^\s+search\s", flask(env, "--help"), re.MULTILINE):
        said.append(flask(env, "search", "reindex"))
    return said


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(base_url: str, path: str, *, method: str = "GET", headers=None, body=None) -> Response:
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


def prime(base_url: str, path: str, workers: int) -> None:
    """Have every worker render path once, however long that takes, before wrk's warm-up: a
    page rendered on first use (a large FAQ index, say) can take longer than the warm-up, and
    wrk drops what does not finish in time. Two requests per worker at once reach each of them
    on both servers in practice."""
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(lambda _: fetch(base_url, path), range(2 * workers)))


class HiddenFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        named = dict(attrs)
        if tag == "input" and named.get("type") == "hidden" and named.get("name"):
            self.fields[named["name"]] = named.get("value") or ""


@dataclass
class Plan:
    """What the running site told the benchmark, and the requests to measure."""

    page_bytes: int
    requests: dict[str, Request]
    missing: dict[str, str]


def question_form(base_url: str) -> tuple[str, dict[str, str]]:
    """A session cookie and the ask form's hidden fields, from GET /ask as a browser gets them."""
    answer = fetch(base_url, "/ask")
    if answer.status != 200:
        raise RuntimeError(f"GET /ask answered {answer.status}")
    cookie = SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    if SESSION_COOKIE not in cookie:
        raise RuntimeError("GET /ask set no session cookie")
    parser = HiddenFields()
    parser.feed(answer.body.decode())
    if not {"csrf_token", "started"} <= parser.fields.keys():
        raise RuntimeError("the ask form has no csrf_token or started field")
    return f"{SESSION_COOKIE}={cookie[SESSION_COOKIE].value}", parser.fields


def plan(base_url: str, manifest: Manifest) -> Plan:
    """Ask the running site for what the requests need, and check that each one works once."""
    statement = fetch(base_url, "/gdpr")
    etag = statement.headers.get("ETag")
    if statement.status != 200 or not etag:
        raise RuntimeError(f"/gdpr answered {statement.status} with ETag {etag!r}")
    requests = {
        "statement": Request("/gdpr"),
        "faq_entry": Request(f"/faq/{manifest.sample_slug}"),
        "faq_index": Request("/faq"),
        "search_common": Request(f"/search?q={urllib.parse.quote(manifest.common_term)}"),
        "search_rare": Request(f"/search?q={urllib.parse.quote(manifest.rare_term)}"),
    }
    cookie, fields = question_form(base_url)
    requests["ask"] = Request(
        "/ask", 302, (), ("ask", cookie, fields["csrf_token"], fields["started"])
    )
    requests["not_modified"] = Request("/gdpr", 304, (f"If-None-Match: {etag}",))
    missing = {}
    for name, request in list(requests.items()):
        status = _try(base_url, request, cookie, fields)
        if status == 404 and name.startswith("search"):
            missing[name] = "this build has no /search page yet"
            del requests[name]
        elif status != request.expected:
            raise RuntimeError(f"{request.path} answered {status}, not {request.expected}")
    return Plan(len(statement.body), requests, missing)


def _try(base_url: str, request: Request, cookie: str, fields: dict[str, str]) -> int:
    if request.expected == 302:
        form = {
            "csrf_token": fields["csrf_token"],
            "started": fields["started"],
            "website": "",
            "email": "",
            "question": "Does the benchmark's first question reach the moderators' queue?",
        }
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        body = urllib.parse.urlencode(form)
        return fetch(base_url, request.path, method="POST", headers=headers, body=body).status
    headers = dict(header.split(": ", 1) for header in request.headers)
    return fetch(base_url, request.path, headers=headers).status
