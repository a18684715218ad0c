"""Steps that belong to particular rights: a correction, erasure or restriction passed on to
everyone the data was disclosed to (Art. 19), an objection to direct marketing honoured at once
(Art. 21(3)), and the request page's way to everything the site holds on the requester."""

from __future__ import annotations

import re

import pytest

from faq_site.extensions import db
from faq_site.models import AuditEvent, RequestStatus, Right

from actions import act, file_request, log_of, mail_of, on_day, stored

TOLD = "Acme Payroll Ltd and Brightmail, both on 20 November 2026."


def words(response) -> str:
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True)).replace("&#39;", "'")


@pytest.mark.parametrize("right", [Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION])
def test_the_recipients_told_are_recorded_and_the_requester_reads_who(
    app, moderator, moderator_client, client, right
):
    filed = file_request(app, "2026-11-02", right)
    on_day(app, "2026-11-20")
    assert "Tell the recipients (Art. 19)" in words(moderator_client.get(filed.page))
    response = act(moderator_client, filed, "recipients", recipients=TOLD)
    assert response.status_code == 302
    assert log_of(app, filed)[-1] == ("recipients_told", moderator.id, TOLD)
    [mail] = mail_of(app, "request_recipients_told")
    assert TOLD in mail.body_text and "Article 19" in mail.body_text
    status = words(client.get(f"/requests/status/{filed.token}"))
    assert TOLD in status
    with app.app_context():
        assert db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.recipients_told")
        ).one()
    # Once the request is completed it can still be recorded: the recipients may be told after.
    act(moderator_client, filed, "complete", note="Corrected.")
    assert (
        act(moderator_client, filed, "recipients", recipients="Also Zeta Ltd.").status_code == 302
    )


def test_recipients_belong_to_the_rights_that_change_data(app, moderator_client):
    filed = file_request(app, "2026-11-02", Right.ACCESS)
    on_day(app, "2026-11-20")
    assert "Tell the recipients" not in words(moderator_client.get(filed.page))
    response = act(moderator_client, filed, "recipients", recipients=TOLD)
    assert response.status_code == 409
    assert "correction, an erasure or a restriction only" in words(response)
    erasure = file_request(app, "2026-11-02", Right.ERASURE)
    response = act(moderator_client, erasure, "recipients", recipients=" ")
    assert response.status_code == 400
    assert "Name who was told" in words(response)


def test_an_objection_to_direct_marketing_is_honoured_at_once(app, moderator_client):
    filed = file_request(app, "2026-11-02", Right.OBJECTION)
    on_day(app, "2026-11-03")
    assert "If the objection is to direct marketing" in words(moderator_client.get(filed.page))
    # The moderator says marketing is stopped before the request is completed on it.
    unticked = act(moderator_client, filed, "marketing")
    assert unticked.status_code == 400
    assert "Tick the box once direct marketing to them is stopped." in words(unticked)
    assert stored(app, filed).status is RequestStatus.OPEN
    assert act(moderator_client, filed, "marketing", confirm="y").status_code == 302
    found = stored(app, filed)
    assert found.status is RequestStatus.COMPLETED
    assert "Article 21(3)" in found.outcome
    [mail] = mail_of(app, "request_completed")
    assert "stopped using your personal data for direct marketing" in mail.body_text
    other = file_request(app, "2026-11-02", Right.ERASURE)
    assert "direct marketing" not in words(moderator_client.get(other.page))
    response = act(moderator_client, other, "marketing", confirm="y")
    assert response.status_code == 409
    assert stored(app, other).status is RequestStatus.OPEN


def test_the_request_page_finds_everything_held_on_the_requester(app, moderator_client):
    filed = file_request(app, "2026-11-02", email="ada.finder@example.com")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    form = re.search(r'<form method="post" action="/admin/subjects/"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'value="ada.finder@example.com"' in form.group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.group(1)).group(1)
    found = moderator_client.post(
        "/admin/subjects/", data={"csrf_token": token, "email": "ada.finder@example.com"}
    )
    assert found.status_code == 200
    assert filed.reference in found.get_data(as_text=True)


def test_an_access_answer_starts_from_what_article_15_requires(app, moderator_client):
    filed = file_request(app, "2026-11-02", Right.ACCESS)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    note = re.search(r'<textarea[^>]*name="note"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    for line in ("Why we use it", "Who receives it", "How long we keep it", "Where it came from"):
        assert line in note
    erasure = file_request(app, "2026-11-02", Right.ERASURE)
    page = moderator_client.get(erasure.page).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="note"[^>]*>\s*</textarea>', page)


def test_a_partial_refusal_names_its_ground_and_the_remedies(app, moderator_client, client):
    filed = file_request(app, "2026-11-02", Right.ACCESS)
    on_day(app, "2026-11-20")
    note = "Your account records. Withheld: a reference written about you in confidence."
    response = act(moderator_client, filed, "complete", note=note, withheld="dpa_exemption")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.status is RequestStatus.COMPLETED
    assert found.refusal_ground is not None and found.refusal_ground.value == "dpa_exemption"
    [mail] = mail_of(app, "request_completed")
    assert "We withheld part of it, on this ground" in mail.body_text
    assert "Data Protection Act 2018" in mail.body_text and "judicial remedy" in mail.body_text
    status = words(client.get(f"/requests/status/{filed.token}"))
    assert "We withheld part of the answer, on this ground" in status
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.completed")
        ).one()
        assert event.detail == {"file": False, "withheld": "dpa_exemption"}


def test_a_complete_answer_withholds_nothing_and_an_unknown_ground_is_refused(
    app, moderator_client
):
    filed = file_request(app, "2026-11-02", Right.ACCESS)
    on_day(app, "2026-11-20")
    response = act(
        moderator_client, filed, "complete", note="All of it.", withheld="erasure_exception"
    )
    assert response.status_code == 400, "Article 17(3) is no choice for an access request"
    assert stored(app, filed).status is RequestStatus.OPEN
    assert (
        act(moderator_client, filed, "complete", note="All of it.", withheld="").status_code == 302
    )
    found = stored(app, filed)
    assert found.refusal_ground is None
    assert "withheld" not in mail_of(app, "request_completed")[0].body_text


def test_an_access_answer_with_lines_left_to_fill_in_is_sent_back(app, moderator_client):
    filed = file_request(app, "2026-11-02", Right.ACCESS)
    on_day(app, "2026-11-20")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    note = re.search(r'<textarea[^>]*name="note"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    # As a browser sends a text area: lines end in CR LF.
    note = note.replace("&#39;", "'").strip().replace("\n", "\r\n")
    response = act(moderator_client, filed, "complete", note=note)
    assert response.status_code == 400
    assert "Fill in each line that still reads" in words(response)
    assert stored(app, filed).status is RequestStatus.OPEN
    # Each line is the moderator's to fill in, "no automated decisions" included: nothing is
    # asserted for them.
    assert (
        "Automated decisions or profiling (write \u201cnone\u201d if there are none): ..." in note
    )
    filled = note.replace(": ...", ": our billing records, kept six years.")
    assert act(moderator_client, filed, "complete", note=filled).status_code == 302


@pytest.mark.parametrize(
    ("right", "step", "fields", "message"),
    [
        (Right.ACCESS, "complete", {"note": "\u202e\u2066\x01"}, "Say what was provided"),
        (Right.ACCESS, "extend", {"reason": "\u202d\x7f"}, None),
        (Right.ACCESS, "refuse", {"ground": "unfounded", "reason": "\u202e "}, None),
        (Right.ACCESS, "clarify", {"message": "\u2066\u2069"}, None),
    ],
)
def test_text_that_is_nothing_once_cleaned_is_refused(
    app, moderator_client, right, step, fields, message
):
    filed = file_request(app, "2026-11-02", right)
    on_day(app, "2026-11-05")
    response = act(moderator_client, filed, step, **fields)
    assert response.status_code == 400
    if message:
        assert message in words(response)
    found = stored(app, filed)
    assert found.status is RequestStatus.OPEN and not found.extended and not found.pauses


def _held_for(app, email: str) -> tuple[int, int]:
    """A question sent from the address, and an email sent to it that is not about a request."""
    from faq_site import outbox
    from faq_site.models import Question, QuestionStatus

    with app.test_request_context():
        held = Question(
            token=f"erase-{email}",
            status=QuestionStatus.NEW,
            original=f"I am {email}; what do you hold?",
            redactions=[],
            redacted="I am [email]; what do you hold?",
            email=email,
            fingerprint="e" * 64,
        )
        db.session.add(held)
        db.session.flush()
        sent = outbox.queue("question_received", email, {"question": held})
        db.session.commit()
        return held.id, sent.id


def test_an_admin_erases_the_sites_data_from_the_erasure_request(app, admin_client, client):
    from faq_site.models import AccessRequest, OutboxMessage, Question, QuestionStatus

    email = "ernie.eraser@example.com"
    filed = file_request(app, "2026-11-02", Right.ERASURE, email=email)
    question_id, message_id = _held_for(app, email)
    on_day(app, "2026-11-04")
    page = words(admin_client.get(filed.page))
    assert "Erase this website's data about them" in page
    # Not without the confirmation: the form comes back with its error, nothing erased.
    response = act(admin_client, filed, "erase")
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in words(response)
    with app.app_context():
        assert db.session.get(Question, question_id).email == email
    response = act(admin_client, filed, "erase", confirm="y")
    assert response.status_code == 302
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question.email is None and question.original is None
        assert question.status is QuestionStatus.WITHDRAWN
        # The waiting email about the question goes; the request's own notices stay owed.
        assert db.session.get(OutboxMessage, message_id) is None
        found = db.session.get(AccessRequest, filed.id)
        assert found.email == email and found.status is RequestStatus.OPEN
        notices = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template.like("request_%"))
        ).all()
        assert notices and all(notice.recipient == email for notice in notices)
        assert db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.site_data_erased")
        ).one()
    assert log_of(app, filed)[-1][0] == "site_data_erased"
    followed = words(admin_client.get(filed.page))
    assert (
        "Erased 1 questions" in followed and "This website's data about the requester" in followed
    )
    status = words(client.get(f"/requests/status/{filed.token}"))
    assert "We erased what this website held about you" in status
    # Once done, it is not done again: a replayed form records no second erasure.
    assert "has already been erased for this request" in followed
    again = act(admin_client, filed, "erase", confirm="y")
    assert again.status_code == 409
    assert [action for action, *_rest in log_of(app, filed)].count("site_data_erased") == 1
    # The request can then be completed, and its completion email is sent as any other.
    assert act(admin_client, filed, "complete", note="Erased everywhere.").status_code == 302


def test_nothing_is_erased_for_someone_elses_request_by_the_representatives_address(
    app, admin_client
):
    from faq_site.access_requests import workflow
    from faq_site.models import Capacity, Question

    email = "parent.of.kid@example.com"
    behalf = workflow.Behalf("Kit Child", Capacity.PARENT)
    filed = file_request(app, "2026-11-02", Right.ERASURE, email=email, behalf=behalf)
    question_id, _message = _held_for(app, email)
    on_day(app, "2026-11-04")
    page = words(admin_client.get(filed.page))
    assert "This request is made for someone else" in page
    assert "Tick the box to confirm" not in page and 'name="confirm"' not in page
    response = act(admin_client, filed, "erase", confirm="y")
    assert response.status_code == 409
    assert "made for someone else" in words(response)
    with app.app_context():
        assert db.session.get(Question, question_id).email == email, "the parent's own question"
    assert "site_data_erased" not in [action for action, *_rest in log_of(app, filed)]


def test_only_an_admin_erases_and_only_for_an_open_erasure_request(
    app, moderator_client, admin_client
):
    email = "olive.other@example.com"
    filed = file_request(app, "2026-11-02", Right.ERASURE, email=email)
    question_id, _message = _held_for(app, email)
    on_day(app, "2026-11-04")
    page = words(moderator_client.get(filed.page))
    assert "Only an admin can erase a person’s data" in page
    assert act(moderator_client, filed, "erase", confirm="y").status_code == 403
    access = file_request(app, "2026-11-02", Right.ACCESS, email="a.n.other@example.com")
    assert "Erase this website's data" not in words(admin_client.get(access.page))
    response = act(admin_client, access, "erase", confirm="y")
    assert response.status_code == 409
    assert "Only an erasure request erases" in words(response)
    from faq_site.models import Question

    with app.app_context():
        assert db.session.get(Question, question_id).email == email


def test_another_open_request_keeps_the_data_and_the_admin_is_told(app, admin_client):
    from faq_site.models import Question

    email = "twice.asked@example.com"
    file_request(app, "2026-11-02", Right.ACCESS, email=email)
    filed = file_request(app, "2026-11-02", Right.ERASURE, email=email)
    question_id, _message = _held_for(app, email)
    on_day(app, "2026-11-04")
    response = act(admin_client, filed, "erase", confirm="y")
    assert response.status_code == 302
    assert "because this person has an open request" in words(admin_client.get(filed.page))
    with app.app_context():
        assert db.session.get(Question, question_id).email == email
    assert "site_data_erased" not in [action for action, *_rest in log_of(app, filed)]
