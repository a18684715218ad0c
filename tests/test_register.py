"""The sub-processor register: its files checked, its notice period kept, and its pages, versions,
changes and feed read from the database like the statement's."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from faq_site import register
from faq_site.diffing import Change

from conftest import (
    CURRENT,
    FUTURE,
    REGISTER_HOST,
    REGISTER_MAIL,
    REGISTER_SMS,
    days,
    subprocessor,
    write_register,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def check(runner):
    result = runner.invoke(args=["content", "check"])
    return result.exit_code, result.output


def sync(runner):
    result = runner.invoke(args=["content", "sync"])
    return result.exit_code, result.output


# The file and its check


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            subprocessor("Acme Ltd", safeguard="hope"),
            ":16: sub-processor 3 (Acme Ltd): safeguard must be one of: none, adequacy, "
            "data-privacy-framework, uk-extension, standard-contractual-clauses",
        ),
        (
            subprocessor("Acme Ltd", since="soon"),
            ":16: sub-processor 3 (Acme Ltd): since must be a date (YYYY-MM-DD)",
        ),
        (
            subprocessor("Acme Ltd", data="[]"),
            ":16: sub-processor 3 (Acme Ltd): data must list the categories of personal data",
        ),
        (
            subprocessor("Acme Ltd", location='""'),
            ":16: sub-processor 3 (Acme Ltd): location is missing",
        ),
        (
            subprocessor("Acme Ltd", website="https://acme.example"),
            ":16: sub-processor 3 (Acme Ltd): unknown key 'website'",
        ),
        (
            subprocessor("harbour hosting ltd"),
            ":16: sub-processor 3 (harbour hosting ltd) is listed twice (also as sub-processor 1)",
        ),
        ("  - just a name\n", ":16: sub-processor 3 must be 'key: value' lines"),
    ],
)
def test_a_bad_row_is_reported_with_file_line_and_entry(runner, content_dir, row, expected):
    write_register(content_dir, "2019-06-01", "Adds one.", REGISTER_HOST, REGISTER_MAIL, row)
    code, output = check(runner)
    assert code == 1
    assert f"content/subprocessors/2019-06-01.yml{expected}" in output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Our sub-processors\nsummary: None.\n", ":1: subprocessors: must be a list"),
        ("title: Our sub-processors\nsubprocessors: []\n", ":1: summary is missing"),
        ("- a list\n", ":1: a register version is 'key: value' lines"),
        ("title: [unclosed\n", "this is not valid YAML"),
        ("title: T\nsummary: S\nowner: me\nsubprocessors: []\n", ":3: unknown key 'owner'"),
    ],
)
def test_a_bad_file_is_reported(runner, content_dir, text, expected):
    (content_dir / "subprocessors" / "2019-06-01.yml").write_text(text, "utf-8")
    code, output = check(runner)
    assert code == 1
    assert expected in output


def test_a_file_not_named_by_a_date_is_reported(runner, content_dir):
    (content_dir / "subprocessors" / "current.yml").write_text("title: x\n", "utf-8")
    code, output = check(runner)
    assert code == 1
    assert "subprocessors/current.yml:0: a version file is named by the date it takes effect: " in (
        output
    )
    assert "YYYY-MM-DD.yml" in output


def test_a_new_subprocessor_needs_the_notice_period(synced, runner, content_dir):
    """Once customers have seen the register, a provider is added only with 30 days' notice."""
    newcomer = subprocessor("Acme Ltd", since=days(10).isoformat())
    path = write_register(
        content_dir, days(10), "Adds Acme.", REGISTER_HOST, REGISTER_MAIL, REGISTER_SMS, newcomer
    )
    code, output = check(runner)
    assert code == 1
    assert (
        f"content/subprocessors/{days(10).isoformat()}.yml:22: sub-processor 'Acme Ltd' is added "
        "with 10 days' notice; customers must be told 30 days before a new sub-processor starts: "
        f"date this version {days(30).isoformat()} or later"
    ) in output
    code, output = sync(runner)
    assert code == 1, "sync refuses what check refuses"

    path.unlink()
    newcomer = subprocessor("Acme Ltd", since=days(30).isoformat())
    write_register(
        content_dir, days(30), "Adds Acme.", REGISTER_HOST, REGISTER_MAIL, REGISTER_SMS, newcomer
    )
    assert check(runner) == (0, check(runner)[1])


def test_the_notice_period_is_a_setting(synced, runner, content_dir):
    synced.config["SUBPROCESSOR_NOTICE_DAYS"] = 5
    newcomer = subprocessor("Acme Ltd", since=days(10).isoformat())
    write_register(
        content_dir, days(10), "Adds Acme.", REGISTER_HOST, REGISTER_MAIL, REGISTER_SMS, newcomer
    )
    code, output = check(runner)
    assert code == 0, output


def test_a_new_subprocessor_cannot_have_started_before_its_version(synced, runner, content_dir):
    newcomer = subprocessor("Acme Ltd", since=days(-3).isoformat())
    write_register(
        content_dir, days(40), "Adds Acme.", REGISTER_HOST, REGISTER_MAIL, REGISTER_SMS, newcomer
    )
    code, output = check(runner)
    assert code == 1
    assert "sub-processor 'Acme Ltd' is new in this version, so it cannot have started" in output


def test_changes_and_removals_need_no_notice(synced, runner, content_dir):
    write_register(
        content_dir,
        days(1),
        "Signalpost SMS stops; Postwick Mail moves.",
        REGISTER_HOST,
        REGISTER_MAIL.replace("United States", "Ireland"),
    )
    code, output = check(runner)
    assert code == 0, output


def test_an_announced_version_keeps_the_notice_it_gave(synced, runner, content_dir):
    """Editing an announced version is allowed; only a provider added since counts from today."""
    future = content_dir / "subprocessors" / f"{FUTURE.isoformat()}.yml"
    future.write_text(future.read_text("utf-8").replace("at night", "at night and weekends"))
    code, output = check(runner)
    assert code == 0, output


def test_a_version_in_force_must_not_change(synced, runner, content_dir):
    current = content_dir / "subprocessors" / f"{CURRENT.isoformat()}.yml"
    current.write_text(current.read_text("utf-8").replace("Sends sign-in codes", "Sends codes"))
    code, output = check(runner)
    assert code == 1
    assert f"subprocessors/{CURRENT.isoformat()}.yml:1: this version has been in force" in output


def test_a_first_register_loads_as_it_is(runner, content_dir):
    """With nothing published yet, no customer has been told anything: no notice is counted."""
    code, output = check(runner)
    assert code == 0, output


# Rows compared


def test_rows_are_compared_by_provider(app):
    old = [_row("Harbour Hosting Ltd"), _row("Postwick Mail Inc.", location="United States")]
    new = [_row("Postwick mail inc.", location="Ireland"), _row("Acme Ltd")]
    with app.app_context():
        changes = register.compare(old, new)
    assert [(c.change, c.row.provider) for c in changes] == [
        (Change.ADDED, "Acme Ltd"),
        (Change.REMOVED, "Harbour Hosting Ltd"),
        (Change.CHANGED, "Postwick mail inc."),
    ]
    changed = changes[-1]
    assert changed.changed_fields == ("provider", "location")
    assert str(changed.cells["location"]) == "<del>United States</del><ins>Ireland</ins>"


def test_compared_words_are_escaped(app):
    old = [_row("Acme", service="Sends <b>mail</b>")]
    new = [_row("Acme", service="Sends <script>alert(1)</script>")]
    with app.app_context():
        (change,) = register.compare(old, new)
    shown = str(change.cells["service"])
    assert "<script" not in shown and "<b>" not in shown
    assert "&lt;" in shown and "<ins>script</ins>&gt;" in shown


def _row(provider: str, **fields) -> register.Row:
    values = {
        "service": "Hosting",
        "data": ("names",),
        "location": "United Kingdom",
        "safeguard": "none",
        "since": dt.date(2020, 1, 1),
        **fields,
    }
    return register.Row(provider=provider, **values)


# The pages


def test_the_register_in_force_is_an_accessible_table(synced, client):
    response = client.get("/subprocessors")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Our sub-processors</h1>" in page
    table = page[page.index("<table") : page.index("</table>")]
    assert re.search(r"<caption>Sub-processors from \d+ \w+ \d{4}</caption>", table)
    assert table.count('scope="col"') == 6
    assert table.count('scope="row"') == 3  # the version in force: three providers
    assert '<th scope="row" role="rowheader">Signalpost SMS Ltd</th>' in table
    assert 'data-label="Transfer safeguard"' in table
    assert "Standard contractual clauses with the UK Addendum" in table
    assert "Maplewatch" not in table, "an announced provider is not in force yet"
    assert "at least 30 days before it starts" in page


def test_the_announced_version_says_what_changes_in_words(synced, client):
    page = client.get("/subprocessors").get_data(as_text=True)
    notice = page[page.index('class="notice notice--upcoming"') :]
    notice = notice[: notice.index("</section>")]
    assert "Changes announced for" in notice and FUTURE.isoformat() in notice
    labels = re.findall(r'class="diff-label diff-label--(\w+)">.*?</span>(\w+)</span>', notice)
    assert labels == [("added", "Added"), ("removed", "Removed"), ("changed", "Changed")]
    assert "<strong>Maplewatch Support Inc.</strong>" in notice
    assert "<strong>Signalpost SMS Ltd</strong>" in notice
    assert "transfer safeguard: <del>" in notice
    assert f'href="/subprocessors/changes/{CURRENT.isoformat()}..{FUTURE.isoformat()}"' in notice


def test_every_version_has_a_permanent_address(synced, client):
    history = client.get("/subprocessors/versions").get_data(as_text=True)
    for effective in ("2018-05-25", CURRENT.isoformat(), FUTURE.isoformat()):
        assert f'href="/subprocessors/versions/{effective}"' in history
    first = client.get("/subprocessors/versions/2018-05-25")
    assert first.status_code == 200
    text = first.get_data(as_text=True)
    assert "This version is no longer in force." in text
    assert "Signalpost" not in text
    announced = client.get(f"/subprocessors/versions/{FUTURE.isoformat()}").get_data(as_text=True)
    assert "Maplewatch Support Inc." in announced and "This version takes effect on" in announced


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/subprocessors/versions/2019-01-01", 404),
        ("/subprocessors/versions/2019-02-30", 404),
        ("/subprocessors/changes/2018-05-25..2019-01-01", 404),
        ("/subprocessors/changes?from=nonsense&to=2018-05-25", 400),
        ("/subprocessors/changes", 400),
    ],
)
def test_bad_addresses_get_a_clear_4xx(synced, client, path, status):
    assert client.get(path).status_code == status


def test_the_changes_are_told_row_by_row(synced, client):
    response = client.get(f"/subprocessors/changes/{CURRENT.isoformat()}..{FUTURE.isoformat()}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1 added, 1 removed, 1 changed." in page
    rows = re.findall(r'<tr role="row" class="register-table__row--(\w+)">', page)
    assert rows == ["added", "removed", "changed"]
    changed = page[page.index("register-table__row--changed") :]
    changed = changed[: changed.index("</tr>")]
    assert (
        '<del><span class="visually-hidden">removed: </span>Standard contractual clauses '
        "with the UK Addendum</del>"
    ) in changed
    assert "(changed)" in changed
    # Unchanged providers are not listed.
    assert "Harbour Hosting Ltd" not in page[page.index("<table") :]


def test_the_compare_form_leads_to_the_permanent_address(synced, client):
    response = client.get(
        f"/subprocessors/changes?from={FUTURE.isoformat()}&to=2018-05-25", follow_redirects=False
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/subprocessors/changes/2018-05-25..{FUTURE.isoformat()}"
    )


def test_without_a_register_the_page_says_so(client, app, runner, content_dir):
    for path in (content_dir / "subprocessors").iterdir():
        path.unlink()
    (content_dir / "subprocessors").rmdir()
    assert sync(runner)[0] == 0
    response = client.get("/subprocessors")
    assert response.status_code == 404
    assert "has not been published yet" in response.get_data(as_text=True)


def test_the_statement_and_the_faq_link_to_the_register(synced, client):
    for path in ("/gdpr", "/faq"):
        assert 'href="/subprocessors"' in client.get(path).get_data(as_text=True), path
    assert 'href="/subprocessors/feed.atom"' in client.get("/gdpr").get_data(as_text=True)


def test_the_feed_carries_every_version(synced, client):
    response = client.get("/subprocessors/feed.atom")
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.data)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://faq.test/subprocessors/feed.atom"
    assert links["alternate"] == "http://faq.test/subprocessors"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        f"http://faq.test/subprocessors/versions/{FUTURE.isoformat()}",
        f"http://faq.test/subprocessors/versions/{CURRENT.isoformat()}",
        "http://faq.test/subprocessors/versions/2018-05-25",
    ]
    assert entries[0].find(f"{ATOM}title").text.startswith("Takes effect on ")
    assert "Maplewatch Support Inc." in entries[0].find(f"{ATOM}content").text
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")


def test_the_sitemap_lists_the_register_and_its_versions(synced, client):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://faq.test/subprocessors</loc>" in sitemap
    assert "<loc>http://faq.test/subprocessors/versions/2018-05-25</loc>" in sitemap


def test_search_finds_a_subprocessor_in_force(synced, client):
    page = client.get("/search?q=signalpost").get_data(as_text=True)
    assert 'href="/subprocessors"' in page
    assert '<p class="result__kind">Sub-processors' in page


def test_a_sync_renews_the_cached_page(synced, client, content_dir, runner):
    """The register's pages are kept whole like the others, until a change is recorded."""
    assert "Acme Ltd" not in client.get("/subprocessors").get_data(as_text=True)
    future = content_dir / "subprocessors" / f"{FUTURE.isoformat()}.yml"
    future.write_text(future.read_text("utf-8").replace("Maplewatch Support Inc.", "Acme Ltd"))
    code, output = sync(runner)
    assert code == 0, output
    assert "Acme Ltd" in client.get("/subprocessors").get_data(as_text=True)


def test_a_stored_register_renders_again_the_same(synced, runner):
    from faq_site import publishing

    with synced.app_context():
        assert publishing.rerender() == 0


def test_the_static_copy_holds_the_register(synced, runner, tmp_path):
    synced.config["SITE_URL"] = "https://gdpr.example"
    target = tmp_path / "public"
    result = runner.invoke(args=["export-static", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "subprocessors" / "index.html").exists()
    assert (target / "subprocessors" / "feed.atom").exists()
    assert (target / "subprocessors" / "versions" / "2018-05-25" / "index.html").exists()
    changes = target / "subprocessors" / "changes" / f"{CURRENT.isoformat()}..{FUTURE.isoformat()}"
    assert (changes / "index.html").exists()
