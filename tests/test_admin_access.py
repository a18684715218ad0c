"""Every address that takes a POST refuses a missing or forged CSRF token. The walk of every
panel address by role, each answer exact, is tests/security/test_auth.py's."""

from __future__ import annotations

import re

import pytest

from faq_site.access_requests import workflow
from faq_site.extensions import db
from faq_site.models import Question, Right, Role

from actions import add_moderator, ask, csrf_token, sign_in_as

# Pages anyone may open: signing in, and a link to set a new password (a made-up one: 404).
OPEN = {"auth.sign_in", "auth.sign_in_code", "auth.reset_password"}
ADMIN_ONLY_PREFIXES = ("moderators.", "admin.audit", "subjects.erase", "admin.withdraw_version")


@pytest.fixture
def world(synced, client):
    """One of everything the panel's addresses can point at."""
    ask(client)
    admin_id = add_moderator(synced, "admin@example.com", role=Role.ADMIN).id
    moderator_id = add_moderator(synced, "mod@example.com").id
    page = client.get("/ask")
    with synced.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    moderator_client = synced.test_client()
    sign_in_as(moderator_client, moderator_id)
    response = moderator_client.get(f"/admin/questions/{question_id}")
    moderator_client.post(
        f"/admin/questions/{question_id}",
        data={
            "csrf_token": csrf_token(response),
            "title": "A question that is now published?",
            "answer": "An answer.",
            "category": "0",
            "publish": "1",
        },
    )
    with synced.app_context():
        document_id = db.session.get(Question, question_id).document_id
    with synced.test_request_context():
        access_request, _message = workflow.submit(
            Right.ACCESS, "Ann Example", "ann@example.com", "All my data."
        )
        workflow.confirm(access_request)
        db.session.commit()
        request_id = access_request.id
    del page
    return {
        "request_id": request_id,
        "question_id": question_id,
        "document_id": document_id,
        "moderator_id": moderator_id,
        "admin_id": admin_id,
        "token": "not-a-reset-link",
        # The token is checked before the objection is looked up: none needs to exist.
        "objection_id": 1,
    }


def panel_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")),
        key=lambda rule: rule.rule,
    )


def url_for_rule(rule, world) -> str:
    values = {name: world[name] for name in rule.arguments}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def test_the_panel_has_the_addresses_this_test_walks(app):
    endpoints = {rule.endpoint for rule in panel_rules(app)}
    assert {
        "admin.dashboard",
        "admin.question",
        "admin.audit",
        "auth.sign_in",
        "auth.sign_out",
    } <= endpoints


def test_every_form_refuses_a_missing_or_forged_csrf_token(synced, world):
    """Every address that takes a POST, public or panel, checks the token before anything."""
    admin = synced.test_client()
    sign_in_as(admin, world["admin_id"])
    world = {**world, "token": "any-token", "signed": "not-a-link"}
    posts = [rule for rule in synced.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 10
    for rule in posts:
        url = url_for_rule(rule, world)
        for data in ({}, {"csrf_token": "forged"}):
            response = admin.post(url, data=data)
            assert response.status_code == 400, (url, data, response.status_code)
            if rule.endpoint == "notices.one_click":
                # RFC 8058: a mail program's one-click POST carries no token; the link's own
                # secret is the key, and it asks for the one field the standard sends.
                assert "a mail program" in response.get_data(as_text=True)
                continue
            assert "This form has expired, or was not sent from this site." in response.get_data(
                as_text=True
            ), url
