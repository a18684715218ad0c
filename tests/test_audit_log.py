"""The audit log as an admin reads it: actions, subjects and details in words, not identifiers."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from faq_site import audit_words
from faq_site.extensions import db
from faq_site.marks import Resolution
from faq_site.models import Question

from actions import ask, file_request, sign_in

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
    assert f"Moderator #{moderator.id}" in text
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
