"""Whose law governs a request: under the UK GDPR alone a clarification stops the clock
(Art. 12A(5)); where the EU GDPR applies, alone or beside it, it does not."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, Jurisdiction, OutboxMessage

from actions import act, file_request, log_of, on_day, page_token, stored

D = dt.date


def words(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def set_law(app, filed, jurisdiction: Jurisdiction) -> None:
    with app.test_request_context():
        workflow.set_jurisdiction(
            db.session.get(AccessRequest, filed.id), jurisdiction, by=audit.SYSTEM
        )
        db.session.commit()


@pytest.mark.parametrize("jurisdiction", [Jurisdiction.EU, Jurisdiction.BOTH])
def test_where_the_eu_gdpr_applies_a_question_does_not_stop_the_clock(
    app, moderator_client, jurisdiction
):
    filed = file_request(app, "2026-11-02")  # due Wed 2 Dec
    set_law(app, filed, jurisdiction)
    on_day(app, "2026-11-05")
    page = words(moderator_client.get(filed.page).get_data(as_text=True))
    assert "The EU GDPR applies to this request, and it has no pause" in page
    assert "The clock stops from today" not in page
    assert act(moderator_client, filed, "clarify", message="Which account?").status_code == 302
    found = stored(app, filed)
    assert found.pauses == [] and found.due == D(2026, 12, 2)


def test_under_the_uk_gdpr_alone_the_question_pauses(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "<dt>Law</dt><dd>UK GDPR</dd>" in page
    assert act(moderator_client, filed, "clarify", message="Which account?").status_code == 302
    assert len(stored(app, filed).pauses) == 1


def test_changing_the_law_recomputes_the_due_date_and_is_recorded(app, moderator, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed.id), "Which?", by=audit.SYSTEM
        )
        db.session.commit()
    on_day(app, "2026-11-14")
    with app.test_request_context():
        workflow.answer_clarification(db.session.get(AccessRequest, filed.id), "The shop.")
        db.session.commit()
    assert stored(app, filed).due == D(2026, 12, 14)

    response = act(moderator_client, filed, "jurisdiction", jurisdiction="both")
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.jurisdiction is Jurisdiction.BOTH
    # The ten paused days no longer count: due a month from 2 November.
    assert found.due == D(2026, 12, 2)
    assert log_of(app, filed)[-1] == (
        "jurisdiction",
        moderator.id,
        "UK GDPR \u2192 Both the UK GDPR and the EU GDPR",
    )
    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.jurisdiction_set")
        ).one()
        assert event.detail == {"from": "uk", "to": "both", "due": "2026-12-02"}


def test_the_law_cannot_change_while_the_requester_is_asked(app, moderator_client):
    filed = file_request(app, "2026-11-02")
    on_day(app, "2026-11-05")
    with app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, filed.id), "Which?", by=audit.SYSTEM
        )
        db.session.commit()
    # The form is not offered while paused; a post anyway is refused in words.
    token = page_token(moderator_client, filed.page)
    response = moderator_client.post(
        f"{filed.page}/jurisdiction", data={"csrf_token": token, "jurisdiction": "eu"}
    )
    assert response.status_code == 409
    assert "change the law once they answer" in response.get_data(as_text=True)
    # Headed for what a conflict is here, a step not open now, not "already done"
    assert "<h1>That cannot be done now</h1>" in response.get_data(as_text=True)
    assert stored(app, filed).jurisdiction is Jurisdiction.UK


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Choose the law that governs it."), ("mars", "Not a valid choice")],
)
def test_a_wrong_law_is_a_clear_400(app, moderator_client, value, message):
    filed = file_request(app)
    response = act(moderator_client, filed, "jurisdiction", jurisdiction=value)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'href="#jurisdiction"' in html
    assert stored(app, filed).jurisdiction is Jurisdiction.UK


def test_a_recorded_request_takes_its_law(app, moderator_client):
    app.config["SITE_TODAY"] = "2026-11-12"
    token = page_token(moderator_client, "/admin/requests/record/")
    fields = {
        "csrf_token": token,
        "received": "2026-11-02",
        "channel": "email",
        "right": "access",
        "jurisdiction": "eu",
        "name": "Jean Dupont",
        "email": "jean@example.fr",
        "details": "Une copie de mes données.",
    }
    assert moderator_client.post("/admin/requests/record/", data=fields).status_code == 302
    with app.app_context():
        found = db.session.scalars(db.select(AccessRequest)).one()
        assert found.jurisdiction is Jurisdiction.EU
    bad = moderator_client.post("/admin/requests/record/", data={**fields, "jurisdiction": "mars"})
    assert bad.status_code == 400 and "Not a valid choice" in bad.get_data(as_text=True)
    # The law is chosen, never assumed: the form preselects none.
    page = moderator_client.get("/admin/requests/record/").get_data(as_text=True)
    assert not re.search(r'<input[^>]*checked[^>]*name="jurisdiction"', page)
    assert not re.search(r'<input[^>]*name="jurisdiction"[^>]*checked', page)
    unchosen = moderator_client.post("/admin/requests/record/", data={**fields, "jurisdiction": ""})
    assert unchosen.status_code == 400
    assert "Choose the law that governs the request." in unchosen.get_data(as_text=True)


@pytest.mark.parametrize(
    ("jurisdiction", "authority", "not_said"),
    [
        (Jurisdiction.UK, "Information Commissioner", "EU country"),
        (Jurisdiction.EU, "supervisory authority of the EU country", "Information Commissioner"),
        (Jurisdiction.BOTH, "Information Commissioner", None),
    ],
)
def test_a_refusal_names_the_authority_and_the_exemptions_of_the_request_s_law(
    app, moderator_client, client, jurisdiction, authority, not_said
):
    filed = file_request(app, "2026-11-02")
    set_law(app, filed, jurisdiction)
    on_day(app, "2026-11-05")
    page = words(moderator_client.get(filed.page).get_data(as_text=True))
    exemption = "Data Protection Act 2018" if jurisdiction is not Jurisdiction.EU else "Article 23"
    assert exemption in page and "Only the UK GDPR stops the clock" in page
    if jurisdiction is Jurisdiction.EU:
        assert "Data Protection Act 2018" not in page
    response = act(
        moderator_client, filed, "refuse", ground="dpa_exemption", reason="Legal privilege."
    )
    assert response.status_code == 302
    with app.app_context():
        [mail] = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template == "request_refused")
        ).all()
    status = words(client.get(f"/requests/status/{filed.token}").get_data(as_text=True))
    for text in (mail.body_text, status):
        text = text.replace("\u2019", "'")
        assert authority in text and exemption in text
        if not_said:
            assert not_said not in text
    if jurisdiction is Jurisdiction.BOTH:
        assert "EU country" in mail.body_text and "Article 23" in mail.body_text
