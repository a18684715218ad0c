"""flask export-static: the reading side as plain files whose links all work, with the forms
leading to the live site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from faq_site import export

from conftest import FUTURE

SITE = "https://gdpr.example"


@pytest.fixture
def exporting(synced):
    synced.config["SITE_URL"] = SITE
    return synced


def run_export(runner, target: Path):
    return runner.invoke(args=["export-static", str(target)])


def file_for(root: Path, path: str) -> Path | None:
    """The file nginx would serve for a path (try_files $uri $uri/index.html)."""
    candidate = root / path.lstrip("/")
    if candidate.is_file():
        return candidate
    index = candidate / "index.html"
    return index if index.is_file() else None


def broken_links(target: Path) -> list[tuple[Path, str]]:
    """Links of the copy's pages, chrome and texts alike, to a file the copy does not hold."""
    broken = []
    for page in target.rglob("*.html"):
        text = page.read_text("utf-8")
        assert 'name="csrf_token"' not in text, page
        for link in re.findall(r'(?:href|src|action)="([^"#?]*)', text):
            if link.startswith("/") and not file_for(target, link):
                broken.append((page.relative_to(target), link))
    return broken


def test_links_written_in_the_texts_to_the_forms_lead_to_the_live_site(
    app, runner, repository_content, tmp_path
):
    app.config.update(CONTENT_DIR=str(repository_content), SITE_URL=SITE)
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    target = tmp_path / "public"
    assert run_export(runner, target).exit_code == 0
    statement = (target / "gdpr" / "index.html").read_text("utf-8")
    prose = statement.split('class="prose"', 1)[1]
    assert f'href="{SITE}/requests/new"' in prose, "the statement's own text links to the form"
    assert broken_links(target) == []


def test_every_page_and_every_link_of_the_copy_is_there(exporting, runner, tmp_path):
    target = tmp_path / "public"
    result = run_export(runner, target)
    assert result.exit_code == 0, result.output
    assert re.match(r"Exported \d+ pages and \d+ static files to ", result.output)
    for path in [
        "/",
        "/gdpr",
        "/gdpr/versions",
        "/gdpr/versions/2018-05-25",
        "/faq",
        "/faq/deleting-data",
        "/faq/deleting-data/versions",
        "/gdpr/feed.atom",
        "/faq/feed.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/static/css/site.css",
        "/404.html",
    ]:
        assert file_for(target, path), path
    assert len(list(target.rglob("*.html"))) > 15
    assert broken_links(target) == []


def test_the_sitemap_lists_only_addresses_the_copy_or_the_live_site_answers(
    exporting, runner, tmp_path
):
    target = tmp_path / "public"
    assert run_export(runner, target).exit_code == 0
    locations = re.findall(r"<loc>([^<]+)</loc>", (target / "sitemap.xml").read_text("utf-8"))
    assert locations
    for location in locations:
        assert location.startswith(SITE + "/")
        path = urlsplit(location).path
        assert file_for(target, path) or path == "/transparency", path


def test_forms_search_and_live_pages_lead_to_the_live_site(exporting, runner, tmp_path):
    target = tmp_path / "public"
    assert run_export(runner, target).exit_code == 0
    history = (target / "gdpr" / "versions" / "index.html").read_text("utf-8")
    assert f'action="{SITE}/search"' in history
    assert f'action="{SITE}/gdpr/changes"' in history
    home = (target / "index.html").read_text("utf-8")
    assert f'href="{SITE}/ask"' in home
    assert f'href="{SITE}/requests/new"' in home
    assert f'href="{SITE}/transparency"' in home
    assert not (target / "ask").exists()
    assert not (target / "search").exists()
    assert not (target / "transparency").exists()


def test_a_later_export_shows_a_version_on_the_day_it_comes_into_force(exporting, runner, tmp_path):
    target = tmp_path / "public"
    assert run_export(runner, target).exit_code == 0
    before = (target / "gdpr" / "index.html").read_text("utf-8")
    assert "Write to our data protection officer" not in before
    exporting.config["SITE_TODAY"] = FUTURE.isoformat()
    assert run_export(runner, target).exit_code == 0
    after = (target / "gdpr" / "index.html").read_text("utf-8")
    assert "Write to our data protection officer" in after
    assert not target.with_name("public.new").exists()
    assert not target.with_name("public.old").exists()


def test_a_failed_export_leaves_the_previous_copy_in_place(
    exporting, runner, tmp_path, monkeypatch
):
    target = tmp_path / "public"
    assert run_export(runner, target).exit_code == 0
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    monkeypatch.setattr(export, "SEEDS", (*export.SEEDS, "/faq/no-such-entry"))
    result = run_export(runner, target)
    assert result.exit_code == 1
    assert "Nothing was exported: /faq/no-such-entry: the site answered 404" in result.output
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert not target.with_name("public.new").exists()


def test_an_export_needs_the_live_address(synced, runner, tmp_path):
    synced.config["SITE_URL"] = None
    result = run_export(runner, tmp_path / "public")
    assert result.exit_code == 1
    assert "Set FLASK_SITE_URL" in result.output
    assert not (tmp_path / "public").exists()


def test_the_live_site_keeps_its_own_links(exporting, client, runner, tmp_path):
    assert run_export(runner, tmp_path / "public").exit_code == 0
    page = client.get("/gdpr/versions").get_data(as_text=True)
    assert 'action="/search"' in page
    assert 'href="/ask"' in page
