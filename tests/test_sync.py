"""flask content sync: loads everything once, changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from faq_site.extensions import db
from faq_site.models import Category, Document, DocumentKind, SiteState, Version
from faq_site.publishing import current_revision

from conftest import FUTURE, write_version


def sync(runner):
    result = runner.invoke(args=["content", "sync"])
    return result.exit_code, result.output


def snapshot(app):
    with app.app_context():
        versions = db.session.execute(
            db.select(
                Version.id,
                Version.effective,
                Version.title,
                Version.summary,
                Version.editorial,
                Version.markdown,
                Version.html,
                Version.toc_html,
                Version.created,
                Version.source_sha256,
            )
        ).all()
        documents = db.session.execute(
            db.select(Document.id, Document.slug, Document.category_id, Document.position)
        ).all()
        categories = db.session.execute(
            db.select(
                Category.id, Category.slug, Category.title, Category.description, Category.position
            )
        ).all()
        return sorted(versions), sorted(documents), sorted(categories), current_revision()


def test_sync_loads_every_document_and_renders_each_version(app, runner):
    code, output = sync(runner)
    assert code == 0, output
    assert "Synced: 11 added, 0 updated, 0 removed, 0 unchanged (content revision 1)." in output
    with app.app_context():
        statement = db.session.scalar(db.select(Document).where(Document.slug == "statement"))
        assert [v.title for v in statement.versions] == ["Our GDPR statement"] * 3
        assert '<h2 id="who-we-are">' in statement.versions[0].html
        entry = db.session.scalar(db.select(Document).where(Document.slug == "deleting-data"))
        assert entry.category.slug == "deletion" and entry.position == 10
        assert [v.editorial for v in entry.versions] == [False, False, True]


def test_sync_twice_changes_nothing(app, runner):
    assert sync(runner)[0] == 0
    before = snapshot(app)
    code, output = sync(runner)
    assert code == 0
    assert "Synced: 0 added, 0 updated, 0 removed, 11 unchanged (content revision 1)." in output
    assert snapshot(app) == before


def test_sync_refuses_everything_when_any_file_is_bad(app, runner, content_dir):
    write_version(content_dir, "statement", "2020-01-01", "summary: no title", "Text\n")
    code, output = sync(runner)
    assert code == 1
    assert "title is missing" in output and "Nothing was loaded" in output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Version.id))) == 0
        assert db.session.get(SiteState, 1) is None


def test_an_edit_to_a_version_in_force_is_refused_and_nothing_changes(synced, runner, content_dir):
    before = snapshot(synced)
    path = content_dir / "faq/deleting-data/2019-01-10.md"
    path.write_text(path.read_text("utf-8").replace("Usually", "Always"), "utf-8")
    write_version(
        content_dir, "faq/new-entry", "2020-01-01", "title: T\nsummary: S\ncategory: basics", "x\n"
    )
    code, output = sync(runner)
    assert code == 1
    assert "must not change" in output
    assert snapshot(synced) == before


def test_an_announced_version_can_be_edited_withdrawn_and_the_counter_moves(
    synced, runner, content_dir
):
    path = content_dir / "statement" / f"{FUTURE.isoformat()}.md"
    path.write_text(path.read_text("utf-8").replace("officer.", "officer, in writing."), "utf-8")
    code, output = sync(runner)
    assert code == 0, output
    assert "1 updated" in output and "(content revision 2)" in output
    with synced.app_context():
        html = db.session.scalar(
            db.select(Version.html)
            .join(Version.document)
            .where(Version.effective == FUTURE, Document.kind == DocumentKind.STATEMENT)
        )
        assert "in writing" in html
    path.unlink()
    code, output = sync(runner)
    assert code == 0, output
    assert "1 removed" in output and "(content revision 3)" in output


def test_a_new_version_and_a_new_category_order_are_picked_up(synced, runner, content_dir):
    (content_dir / "faq/categories.yml").write_text(
        "- slug: deletion\n  title: Deleting data\n- slug: basics\n  title: Basics, renamed\n",
        "utf-8",
    )
    write_version(
        content_dir,
        "faq/where-to-learn",
        FUTURE,
        "title: Where can I learn?\nsummary: Shorter.\ncategory: basics\norder: 5",
        "ICO.\n",
    )
    code, output = sync(runner)
    assert code == 0, output
    assert "1 added" in output
    with synced.app_context():
        categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
        assert [(c.slug, c.title) for c in categories] == [
            ("deletion", "Deleting data"),
            ("basics", "Basics, renamed"),
        ]
        entry = db.session.scalar(db.select(Document).where(Document.slug == "where-to-learn"))
        assert len(entry.versions) == 2
        assert entry.position == 20, "the announced version does not move the entry early"
    synced.config["SITE_TODAY"] = FUTURE.isoformat()
    assert sync(runner)[0] == 0
    with synced.app_context():
        entry = db.session.scalar(db.select(Document).where(Document.slug == "where-to-learn"))
        assert entry.position == 5, "in force, it places the entry"


def test_the_repository_content_syncs_idempotently(app, repository_content):
    app.config["CONTENT_DIR"] = str(repository_content)
    runner = app.test_cli_runner()
    code, output = sync(runner)
    assert code == 0, output
    before = snapshot(app)
    code, output = sync(runner)
    assert code == 0 and " 0 added, 0 updated, 0 removed" in output
    assert snapshot(app) == before


def first_statement() -> Version:
    return db.session.scalar(
        db.select(Version)
        .join(Version.document)
        .where(Document.slug == "statement", Version.effective == dt.date(2018, 5, 25))
    )


def test_rerender_refreshes_stored_html_without_touching_the_words(synced, runner):
    with synced.app_context():
        version = first_statement()
        version.html = "<p>rendered by an older pipeline</p>"
        markdown_before = version.markdown
        db.session.commit()
    code, output = sync(runner)
    assert code == 0 and "0 added, 0 updated" in output, "a plain sync leaves stored versions alone"
    result = runner.invoke(args=["content", "sync", "--rerender"])
    assert result.exit_code == 0, result.output
    assert "Rendered again: 1 versions changed." in result.output
    with synced.app_context():
        version = first_statement()
        assert '<h2 id="who-we-are">' in version.html and version.markdown == markdown_before
        assert current_revision() == 2


def test_sync_on_a_database_without_tables_says_to_migrate(app, runner):
    with app.app_context():
        db.drop_all()
    code, output = sync(runner)
    assert code == 1
    assert "run 'flask db upgrade' first" in output
