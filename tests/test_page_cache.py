"""Each worker keeps whole public pages, renewed the moment the content changes anywhere or the
day turns, and never for a signed-in visitor, a form or a private page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from faq_site import create_app, publishing
from faq_site.extensions import db
from faq_site.models import Version
from faq_site.page_cache import PageCache

from conftest import CURRENT, FUTURE, TODAY


def retitle_behind_the_sites_back(app: Flask, title: str) -> None:
    """Change stored text without bumping the content revision: only a page made afresh shows
    it, so it tells a kept page from a new one."""
    with app.app_context():
        for version in db.session.scalars(db.select(Version)):
            version.title = title
        db.session.commit()


def bump(app: Flask) -> None:
    with app.app_context():
        publishing.bump_revision()
        db.session.commit()


def page_cache(app: Flask) -> PageCache:
    assert isinstance(app.wsgi_app, PageCache)
    return app.wsgi_app


PAGES = ["/", "/gdpr", "/gdpr/versions", "/faq", "/faq/deleting-data", "/faq/feed.atom"]


@pytest.mark.parametrize("path", PAGES)
def test_a_public_page_is_kept_until_the_content_revision_moves(synced, client, path):
    first = client.get(path)
    assert first.status_code == 200
    retitle_behind_the_sites_back(synced, "A title nobody published")
    kept = client.get(path)
    assert kept.get_data() == first.get_data()
    assert kept.headers["ETag"] == first.headers["ETag"]
    bump(synced)
    fresh = client.get(path).get_data(as_text=True)
    assert "A title nobody published" in fresh


def test_a_new_day_makes_pages_afresh(synced, client):
    synced.config["SITE_TODAY"] = TODAY.isoformat()
    before = client.get("/gdpr").get_data(as_text=True)
    assert "An updated statement takes effect on" in before
    synced.config["SITE_TODAY"] = FUTURE.isoformat()
    after = client.get("/gdpr").get_data(as_text=True)
    assert "An updated statement takes effect on" not in after
    assert "data protection officer" in after


def test_a_change_on_another_host_is_seen_at_once(synced, client, database_url, tmp_path):
    """Another app on the same database, as another host would be: its publish bumps the
    revision every worker reads on each request."""
    client.get("/gdpr")
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "other-host",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "faq.test",
        }
    )
    retitle_behind_the_sites_back(other, "Changed on another host")
    bump(other)
    assert "Changed on another host" in client.get("/gdpr").get_data(as_text=True)
    with other.app_context():
        db.engine.dispose()


def test_a_kept_page_answers_if_none_match_with_304_and_head_without_a_body(synced, client):
    first = client.get("/faq")
    etag = first.headers["ETag"]
    again = client.get("/faq", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert "Content-Security-Policy" in again.headers
    head = client.head("/faq")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


def test_a_signed_in_visitor_always_gets_a_fresh_page(synced, client, moderator_client):
    client.get("/gdpr")
    retitle_behind_the_sites_back(synced, "Seen only afresh")
    assert "Seen only afresh" not in client.get("/gdpr").get_data(as_text=True)
    assert "Seen only afresh" in moderator_client.get("/gdpr").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/search?q=delete", "/transparency", "/ask", "/healthz"])
def test_pages_that_change_otherwise_are_never_kept(synced, client, path):
    client.get(path)
    assert page_cache(synced).pages == {}


def test_errors_and_redirects_are_not_kept(synced, client):
    assert client.get("/faq/no-such-entry").status_code == 404
    assert client.get(f"/gdpr/changes/{CURRENT.isoformat()}..2018-05-25").status_code == 302
    assert page_cache(synced).pages == {}


def test_the_cache_keeps_within_its_size_and_drops_the_oldest(synced, client):
    cache = page_cache(synced)
    home = len(client.get("/").get_data())
    cache.max_bytes = home * 4 + 10
    for path in PAGES[:3]:
        client.get(path)
    client.get("/")  # the home page is now the most recently used
    client.get("/faq/deleting-data")
    assert cache.size <= cache.max_bytes
    kept = {key[2] for key in cache.pages}
    assert "/" in kept
    assert "/faq/deleting-data" in kept


def test_without_its_database_the_site_makes_pages_as_usual(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        }
    )
    # No tables at all: the revision cannot be read, so nothing is kept and the page says why.
    response = app.test_client().get("/gdpr")
    assert response.status_code >= 400
    assert page_cache(app).pages == {}
    assert page_cache(app).probe.connection is None
    with app.app_context():
        db.engine.dispose()


def test_disposing_of_the_engine_closes_the_workers_connection(synced, client):
    client.get("/gdpr")
    probe = page_cache(synced).probe
    assert probe.connection is not None
    with synced.app_context():
        db.engine.dispose()
    assert probe.connection is None


def test_the_cache_can_be_turned_off(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PAGE_CACHE_BYTES": 0,
        }
    )
    assert not isinstance(app.wsgi_app, PageCache)


def test_a_date_key_uses_the_companys_time_zone(synced):
    cache = page_cache(synced)
    synced.config["SITE_TODAY"] = None
    synced.config["SITE_TIMEZONE"] = "Pacific/Kiritimati"
    synced.test_client().get("/gdpr")
    assert cache.state is not None
    kiritimati = dt.datetime.now(dt.UTC).astimezone(ZoneInfo("Pacific/Kiritimati"))
    assert cache.state[1] == kiritimati.date().isoformat()
