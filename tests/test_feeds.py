"""Atom feeds, the sitemap and robots.txt: valid for the programs that read them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser
import pytest

from conftest import CURRENT, FUTURE

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
WHEN = r"(Published|Updated|Takes effect) on \d{1,2} [A-Z][a-z]+ \d{4}"


def parse_atom(response):
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert '<?xml-stylesheet type="text/css" href="/static/feed.css"?>' in response.get_data(
        as_text=True
    )
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    return root


def rfc3339(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


@pytest.mark.parametrize("url", ["/gdpr/feed.atom", "/faq/feed.atom"])
def test_feeds_are_valid_atom(synced, client, url):
    response = client.get(url)
    root = parse_atom(response)
    # RFC 4287: a feed has exactly one id, title and updated, an author, and a self link.
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Quillstone CRM Ltd"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"http://faq.test{url}"
    rfc3339(root.find(f"{ATOM}updated").text)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        rfc3339(entry.find(f"{ATOM}updated").text)
        alternate = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"
        ]
        assert len(alternate) == 1 and alternate[0].get("href").startswith("http://faq.test/")
        assert entry.find(f"{ATOM}content").get("type") == "html"
        # RFC 4287 4.1.3.3: XHTML is one xhtml:div, whose contents are the summary. Here it links
        # to the version and gives its day in words, for a person reading the feed in a browser.
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "xhtml"
        [div] = list(summary)
        assert div.tag == f"{XHTML}div"
        [link] = [a for a in div.iter(f"{XHTML}a") if a.get("href") == alternate[0].get("href")]
        when = div.find(f".//{XHTML}time")
        assert re.fullmatch(WHEN, when.text), when.text
        assert dt.date.fromisoformat(when.get("datetime"))
        # The entry's title says the same: what happened and when, then the text's title.
        assert entry.find(f"{ATOM}title").text == f"{when.text}: {''.join(link.itertext())}"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == len(entries)


def test_statement_feed_lists_every_version_with_its_changes(synced, client):
    parsed = feedparser.parse(client.get("/gdpr/feed.atom").data)
    links = [entry.link for entry in parsed.entries]
    assert links == [
        f"http://faq.test/gdpr/versions/{FUTURE.isoformat()}",
        f"http://faq.test/gdpr/versions/{CURRENT.isoformat()}",
        "http://faq.test/gdpr/versions/2018-05-25",
    ]
    # Titles as a person writes them: what happened to the text, and when.
    statement = "Our GDPR statement"
    assert [entry.title for entry in parsed.entries] == [
        f"Takes effect on {long_date(FUTURE)}: {statement}",
        f"Updated on {long_date(CURRENT)}: {statement}",
        f"Published on 25 May 2018: {statement}",
    ]
    assert (
        "<p>We now keep order history, and the contact section moved up.</p>"
        in parsed.entries[1].summary
    )
    words = [re.sub(r"<[^>]+>", "", entry.summary) for entry in parsed.entries]
    assert f"Updated on {long_date(CURRENT)}" in words[1]
    assert f"Takes effect on {long_date(FUTURE)}" in words[0]
    related = [link.href for link in parsed.entries[1].links if link.rel == "related"]
    assert related == [f"http://faq.test/gdpr/changes/2018-05-25..{CURRENT.isoformat()}"]
    assert "<h2" in parsed.entries[1].content[0].value


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_faq_feed_carries_each_change_newest_first(synced, client):
    parsed = feedparser.parse(client.get("/faq/feed.atom").data)
    assert parsed.entries[0].link == "http://faq.test/faq/deleting-data/versions/2024-05-06"
    assert parsed.entries[0].title == "Updated on 6 May 2024: Must I delete a contact who asks?"
    assert "<p>Typo fixed.</p>" in parsed.entries[0].summary
    first = next(entry for entry in parsed.entries if entry.link.endswith("/2019-01-10"))
    assert first.title == "Published on 10 January 2019: Must I delete a contact who asks?"
    assert len(parsed.entries) == 5


def test_feed_text_is_escaped(app, client, runner, content_dir):
    from conftest import write_version

    write_version(
        content_dir,
        "faq/escaping",
        "2020-01-01",
        "title: 'Is <b>bold</b> & \"quoted\" safe?'\nsummary: 'First <i>published</i> & done.'\ncategory: basics",
        "Text with <script>alert(1)</script>.\n",
    )
    # Raw HTML in the body is refused by check; the title and summary are plain text, escaped.
    (content_dir / "faq/escaping/2020-01-01.md").write_text(
        (content_dir / "faq/escaping/2020-01-01.md")
        .read_text()
        .replace("<script>alert(1)</script>", "`code`"),
        "utf-8",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    response = client.get("/faq/feed.atom")
    root = parse_atom(response)
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert any(t.endswith(': Is <b>bold</b> & "quoted" safe?') for t in titles)
    assert b"<b>bold</b>" not in response.data and b"<i>published</i>" not in response.data
    page = client.get("/faq/escaping").get_data(as_text=True)
    assert "Is &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; safe?" in page


def test_sitemap_lists_every_page_and_version(synced, client):
    response = client.get("/sitemap.xml")
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.data)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [u.find(f"{ns}loc").text for u in root.findall(f"{ns}url")]
    for path in (
        "/",
        "/faq",
        "/gdpr",
        "/gdpr/versions",
        "/gdpr/versions/2018-05-25",
        "/faq/deleting-data/versions/2024-04-15",
    ):
        assert f"http://faq.test{path}" in urls
    assert len(urls) == len(set(urls))
    lastmods = [u.find(f"{ns}lastmod") for u in root.findall(f"{ns}url")]
    site_today = dt.datetime.now(ZoneInfo("Europe/London")).date()
    assert all(dt.date.fromisoformat(m.text) <= site_today for m in lastmods if m is not None)


def test_robots_points_to_the_sitemap_and_keeps_private_pages_out(synced, client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://faq.test/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /ask/status/" in text
