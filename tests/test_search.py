"""Full-text search: ranked, highlighted, safe for any input, and in step with the content on
SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from faq_site import audit, moderation, search
from faq_site.extensions import db
from faq_site.models import Document
from faq_site.search.query import MAX_TERMS, parse
from faq_site.urls import link

from conftest import FUTURE, TODAY, write_version


def result_titles(response) -> list[str]:
    page = response.get_data(as_text=True)
    titles = re.findall(r'class="result__title"><a href="[^"]*">(.*?)</a>', page)
    return [html.unescape(re.sub(r"</?mark>", "", title)) for title in titles]


def find(app, words: str) -> list[str]:
    with app.test_request_context():
        found = search.search(words).results
        return [html.unescape(re.sub(r"</?mark>", "", str(r.title))) for r in found]


# The query: whatever is typed becomes quoted words, never database syntax.


@pytest.mark.parametrize(
    ("typed", "fts5"),
    [
        ("delete data", ['(("delete"))', '(("data"))']),
        ('"soft delete" backup', ['(("soft delete"))', '(("backup") AND ("soft delete"))']),
        ("erasure OR purge", ['(("erasure" OR "purge"))']),
        ("backup -tape", ['(("backup")) NOT "tape"']),
        ('NEAR(a b) AND "x*"', ['(("near a") AND ("x"))', '(("b") AND ("x"))', '(("x"))']),
        ("e-mail", ['(("e mail"))']),
        ("Résumé", ['(("resume"))']),
        ("'; DROP TABLE version; --", ['(("drop"))', '(("table"))', '(("version"))']),
        # A question's filler words are left out; each meaningful word may match.
        ("How do I delete my account, please?", ['(("delete"))', '(("account"))']),
    ],
)
def test_a_query_is_rebuilt_from_plain_words(typed, fts5):
    assert parse(typed).fts5_groups() == fts5


@pytest.mark.parametrize("typed", ["", "   ", "*", '"', '""', "-", "--", "()", "the and of", "or"])
def test_nothing_to_look_for_is_not_a_query(typed):
    assert not parse(typed).searchable


def test_a_long_query_keeps_its_first_words_and_says_so():
    query = parse(" ".join(f"word{i}" for i in range(100)))
    assert len(query.terms) == MAX_TERMS
    assert query.truncated


# Searching the site.


@pytest.fixture
def indexed(app, content_dir, runner):
    """The test content, with entries that tell title matches from body matches."""
    write_version(
        content_dir,
        "faq/backups",
        "2020-01-01",
        "title: How long do backups keep data?\nsummary: First.\ncategory: deletion\norder: 20",
        "Erased contacts stay in encrypted archives for thirty days.\n",
    )
    write_version(
        content_dir,
        "faq/archives",
        "2020-01-01",
        "title: Where do erased contacts go?\nsummary: First.\ncategory: deletion\norder: 30",
        "They leave the CRM at once; the nightly backups forget them within thirty days.\n",
    )
    write_version(
        content_dir,
        "faq/cv-data",
        "2020-01-01",
        "title: Do you keep a candidate's résumé?\nsummary: First.\ncategory: basics\norder: 20",
        "A café owner's CV is deleted after the hiring decision & never shared `<here>`.\n",
    )
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    return app


def test_a_title_match_ranks_above_a_body_match(indexed, client):
    response = client.get("/search?q=backups")
    assert response.status_code == 200
    assert result_titles(response) == [
        "How long do backups keep data?",
        "Where do erased contacts go?",
    ]


def test_search_runs_away_from_any_request_and_its_results_say_which_page(indexed, app):
    # A mail worker or a command has no request: the search itself needs none, and each result
    # names its page for whatever builds addresses there (site_links away from a request).
    app.config["SITE_URL"] = "https://gdpr.example"
    with app.app_context():
        from faq_site.urls import site_links

        found = search.search("backups").results
        assert [(r.endpoint, r.values) for r in found] == [
            ("public.faq_entry", {"slug": "backups"}),
            ("public.faq_entry", {"slug": "archives"}),
        ]
        assert found[0].url(site_links()) == "https://gdpr.example/faq/backups"


def test_results_are_highlighted_and_escaped(indexed, client):
    page = client.get("/search?q=cafe+hiring").get_data(as_text=True)
    assert "<mark>café</mark> owner’s CV is deleted after the <mark>hiring</mark>" in page
    assert "&amp; never shared &lt;here&gt;" in page
    assert "<here>" not in page


@pytest.mark.parametrize("typed", ["resume", "RÉSUMÉ", "résume", "cafe"])
def test_accents_are_folded_both_ways(indexed, typed):
    assert find(indexed, typed) == ["Do you keep a candidate's résumé?"]


def test_words_are_found_by_their_stem(indexed):
    assert "Where do erased contacts go?" in find(indexed, "erasing contact")


def test_the_statement_is_searched_as_it_is_in_force(indexed):
    # "friendly" is in the current statement; "officer" only in the announced one.
    assert find(indexed, "friendly software") == ["Our GDPR statement"]
    assert find(indexed, "protection officer") == []


def test_an_announced_version_is_found_from_its_date_without_reindexing(indexed):
    indexed.config["SITE_TODAY"] = FUTURE.isoformat()
    assert find(indexed, "protection officer") == ["Our GDPR statement"]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "'",
        '"unterminated phrase',
        "a AND OR NOT b",
        "NEAR(backups archives, 2)",
        "back*",
        "*",
        "^title:backups",
        "title:backups",
        "{title body}: backups",
        "-backups",
        "backups -backups",
        "!!!???...",
        "x" * 10_000,
        " ".join(["backups"] * 3000),
        "\u202ebackups",
        "\ufffd",
        "backups\u200b",
        "%00",
        "😀 backups",
        "ﷺ",
    ],
)
def test_any_input_gets_results_or_a_clear_nothing_found(indexed, client, typed):
    response = client.get("/search", query_string={"q": typed})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        'class="result"' in page
        or "Nothing found for" in page
        or "There is nothing to look for" in page
    )


def test_an_empty_search_shows_the_form(indexed, client):
    page = client.get("/search?q=").get_data(as_text=True)
    assert 'id="page-search-q"' in page
    assert "Nothing found" not in page


def test_nothing_found_offers_to_ask_the_question_prefilled(indexed, client):
    response = client.get("/search", query_string={"q": "tachograph feeds"})
    page = response.get_data(as_text=True)
    assert 'Nothing found for "tachograph feeds"' in page
    assert 'href="/ask?q=tachograph+feeds"' in page
    ask = client.get("/ask?q=tachograph+feeds").get_data(as_text=True)
    assert re.search(r'name="question">\s*tachograph feeds</textarea>', ask)


def test_not_every_word_has_to_match_and_more_words_rank_first(indexed, client):
    # No page has "tape"; both have "backups"; only one has "encrypted" too.
    assert find(indexed, "tape backups") == [
        "How long do backups keep data?",
        "Where do erased contacts go?",
    ]
    assert find(indexed, "are erased contacts in encrypted backups?")[:2] == [
        "How long do backups keep data?",
        "Where do erased contacts go?",
    ]
    # Results still offer to ask, in case none of them answers.
    page = client.get("/search", query_string={"q": "tape backups"}).get_data(as_text=True)
    assert 'href="/ask?q=tape+backups"' in page


def test_a_question_in_full_finds_what_its_meaningful_words_find(indexed):
    assert find(indexed, "Could you please tell me where do erased contacts go?")[:2] == [
        "Where do erased contacts go?",
        "How long do backups keep data?",
    ]


def test_a_quoted_phrase_is_required_and_a_minus_excludes(indexed):
    assert find(indexed, '"nightly backups" thirty') == ["Where do erased contacts go?"]
    assert find(indexed, "backups -nightly") == ["How long do backups keep data?"]
    assert find(indexed, '"backups forget" or hiring') == [
        "Where do erased contacts go?",
        "Do you keep a candidate's résumé?",
    ]


def test_a_heading_inside_a_page_weighs_more_than_its_body(app, content_dir, runner):
    for slug, order, body in [
        ("in-body", 1, "## Overview\n\nWe keep the ledger safe.\n"),
        ("in-heading", 2, "## The ledger\n\nWe keep it safe.\n"),
    ]:
        write_version(
            content_dir,
            f"faq/{slug}",
            "2020-01-01",
            f"title: Entry {slug}\nsummary: First.\ncategory: basics\norder: {order}",
            body,
        )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert find(app, "ledger") == ["Entry in-heading", "Entry in-body"]


def test_results_come_a_page_at_a_time(app, content_dir, runner, client):
    for number in range(23):
        write_version(
            content_dir,
            f"faq/retention-{number}",
            "2020-01-01",
            f"title: Retention question {number}\nsummary: First.\ncategory: basics\norder: {number}",
            "About retention.\n",
        )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    first = client.get("/search?q=retention")
    assert "23 results" in first.get_data(as_text=True)
    assert len(result_titles(first)) == 10
    third = client.get("/search?q=retention&page=3")
    assert len(result_titles(third)) == 3
    assert len(set(result_titles(first)) | set(result_titles(third))) == 13
    beyond = client.get("/search?q=retention&page=9").get_data(as_text=True)
    assert "There are no more results" in beyond


def test_every_page_has_a_search_box_in_its_header(indexed, client):
    for path in ["/", "/gdpr", "/faq", "/faq/backups", "/ask", "/requests/new", "/nowhere"]:
        page = client.get(path).get_data(as_text=True)
        assert re.search(r'<form class="site-search" method="get" action="/search"', page), path
        assert '<label class="visually-hidden" for="site-search-q">' in page, path


# The index follows the content.


def test_the_index_follows_a_sync(indexed, content_dir, runner):
    write_version(
        content_dir,
        "faq/backups",
        FUTURE,
        "title: How long do backups keep data?\nsummary: Tape.\ncategory: deletion\norder: 20",
        "Tape archives now keep erased contacts for ninety days.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert find(indexed, "ninety") == []
    indexed.config["SITE_TODAY"] = FUTURE.isoformat()
    assert find(indexed, "ninety") == ["How long do backups keep data?"]
    assert find(indexed, "encrypted") == []
    # An announced version taken out of the files leaves the index too.
    (content_dir / "faq" / "backups" / f"{FUTURE.isoformat()}.md").unlink()
    indexed.config["SITE_TODAY"] = TODAY.isoformat()
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    indexed.config["SITE_TODAY"] = FUTURE.isoformat()
    assert find(indexed, "ninety") == []
    assert find(indexed, "encrypted") == ["How long do backups keep data?"]


def test_the_index_follows_published_revised_and_withdrawn_answers(indexed):
    # Published yesterday, so that today's revision is a new version in force.
    indexed.config["SITE_TODAY"] = (TODAY - dt.timedelta(days=1)).isoformat()
    with indexed.test_request_context():
        received = moderation.receive(
            "How long is a quarantined lead kept?", None, sender="", link=link
        )
        document, _message = moderation.publish(
            received.question,
            title="How long is a quarantined lead kept?",
            answer="Quarantined leads are purged after a fortnight.",
            category=None,
            notify=False,
            author="moderator",
            link=link,
            by=audit.SYSTEM,
        )
        db.session.commit()
        document_id = document.id
    indexed.config["SITE_TODAY"] = TODAY.isoformat()
    assert find(indexed, "fortnight") == ["How long is a quarantined lead kept?"]
    with indexed.test_request_context():
        moderation.revise(
            db.session.get(Document, document_id),
            title="How long is a quarantined lead kept?",
            answer="Quarantined leads are purged after a week.",
            summary="Shorter.",
            effective=TODAY,
            editorial=False,
            author="moderator",
            by=audit.SYSTEM,
        )
        db.session.commit()
    assert find(indexed, "fortnight") == []
    assert find(indexed, "quarantined week") == ["How long is a quarantined lead kept?"]
    with indexed.test_request_context():
        moderation.unpublish(
            db.session.get(Document, document_id), reason="Under review.", by=audit.SYSTEM
        )
        db.session.commit()
    assert find(indexed, "quarantined") == []
    with indexed.test_request_context():
        moderation.republish(db.session.get(Document, document_id), by=audit.SYSTEM)
        db.session.commit()
    assert find(indexed, "quarantined") == ["How long is a quarantined lead kept?"]


def test_a_rolled_back_change_leaves_the_index_alone(indexed):
    with indexed.test_request_context():
        document = db.session.scalar(db.select(Document).where(Document.slug == "backups"))
        moderation.unpublish(document, reason="Test.", by=audit.SYSTEM)
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert find(indexed, "encrypted archives") == ["How long do backups keep data?"]


def test_reindex_rebuilds_the_index(indexed, runner):
    with indexed.app_context():
        db.session.execute(text("DELETE FROM search_index"))
        db.session.commit()
    assert find(indexed, "backups") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    # Every stored version is indexed, superseded and announced ones included.
    with indexed.app_context():
        versions = db.session.scalar(text("SELECT count(*) FROM version"))
    assert f"{versions} versions indexed" in result.output
    assert find(indexed, "backups") == [
        "How long do backups keep data?",
        "Where do erased contacts go?",
    ]


# What readers mean: the vocabulary and spelling.


def write_vocabulary(app, text: str) -> None:
    Path(app.config["CONTENT_DIR"], "search-vocabulary.txt").write_text(text, "utf-8")


def test_the_vocabulary_finds_what_a_word_or_a_phrase_means(indexed):
    write_vocabulary(
        indexed,
        "cv, curriculum vitae, resume\nwipe my contact => erased, purge\nstorage, archives\n",
    )
    assert find(indexed, "curriculum vitae") == ["Do you keep a candidate's résumé?"]
    assert find(indexed, "CV") == ["Do you keep a candidate's résumé?"]
    # A phrase, common words and all, also finds what it stands for.
    assert find(indexed, "how do I wipe my contact")[:1] == ["Where do erased contacts go?"]
    # One way only: "erased" does not find "wipe my contact" (nowhere) nor the reverse rule.
    assert find(indexed, "storage") == ["How long do backups keep data?"]


def test_the_vocabulary_is_read_again_when_it_changes(indexed):
    assert find(indexed, "cv")[:1] == ["Do you keep a candidate's résumé?"]
    assert find(indexed, "curriculum vitae") == []
    write_vocabulary(indexed, "cv, curriculum vitae\n")
    assert find(indexed, "curriculum vitae") == ["Do you keep a candidate's résumé?"]


def test_a_malformed_vocabulary_line_is_skipped_not_an_error(indexed, client):
    write_vocabulary(indexed, "=> => =>\ncv, curriculum vitae\n")
    response = client.get("/search?q=curriculum+vitae")
    assert response.status_code == 200
    assert result_titles(response) == ["Do you keep a candidate's résumé?"]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("The organisation is licensed to analyse colour.", "organization"),
        ("The organisation is licensed to analyse colour.", "licenced"),
        ("The organisation is licensed to analyse colour.", "analyzes"),
        ("The organisation is licensed to analyse colour.", "color"),
        ("The organization holds a license to analyze color.", "organisations"),
        ("The organization holds a license to analyze color.", "licence"),
        ("The organization holds a license to analyze color.", "analysing"),
        ("Our data centre cancelled the programme.", "center canceled program"),
    ],
)
def test_british_and_american_spellings_find_each_other(app, content_dir, runner, written, typed):
    write_version(
        content_dir,
        "faq/spelling",
        "2020-01-01",
        "title: Spelling\nsummary: First.\ncategory: basics\norder: 1",
        written + "\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert find(app, typed) == ["Spelling"]
    with app.test_request_context():
        shown = str(search.search(typed).results[0].snippet)
    assert "<mark>" in shown


# Typo tolerance: no "did you mean" to click.


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("candidte", "Do you keep a candidate's résumé?"),  # a letter missing
        ("encrpyted", "How long do backups keep data?"),  # two letters swapped
        ("archivess", "How long do backups keep data?"),  # a letter too many
        ("nigthly backpus", "Where do erased contacts go?"),
        ("decisoin hirring", "Do you keep a candidate's résumé?"),
        ("encryptedd archivse", "How long do backups keep data?"),
    ],
)
def test_a_misspelt_word_finds_what_the_right_spelling_finds(indexed, client, typed, title):
    assert find(indexed, typed)[:1] == [title]
    page = client.get("/search", query_string={"q": typed}).get_data(as_text=True)
    assert "Did you mean" not in page


def test_typo_tolerance_leaves_short_and_known_words_alone(indexed):
    # "data" is known; "cafe" is four letters, too short to respell into anything else.
    with indexed.test_request_context():
        query = search.search("data cafx").query
    assert [t.text for t in query.terms] == ["data", "cafx"]


def test_typo_tolerance_follows_the_content(indexed, content_dir, runner):
    assert find(indexed, "quarantned") == []
    write_version(
        content_dir,
        "faq/quarantine",
        "2020-01-01",
        "title: Quarantined leads\nsummary: First.\ncategory: basics\norder: 9",
        "They wait a fortnight.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert find(indexed, "quarantned") == ["Quarantined leads"]


# Sections of the statement.


def test_a_statement_result_leads_to_its_section(indexed, client):
    response = client.get("/search?q=friendly+software")
    page = response.get_data(as_text=True)
    assert re.search(r'class="result__title"><a href="/gdpr#who-we-are">Who we are</a>', page), page
    assert "GDPR statement: Our GDPR statement" in page
    # The anchor is the one the statement page gives that heading.
    statement = client.get("/gdpr").get_data(as_text=True)
    assert 'id="who-we-are"' in statement
    # Another section's words lead to that section.
    assert 'href="/gdpr#contact">Contact</a>' in client.get("/search?q=privacy+team").get_data(
        as_text=True
    )


def test_a_section_heading_weighs_like_a_title(indexed, client):
    page = client.get("/search?q=what+we+keep").get_data(as_text=True)
    sections = re.findall(r'class="result__title"><a href="(/gdpr[^"]*)"', page)
    assert sections[0] == "/gdpr#what-we-keep"


def test_a_snippet_keeps_a_heading_apart_from_its_text(app, content_dir, runner):
    write_version(
        content_dir,
        "faq/headed",
        "2020-01-01",
        "title: Headed\nsummary: First.\ncategory: basics\norder: 1",
        "## Why it matters to you\n\nIf someone asks for their data, we answer.\n",
    )
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    with app.test_request_context():
        (result,) = [r for r in search.search("matters asks").results if r.slug == "headed"]
    # Found by its heading, shown by its text alone.
    assert str(result.snippet) == "If someone <mark>asks</mark> for their data, we answer."


def test_table_cells_and_list_items_stay_apart_in_snippets() -> None:
    from faq_site.search.index import blocks

    html = (
        "<table><tr><td>Email address only on our suppression list</td>"
        "<td>Backups</td></tr></table><ul><li>First item.</li><li>Second</li></ul>"
    )
    assert blocks(html)[0].text == (
        "Email address only on our suppression list \u00b7 Backups \u00b7 First item. Second"
    )


def test_a_word_too_long_to_be_a_misspelling_gets_no_variants() -> None:
    from faq_site.search.typos import MAX_LENGTH, Lexicon

    lexicon = Lexicon.of(["processor retention consent"])
    assert lexicon.closest("procesor") == ["processor"]
    assert lexicon.closest("procesor" + "x" * MAX_LENGTH) == []


def test_characters_that_unfold_into_long_words_are_searched_at_once(synced, client) -> None:
    # Each of these becomes three to six letters once folded: 500 of them, one long word.
    query = "".join(chr(0x3300 + n % 0x58) for n in range(500))
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
