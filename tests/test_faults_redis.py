"""Rate limits kept in Redis: counted there while it answers; while it is down the site keeps
serving, counts in its own memory instead, and says so in the log without personal data."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator

import pytest

from faq_site.extensions import db, limiter
from faq_site.models import Question

from actions import csrf_token, form_field
from conftest import redis_server, silent_server
from smtp_server import free_port

LIVE_REDIS = "redis://127.0.0.1:6379/0"
# A documentation address (RFC 5737): the client whose address must stay out of logs and Redis.
CLIENT = "203.0.113.7"
ASKER = "jane.smith@example.com"
LIMIT = 2


@pytest.fixture(autouse=True)
def fresh_limiter() -> Iterator[None]:
    # The limiter is one object for the whole process, bound again by every app a test builds,
    # and it keeps some settings from the first: neither a Redis it found dead nor the first
    # app's key prefix or fallback setting may carry over into the next test's app.
    limiter._storage_dead = False
    limiter._key_prefix = ""
    # Read again from each app's settings, so that the default is what the tests see.
    limiter._in_memory_fallback_enabled = False
    yield
    limiter._storage_dead = False
    limiter._key_prefix = ""


@pytest.fixture
def redis_url() -> str:
    """Where the limits are kept: by default a port nothing listens on, as a Redis that is down."""
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def key_prefix() -> str:
    # Other work may share the Redis: this test's counters are its own.
    return f"faq-test-{uuid.uuid4().hex}"


@pytest.fixture
def app_settings(redis_url: str, key_prefix: str) -> dict:
    return {
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "ASK_RATE_LIMIT": f"{LIMIT} per minute",
    }


@pytest.fixture
def visitor(client):
    client.environ_base["REMOTE_ADDR"] = CLIENT
    return client


def ask(client, number: int):
    page = client.get("/ask")
    assert page.status_code == 200
    return client.post(
        "/ask",
        data={
            "csrf_token": csrf_token(page),
            "started": form_field(page, "started"),
            "question": f"Must you delete my contact record, question {'abcdefgh'[number]}?",
            "email": ASKER,
            "website": "",
        },
    )


def questions(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Question.id)))


def test_with_redis_down_the_site_keeps_serving_and_limiting_and_says_so(app, visitor, caplog):
    caplog.set_level(logging.INFO)
    assert visitor.get("/").status_code == 200
    for number in range(LIMIT):
        response = ask(visitor, number)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.headers["Location"].startswith("/ask/status/")
    refused = ask(visitor, LIMIT)
    assert refused.status_code == 429
    assert "so we have not taken this question" in refused.get_data(as_text=True)
    assert questions(app) == LIMIT

    fallback = [
        record
        for record in caplog.records
        if record.levelno == logging.WARNING and "falling back to in-memory" in record.getMessage()
    ]
    assert len(fallback) == 1, "the fallback is reported once, when Redis is found down"
    for record in caplog.records:
        message = record.getMessage()
        assert CLIENT not in message, message
        assert ASKER not in message and "contact record" not in message, message


@pytest.mark.parametrize("redis_url", [LIVE_REDIS])
def test_limits_are_counted_in_redis_when_it_answers(app, visitor, key_prefix, caplog):
    store = redis_server(LIVE_REDIS)
    try:
        for number in range(LIMIT):
            assert ask(visitor, number).status_code == 302
        assert ask(visitor, LIMIT).status_code == 429

        keys = [key.decode() for key in store.scan_iter(f"*{key_prefix}*")]
        assert keys, "the counts are kept in Redis"
        assert all(CLIENT not in key for key in keys), "Redis holds no client address"
        assert "falling back" not in caplog.text

        # The count lives in Redis: clearing it there lets the visitor ask again.
        store.delete(*keys)
        assert ask(visitor, LIMIT + 1).status_code == 302
        assert questions(app) == LIMIT + 1
    finally:
        leftover = list(store.scan_iter(f"*{key_prefix}*"))
        if leftover:
            store.delete(*leftover)
        store.close()


@pytest.fixture
def stalled_redis() -> Iterator[str]:
    with silent_server() as url:
        yield url


def test_a_stalled_redis_costs_a_form_half_a_second_once_and_is_reported(
    tmp_path, monkeypatch, stalled_redis, caplog
):
    from faq_site import create_app

    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite3'}",
            "SERVER_NAME": "faq.test",
            "PREFERRED_URL_SCHEME": "http",
            "ASK_MIN_SECONDS": 0,
            "RATELIMIT_STORAGE_URI": stalled_redis,
        }
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT
    timings = []
    for number in range(3):
        started = time.monotonic()
        assert ask(client, number).status_code == 302
        timings.append(time.monotonic() - started)
    # The first form waits out the timeout; the others are counted in memory at once.
    assert timings[0] < 2.5, timings
    assert max(timings[1:]) < 1, timings
    assert "falling back to in-memory" in caplog.text
    with app.app_context():
        db.engine.dispose()
