"""/healthz tells a load balancer whether this server can reach its database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from faq_site import create_app, health
from faq_site.extensions import db
from faq_site.models import Question

from actions import ask


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_unreachable_database_is_a_503(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            # Nothing listens on port 1: the connection is refused at once.
            "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unavailable"}
    assert "health check: database unavailable (OperationalError)" in caplog.text
    assert "nobody" not in caplog.text


@pytest.fixture
def fresh_health(monkeypatch):
    """No write refusal remembered from another test in this process."""
    monkeypatch.setattr(health, "_last_write_refused", 0.0)


@contextmanager
def writes_refused(app, database: str, database_url: str) -> Iterator[None]:
    """The database refuses every write, as it does once made read-only: SQLite's query-only
    mode answers as a read-only file does (SQLITE_READONLY); PostgreSQL's as a replica does."""
    name = database_url.rsplit("/", 1)[1]
    with app.app_context():
        if database == "sqlite":
            event.listen(
                db.engine,
                "connect",
                lambda connection, _record: connection.execute("PRAGMA query_only = ON"),
            )
        else:
            db.session.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
            db.session.commit()
        db.engine.dispose()
    try:
        yield
    finally:
        with app.app_context():
            db.engine.dispose()
            if database != "sqlite":
                with db.engine.connect() as connection:
                    connection.execute(text("SET transaction_read_only = off"))
                    connection.execute(
                        text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
                    )
                    connection.commit()
                db.engine.dispose()


def test_when_the_database_refuses_writes_a_form_is_a_clear_503_and_health_degraded(
    app, client, database, database_url, fresh_health
):
    with writes_refused(app, database, database_url):
        before = client.get("/healthz")
        assert before.status_code == 200
        read_only = {} if database == "sqlite" else {"database": "read-only"}
        assert before.json == {
            "status": "ok" if database == "sqlite" else "degraded",
            "database": "ok",
            **read_only,
        }
        response = ask(client, "Do you keep my old invoices after I close my account? " * 20)
        assert response.status_code == 503
        assert "nothing you sent has been saved" in response.get_data(as_text=True)
        after = client.get("/healthz")
        assert after.status_code == 200
        assert after.json == {
            "status": "degraded",
            "database": "ok",
            **read_only,
            "writes": "failing",
        }
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Question.id))) == 0


def test_a_disk_nearly_full_is_degraded(app, client, fresh_health):
    app.config["HEALTH_MIN_FREE_BYTES"] = 2**62
    report = client.get("/healthz")
    assert report.status_code == 200
    assert report.json == {"status": "degraded", "database": "ok", "disk": "nearly full"}
