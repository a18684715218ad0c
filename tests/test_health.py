"""/healthz tells a load balancer whether this server can reach its database."""

from __future__ import annotations

from faq_site import create_app


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
