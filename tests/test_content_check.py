"""flask content check: each kind of bad file is reported with its file and line."""

from __future__ import annotations

import pytest

from conftest import CURRENT, FUTURE, write_version


def check(runner):
    result = runner.invoke(args=["content", "check"])
    return result.exit_code, result.output


def test_valid_content_passes(runner):
    code, output = check(runner)
    assert code == 0, output
    assert "Content is valid: 5 documents, 11 versions." in output


def test_repository_content_passes(app, repository_content):
    app.config["CONTENT_DIR"] = str(repository_content)
    code, output = check(app.test_cli_runner())
    assert code == 0, output


def bad_yaml(root):
    path = root / "faq/deleting-data/2019-01-10.md"
    path.write_text(
        "---\ntitle: Fine\nsummary: [unclosed\ncategory: deletion\n---\nText\n", "utf-8"
    )
    return "content/faq/deleting-data/2019-01-10.md:4: the front matter is not valid YAML"


def no_front_matter(root):
    (root / "faq/deleting-data/2019-01-10.md").write_text("Just text\n", "utf-8")
    return "content/faq/deleting-data/2019-01-10.md:1: the file must start with front matter"


def unclosed_front_matter(root):
    (root / "faq/deleting-data/2019-01-10.md").write_text("---\ntitle: x\n\nText\n", "utf-8")
    return "content/faq/deleting-data/2019-01-10.md:1: the front matter is not closed"


def bad_file_name(root):
    write_version(
        root,
        "faq/deleting-data",
        "version-two",
        "title: T\nsummary: S\ncategory: deletion",
        "Text\n",
    )
    return "content/faq/deleting-data/version-two.md:0: a version file is named by the date"


def impossible_date(root):
    write_version(root, "statement", "2023-02-30", "title: T\nsummary: S", "Text\n")
    return "content/statement/2023-02-30.md:0: 2023-02-30 is not a real date"


def missing_title(root):
    write_version(root, "statement", "2020-01-01", "summary: Something changed.", "Text\n")
    return "content/statement/2020-01-01.md:1: title is missing"


def empty_title(root):
    write_version(
        root, "statement", "2020-01-01", "summary: Something changed.\ntitle: ''", "Text\n"
    )
    return "content/statement/2020-01-01.md:3: title is missing"


def missing_summary(root):
    write_version(root, "statement", "2020-01-01", "title: T", "Text\n")
    return "content/statement/2020-01-01.md:1: summary is missing"


def two_versions_one_date(root):
    write_version(root, "statement", "2018-05-25-correction", "title: T\nsummary: S", "Text\n")
    return "content/statement/2018-05-25.md:1: two versions take effect on 2018-05-25"


def broken_faq_link(root):
    write_version(
        root,
        "statement",
        "2020-01-01",
        "title: T\nsummary: S",
        "One\n\nSee [this](/faq/no-such-entry).\n",
    )
    return (
        "content/statement/2020-01-01.md:7: broken link /faq/no-such-entry: there is no FAQ entry"
    )


def broken_version_link(root):
    write_version(
        root,
        "statement",
        "2020-01-01",
        "title: T\nsummary: S",
        "See [old](/gdpr/versions/2001-01-01).\n",
    )
    return "content/statement/2020-01-01.md:5: broken link /gdpr/versions/2001-01-01"


def broken_page_link(root):
    write_version(
        root, "statement", "2020-01-01", "title: T\nsummary: S", "[x]: /no/such/page\n\nSee [x].\n"
    )
    return "content/statement/2020-01-01.md:5: broken link /no/such/page: no page has that address"


def relative_link(root):
    write_version(
        root, "statement", "2020-01-01", "title: T\nsummary: S", "See [x](faq/deleting-data).\n"
    )
    return "content/statement/2020-01-01.md:5: link faq/deleting-data: internal links start with /"


def unknown_category(root):
    write_version(
        root, "faq/new-entry", "2020-01-01", "title: T\nsummary: S\ncategory: nowhere", "Text\n"
    )
    return "content/faq/new-entry/2020-01-01.md:4: category 'nowhere' is not in faq/categories.yml"


def misspelt_key(root):
    write_version(
        root, "statement", "2020-01-01", "title: T\nsummary: S\nchnage: editorial", "Text\n"
    )
    return "content/statement/2020-01-01.md:4: unknown front matter key 'chnage'"


def bad_change(root):
    write_version(root, "statement", "2020-01-01", "title: T\nsummary: S\nchange: big", "Text\n")
    return "content/statement/2020-01-01.md:4: change: may only be 'editorial'"


def bad_order(root):
    write_version(
        root,
        "faq/new-entry",
        "2020-01-01",
        "title: T\nsummary: S\ncategory: basics\norder: first",
        "x\n",
    )
    return "content/faq/new-entry/2020-01-01.md:5: order must be a whole number"


def raw_html(root):
    write_version(
        root,
        "statement",
        "2020-01-01",
        "title: T\nsummary: S",
        "Hello\n\n<div onclick='x'>hi</div>\n",
    )
    return "content/statement/2020-01-01.md:7: raw HTML is not allowed"


def empty_body(root):
    write_version(root, "statement", "2020-01-01", "title: T\nsummary: S", "\n")
    return "content/statement/2020-01-01.md:5: the text is empty"


def bad_slug(root):
    write_version(
        root, "faq/Bad_Slug", "2020-01-01", "title: T\nsummary: S\ncategory: basics", "x\n"
    )
    return "content/faq/Bad_Slug:0: an FAQ folder name is its address"


def reserved_slug(root):
    write_version(root, "faq/all", "2020-01-01", "title: T\nsummary: S\ncategory: basics", "x\n")
    return "content/faq/all:0: '/faq/all' is a page of the site itself"


def not_utf8(root):
    (root / "statement/2020-01-01.md").write_bytes(b"---\ntitle: caf\xe9\nsummary: S\n---\nText\n")
    return "content/statement/2020-01-01.md:1: the file is not UTF-8 text"


def bad_categories(root):
    (root / "faq/categories.yml").write_text("- slug: basics\n  title: [oops\n", "utf-8")
    return "content/faq/categories.yml:3: this is not valid YAML"


@pytest.mark.parametrize(
    "damage",
    [
        bad_yaml,
        no_front_matter,
        unclosed_front_matter,
        bad_file_name,
        impossible_date,
        missing_title,
        empty_title,
        missing_summary,
        two_versions_one_date,
        broken_faq_link,
        broken_version_link,
        broken_page_link,
        relative_link,
        unknown_category,
        misspelt_key,
        bad_change,
        bad_order,
        raw_html,
        empty_body,
        bad_slug,
        reserved_slug,
        not_utf8,
        bad_categories,
    ],
)
def test_each_problem_is_reported_with_file_and_line(runner, content_dir, damage):
    expected = damage(content_dir)
    code, output = check(runner)
    assert code == 1
    assert expected in output
    assert "problem" in output.splitlines()[-1]


def test_code_spans_and_autolinks_are_not_raw_html(runner, content_dir):
    write_version(
        content_dir,
        "statement",
        "2020-01-01",
        "title: T\nsummary: S",
        "Write `<br>` for a break, or see <https://ico.org.uk/> and <privacy@example.com>.\n",
    )
    code, output = check(runner)
    assert code == 0, output


def test_an_edited_version_in_force_is_refused(synced, runner, content_dir):
    path = content_dir / "statement" / f"{CURRENT.isoformat()}.md"
    path.write_text(path.read_text("utf-8").replace("friendly", "kind"), "utf-8")
    code, output = check(runner)
    assert code == 1
    assert (
        f"content/statement/{CURRENT.isoformat()}.md:1: this version has been in force since"
        in output
    )


def test_a_removed_version_in_force_is_refused(synced, runner, content_dir):
    (content_dir / "statement" / "2018-05-25.md").unlink()
    code, output = check(runner)
    assert code == 1
    assert "the version of 2018-05-25 is in force and published, but its file is gone" in output


def test_an_announced_version_may_still_be_edited(synced, runner, content_dir):
    path = content_dir / "statement" / f"{FUTURE.isoformat()}.md"
    path.write_text(path.read_text("utf-8").replace("officer", "officer or team"), "utf-8")
    code, output = check(runner)
    assert code == 0, output


def test_without_a_database_history_is_not_checked_and_says_so(app, runner):
    from faq_site.extensions import db

    with app.app_context():
        db.drop_all()
    code, output = check(runner)
    assert code == 0
    assert "edits to versions in force were not checked" in output


def test_link_lines_count_blank_lines_after_the_front_matter(runner, content_dir):
    path = content_dir / "statement" / "2020-01-01.md"
    path.write_text("---\ntitle: T\nsummary: S\n---\n\n\n\nSee [x](/faq/nope).\n", "utf-8")
    code, output = check(runner)
    assert code == 1
    assert "content/statement/2020-01-01.md:8: broken link /faq/nope" in output


def test_links_inside_code_are_not_checked(runner, content_dir):
    write_version(
        content_dir,
        "statement",
        "2020-01-01",
        "title: T\nsummary: S",
        "Write `[x](/nope)` for a link.\n",
    )
    code, output = check(runner)
    assert code == 0, output


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda root: write_version(
                root,
                "statement",
                "2020-01-01",
                "title: T\nsummary: S",
                "See ![a chart](/static/x.png).\n",
            ),
            "content/statement/2020-01-01.md:5: images are not supported",
        ),
        (
            lambda root: write_version(
                root,
                f"faq/{'a' * 121}",
                "2020-01-01",
                "title: T\nsummary: S\ncategory: basics",
                "x\n",
            ),
            "at most 120 characters",
        ),
        (
            lambda root: (root / "faq/categories.yml").write_text(
                f"- slug: {'b' * 81}\n  title: Long\n", "utf-8"
            ),
            "a slug has at most 80 characters",
        ),
        (
            lambda root: write_version(
                root,
                "faq/big-order",
                "2020-01-01",
                "title: T\nsummary: S\ncategory: basics\norder: 99999999999",
                "x\n",
            ),
            "content/faq/big-order/2020-01-01.md:5: order must be a whole number up to a million",
        ),
    ],
)
def test_what_would_not_fit_the_database_is_refused(runner, content_dir, damage, expected):
    damage(content_dir)
    code, output = check(runner)
    assert code == 1
    assert expected in output


def test_a_new_version_cannot_be_slipped_into_published_history(synced, runner, content_dir):
    write_version(content_dir, "statement", "2020-01-01", "title: T\nsummary: Backdated.", "Text\n")
    code, output = check(runner)
    assert code == 1
    assert (
        "content/statement/2020-01-01.md:0: a new version cannot take effect in the past" in output
    )


def test_a_new_document_may_start_with_past_dates(synced, runner, content_dir):
    write_version(
        content_dir, "faq/brand-new", "2020-01-01", "title: T\nsummary: S\ncategory: basics", "x\n"
    )
    code, output = check(runner)
    assert code == 0, output


def test_a_category_can_be_renamed_though_old_versions_name_it(synced, runner, content_dir):
    from conftest import TODAY

    (content_dir / "faq/categories.yml").write_text(
        "- slug: basics\n  title: The basics\n- slug: erasure\n  title: Erasure\n", "utf-8"
    )
    code, output = check(runner)
    assert code == 1
    assert "content/faq/deleting-data/2024-05-06.md:4: category 'deletion' is not in" in output
    assert "2019-01-10.md" not in output, "superseded versions are history, not checked again"
    write_version(
        content_dir,
        "faq/deleting-data",
        TODAY,
        "title: Must I delete a contact who asks?\nsummary: New category.\ncategory: erasure\norder: 10",
        "Usually, yes. Purge the record.\n",
    )
    code, output = check(runner)
    assert code == 0, output


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("dsar, sar\nlonely\n", "search-vocabulary.txt:2: a line needs at least two words"),
        ("dsar, , sar\n", "search-vocabulary.txt:1: '' has no words: remove the extra comma"),
        ("a => b => c\n", "search-vocabulary.txt:1: use => once"),
        ("dsar, sar\n# a note\nsar, subject access request\n", "search-vocabulary.txt:3: 'sar' is"),
        ("the, of\n", "search-vocabulary.txt:1: 'the' holds only common words"),
        ("a b c d e f g, x\n", "search-vocabulary.txt:1: 'a b c d e f g': at most 6 words"),
        ("x, " + "y" * 600 + "\n", "search-vocabulary.txt:1: a line has at most 500 characters"),
        (" => erasure\n", "search-vocabulary.txt:1: '' has no words"),
    ],
)
def test_a_malformed_vocabulary_line_is_reported(runner, content_dir, lines, expected):
    (content_dir / "search-vocabulary.txt").write_text(lines, "utf-8")
    code, output = check(runner)
    assert code == 1
    assert f"content/{expected}" in output


def test_a_vocabulary_that_is_not_text_is_reported(runner, content_dir):
    (content_dir / "search-vocabulary.txt").write_bytes(b"\xff\xfe dsar")
    code, output = check(runner)
    assert code == 1
    assert "content/search-vocabulary.txt:0: the file is not UTF-8 text" in output


def test_a_good_vocabulary_passes(runner, content_dir):
    (content_dir / "search-vocabulary.txt").write_text(
        "# notes\n\nDSAR, SAR, subject access request\nforget me, opt-out => erasure\n", "utf-8"
    )
    code, output = check(runner)
    assert code == 0, output
