"""Readable diffs: words marked, whole paragraphs labelled, moves shown as moves."""

from __future__ import annotations

from faq_site.diffing import Change, blocks, diff, words
from faq_site.rendering import render


def changes(old: str, new: str):
    result = diff(render(old).html, render(new).html)
    return [(block.change, str(block.html)) for block in result.blocks]


def test_changed_words_are_marked_inside_a_paragraph():
    result = changes("We keep your data safe.", "We keep your personal data very safe.")
    assert result == [
        (Change.CHANGED, "We keep your <ins>personal </ins>data <ins>very </ins>safe.")
    ]


def test_a_replaced_phrase_reads_as_one_change():
    html = str(
        words("Write to our privacy team today.", "Write to our data protection officer today.")
    )
    assert html == "Write to our <del>privacy team</del><ins>data protection officer</ins> today."


def test_added_and_removed_paragraphs_are_labelled_whole():
    result = changes(
        "Intro.\n\nA paragraph that goes away entirely.\n\nEnd.",
        "Intro.\n\nEnd.\n\nSomething completely new at the end.",
    )
    assert (Change.REMOVED, "A paragraph that goes away entirely.") in result
    assert (Change.ADDED, "Something completely new at the end.") in result
    assert [c for c, _ in result].count(Change.SAME) == 2


def test_a_paragraph_that_only_moved_is_shown_as_moved_not_removed_and_added():
    old = "## One\n\nAlpha paragraph stays.\n\nThe moving paragraph, word for word.\n\n## Two\n\nOmega."
    new = "## One\n\nAlpha paragraph stays.\n\n## Two\n\nOmega.\n\nThe moving paragraph, word for word."
    result = changes(old, new)
    assert (Change.MOVED, "The moving paragraph, word for word.") in result
    assert not any(c in {Change.REMOVED, Change.ADDED} for c, _ in result)
    assert len(result) == 5, "the moved paragraph appears once"


def test_a_paragraph_that_moved_and_changed_is_shown_once_where_it_now_stands():
    old = "Keep me first.\n\nKeep me second.\n\nWe keep your name and email address."
    new = "We keep your name, email address and order history.\n\nKeep me first.\n\nKeep me second."
    result = diff(render(old).html, render(new).html)
    first = result.blocks[0]
    assert first.change is Change.CHANGED and first.moved
    assert str(first.html) == (
        "We keep your name<del> and</del><ins>,</ins> email address<ins> and order history</ins>."
    )
    assert [b.change for b in result.blocks[1:]] == [Change.SAME, Change.SAME]


def test_list_items_and_headings_are_separate_blocks():
    found = blocks(render("## Title\n\n- one\n- two\n\n1. first\n\n    nested para\n").html)
    assert [(b.kind, b.text) for b in found][:3] == [("h2", "Title"), ("li", "one"), ("li", "two")]
    assert found[0].html == "Title", "the heading's permalink is not part of its text"


def test_table_rows_compare_as_rows():
    result = changes("| a | b |\n|---|---|\n| x | 1 |", "| a | b |\n|---|---|\n| x | 2 |")
    assert result == [(Change.SAME, "a | b"), (Change.CHANGED, "x | <del>1</del><ins>2</ins>")]


def test_identical_texts_report_no_change():
    result = diff(render("Same.\n\nText.").html, render("Same.\n\nText.").html)
    assert result.identical
    assert result.count(Change.SAME) == 2


def test_markup_in_the_text_stays_escaped_in_the_diff():
    result = changes("Use `<b>` for bold.", "Use `<strong>` for bold.")
    ((change, html),) = result
    assert change is Change.CHANGED
    assert html == "Use <code>&lt;<del>b</del><ins>strong</ins>&gt;</code> for bold."


def test_unchanged_inline_formatting_and_links_are_kept():
    result = changes(
        "See **this** [page](/faq).\n\nOld.", "See **this** [page](/faq).\n\nNew text here."
    )
    assert result[0] == (Change.SAME, 'See <strong>this</strong> <a href="/faq">page</a>.')


def test_only_changes_view_collapses_unchanged_runs():
    result = diff(
        render("A.\n\nB.\n\nC.\n\nD is here.").html, render("A.\n\nB.\n\nC.\n\nD is there.").html
    )
    segments = result.segments(only_changes=True)
    assert [s.skipped for s in segments] == [3, 0]
    listed = diff(render("- a\n- b\n\nEnd.").html, render("- a\n- b\n- c\n\nEnd.").html).segments()
    assert listed[0].is_list and len(listed[0].blocks) == 3


def test_links_and_emphasis_survive_in_a_changed_paragraph():
    result = changes(
        "Use the **request form** or [write to us](/contact).",
        "Use the **new request form** or [write to our team](/contact) today.",
    )
    ((change, html),) = result
    assert change is Change.CHANGED
    assert html == (
        "Use the <strong><ins>new </ins>request form</strong> or "
        '<a href="/contact">write to <del>us</del><ins>our team</ins></a><ins> today</ins>.'
    )


def test_a_new_link_is_inserted_whole_and_a_removed_one_leaves_its_words():
    ((_, added),) = changes("Read the guide.", "Read the [guide](/faq) now.")
    assert added == 'Read the <a href="/faq">guide</a><ins> now</ins>.'
    ((_, removed),) = changes("Read the [guide](/faq) now.", "Read the guide.")
    assert "<a" not in removed and "<del> now</del>" in removed
