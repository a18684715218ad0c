"""Every change of published content goes through publishing.changed(): it is the one place that
rewrites the changed documents' search rows and bumps the content revision the caches are keyed
on. Each path a moderator, an admin or the content pipeline takes is run here in turn; after
each, the index must be exactly what a rebuild from the database gives, and the revision must
have moved. Nothing is left listening on SQLAlchemy's Session or Mapper classes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Mapper, Session

from faq_site import corrections, moderation, publishing, search
from faq_site.extensions import db
from faq_site.models import Document, Question, Version

from actions import ask, correct, csrf_token, decide, document_of, versions_of, withdraw_version
from conftest import TODAY, write_version

TITLE = "Must a company delete my contact record when I ask?"


@pytest.fixture
def question_id(synced, client) -> int:
    assert ask(client).status_code == 302
    with synced.app_context():
        return db.session.scalar(db.select(Question.id))


@pytest.fixture
def calls(monkeypatch) -> list[set[int]]:
    """The ids of the documents each call of publishing.changed() named, under every name the
    product's modules call it by."""
    seen: list[set[int]] = []
    real = publishing.changed

    def spy(documents):
        documents = list(documents)
        seen.append({document.id for document in documents})
        return real(documents)

    for module in (publishing, moderation, corrections):
        monkeypatch.setattr(module, "changed", spy)
    return seen


def index_rows(app) -> list[tuple]:
    """Everything the search index holds, in an order that does not depend on row ids."""
    with app.app_context():
        return _rows()


def _rows() -> list[tuple]:
    if db.engine.dialect.name == "sqlite":
        statement = (
            "SELECT r.version_id, r.document_id, r.kind, r.slug, r.anchor, r.heading, r.title, "
            "r.body, r.effective, r.until, i.title, i.headings, i.body "
            "FROM search_index_row r JOIN search_index i ON i.rowid = r.id"
        )
    else:
        statement = (
            "SELECT version_id, document_id, kind, slug, anchor, heading, title, body, "
            "effective, until, terms::text FROM search_index"
        )
    return sorted(tuple(row) for row in db.session.execute(db.text(statement)))


def rebuilt_rows(app) -> list[tuple]:
    """What the index would hold if rebuilt from the database now (the rebuild is rolled back)."""
    with app.app_context():
        search.reindex()
        rows = _rows()
        db.session.rollback()
        return rows


class Step:
    """Runs one path and checks what it left behind."""

    def __init__(self, app, calls: list[set[int]]):
        self.app, self.calls = app, calls

    def revision(self) -> int:
        with self.app.app_context():
            return publishing.current_revision()

    def __call__(self, name: str, document_id: int | None, run) -> None:
        self.calls.clear()
        revision = self.revision()
        run()
        assert self.calls, f"{name}: publishing.changed() was not called"
        if document_id is not None:
            assert any(document_id in ids for ids in self.calls), name
        assert self.revision() > revision, f"{name}: the content revision did not move"
        assert index_rows(self.app) == rebuilt_rows(self.app), f"{name}: the index is stale"


def ok(response) -> None:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_every_path_that_changes_published_content_goes_through_changed(
    synced, runner, client, admin_client, moderator_client, question_id, calls
):
    step = Step(synced, calls)
    assert index_rows(synced) == rebuilt_rows(synced), "the first sync builds the index"

    # A moderator publishes an answer: a new document, with a version in force from today.
    step("publish", None, lambda: ok(decide(moderator_client, question_id, publish="Publish")))
    document = document_of(synced, question_id)
    assert any(document.id in ids for ids in calls)
    assert f"/faq/{document.slug}" in client.get("/search?q=soft+delete").get_data(as_text=True)

    # The version that took effect today is corrected in place.
    step("correct", document.id, lambda: ok(correct(moderator_client, document, "Yes: erase it.")))

    # A new version announced for next week.
    def revise():
        page = moderator_client.get(f"/admin/answers/{document.id}")
        ok(
            moderator_client.post(
                f"/admin/answers/{document.id}",
                data={
                    "csrf_token": csrf_token(page),
                    "title": TITLE,
                    "answer": "From next week: ask the privacy team.",
                    "summary": "Who to ask.",
                    "effective": (TODAY + dt.timedelta(days=7)).isoformat(),
                    "save": "1",
                },
            )
        )

    step("revise", document.id, revise)

    def unpublish():
        page = moderator_client.get(f"/admin/answers/{document.id}")
        ok(
            moderator_client.post(
                f"/admin/answers/{document.id}/unpublish",
                data={"csrf_token": csrf_token(page), "reason": "Being rewritten."},
            )
        )

    step("unpublish", document.id, unpublish)
    assert f"/faq/{document.slug}" not in client.get("/search?q=erase").get_data(as_text=True)

    def republish():
        page = moderator_client.get(f"/admin/answers/{document.id}")
        ok(
            moderator_client.post(
                f"/admin/answers/{document.id}/republish", data={"csrf_token": csrf_token(page)}
            )
        )

    step("republish", document.id, republish)

    # An admin withdraws the announced version from the history.
    announced = versions_of(synced, document)[-1]
    assert announced.effective > TODAY
    step(
        "withdraw", document.id, lambda: ok(withdraw_version(admin_client, document, announced.id))
    )

    # The content pipeline: a new statement version in the tree, then a sync.
    write_version(
        Path(synced.config["CONTENT_DIR"]),
        "statement",
        TODAY + dt.timedelta(days=3),
        "title: Our GDPR statement\nsummary: A new address for the privacy team.",
        "## Contact\nWrite to the privacy team at their new address.\n",
    )
    with synced.app_context():
        statement = db.session.scalar(db.select(Document.id).where(Document.slug == "statement"))
    step("sync", statement, lambda: _invoke(runner, "content", "sync"))

    # After a change of the rendering pipeline: every version rendered again.
    def stale_html():
        with synced.app_context():
            version = db.session.scalar(db.select(Version).where(Version.document_id == statement))
            version.html = "<p>rendered by an older pipeline</p>"
            db.session.commit()

    stale_html()
    step("rerender", statement, lambda: _invoke(runner, "content", "sync", "--rerender"))


def _invoke(runner, *args: str) -> None:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output


def test_a_change_made_without_changed_leaves_the_index_stale(synced):
    """The other side of the rule, so the test above can fail: nothing listens to the session
    any more, so a bulk update that skips changed() is not seen by the index."""
    with synced.app_context():
        db.session.execute(db.update(Version).values(title="Renamed behind the index's back"))
        db.session.commit()
    assert index_rows(synced) != rebuilt_rows(synced)


def test_nothing_of_ours_listens_on_sessions_or_mappers(synced):
    def ours(dispatch) -> list[str]:
        found = []
        for name in dispatch._event_names:
            listeners = getattr(dispatch, name)
            for fns in getattr(listeners, "_clslevel", {}).values():
                found += [f"{name}: {fn.__module__}.{fn.__qualname__}" for fn in fns]
        return [entry for entry in found if "faq_site" in entry]

    assert ours(Session.dispatch) == []
    assert ours(Mapper.dispatch) == []
    for mapper in db.Model.registry.mappers:
        assert ours(mapper.dispatch) == [], mapper
