"""A refusal rests on a legal ground chosen from a list, beside the reasons in words: the
requester is told both, and the ground outlives the reasons when the personal fields are erased."""

from __future__ import annotations

import pytest

from faq_site import audit, retention
from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import AccessRequest, AuditEvent, OutboxMessage, RefusalGround, Right

from actions import act, file_request, stored

REASON = "You asked for the same records three times this month; we answered in full."


def test_a_refusal_states_its_ground_to_the_requester_and_in_the_record(
    app, moderator_client, client
):
    filed = file_request(app)
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "<legend>The ground for the refusal</legend>" in page
    assert "manifestly unfounded or excessive" in page
    # Article 17(3) is about erasure: not offered for an access request.
    assert "Article 17(3)" not in page

    response = act(moderator_client, filed, "refuse", ground="unfounded", reason=REASON)
    assert response.status_code == 302
    found = stored(app, filed)
    assert found.refusal_ground is RefusalGround.MANIFESTLY_UNFOUNDED
    with app.app_context():
        message = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.template == "request_refused")
        ).one()
        assert "manifestly unfounded or excessive" in message.body_text
        assert "manifestly unfounded or excessive" in message.body_html
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "request.refused")
        ).one()
        assert event.detail == {"ground": "unfounded"}
    status = client.get(f"/requests/status/{filed.token}").get_data(as_text=True)
    assert "The ground for our refusal:" in status and "Article 12(5)" in status
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "Ground:" in page and REASON in page


@pytest.mark.parametrize(
    ("fields", "message", "anchor"),
    [
        ({"reason": REASON}, "Choose the ground the refusal rests on.", "ground"),
        ({"ground": "because", "reason": REASON}, "Not a valid choice", "ground"),
        # Offered for erasure requests only.
        ({"ground": "erasure_exception", "reason": REASON}, "Not a valid choice", "ground"),
        ({"ground": "unfounded", "reason": " "}, "Give the reason", "refuse-reason"),
    ],
)
def test_a_refusal_without_a_valid_ground_is_a_clear_400(
    app, moderator_client, fields, message, anchor
):
    filed = file_request(app)
    response = act(moderator_client, filed, "refuse", **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'href="#{anchor}"' in html
    found = stored(app, filed)
    assert found.refusal_ground is None and found.outcome is None


def test_an_erasure_request_may_be_refused_on_an_article_17_3_ground(app, moderator_client):
    filed = file_request(app, right=Right.ERASURE)
    assert "Article 17(3)" in moderator_client.get(filed.page).get_data(as_text=True)
    response = act(
        moderator_client, filed, "refuse", ground="erasure_exception", reason="Tax records."
    )
    assert response.status_code == 302
    assert stored(app, filed).refusal_ground is RefusalGround.ERASURE_EXCEPTION


def test_the_workflow_refuses_an_article_17_3_ground_for_another_right(app):
    filed = file_request(app)
    with app.test_request_context():
        found = db.session.get(AccessRequest, filed.id)
        with pytest.raises(workflow.WorkflowError, match="17"):
            workflow.refuse(found, REASON, RefusalGround.ERASURE_EXCEPTION, by=audit.SYSTEM)
        db.session.rollback()


def test_the_ground_outlives_the_erased_reasons(app, moderator_client):
    filed = file_request(app)
    act(moderator_client, filed, "refuse", ground="not_identified", reason=REASON)
    with app.app_context():
        found = db.session.get(AccessRequest, filed.id)
        retention.erase_request(found)
        db.session.commit()
    found = stored(app, filed)
    assert found.outcome is None and found.name is None
    assert found.refusal_ground is RefusalGround.NOT_IDENTIFIED
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert "We cannot identify you as the person" in page
