"""Every public page: what a reader sees, and the headers that come with it."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest
from babel.dates import format_date
from sqlalchemy import event

from faq_site.extensions import db

from conftest import CURRENT, FUTURE, write_version


def long_date(day) -> str:
    return format_date(day, "long", locale="en_GB")


ADDED = '<span class="visually-hidden">added: </span>'
REMOVED = '<span class="visually-hidden">removed: </span>'
CHANGES = f"/gdpr/changes/2018-05-25..{CURRENT.isoformat()}"
UPCOMING_CHANGES = f"/gdpr/changes/{CURRENT.isoformat()}..{FUTURE.isoformat()}"
PUBLIC_PAGES = [
    "/",
    "/gdpr",
    "/gdpr/versions",
    "/gdpr/versions/2018-05-25",
    f"/gdpr/versions/{CURRENT.isoformat()}",
    f"/gdpr/versions/{FUTURE.isoformat()}",
    CHANGES,
    CHANGES + "?show=changes",
    UPCOMING_CHANGES,
    "/faq",
    "/faq/all",
    "/faq/deleting-data",
    "/faq/deleting-data/versions",
    "/faq/deleting-data/versions/2019-01-10",
    "/faq/deleting-data/changes/2019-01-10..2024-04-15",
    "/faq/official-statement",
    "/gdpr/feed.atom",
    "/faq/feed.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/transparency",
]


INLINE = re.compile(r"</?(?:a|time|ins|del|strong|em|span|code)\b[^>]*>")


def text_of(response) -> str:
    """The page's text as a reader sees it, tags removed and spaces folded."""
    html = INLINE.sub("", response.get_data(as_text=True))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_cacheable_revalidate_and_set_no_cookie(synced, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert "Set-Cookie" not in again.headers
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


@pytest.mark.parametrize(
    "url", [*PUBLIC_PAGES, "/healthz", "/no-such-page", "/gdpr/versions/1999-01-01"]
)
def test_every_response_carries_the_security_headers(synced, client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https(synced, client):
    response = client.get("/gdpr", base_url="https://faq.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_do_no_markdown_work_and_few_queries(synced, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered during a page request")

    monkeypatch.setattr(markdown.Markdown, "convert", refuse)
    statements: list[str] = []
    with synced.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for url in PUBLIC_PAGES:
            statements.clear()
            assert client.get(url).status_code == 200, url
            assert len(statements) <= 6, (url, statements)
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_home_leads_to_every_part_of_the_site(synced, client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    for link in ('href="/gdpr"', 'href="/faq"', 'href="/ask"', 'href="/requests/new"'):
        assert link in html
    text = text_of(response)
    assert f"In force since {long_date(CURRENT)}." in text
    assert f"An update takes effect on {long_date(FUTURE)}." in text
    assert "Recent changes" in text


def test_the_statement_in_force_says_since_when_and_what_changed(synced, client):
    response = client.get("/gdpr")
    text = text_of(response)
    html = response.get_data(as_text=True)
    assert f"In force since {long_date(CURRENT)}" in text
    assert "Version 2" in text
    assert "What changed: We now keep order history, and the contact section moved up." in text
    assert f'href="{CHANGES}"' in html
    assert "We keep your name, email address and order history." in text
    assert "Write to our privacy team." in text, (
        "the version in force is shown, not the announced one"
    )


def test_a_later_version_is_announced_while_the_current_one_stays_in_force(synced, client):
    response = client.get("/gdpr")
    text = text_of(response)
    html = response.get_data(as_text=True)
    assert f"An updated statement takes effect on {long_date(FUTURE)}" in text
    assert "A data protection officer now answers your letters." in text
    assert f'href="/gdpr/versions/{FUTURE.isoformat()}"' in html
    assert f'href="{UPCOMING_CHANGES}"' in html
    assert "Until then, the version below stays in force." in text
    assert "data protection officer." not in text.replace(
        "A data protection officer now answers", ""
    )


def test_history_lists_every_version_newest_first_with_states(synced, client):
    text = text_of(client.get("/gdpr/versions"))
    future, current, first = (
        text.index(long_date(d))
        for d in (FUTURE, CURRENT, __import__("datetime").date(2018, 5, 25))
    )
    assert future < current < first
    assert "Announced" in text and "In force" in text and "Superseded" in text
    assert "First published." in text


def test_history_marks_editorial_changes(synced, client):
    text = text_of(client.get("/faq/deleting-data/versions"))
    assert text.count("Editorial change") == 1
    assert "Typo fixed." in text


def test_a_superseded_version_keeps_its_address_and_says_so(synced, client):
    text = text_of(client.get("/gdpr/versions/2018-05-25"))
    assert "This version is no longer in force." in text
    assert f"It applied from 25 May 2018 until {long_date(CURRENT)}." in text
    assert "We keep your name and email address." in text
    assert "Superseded" in text


def test_an_announced_version_can_be_read_before_it_takes_effect(synced, client):
    text = text_of(client.get(f"/gdpr/versions/{FUTURE.isoformat()}"))
    assert f"This version takes effect on {long_date(FUTURE)}." in text
    assert f"Until then, the version of {long_date(CURRENT)} is in force." in text
    assert "Write to our data protection officer." in text


def test_an_announced_version_after_another_says_which_comes_first(synced, client, content_dir):
    later = FUTURE + dt.timedelta(days=30)
    source = content_dir / "statement" / f"{FUTURE.isoformat()}.md"
    (content_dir / "statement" / f"{later.isoformat()}.md").write_text(
        source.read_text("utf-8").replace("data protection officer", "new DPO"), "utf-8"
    )
    result = synced.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    response = client.get(f"/gdpr/versions/{later.isoformat()}")
    text = text_of(response)
    assert f"Before then, the version announced for {long_date(FUTURE)} takes effect." in text
    assert "Until then" not in text
    # What changes is what this version changes: from the one announced before it.
    changes = f"/gdpr/changes/{FUTURE.isoformat()}..{later.isoformat()}"
    assert f'href="{changes}"' in response.get_data(as_text=True)


def test_the_version_in_force_says_so_on_its_permanent_page(synced, client):
    text = text_of(client.get(f"/gdpr/versions/{CURRENT.isoformat()}"))
    assert f"This is the version in force, since {long_date(CURRENT)}." in text


def test_changes_show_words_added_and_removed_and_a_legend(synced, client):
    response = client.get(CHANGES)
    html = response.get_data(as_text=True)
    text = text_of(response)
    html = html.replace(ADDED, "").replace(REMOVED, "")
    assert "Example Ltd makes <ins>friendly </ins>software for small shops." in html
    assert (
        "We keep your name<del> and</del><ins>,</ins> email address<ins> and order history</ins>."
        in html
    )
    assert "Added words are underlined and marked as added." in text
    assert "Removed words are struck through and marked as removed." in text
    assert "A moved paragraph appears once, where it now stands." in text
    assert "# Who we are" not in html and "## " not in html, "rendered text, not Markdown source"


def test_a_moved_section_is_labelled_moved_not_removed_and_added(synced, client):
    html = client.get(CHANGES).get_data(as_text=True)
    moved = re.findall(r'class="diff-block diff-block--moved[^"]*">(.*?)</(?:p|h2)>', html, re.S)
    assert any("What we keep" in block for block in moved)
    assert any("We keep nothing for longer than we need to." in block for block in moved)
    assert html.count("We keep nothing for longer than we need to.") == 1
    assert html.count("Write to our privacy team.") == 1
    assert "diff-block--removed" not in html


def test_showing_only_changes_collapses_the_rest(synced, client):
    text = text_of(client.get(CHANGES + "?show=changes"))
    assert "unchanged paragraph" in text and "Show the whole text" in text
    assert "Write to our privacy team." not in text


def test_changes_between_reversed_or_equal_dates_redirect(synced, client):
    reverse = client.get(f"/gdpr/changes/{CURRENT.isoformat()}..2018-05-25")
    assert reverse.status_code == 302 and reverse.headers["Location"].endswith(CHANGES)
    same = client.get("/gdpr/changes/2018-05-25..2018-05-25")
    assert same.status_code == 302 and same.headers["Location"].endswith(
        "/gdpr/versions/2018-05-25"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/gdpr/versions/2018-05-26",
        "/gdpr/versions/2018-02-30",
        "/gdpr/changes/2018-05-25..2019-01-01",
        "/gdpr/changes/2018-13-01..2019-01-01",
        "/faq/no-such-entry",
        "/faq/deleting-data/versions/2018-05-25",
        "/faq/Deleting-Data",
        "/gdpr/versions/latest",
    ],
)
def test_unknown_addresses_get_a_friendly_404(synced, client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = text_of(response)
    assert (
        "Page not found" in text
        and "Every version of our statement and answers keeps its address" in text
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_the_compare_form_leads_to_the_permanent_diff_address(synced, client):
    html = client.get("/gdpr/versions").get_data(as_text=True)
    assert 'action="/gdpr/changes"' in html and '<label for="page-compare-from">' in html
    response = client.get(f"/gdpr/changes?from={CURRENT.isoformat()}&to=2018-05-25")
    assert response.status_code == 302 and response.headers["Location"].endswith(CHANGES)


@pytest.mark.parametrize(
    "query", ["", "?from=2018-05-25", "?from=x&to=y", "?from=2018-05-25&to=2001-01-01"]
)
def test_a_bad_comparison_gets_a_clear_400(synced, client, query):
    response = client.get("/gdpr/changes" + query)
    assert response.status_code == 400
    assert "Choose two versions of this text to compare." in text_of(response)
    # With the chooser, as the history page has it, the error tied to it, to choose again.
    html = response.get_data(as_text=True)
    assert 'action="/gdpr/changes"' in html and '<label for="page-compare-from">' in html
    assert 'aria-describedby="page-compare-error"' in html
    assert '<p class="field__error" id="page-compare-error">' in html


def test_a_bad_comparison_keeps_the_version_that_was_right(synced, client):
    html = client.get("/gdpr/changes?from=2018-05-25&to=x").get_data(as_text=True)
    assert re.search(r'<option value="2018-05-25" selected>', html)
    # The other stays at its default, the newest version shown.
    to = html[html.index('name="to"') :]
    assert to.index(" selected>") < to.index("</option>")


def test_the_faq_is_grouped_by_category_in_order_with_permalinks(synced, client):
    response = client.get("/faq")
    html = response.get_data(as_text=True)
    order = [
        '<h2 id="category-basics">The basics</h2>',
        'href="/faq/official-statement">Do you have an official GDPR statement?</a>',
        'href="/faq/where-to-learn">Where can I learn the rules?</a>',
        '<h2 id="category-deletion">Deleting data</h2>',
        'href="/faq/deleting-data">Must I delete a contact who asks?</a>',
    ]
    positions = [html.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "What GDPR means for you." in text_of(response)


def test_every_answer_stands_on_one_page_in_the_index_order(synced, client):
    response = client.get("/faq/all")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    order = [
        '<h2 id="category-basics">The basics</h2>',
        '<h3 id="answer-official-statement">Do you have an official GDPR statement?</h3>',
        '<h3 id="answer-where-to-learn">Where can I learn the rules?</h3>',
        '<h2 id="category-deletion">Deleting data</h2>',
        '<h3 id="answer-deleting-data">Must I delete a contact who asks?</h3>',
    ]
    positions = [html.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "Usually, yes." in text_of(response)  # the answers' texts, not only their titles
    assert 'href="#answer-deleting-data"' in html and 'href="/faq/deleting-data"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "no id twice on the page"
    assert "<h1" not in html.split("</h1>", 1)[1] and 'class="headerlink"' not in html
    assert 'href="/faq/all"' in client.get("/faq").get_data(as_text=True)
    assert "/faq/all</loc>" in client.get("/sitemap.xml").get_data(as_text=True)


def test_every_answer_comes_in_pages_when_there_are_many(synced, client, app):
    app.config["FAQ_ALL_PAGE_SIZE"] = 2
    first, second = client.get("/faq/all"), client.get("/faq/all?page=2")
    assert first.status_code == second.status_code == 200
    assert 'rel="next" href="/faq/all?page=2"' in first.get_data(as_text=True)
    assert "answer-official-statement" in first.get_data(as_text=True)
    assert "answer-official-statement" not in second.get_data(as_text=True)
    assert client.get("/faq/all?page=99").status_code == 404


def test_an_answer_nested_on_the_all_answers_page_has_its_headings_one_level_down() -> None:
    from faq_site.public.views import nested_answer

    html = (
        '<h2 id="why">Why <a aria-label="Link" class="headerlink" href="#why">¶</a></h2>'
        '<p>Text</p><h3 id="how">How</h3><h5 id="x">Deep</h5>'
    )
    assert str(nested_answer(html)) == "<h4>Why </h4><p>Text</p><h5>How</h5><h6>Deep</h6>"


def test_an_faq_entry_shows_its_last_change_and_its_history(synced, client):
    response = client.get("/faq/deleting-data")
    text = text_of(response)
    html = response.get_data(as_text=True)
    assert "Must I delete a contact who asks?" in text
    assert "Last changed 6 May 2024" in text and "Version 3" in text and "Editorial change" in text
    assert "Usually, yes." in text
    assert 'href="/faq/deleting-data/versions"' in html
    assert 'href="/faq/deleting-data/changes/2024-04-15..2024-05-06"' in html
    changes = client.get("/faq/deleting-data/changes/2019-01-10..2024-04-15").get_data(as_text=True)
    assert f"<ins>{ADDED}: purge the record</ins>" in changes


def test_external_links_in_content_carry_rel(synced, client):
    html = client.get("/faq/where-to-learn").get_data(as_text=True)
    assert '<a href="https://ico.org.uk/" rel="nofollow noopener">the ICO</a>' in html


def test_long_texts_get_heading_anchors_and_a_table_of_contents(synced, client):
    html = client.get("/gdpr").get_data(as_text=True)
    assert (
        '<h2 id="who-we-are">Who we are<a aria-label="Link to this section: Who we are" class="headerlink" href="#who-we-are">'
        in html
    )
    assert '<nav class="toc"' in html and '<a href="#contact">Contact</a>' in html


def test_head_requests_work(synced, client):
    response = client.head("/gdpr")
    assert response.status_code == 200 and response.data == b""


def test_pages_before_any_content_is_synced_do_not_crash(client):
    assert client.get("/").status_code == 200
    assert client.get("/faq").status_code == 200
    response = client.get("/gdpr")
    assert response.status_code == 404
    assert "The GDPR statement has not been published yet." in text_of(response)


def test_a_crash_shows_a_friendly_500_and_rolls_back(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    text = text_of(response)
    assert "Something went wrong on our side" in text and "boom" not in text
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_wrong_method_gets_a_friendly_405(synced, client):
    response = client.put("/gdpr")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "That action is not allowed here" in text_of(response)
    assert "Set-Cookie" not in response.headers


def test_breadcrumbs_mark_the_current_page(synced, client):
    html = client.get("/gdpr").get_data(as_text=True)
    assert '<span aria-current="page">GDPR statement</span>' in html
    html = client.get("/gdpr/versions").get_data(as_text=True)
    assert (
        '<a href="/gdpr">GDPR statement</a>' in html
        and '<span aria-current="page">Versions</span>' in html
    )


def test_the_first_version_says_it_is_the_first(synced, client):
    text = text_of(client.get("/gdpr/versions/2018-05-25"))
    assert "This is the first published version." in text
    assert "What changed in this version" not in text


def test_an_unknown_address_gets_our_words_not_the_framework_default(synced, client):
    text = text_of(client.get("/no/such/page"))
    assert "Page not found" in text
    assert "The requested URL was not found on the server" not in text


def test_changes_are_announced_to_screen_readers(synced, client):
    html = client.get(CHANGES).get_data(as_text=True)
    assert f"<ins>{ADDED}" in html and f"<del>{REMOVED}" in html


def test_an_announced_faq_answer_is_announced_on_its_entry(synced, client, runner, content_dir):
    write_version(
        content_dir,
        "faq/where-to-learn",
        FUTURE,
        "title: Where can I learn the rules?\nsummary: Adds the EDPB.\ncategory: basics\norder: 20",
        "From the ICO and the EDPB. We give no legal advice.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    text = text_of(client.get("/faq/where-to-learn"))
    assert f"An updated answer takes effect on {long_date(FUTURE)}" in text
    assert "Adds the EDPB." in text
    assert "We give no legal advice." in text and "From the ICO and the EDPB." not in text


def test_an_entry_not_yet_in_force_is_reachable_but_not_listed(synced, client, runner, content_dir):
    write_version(
        content_dir,
        "faq/coming-later",
        FUTURE,
        "title: A question for next year?\nsummary: First published.\ncategory: basics\norder: 30",
        "Not yet.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert "A question for next year?" not in text_of(client.get("/faq"))
    assert "/faq/coming-later<" not in client.get("/sitemap.xml").get_data(as_text=True)
    text = text_of(client.get("/faq/coming-later"))
    assert "No version of this text is in force yet." in text
    assert f"An updated answer takes effect on {long_date(FUTURE)}" in text


def test_site_today_previews_the_site_on_another_day(synced, client):
    synced.config["SITE_TODAY"] = FUTURE.isoformat()
    text = text_of(client.get("/gdpr"))
    assert f"In force since {long_date(FUTURE)}" in text
    assert "Write to our data protection officer." in text
    assert "An updated statement takes effect" not in text


def test_heading_ids_never_clash_with_the_page_s_own(app, runner, content_dir):
    write_version(
        content_dir,
        "statement",
        CURRENT + dt.timedelta(days=1),
        "title: Our GDPR statement\nsummary: Headings.",
        "## Page main\n\nText.\n\n## Category basics\n\nMore.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    html = app.test_client().get("/gdpr").get_data(as_text=True)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    assert 'id="section-page-main"' in html and 'id="section-category-basics"' in html


def test_the_configured_site_url_wins_over_the_host_header(synced, client):
    """A name the site answers besides its own (an old domain, say) never makes its links."""
    synced.config.update(
        SITE_URL="https://gdpr.example", SERVER_NAME=None, ALLOWED_HOSTS="gdpr.example,old.example"
    )
    assert client.get("/sitemap.xml", headers={"Host": "evil.example"}).status_code == 400
    sitemap = client.get("/sitemap.xml", headers={"Host": "old.example"}).get_data(as_text=True)
    assert "old.example" not in sitemap and "<loc>https://gdpr.example/gdpr</loc>" in sitemap
    feed = client.get("/gdpr/feed.atom", headers={"Host": "old.example"}).get_data(as_text=True)
    assert (
        "old.example" not in feed
        and "<id>https://gdpr.example/gdpr/versions/2018-05-25</id>" in feed
    )


def test_recent_changes_links_name_their_version(synced, client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(
        rf'<a href="/gdpr/versions/{CURRENT.isoformat()}">Our GDPR statement<span class="visually-hidden">, version of {long_date(CURRENT)}</span></a>',
        html,
    )


def test_a_large_category_shows_its_first_entries_and_links_to_all_of_them(
    app, content_dir, runner, client
):
    for number in range(5):
        write_version(
            content_dir,
            f"faq/backup-question-{number}",
            "2020-01-01",
            f"title: Backup question {number}\nsummary: First.\ncategory: deletion\norder: {number}",
            "About backups.\n",
        )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    app.config.update(FAQ_SECTION_SIZE=3, FAQ_PAGE_SIZE=4)
    index = client.get("/faq").get_data(as_text=True)
    assert "Backup question 0" in index and "Backup question 2" in index
    assert "Backup question 3" not in index
    assert '<a href="/faq/categories/deletion">All 6 answers in Deleting data</a>' in index
    assert 'Deleting data</a> <span class="count">(6)</span>' in index
    first = client.get("/faq/categories/deletion").get_data(as_text=True)
    assert "6 answers. Page 1 of 2." in first
    assert first.count('class="faq-list__item"') == 4
    second = client.get("/faq/categories/deletion?page=2").get_data(as_text=True)
    assert second.count('class="faq-list__item"') == 2
    assert 'href="/faq/categories/deletion" rel="prev"' in second or (
        'rel="prev" href="/faq/categories/deletion"' in second
    )
    assert client.get("/faq/categories/deletion?page=3").status_code == 404
    assert client.get("/faq/categories/no-such-category").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert "8 answers in 2 categories." in home


def test_the_icon_is_served_where_browsers_ask_for_it(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")
    assert "max-age=86400" in response.headers["Cache-Control"]
    response.close()
