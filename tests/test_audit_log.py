"""The audit log as an admin reads it: actions, subjects and details in words, not identifiers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path

from faq_site import audit, audit_words, moderation
from faq_site.extensions import db
from faq_site.marks import Resolution
from faq_site.models import AuditEvent, Document, Moderator, Question, Right

from actions import MONDAY, PASSWORD, ask, decide, document_of, file_request, sign_in

PACKAGE = Path(audit_words.__file__).parent
RECORDED = re.compile(r"""\brecord\(\s*["']([a-z_]+\.[a-z_]+)["']""")


def recorded_actions() -> set[str]:
    """Every action the code records by name, and the checks recorded by their resolution."""
    found = set()
    for source in PACKAGE.rglob("*.py"):
        found.update(RECORDED.findall(source.read_text(encoding="utf-8")))
    found.update(f"question.check_{resolution.value}" for resolution in Resolution)
    return found


def table_text(html: str) -> str:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return unescape(re.sub(r"<[^>]+>", " ", body))


def actions_shown(html: str) -> list[str]:
    return [" ".join(a.split()) for a in re.findall(r'data-label="Action">([^<]*)<', html)]


def test_every_action_the_code_records_has_its_words():
    actions = recorded_actions()
    assert "moderator.sign_in_failed" in actions and "request.confirmed" in actions
    assert sorted(actions - set(audit_words.ACTIONS)) == []


def test_an_action_without_words_is_still_shown_readably(app):
    with app.test_request_context():
        assert audit_words.action_words("question.email_forgotten") == "Question: email forgotten"
        assert audit_words.action_words("moderator.sign_in_failed") == "Signed in — failed"


def test_the_log_names_actions_and_subjects_in_words(app, client, admin, admin_client, moderator):
    assert sign_in(app.test_client(), moderator.email, "not the password").status_code == 422
    filed = file_request(app)
    unconfirmed = file_request(app, confirm=False)
    assert ask(client).status_code == 302
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id))

    html = admin_client.get("/admin/audit").get_data(as_text=True)
    text = " ".join(table_text(html).split())
    assert "Signed in — failed" in text and "reason: wrong password" in text
    assert moderator.email in text  # whom someone failed to sign in as
    assert f"Request {filed.reference}" in text and "Request confirmed by email" in text
    assert f'href="/admin/requests/{filed.id}">Request {filed.reference}</a>' in html
    assert f"Request {unconfirmed.id} (not confirmed)" in text
    assert f'href="/admin/questions/{question_id}">Question {question_id}</a>' in html
    assert "Question received" in text and "wants reply: yes" in text
    # No raw identifier is left in the table.
    for raw in ("sign_in_failed", "moderator.", "accessrequest", "question #", "True", "False"):
        assert raw not in text, raw

    # The filter offers the actions in words and still filters by the action.
    assert '<option value="moderator.sign_in_failed">Signed in — failed</option>' in html
    filtered = admin_client.get("/admin/audit?action=request.confirmed").get_data(as_text=True)
    assert "Request confirmed by email" in table_text(filtered)
    assert "Signed in — failed" not in table_text(filtered)


def test_the_log_names_people_as_colleagues_know_them_never_by_number(
    app, client, admin, admin_client, moderator
):
    assert sign_in(app.test_client(), moderator.email, PASSWORD).status_code == 302
    assert ask(client).status_code == 302
    with app.app_context():
        # A password set from a reset link, before anyone is signed in, is stored by label only;
        # and an account no longer there is still named, by its number.
        db.session.add_all(
            [
                AuditEvent(
                    actor=f"moderator #{moderator.id}",
                    action="moderator.password_reset",
                    subject_type="moderator",
                    subject_id=moderator.id,
                ),
                AuditEvent(actor="moderator #999", action="moderator.signed_out"),
                AuditEvent(actor="system", action="purge.run"),
            ]
        )
        db.session.get(Moderator, moderator.id).active = False
        db.session.commit()

    html = admin_client.get("/admin/audit").get_data(as_text=True)
    rows = [" ".join(row.split()) for row in table_text(html).split("\n") if row.strip()]
    text = " ".join(" ".join(rows).split())
    gone = f"{moderator.email} (deactivated)"
    assert f"{gone} Signed in" in text
    assert f"{gone} Password set from a reset link" in text
    assert f'<a href="/admin/moderators/">{gone}</a>' in html
    assert "a deleted moderator (#999) Signed out" in text
    assert "A visitor Question received" in text
    assert "The system Purge" in text
    assert "moderator #" not in text and "Moderator #" not in text

    # The filter offers people by what they are called, and chooses them by number, so that
    # no address enters the page's address.
    assert '<select id="page-filter-actor" name="actor">' in html
    assert f'<option value="{moderator.id}">{gone}</option>' in html
    assert f'<option value="{admin.id}">{admin.email}</option>' in html
    assert '<option value="visitor">A visitor</option>' in html
    mine = admin_client.get(f"/admin/audit?actor={moderator.id}").get_data(as_text=True)
    assert sorted(actions_shown(mine)) == ["Password set from a reset link", "Signed in"]
    assert f'<option value="{moderator.id}" selected>{gone}</option>' in mine
    visitors = admin_client.get("/admin/audit?actor=visitor").get_data(as_text=True)
    assert set(actions_shown(visitors)) == {"Question received"}
    for odd in ("9" * 30, "0", "-1", "moderator #999"):
        assert admin_client.get(f"/admin/audit?actor={odd}").status_code == 200, odd

    # The CSV, which leaves the panel, keeps the numbers the trail stores: no address in it.
    download = admin_client.get(f"/admin/exports/audit.csv?actor={moderator.id}")
    body = download.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert {row[1] for row in rows[1:]} == {f"moderator #{moderator.id}"}
    assert moderator.email not in body


def test_an_answers_versions_name_their_author_by_address(synced, client, moderator_client):
    assert ask(client).status_code == 302
    with synced.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    decide(moderator_client, question_id, publish="Publish", notify="")
    document = document_of(synced, question_id)
    page = moderator_client.get(f"/admin/answers/{document.id}").get_data(as_text=True)
    assert "— moderator@quillstone.example</li>" in page
    assert "moderator #" not in page


def test_details_read_as_a_person_reads_them_while_the_trail_keeps_its_numbers(
    app, client, admin, admin_client, moderator_client
):
    """A version by its day, an answer by its question's title, a right by its name in law;
    looked up as the log is read, so the stored detail stays the numbers and codes it was."""
    filed = file_request(app, right=Right.ERASURE)
    assert ask(client).status_code == 302
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    title = "Must a company delete my contact record when I ask?"
    decide(moderator_client, question_id, publish="Publish", notify="", title=title)
    document = document_of(app, question_id)
    day = dt.date.fromisoformat(MONDAY) + dt.timedelta(days=10)
    with app.test_request_context():
        version = moderation.revise(
            db.session.get(Document, document.id),
            title="Must a company delete my contact when I ask?",
            answer="Yes, within a month.",
            summary="Says when.",
            effective=day,
            editorial=False,
            author="moderator #1",
            by=audit.SYSTEM,
        )
        db.session.add_all(
            [
                # Events on texts deleted since: named by what the event kept.
                AuditEvent(
                    actor="system",
                    action="answer.revised",
                    subject_type="document",
                    subject_id=999_999,
                    detail={"version": 999_998, "effective": "2026-03-02", "editorial": True},
                ),
                AuditEvent(
                    actor="system",
                    action="question.published",
                    subject_type="question",
                    subject_id=999_997,
                    detail={"document": 999_999, "slug": "gone-answer", "emailed": False},
                ),
            ]
        )
        db.session.commit()
        version_id = version.id

    html = admin_client.get("/admin/audit").get_data(as_text=True)
    text = " ".join(table_text(html).split())
    # The answer is named by its title (the one in force: the new one is announced) and links
    # to its page in the panel.
    assert f'<a href="/admin/answers/{document.id}">Answer “{title}”</a>' in html
    assert f"published as “{title}”, emailed: no" in text
    assert f"the version of {day.day} {day:%B %Y}, editorial: no" in text
    assert "Right to erasure" in text
    assert "A deleted answer (#999999)" in text
    assert "the version of 2 March 2026, editorial: yes" in text
    assert "published at /faq/gone-answer, deleted since, emailed: no" in text
    for raw in ("version:", "answer:", "right:", "address:", document.slug, f"#{version_id}"):
        assert raw not in text, raw

    # What is stored is as it was: numbers, codes and days.
    with app.app_context():
        stored = {
            event.action: event.detail
            for event in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.subject_id.not_in([999_999, 999_997]))
            )
        }
    assert stored["request.submitted"] == {"right": "erasure"}
    assert stored["answer.revised"] == {
        "version": version_id,
        "effective": day.isoformat(),
        "editorial": False,
    }
    assert stored["question.published"] == {
        "document": document.id,
        "slug": document.slug,
        "emailed": False,
    }

    # The CSV is as documented: the time in ISO 8601, moderators by number, and the subject and
    # detail in the page's words.
    body = admin_client.get("/admin/exports/audit.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    [revised] = [
        row
        for row in rows
        if row[3] == f"Answer “{title}”" and row[2] != "Question answered and published"
    ]
    assert revised[3] == f"Answer “{title}”"
    assert revised[4] == f"the version of {day.day} {day:%B %Y}, editorial: no"
    submitted = next(row for row in rows if row[2] == "Request made")
    assert (submitted[3], submitted[4]) == (f"Request {filed.reference}", "Right to erasure")
    published = next(row for row in rows if row[2] == "Question answered and published")
    assert published[1].startswith("moderator #")
    assert published[4] == f"published as “{title}”, emailed: no"
    dt.datetime.fromisoformat(published[0])
