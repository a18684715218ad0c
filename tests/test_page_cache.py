"""Each worker keeps whole public pages, renewed the moment the content changes anywhere or the
day turns, and never for a signed-in visitor, a form or a private page."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from faq_site import create_app, publishing
from faq_site.config import database_uri
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
        publishing.changed([])
        db.session.commit()


def page_cache(app: Flask) -> PageCache:
    cache = app.extensions.get("page_cache")
    assert isinstance(cache, PageCache)
    return cache


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


def bump_elsewhere(app: Flask) -> None:
    """Bump the revision as another host's publish would: in the database only, unseen by this
    process until its workers read the revision again."""
    with app.app_context():
        db.session.execute(
            db.text("UPDATE site_state SET content_revision = content_revision + 1 WHERE id = 1")
        )
        db.session.commit()


def test_a_change_on_another_host_is_seen_within_the_interval(synced, client):
    cache = page_cache(synced)
    cache.probe.interval = 0.3
    client.get("/gdpr")
    retitle_behind_the_sites_back(synced, "Changed on another host")
    bump_elsewhere(synced)
    # Within the interval the worker trusts the revision it read: no database round trip.
    assert "Changed on another host" not in client.get("/gdpr").get_data(as_text=True)
    time.sleep(0.35)
    assert "Changed on another host" in client.get("/gdpr").get_data(as_text=True)


def test_the_revision_is_read_once_per_interval_not_once_per_request(synced, client):
    cache = page_cache(synced)
    cache.probe.interval = 60
    reads = []
    real_read = cache.probe._read
    cache.probe._read = lambda: reads.append(1) or real_read()
    for _ in range(20):
        assert client.get("/faq").status_code == 200
    assert len(reads) == 1
    # A change made in this process is seen at once.
    retitle_behind_the_sites_back(synced, "Published here")
    bump(synced)
    assert "Published here" in client.get("/faq").get_data(as_text=True)
    assert len(reads) == 2


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


def test_without_its_database_the_site_says_so_and_keeps_nothing(tmp_path: Path, monkeypatch):
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
    assert response.status_code == 503
    assert "The site is not available right now" in response.get_data(as_text=True)
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


def test_the_cache_can_be_turned_off(empty_database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "PAGE_CACHE_BYTES": 0,
        }
    )
    assert "page_cache" not in app.extensions


def test_a_date_key_uses_the_companys_time_zone(synced):
    """Two zones 26 hours apart are on different days at every hour of the day, so the key
    must follow the company's zone whenever the test runs."""
    cache = page_cache(synced)
    synced.config["SITE_TODAY"] = None
    keys = {}
    for zone in ("Etc/GMT-14", "Etc/GMT+12"):  # UTC+14 and UTC-12
        synced.config["SITE_TIMEZONE"] = zone
        synced.test_client().get("/gdpr")
        assert cache.state is not None
        keys[zone] = cache.state[1]
        assert keys[zone] == dt.datetime.now(dt.UTC).astimezone(ZoneInfo(zone)).date().isoformat()
    assert keys["Etc/GMT-14"] != keys["Etc/GMT+12"]


def test_made_up_query_strings_share_one_entry_and_every_byte_is_counted(synced, client):
    cache = page_cache(synced)
    first = client.get("/robots.txt?x=0").get_data()
    for number in range(2000):
        response = client.get(f"/robots.txt?{'p' * 200}={number}&page=1&show=x{number}")
        assert response.get_data() == first
    # The only parameters kept in an address are those a kept page reads, cut short: "page"
    # (which /robots.txt ignores) and "show" add an entry per distinct value, not per request.
    assert len(cache.pages) <= 2002
    assert cache.size == sum(page.size for page in cache.pages.values())
    for key, page in cache.pages.items():
        assert page.size > len(page.body) + sum(map(len, key)) + sum(
            len(name) + len(value) for name, value in page.headers
        )
    assert all(len(key[3]) <= 80 for key in cache.pages)
    assert len({key[2:] for key in cache.pages if "show" not in key[3]}) == 1


def test_a_page_is_kept_apart_for_each_value_of_what_it_reads(synced, client):
    path = f"/gdpr/changes/2018-05-25..{CURRENT.isoformat()}"
    whole = client.get(path).get_data(as_text=True)
    only = client.get(path + "?show=changes&utm_source=mail").get_data(as_text=True)
    assert whole != only
    assert client.get(path + "?show=changes").get_data(as_text=True) == only
    assert client.get(path + "?utm_source=mail").get_data(as_text=True) == whole
    assert {key[3] for key in page_cache(synced).pages if key[2] == path} == {"", "show=changes"}


def test_the_cache_stays_within_its_bytes_whatever_the_pages(synced, client):
    cache = page_cache(synced)
    cache.max_bytes = 40_000
    for number in range(300):
        client.get(f"/robots.txt?page={number}")
    assert 0 < cache.size <= cache.max_bytes
    assert len(cache.pages) < 300


@contextmanager
def database_unreachable(app: Flask, database_url: str) -> Iterator[None]:
    """The site's database really cannot be reached: PostgreSQL refuses new connections and
    ends those open; SQLite's file is out of reach (a directory stands in its place, as when
    the volume holding it is gone)."""
    cache = page_cache(app)
    with app.app_context():
        db.engine.dispose()
    cache.probe.until = 0.0
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        aside = path.with_suffix(".aside")
        path.rename(aside)
        path.mkdir()
        try:
            yield
        finally:
            with app.app_context():
                db.engine.dispose()
            path.rmdir()
            aside.rename(path)
        return
    name = database_url.rsplit("/", 1)[1]
    admin = create_engine(database_uri(database_url.rsplit("/", 1)[0] + "/postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        try:
            yield
        finally:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            with app.app_context():
                db.engine.dispose()
    admin.dispose()


def test_a_kept_page_is_served_while_the_database_cannot_be_reached(synced, client, database_url):
    kept = client.get("/faq")
    assert kept.status_code == 200
    with database_unreachable(synced, database_url):
        again = client.get("/faq")
        assert again.status_code == 200
        assert again.get_data() == kept.get_data()
        # A page never kept cannot be made: the reader is asked to come back.
        assert client.get("/gdpr/versions").status_code == 503
        assert client.get("/healthz").status_code == 503
    assert client.get("/gdpr/versions").status_code == 200
