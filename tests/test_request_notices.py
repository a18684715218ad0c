"""What each step's email says, in the email itself (the question asked and whether the clock
stops; the extension's new due date and reasons; what an answer provided and until when it can
be downloaded), the copy of every notice kept with the request past the outbox purge, and an
expired answer file made available again."""

from __future__ import annotations

import datetime as dt
import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, OutboxMessage, Right
from faq_site.retention import purge

from actions import act, file_request, log_of, mail_of, on_day, page_token, stored, upload


def notices(app, filed) -> list[str]:
    return [
        message for action, _, message in log_of(app, filed, notices=True) if action == "notice"
    ]


def test_the_clarification_email_quotes_the_question_and_says_the_clock_stops(
    app, moderator_client
):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    assert act(moderator_client, filed, "clarify", message="Which shop account?").status_code == 302
    [mail] = mail_of(app, "request_clarification")
    assert "Which shop account?" in mail.body_text and "Which shop account?" in mail.body_html
    assert "is paused" in mail.body_text and "Article 12A" in mail.body_text
    assert filed.token in mail.body_text
    # The copy kept with the request is the email as sent, subject first.
    [copy] = notices(app, filed)[-1:]
    assert copy == f"{mail.subject}\n\n{mail.body_text}"


def test_where_the_clock_runs_on_the_clarification_email_says_so_with_the_due_date(
    app, moderator_client
):
    filed = file_request(app, "2026-11-02", Right.ERASURE)
    on_day(app, "2026-11-05")
    assert act(moderator_client, filed, "clarify", message="Which account?").status_code == 302
    [mail] = mail_of(app, "request_clarification")
    assert "keeps running" in mail.body_text and "2 December 2026" in mail.body_text
    assert "paused" not in mail.body_text


def test_the_extension_email_gives_the_new_due_date_and_the_reasons(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-20")
    reason = "Your data is in thirty systems, which must each be searched."
    assert act(moderator_client, filed, "extend", reason=reason).status_code == 302
    [mail] = mail_of(app, "request_extended")
    assert stored(app, filed).due == dt.date(2027, 2, 2)
    assert "2 February 2027" in mail.subject and "2 February 2027" in mail.body_text
    assert reason in mail.body_text and reason in mail.body_html
    assert "ico.org.uk" in mail.body_text


def test_the_completion_email_says_what_was_provided_and_until_when_to_download(
    app, moderator_client
):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-20")
    note = "A copy of your account and order records, 2022 to date."
    response = upload(moderator_client, filed, note, "answer.pdf", b"%PDF-1.7 data", "text/plain")
    assert response.status_code == 302
    [mail] = mail_of(app, "request_completed")
    assert note in mail.body_text and note in mail.body_html
    expires = stored(app, filed).answer_expires
    assert expires is not None
    assert "erased" in mail.body_text and "make it available again" in mail.body_text
    assert "ico.org.uk" in mail.body_text
    # Without a file, nothing is said about a download.
    other = file_request(app, "2026-11-03")
    assert act(moderator_client, other, "complete", note="Nothing held.").status_code == 302
    assert "download" not in mail_of(app, "request_completed")[-1].body_text


def test_the_copies_of_the_notices_outlive_the_outbox_purge(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    act(moderator_client, filed, "start")
    act(moderator_client, filed, "clarify", message="Which account?")
    act(moderator_client, filed, "complete", note="Your records, sent by post.")
    with app.app_context():
        for message in db.session.scalars(db.select(OutboxMessage)):
            message.sent = dt.datetime(2026, 11, 5, 12, tzinfo=dt.UTC)
        db.session.commit()
        purge(dt.datetime(2026, 11, 6, tzinfo=dt.UTC))
        db.session.commit()
        # Sent mail of a closed request keeps neither its address nor its words.
        sent = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template.startswith("request_"))
        ).all()
        assert sent and all(m.body_text is None and m.recipient is None for m in sent)
    kept = notices(app, filed)
    assert len(kept) == 4  # the acknowledgement, work started, the question, the answer
    assert any("Which account?" in copy for copy in kept)
    assert any("Your records, sent by post." in copy for copy in kept)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert page.count("Email sent to the requester") == 4
    # Not on the requester's own page: they have the emails.
    status = app.test_client().get(f"/requests/status/{filed.token}").get_data(as_text=True)
    assert "Email sent to the requester" not in status


def reissue(client, filed, content: bytes | None):
    token = page_token(client, filed.page)
    fields = {"csrf_token": token}
    if content is not None:
        fields["answer"] = FileStorage(io.BytesIO(content), "answer.txt", content_type="text/plain")
    boundary, body = encode_multipart(fields)
    return client.post(
        f"{filed.page}/reissue",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_an_expired_answer_file_is_made_available_again(app, moderator, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-20")
    upload(moderator_client, filed, "Your records.", "answer.txt", b"first", "text/plain")
    with app.app_context():
        found = db.session.get(AccessRequest, filed.id)
        found.answer_expires = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        db.session.commit()
        purge()
        db.session.commit()
    assert stored(app, filed).answer_data is None
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Make the answer available again" in page
    # The requester's page says the file is gone and how to have it again.
    status_url = f"/requests/status/{filed.token}"
    status = app.test_client().get(status_url).get_data(as_text=True)
    assert "it has been deleted since" in status and "Download the answer" not in status
    assert f"quoting {filed.reference}" in status
    response = reissue(moderator_client, filed, None)
    assert response.status_code == 400
    assert "Choose the file with the answer." in response.get_data(as_text=True)
    response = reissue(moderator_client, filed, b"second")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.answer_data == b"second"
    assert found.answer_expires > dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
    assert workflow.answer_available(found)
    status = app.test_client().get(status_url).get_data(as_text=True)
    assert "Download the answer" in status and "it has been deleted since" not in status
    assert log_of(app, filed)[-1] == ("answer_reissued", moderator.id, None)
    [mail] = mail_of(app, "request_answer_reissued")
    assert filed.token in mail.body_text and "erased" in mail.body_text
    with app.app_context():
        assert db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.answer_reissued")
        ).one()
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Make the answer available again" not in page


def test_only_a_completed_request_has_an_answer_to_make_available_again(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    response = reissue(moderator_client, filed, b"early")
    assert response.status_code == 409
    assert "Only a completed request" in response.get_data(as_text=True).replace("&#39;", "'")
    assert stored(app, filed).answer_data is None
