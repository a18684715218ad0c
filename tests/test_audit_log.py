"""The audit log as an admin reads it: actions, subjects and details in words, not identifiers."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

from faq_site import audit_words
from faq_site.extensions import db
from faq_site.marks import Resolution
from faq_site.models import AuditEvent, Moderator, Question

from actions import PASSWORD, ask, decide, document_of, file_request, sign_in

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
