"""Putting right a published answer: a same-day correction in place, and withdrawing a version
from the public history, its words erased from the database, search, feeds and cached pages."""

from __future__ import annotations

import datetime as dt

import pytest

from faq_site import audit, audit_words, corrections
from faq_site.extensions import db
from faq_site.models import AuditEvent, Document, Question, Version

from actions import ask, correct, csrf_token, decide, document_of, versions_of, withdraw_version
from conftest import TODAY


@pytest.fixture
def question_id(synced, client) -> int:
    assert ask(client).status_code == 302
    with synced.app_context():
        return db.session.scalar(db.select(Question.id))


LEAK = "Call Aoife Okafor on 07700 900123."
PAST = TODAY - dt.timedelta(days=30)


def published(synced, moderator_client, question_id) -> Document:
    """An answer whose first version, dated a month ago, leaked personal data, and whose
    second, in force from today, does not."""
    decide(
        moderator_client,
        question_id,
        publish="Publish",
        notify="",
        answer=f"Usually, yes. {LEAK}",
    )
    document = document_of(synced, question_id)
    with synced.app_context():
        first = db.session.scalar(db.select(Version).where(Version.document_id == document.id))
        first.effective = PAST
        db.session.commit()
    page = moderator_client.get(f"/admin/answers/{document.id}")
    saved = moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": "Usually, yes. Write to the privacy team.",
            "summary": "Personal data removed.",
            "effective": TODAY.isoformat(),
            "save": "1",
        },
    )
    assert saved.status_code == 302
    return document


def indexed(app) -> str:
    """Every word the search index holds, of every version, in force or not."""
    with app.app_context():
        table = "search_index_row" if db.engine.dialect.name == "sqlite" else "search_index"
        rows = db.session.execute(db.text(f"SELECT title, body FROM {table}"))  # noqa: S608
        return " ".join(f"{title} {body}" for title, body in rows)


# Same-day correction


def test_todays_version_is_corrected_in_place_and_says_so(
    synced, client, moderator_client, question_id
):
    decide(moderator_client, question_id, publish="Publish", notify="", answer=f"Yes. {LEAK}")
    document = document_of(synced, question_id)
    client.get(f"/faq/{document.slug}")  # cached before the correction
    page = moderator_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert "Correct today\u2019s version instead of adding a new one" in page
    response = correct(moderator_client, document, "Yes. Write to the privacy team.")
    assert response.status_code == 302
    [version] = versions_of(synced, document)
    assert version.effective == TODAY and "Okafor" not in version.markdown + version.html
    assert version.corrected is not None and version.correction_note == "Personal data removed."
    for path in (
        f"/faq/{document.slug}",
        f"/faq/{document.slug}/versions",
        f"/faq/{document.slug}/versions/{TODAY.isoformat()}",
        "/faq/feed.atom",
        "/faq/all",
    ):
        body = client.get(path).get_data(as_text=True)
        assert "Okafor" not in body and "07700" not in body, path
    assert f"/faq/{document.slug}" not in client.get("/search?q=Okafor").get_data(as_text=True)
    current = client.get(f"/faq/{document.slug}").get_data(as_text=True)
    assert "Write to the privacy team." in current
    assert "Corrected on" in current and "Personal data removed." in current
    assert f"/faq/{document.slug}" in client.get("/search?q=privacy+team").get_data(as_text=True)
    with synced.app_context():
        question = db.session.get(Question, question_id)
        assert "Okafor" not in (question.answer or "")
        assert "Okafor" not in indexed(synced)
        assert db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "answer.corrected")
        ).detail == {"version": version.id, "effective": TODAY.isoformat()}


def test_a_correction_needs_a_version_that_took_effect_today(
    synced, client, moderator_client, question_id
):
    document = published(synced, moderator_client, question_id)
    with synced.app_context():
        for version in db.session.scalars(
            db.select(Version).where(Version.document_id == document.id)
        ):
            version.effective -= dt.timedelta(days=1)
        db.session.commit()
    page = moderator_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert "Correct today" not in page
    response = correct(moderator_client, document, "Something else entirely.")
    assert response.status_code == 400
    assert "No version of this answer took effect today" in response.get_data(as_text=True)
    assert "Something else entirely" not in client.get(f"/faq/{document.slug}").get_data(
        as_text=True
    )


def test_without_a_correction_a_new_version_still_needs_a_date(
    synced, moderator_client, question_id
):
    decide(moderator_client, question_id, publish="Publish", notify="")
    document = document_of(synced, question_id)
    page = moderator_client.get(f"/admin/answers/{document.id}")
    response = moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": "Yes.",
            "summary": "Shorter.",
            "effective": "",
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "Give a date, as YYYY-MM-DD." in response.get_data(as_text=True)


# Withdrawing a version


def test_a_withdrawn_version_is_gone_from_every_page_search_feed_and_the_database(
    synced, client, admin_client, moderator_client, question_id
):
    document = published(synced, moderator_client, question_id)
    first, second = versions_of(synced, document)
    old_address = f"/faq/{document.slug}/versions/{PAST.isoformat()}"
    changes = f"/faq/{document.slug}/changes/{PAST.isoformat()}..{TODAY.isoformat()}"
    assert "Okafor" in client.get(old_address).get_data(as_text=True)  # and now cached
    assert "Okafor" in indexed(synced)

    response = withdraw_version(admin_client, document, first.id)
    assert response.status_code == 302

    gone = client.get(old_address)
    body = gone.get_data(as_text=True)
    assert gone.status_code == 410
    withdrawn_on = TODAY.strftime("%-d %B %Y")
    assert f"This version was withdrawn on {withdrawn_on}:" in body
    assert "it contained personal data" in body
    diff = client.get(changes)
    assert diff.status_code == 410
    assert f"was withdrawn on {withdrawn_on}" in diff.get_data(as_text=True)
    for path in (
        old_address,
        changes,
        f"/faq/{document.slug}",
        f"/faq/{document.slug}/versions",
        "/faq/feed.atom",
        "/sitemap.xml",
        "/",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "Okafor" not in page and "07700" not in page, path
    assert f"/faq/{document.slug}" not in client.get("/search?q=Okafor").get_data(as_text=True)
    assert "Okafor" not in indexed(synced) and "privacy team" in indexed(synced)
    history = client.get(f"/faq/{document.slug}/versions").get_data(as_text=True)
    assert "Withdrawn" in history and "Personal data removed." in history
    assert f'href="{old_address}"' not in history
    current = client.get(f"/faq/{document.slug}").get_data(as_text=True)
    assert "Write to the privacy team." in current

    with synced.app_context():
        version = db.session.get(Version, first.id)
        assert (version.title, version.summary, version.markdown, version.html) == ("",) * 4
        assert version.withdrawn_reason == "it contained personal data"
        assert db.session.get(Version, second.id).markdown.startswith("Usually, yes. Write")
        assert "Okafor" not in (db.session.get(Question, question_id).answer or "")
        event = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "answer.version_withdrawn")
        )
        assert event.detail == {"version": first.id, "effective": PAST.isoformat()}
        assert "personal data" not in str(event.detail)
        assert audit_words.action_words(event.action) == "A version withdrawn, its text erased"


def test_the_version_in_force_cannot_be_withdrawn(
    synced, client, admin_client, moderator_client, question_id
):
    document = published(synced, moderator_client, question_id)
    _first, second = versions_of(synced, document)
    page = admin_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert f'value="{second.id}"' not in page
    response = withdraw_version(admin_client, document, second.id)
    assert response.status_code == 400
    assert "the version in force cannot be" in response.get_data(as_text=True)
    assert client.get(f"/faq/{document.slug}/versions/{TODAY.isoformat()}").status_code == 200
    with synced.app_context():
        assert db.session.get(Version, second.id).withdrawn is None
        with pytest.raises(corrections.Refused, match="version in force"):
            corrections.withdraw(
                db.session.get(Document, document.id),
                db.session.get(Version, second.id),
                reason="no",
                by=audit.SYSTEM,
            )


def test_an_answer_with_one_version_offers_nothing_to_withdraw(
    synced, admin_client, moderator_client, question_id
):
    decide(moderator_client, question_id, publish="Publish", notify="")
    document = document_of(synced, question_id)
    page = admin_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert "There is no version to withdraw" in page
    [only] = versions_of(synced, document)
    assert withdraw_version(admin_client, document, only.id).status_code == 400


@pytest.mark.parametrize(
    ("version", "reason", "message"),
    [
        ("first", "", "Give the reason readers will see."),
        ("first", "x" * 501, "Keep the reason to 500 characters."),
        ("", "personal data", "Choose the version to withdraw."),
        ("not-a-number", "personal data", "Choose the version to withdraw."),
        ("999999", "personal data", "That version cannot be withdrawn"),
    ],
)
def test_a_bad_withdrawal_is_a_400_with_its_error_by_the_field(
    synced, admin_client, moderator_client, question_id, version, reason, message
):
    document = published(synced, moderator_client, question_id)
    first, _second = versions_of(synced, document)
    page = admin_client.get(f"/admin/answers/{document.id}")
    response = admin_client.post(
        f"/admin/answers/{document.id}/withdraw",
        data={
            "csrf_token": csrf_token(page),
            "version": str(first.id) if version == "first" else version,
            "withdraw_reason": reason,
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body and 'class="field__error"' in body
    with synced.app_context():
        assert db.session.get(Version, first.id).withdrawn is None


def test_only_an_admin_may_withdraw_and_only_with_a_csrf_token(
    synced, admin_client, moderator_client, question_id
):
    document = published(synced, moderator_client, question_id)
    first, _second = versions_of(synced, document)
    page = moderator_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert "Only an admin can withdraw a version." in page
    assert withdraw_version(moderator_client, document, first.id).status_code == 403
    forged = admin_client.post(
        f"/admin/answers/{document.id}/withdraw",
        data={"csrf_token": "forged", "version": str(first.id), "withdraw_reason": "x"},
    )
    assert forged.status_code == 400
    with synced.app_context():
        assert db.session.get(Version, first.id).withdrawn is None


def test_a_withdrawn_version_cannot_be_withdrawn_again(
    synced, admin_client, moderator_client, question_id
):
    document = published(synced, moderator_client, question_id)
    first, _second = versions_of(synced, document)
    assert withdraw_version(admin_client, document, first.id).status_code == 302
    again = withdraw_version(admin_client, document, first.id, reason="again")
    assert again.status_code == 400
    with synced.app_context():
        assert db.session.get(Version, first.id).withdrawn_reason == "it contained personal data"


def test_an_announced_version_withdrawn_never_comes_into_force(
    synced, client, admin_client, moderator_client, question_id
):
    decide(moderator_client, question_id, publish="Publish", notify="")
    document = document_of(synced, question_id)
    later = TODAY + dt.timedelta(days=5)
    page = moderator_client.get(f"/admin/answers/{document.id}")
    moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": f"Soon: {LEAK}",
            "summary": "Announced.",
            "effective": later.isoformat(),
            "save": "1",
        },
    )
    _first, announced = versions_of(synced, document)
    assert withdraw_version(admin_client, document, announced.id).status_code == 302
    with synced.app_context():
        from faq_site.versions import Timeline

        stored = db.session.get(Document, document.id)
        timeline = Timeline(list(stored.versions), later)
        assert timeline.current.effective == TODAY and timeline.upcoming == []
    body = client.get(f"/faq/{document.slug}").get_data(as_text=True)
    assert "An updated answer takes effect" not in body and "Okafor" not in body


# Content files


def test_a_sync_does_not_bring_back_the_text_of_a_withdrawn_file_version(synced, runner, client):
    with synced.app_context():
        document = db.session.scalar(db.select(Document).where(Document.slug == "deleting-data"))
        first = document.versions[0]
        corrections.withdraw(document, first, reason="it named a customer", by=audit.SYSTEM)
        db.session.commit()
        first_id, effective = first.id, first.effective
    # The file still holds the words, unchanged, then edited: neither brings them back.
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    content = synced.config["CONTENT_DIR"]
    path = f"{content}/faq/deleting-data/{effective.isoformat()}.md"
    with open(path, "a", encoding="utf-8") as file:
        file.write("\nNow edited.\n")
    check = runner.invoke(args=["content", "check"])
    assert check.exit_code == 0, check.output
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    with synced.app_context():
        version = db.session.get(Version, first_id)
        assert version.withdrawn is not None
        assert (version.markdown, version.html, version.title) == ("", "", "")
    gone = client.get(f"/faq/deleting-data/versions/{effective.isoformat()}")
    assert gone.status_code == 410 and "it named a customer" in gone.get_data(as_text=True)
    assert f"/faq/deleting-data/versions/{effective.isoformat()}" not in client.get(
        "/sitemap.xml"
    ).get_data(as_text=True)


# From a shell: flask content withdraw


def withdrawn_versions(app) -> list[tuple[str, dt.date]]:
    with app.app_context():
        return [
            (slug, effective)
            for slug, effective in db.session.execute(
                db.select(Document.slug, Version.effective)
                .join(Version.document)
                .where(Version.withdrawn.is_not(None))
            )
        ]


SHELL_CASES = {
    # folder as typed: the document's slug, the version, its address, the audit log's subject
    "faq/deleting-data": (
        "deleting-data",
        "2019-01-10",
        "FAQ entry “Must I delete a contact who asks?”",
    ),
    "statement": ("statement", "2018-05-25", "The GDPR statement"),
    "content/statement/": ("statement", "2018-05-25", "The GDPR statement"),
}


@pytest.mark.parametrize("folder", SHELL_CASES)
def test_a_shell_withdraws_a_version_through_the_same_step_as_the_panel(
    synced, runner, client, admin_client, folder
):
    slug, effective, subject = SHELL_CASES[folder]
    history = "/gdpr/versions" if slug == "statement" else f"/faq/{slug}/versions"
    address = f"{history}/{effective}"
    assert client.get(address).status_code == 200  # and now cached
    result = runner.invoke(
        args=["content", "withdraw", folder, effective, "--reason", "it named a customer", "--yes"]
    )
    assert result.exit_code == 0, result.output
    name = f"{'faq/' if slug != 'statement' else ''}{slug}/{effective}"
    assert result.stdout.splitlines()[0] == (
        f"Withdrawn: {name}. Its address now says why: it named a customer"
    )
    assert result.stderr == ""

    gone = client.get(address)
    body = gone.get_data(as_text=True)
    assert gone.status_code == 410
    assert f"This version was withdrawn on {TODAY.strftime('%-d %B %Y')}:" in body
    assert "it named a customer" in body
    assert address not in client.get("/sitemap.xml").get_data(as_text=True)
    assert withdrawn_versions(synced) == [(slug, dt.date.fromisoformat(effective))]
    with synced.app_context():
        version = db.session.scalar(db.select(Version).where(Version.withdrawn.is_not(None)))
        assert (version.title, version.summary, version.markdown, version.html) == ("",) * 4
        [event] = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "answer.version_withdrawn")
        )
        assert (event.actor, event.moderator_id) == ("system", None)
        assert event.detail == {"version": version.id, "effective": effective}
        assert "customer" not in str(event.detail)
    # A later sync, the file unchanged, leaves it withdrawn.
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert client.get(address).status_code == 410
    # The audit log names the text in words, linking to its public history.
    log = admin_client.get("/admin/audit").get_data(as_text=True)
    assert f'<a href="{history}">{subject}</a>' in log
    assert "A version withdrawn, its text erased" in log
    day = dt.date.fromisoformat(effective)
    assert f"the version of {day.day} {day:%B %Y}" in log


def test_a_shell_is_asked_first_and_no_changes_nothing(synced, runner, client):
    result = runner.invoke(args=["content", "withdraw", "statement", "2018-05-25"], input="n\n")
    assert result.exit_code == 1
    assert "Withdraw statement/2018-05-25? Its title, summary and text are erased" in result.output
    assert withdrawn_versions(synced) == []
    result = runner.invoke(args=["content", "withdraw", "statement", "2018-05-25"], input="y\n")
    assert result.exit_code == 0, result.output
    assert withdrawn_versions(synced) == [("statement", dt.date(2018, 5, 25))]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ["policies", "2018-05-25"],
            "No text lives in 'policies': name its folder under content/ (statement, "
            "subprocessors or faq/SLUG).",
        ),
        (
            ["faq/no-such-entry", "2018-05-25"],
            "No text from faq/no-such-entry is published: check the name, or sync first.",
        ),
        (
            ["statement", "25/05/2018"],
            "Give the version's date as YYYY-MM-DD, as its file is named (not '25/05/2018').",
        ),
        (
            ["faq/deleting-data", "2019-01-11"],
            "faq/deleting-data has no version dated 2019-01-11: it has 2019-01-10, 2024-04-15, "
            "2024-05-06.",
        ),
        (
            ["faq/deleting-data", "2024-05-06"],
            "faq/deleting-data/2024-05-06: This is the version in force, so it cannot be "
            "withdrawn: put a new version in force first (a file dated today under content/, "
            "then flask content sync).",
        ),
        (
            ["statement", "2018-05-25", "--reason", "  "],
            "statement/2018-05-25: Give the reason readers will see, in at most 500 characters.",
        ),
        (
            ["statement", "2018-05-25", "--reason", "x" * 501],
            "statement/2018-05-25: Give the reason readers will see, in at most 500 characters.",
        ),
    ],
)
def test_a_shell_told_what_cannot_be_withdrawn_gets_the_reason_in_one_line(
    synced, runner, args, reason
):
    result = runner.invoke(args=["content", "withdraw", *args, "--yes"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert result.stdout == "" and result.stderr == reason + "\n"
    assert withdrawn_versions(synced) == []
    with synced.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0


def test_a_shell_cannot_withdraw_a_version_twice(synced, runner):
    args = ["content", "withdraw", "faq/deleting-data", "2019-01-10", "--yes"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=[*args, "--reason", "again"])
    assert again.exit_code == 1
    assert again.stderr == "faq/deleting-data/2019-01-10: That version is already withdrawn.\n"
    with synced.app_context():
        version = db.session.scalar(db.select(Version).where(Version.withdrawn.is_not(None)))
        assert version.withdrawn_reason == "it contained personal data"
