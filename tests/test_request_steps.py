"""Which steps a request's page offers and which steps its work accepts come from one place,
`workflow.refusals`. For requests in each state a request passes through, the forms on the page
are exactly the steps allowed, and each step taken is accepted, or refused with the reason the
rules give, as they say."""

from __future__ import annotations

import re

import pytest

from faq_site import audit
from faq_site.access_requests import workflow
from faq_site.access_requests.workflow import Step, WorkflowError
from faq_site.clock import today
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    Channel,
    ConditionKind,
    Jurisdiction,
    RefusalGround,
    Right,
)

from actions import MONDAY, act, file_request, on_day, upload

# The form each step posts, by the last part of its address.
FORMS = {
    Step.START: "start",
    Step.CLARIFY: "clarify",
    Step.ASK_FOR: "wait",
    Step.RECORD_MET: "met",
    Step.RECORD_ANSWER: "answered",
    Step.JURISDICTION: "jurisdiction",
    Step.EXTEND: "extend",
    Step.COMPLETE: "complete",
    Step.REFUSE: "refuse",
    Step.TELL_RECIPIENTS: "recipients",
    Step.STOP_MARKETING: "marketing",
    Step.REISSUE: "reissue",
}


def take(found: AccessRequest, step: Step, by: audit.Actor) -> None:
    """Each step with input it accepts, so that only the request's state can refuse it."""
    day = today()
    match step:
        case Step.START:
            workflow.start(found, by=by)
        case Step.CLARIFY:
            workflow.ask_clarification(found, "Which of your two accounts?", by=by)
        case Step.ASK_FOR:
            workflow.ask_for(found, ConditionKind.IDENTITY, "A recent utility bill, please.", by=by)
        case Step.RECORD_MET:
            workflow.record_met(found, day, Channel.POST, by=by)
        case Step.RECORD_ANSWER:
            workflow.record_answer(found, day, Channel.EMAIL, "The shop account.", by=by)
        case Step.JURISDICTION:
            law = Jurisdiction.EU if found.jurisdiction is not Jurisdiction.EU else Jurisdiction.UK
            workflow.set_jurisdiction(found, law, by=by)
        case Step.EXTEND:
            workflow.extend(found, "Eleven systems to search.", by=by)
        case Step.COMPLETE:
            workflow.complete(found, "Everything we hold about you.", by=by)
        case Step.REFUSE:
            workflow.refuse(found, "We cannot find you.", RefusalGround.NOT_IDENTIFIED, by=by)
        case Step.TELL_RECIPIENTS:
            workflow.recipients_told(found, "Our payroll provider.", by=by)
        case Step.STOP_MARKETING:
            workflow.stop_marketing(found, by=by)
        case Step.REISSUE:
            workflow.reissue_answer(found, ("answer.txt", "text/plain", b"Your records."), by=by)


def started(app, client, right=Right.ACCESS):
    filed = file_request(app, MONDAY, right)
    on_day(app, "2026-11-05")
    assert act(client, filed, "start").status_code == 302
    return filed


def asked_for_identity(app, client, right=Right.ACCESS):
    filed = started(app, client, right)
    fields = {"kind": "identity", "wait_message": "A utility bill.", "amount": ""}
    assert act(client, filed, "wait", **fields).status_code == 302
    return filed


def with_a_question(app, client):
    filed = started(app, client)
    assert act(client, filed, "clarify", message="Which account?").status_code == 302
    return filed


def extended(app, client):
    filed = started(app, client)
    assert act(client, filed, "extend", reason="Eleven systems.").status_code == 302
    return filed


def overdue(app, client):
    filed = started(app, client)
    on_day(app, "2026-12-21")
    return filed


def completed(app, client):
    filed = started(app, client)
    assert act(client, filed, "complete", note="Everything.").status_code == 302
    return filed


def completed_with_a_file(app, client):
    filed = started(app, client)
    upload(client, filed, "Everything.", "answer.txt", b"Your records.", "text/plain")
    return filed


def refused(app, client):
    filed = started(app, client)
    fields = {"ground": "not_identified", "reason": "We cannot find you."}
    assert act(client, filed, "refuse", **fields).status_code == 302
    return filed


STATES = {
    "open": lambda app, client: file_request(app, MONDAY),
    "started": started,
    "waiting for an answer": with_a_question,
    "waiting for identity": asked_for_identity,
    "extended": extended,
    "overdue": overdue,
    "completed": completed,
    "completed with its file": completed_with_a_file,
    "refused": refused,
    "erasure": lambda app, client: started(app, client, Right.ERASURE),
    "objection": lambda app, client: started(app, client, Right.OBJECTION),
    "objection waiting for identity": lambda app, client: asked_for_identity(
        app, client, Right.OBJECTION
    ),
}


def test_the_page_offers_exactly_the_steps_the_work_accepts(app, moderator, moderator_client):
    seen_offered, seen_refused = set(), set()
    for state, build in STATES.items():
        filed = build(app, moderator_client)
        page = moderator_client.get(filed.page).get_data(as_text=True)
        offered = {
            step
            for step, form in FORMS.items()
            if re.search(rf'<form method="post" action="{re.escape(filed.page)}/{form}"', page)
        }
        # A plain app context: the steps are handed their actor, with no signed-in user.
        by = audit.Actor("moderator", moderator.id)
        with app.app_context():
            found = db.session.get(AccessRequest, filed.id)
            why = workflow.refusals(found, today())
            assert offered == set(Step) - why.keys(), state
            for step in Step:
                found = db.session.get(AccessRequest, filed.id)
                if step in why:
                    with pytest.raises(WorkflowError) as refusal:
                        take(found, step, by)
                    assert str(refusal.value) == why[step], (state, step)
                else:
                    take(found, step, by)
                db.session.rollback()
        seen_offered |= offered
        seen_refused |= why.keys()
    # Each step was both offered and refused in some state, so both halves were tried.
    assert seen_offered == seen_refused == set(Step)


def test_a_step_the_rules_refuse_is_refused_over_http_with_their_reason(app, moderator_client):
    filed = asked_for_identity(app, moderator_client)
    response = act(moderator_client, filed, "complete", note="Everything.")
    assert response.status_code == 409
    assert "Something asked for has not arrived yet" in response.get_data(as_text=True)
    # The page says why completing waits, instead of offering a form that would be refused.
    page = moderator_client.get(filed.page).get_data(as_text=True)
    assert f'action="{filed.page}/complete"' not in page
    assert "Waiting for: Identity information." in page
    assert f'action="{filed.page}/refuse"' in page
