"""Configuration: environment first, a clear stop without a secret key in production."""

from __future__ import annotations

import stat

import pytest

from faq_site import create_app
from faq_site.config import database_uri


@pytest.fixture
def bare_env(monkeypatch, tmp_path):
    for name in (
        "FLASK_SECRET_KEY",
        "FLASK_DEBUG",
        "DATABASE_URL",
        "FLASK_SQLALCHEMY_DATABASE_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("FLASK_SITE_URL", "https://gdpr.example")
    return tmp_path / "instance"


def test_production_without_a_secret_key_stops_with_a_clear_message(bare_env):
    with pytest.raises(RuntimeError, match=r"No secret key is set\. Set FLASK_SECRET_KEY"):
        create_app()


def test_production_without_a_public_address_stops_with_a_clear_message(bare_env, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    monkeypatch.delenv("FLASK_SITE_URL")
    with pytest.raises(RuntimeError, match=r"FLASK_SITE_URL is not set"):
        create_app()


def test_a_local_key_is_generated_once_into_the_instance_folder(bare_env, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    first = create_app()
    key_file = bare_env / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_settings_come_from_flask_prefixed_variables(bare_env, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("FLASK_PUBLIC_MAX_AGE", "60")
    monkeypatch.setenv("FLASK_SITE_NAME", "Example GDPR")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["PUBLIC_MAX_AGE"] == 60
    assert app.config["SITE_NAME"] == "Example GDPR"
    assert not (bare_env / "secret_key").exists()


def test_sqlite_in_the_instance_folder_is_the_default(bare_env, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    app = create_app()
    with app.app_context():
        from faq_site.extensions import db

        assert db.engine.url.database == str(bare_env / "faq_site.sqlite3")
        with db.engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        assert (mode, timeout, foreign_keys) == ("wal", 5000, 1)
        db.engine.dispose()


def test_database_url_is_honoured_and_points_at_psycopg(bare_env, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example:5432/faq")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example:5432/faq"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_uri_spellings(given, used):
    assert database_uri(given) == used


def test_the_wsgi_module_builds_the_app(bare_env, monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    sys.modules.pop("wsgi", None)
    wsgi = importlib.import_module("wsgi")
    assert wsgi.app.name == "faq_site"


def test_postgresql_gets_connect_statement_and_lock_timeouts_unless_given():
    from faq_site.config import Defaults, postgresql_options

    settings = {
        key: getattr(Defaults, key)
        for key in dir(Defaults)
        if key.isupper() and key.startswith(("DATABASE_", "SQLALCHEMY_"))
    }
    options = postgresql_options(settings)
    assert options["pool_pre_ping"] is True and options["hide_parameters"] is True
    assert options["pool_timeout"] == 3
    args = options["connect_args"]
    assert args["connect_timeout"] == 3
    assert args["options"] == "-c statement_timeout=5000 -c lock_timeout=3000"
    assert args["tcp_user_timeout"] == 10_000 and args["keepalives"] == 1
    given = postgresql_options(
        settings
        | {
            "DATABASE_STATEMENT_TIMEOUT": 0,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": "-c lock_timeout=500"}},
        }
    )
    assert given["connect_args"]["options"] == "-c lock_timeout=500"
