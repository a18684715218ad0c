"""The schema lives in migrations/: they build it, take it down and match the models, on both
databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from faq_site import create_app
from faq_site.cli.db import enable_migrations
from faq_site.extensions import db
from faq_site.search.index import include_name

TABLES = {
    "category",
    "document",
    "version",
    "site_state",
    "question",
    "moderator",
    "sign_in_throttle",
    "recovery_code",
    "audit_event",
    "outbox_message",
    "access_request",
    "request_pause",
    "request_condition",
    "request_event",
    "subprocessor_objection",
    "subscription",
    "announcement",
}


@pytest.fixture
def empty_app(empty_database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    # What a `flask db` command does first: the app alone does not load Flask-Migrate.
    enable_migrations(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def tables() -> set[str]:
    """The model tables; the search index has its own test below."""
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if include_name(name, "table")}


def has_search_index() -> bool:
    return "search_index" in inspect(db.engine).get_table_names()


def test_migrations_upgrade_downgrade_and_match_the_models(empty_app):
    upgrade()
    assert tables() == TABLES
    assert has_search_index()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "the models and the migrations disagree: run flask db migrate"
    downgrade(revision="base")
    assert tables() == set()
    assert not has_search_index()
    upgrade()
    assert tables() == TABLES


def test_content_syncs_into_a_migrated_database(empty_app, content_dir):
    upgrade()
    empty_app.config["CONTENT_DIR"] = str(content_dir)
    result = empty_app.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert "11 added" in result.output


def test_flask_db_loads_flask_migrate_when_run(empty_database_url, tmp_path, monkeypatch):
    """The app alone leaves Flask-Migrate out; `flask db upgrade` brings it in and migrates."""
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    assert "migrate" not in app.extensions
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        try:
            assert tables() == TABLES
        finally:
            db.session.remove()
            db.engine.dispose()
