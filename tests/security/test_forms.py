"""Every form on the site, public and panel, sent the ways a browser never sends it: without its
CSRF token, with an expired one, with one from an old or another session, with fields it does
not have, far too large, and with NUL bytes, lone surrogates, direction overrides, 200-deep
Markdown and 100,000-character lines. Each gets a clear refusal or its normal validated
result, and the database is compared row by row before and after."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode

import pyotp
import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from faq_site import audit, moderation
from faq_site.access_requests import workflow
from faq_site.admin import password_reset, recovery
from faq_site.clock import today
from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    Moderator,
    RecoveryCode,
    Right,
    Role,
)

from .conftest import TOTP_SECRET, World
from .support import (
    as_dicts,
    changes,
    expired_token,
    forget_csrf_secret,
    markup_problems,
    snapshot,
    started_of,
    submission_of,
)
from actions import PASSWORD, csrf_token
from conftest import TODAY, receive_marked

# Pieces of what the abuse tests send: a refused form stores none of them.
SENT_MARKS = ("\x00", "\u202e", "x" * 100, ">" * 50, "planted", "item\n")
CSRF_MESSAGE = "This form has expired, or was not sent from this site."
TEN_MB = 10 * 1024 * 1024
NEW_PASSWORD = "a brand new long password"


@dataclass
class Target:
    """One form, ready to send: where its token comes from, where it goes, what it carries."""

    client: FlaskClient
    page: str
    action: str
    fields: dict[str, str]
    # The id of the row the form acts on, for the effect checks.
    subject: int | None = None
    # Files the form carries beside its fields: name -> (file name, content). A form with files
    # is sent as multipart, as a browser sends it.
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass(frozen=True)
class Form:
    name: str
    prepare: Callable[[World], Target]
    # The fields that text goes into; none for a form that is only a button.
    text: tuple[str, ...] = ()
    # What a valid submission answers.
    success: int = 302
    # Tables a valid submission may change, and a check of the change.
    touches: frozenset[str] = frozenset()
    effect: Callable[[World, Target, dict], None] | None = None
    # Tables a refused submission may still change: a failed sign-in is counted and audited.
    refusal_touches: frozenset[str] = frozenset()
    # The body a "too large" submission sends: (encoding, size).
    oversize: tuple[str, int] = ("urlencoded", TEN_MB)
    extra_fields_ignored: dict[str, str] = field(default_factory=dict)


def _touch(*names: str) -> frozenset[str]:
    return frozenset(names)


def rows(diff: dict, table: str) -> list[dict]:
    return as_dicts(table, diff.get(table, (set(), set()))[0])


def row_of(diff: dict, table: str, ident: int) -> dict:
    [row] = [row for row in rows(diff, table) if row["id"] == ident]
    return row


# Preparing each form --------------------------------------------------------------------------


def visitor(world: World, page: str, action: str | None = None, **fields) -> Target:
    return Target(world.app.test_client(), page, action or page, fields)


def prepare_ask(world: World) -> Target:
    return visitor(
        world,
        "/ask",
        question=f"Must you delete my contact record when I ask? ({world.unique()})",
        email="",
        website="",
    )


def prepare_ask_withdraw(world: World) -> Target:
    question = world.question()
    target = visitor(
        world, f"/ask/status/{question.token}", f"/ask/status/{question.token}/withdraw"
    )
    target.subject = question.id
    return target


def prepare_ask_delete_email(world: World) -> Target:
    question = world.question(email=f"asker{world.unique()}@example.org")
    target = visitor(
        world, f"/ask/status/{question.token}", f"/ask/status/{question.token}/email/delete"
    )
    target.subject = question.id
    return target


def prepare_request_new(world: World) -> Target:
    return visitor(
        world,
        "/requests/new",
        right="access",
        name="Ann Example",
        email=f"ann-{world.unique()}@example.com",
        details="All contact records about me in your CRM, 2024 to now.",
        website="",
    )


def prepare_request_confirm(world: World) -> Target:
    found, signed = world.access_request(confirmed=False)
    target = visitor(world, f"/requests/confirm/{signed}")
    target.subject = found.id
    return target


def prepare_request_reply(world: World) -> Target:
    found, _signed = world.access_request()
    with world.app.test_request_context():
        workflow.ask_clarification(
            db.session.get(AccessRequest, found.id), "Which account?", by=audit.SYSTEM
        )
        db.session.commit()
    page = f"/requests/status/{found.token}"
    target = visitor(world, page, f"{page}/reply", message="The account I opened in 2024.")
    target.subject = found.id
    return target


def prepare_request_withdraw(world: World) -> Target:
    found, _signed = world.access_request()
    page = f"/requests/status/{found.token}"
    target = visitor(world, page, f"{page}/withdraw", confirm="y")
    target.subject = found.id
    return target


def prepare_request_follow(world: World) -> Target:
    found, _signed = world.access_request()
    with world.app.app_context():
        code = workflow.access_code(found)
    target = visitor(world, "/requests/follow", reference=found.reference, code=code)
    target.subject = found.id
    return target


def prepare_complaint_new(world: World) -> Target:
    return visitor(
        world,
        "/complaints/new",
        name="Ann Example",
        email=f"ann-{world.unique()}@example.com",
        concerns="SAR-2026-000001",
        details="You went on emailing me for a month after I unsubscribed.",
        desired_outcome="Stop, and tell me why it happened.",
        website="",
    )


def prepare_objection(world: World) -> Target:
    return visitor(
        world,
        "/subprocessors/object",
        provider="Maplewatch Support Inc.",
        company="Brightfield Analytics Ltd",
        name="Priya Contact",
        email=f"priya-{world.unique()}@example.com",
        reason="Our clients forbid support staff outside the UK.",
        website="",
    )


def prepare_notices_new(world: World) -> Target:
    return visitor(
        world,
        "/notices",
        email=f"reader-{world.unique()}@example.com",
        statement="y",
        register="y",
        website="",
    )


def prepare_notices_confirm(world: World) -> Target:
    ident, token = world.subscription(confirmed=False)
    target = visitor(world, f"/notices/confirm/{token}")
    target.subject = ident
    return target


def prepare_notices_manage(world: World) -> Target:
    ident, token = world.subscription()
    target = visitor(world, f"/notices/manage/{token}", statement="y")
    target.subject = ident
    return target


def prepare_notices_unsubscribe(world: World) -> Target:
    ident, token = world.subscription()
    target = visitor(world, f"/notices/unsubscribe/{token}")
    target.subject = ident
    return target


def confirmed_now(world: World, target: Target, diff: dict) -> None:
    assert row_of(diff, "subscription", target.subject)["confirmed"] is not None


def subscription_gone(world: World, target: Target, diff: dict) -> None:
    added, removed = diff["subscription"]
    assert not added and [row["id"] for row in as_dicts("subscription", removed)] == [
        target.subject
    ]


def prepare_objection_answered(world: World) -> Target:
    ident = world.objection()
    target = panel(world, "/admin/objections/", f"/admin/objections/{ident}/answered")
    target.subject = ident
    return target


def answered_now(world: World, target: Target, diff: dict) -> None:
    assert row_of(diff, "subprocessor_objection", target.subject)["answered"] is not None


def prepare_sign_in(world: World) -> Target:
    world.reset_account(world.signer)
    target = visitor(
        world, "/admin/sign-in", email=world.signer.email, password=world.signer.password
    )
    target.subject = world.signer.id
    return target


def prepare_sign_in_code(world: World) -> Target:
    world.reset_account(world.coder, totp_secret=TOTP_SECRET)
    client = world.app.test_client()
    page = client.get("/admin/sign-in")
    response = client.post(
        "/admin/sign-in",
        data={"csrf_token": csrf_token(page), "email": world.coder.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/sign-in/code"
    target = Target(
        client,
        "/admin/sign-in/code",
        "/admin/sign-in/code",
        {"code": pyotp.TOTP(TOTP_SECRET).now()},
    )
    target.subject = world.coder.id
    return target


def prepare_sign_in_recovery(world: World) -> Target:
    """Half-way through signing in, as for a code, with a fresh set of recovery codes: the
    valid submission sends one of them instead of the app's code."""
    target = prepare_sign_in_code(world)
    with world.app.test_request_context():
        db.session.execute(db.delete(RecoveryCode))
        codes = recovery.new_set(db.session.get(Moderator, world.coder.id))
        db.session.commit()
    return Target(
        target.client,
        "/admin/sign-in/recovery",
        "/admin/sign-in/recovery",
        {"recovery_code": codes[0]},
        subject=world.coder.id,
    )


def prepare_account(world: World) -> Target:
    world.reset_account(world.keeper)
    target = Target(
        world.client(world.keeper),
        "/admin/account",
        "/admin/account",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
            "change_password": "Change password",
        },
    )
    target.subject = world.keeper.id
    return target


def prepare_sign_out(world: World) -> Target:
    target = Target(world.client(world.leaver), "/admin/", "/admin/sign-out", {})
    target.subject = world.leaver.id
    return target


def panel(world: World, page: str, action: str | None = None, *, admin: bool = False, **fields):
    client = world.client(world.admin if admin else world.moderator)
    return Target(client, page, action or page, fields)


def prepare_publish(world: World, button: str = "publish") -> Target:
    question = world.question(email=f"asker-{world.unique()}@example.com")
    target = panel(
        world,
        f"/admin/questions/{question.id}",
        title=f"Must a company delete my contact record? ({world.unique()})",
        answer="## Usually, yes\n\nA soft delete is **not** erasure.",
        category="0",
        notify="y",
        **{button: "1"},
    )
    target.subject = question.id
    return target


def prepare_decline(world: World) -> Target:
    question = world.question(email=f"asker-{world.unique()}@example.com")
    page = f"/admin/questions/{question.id}"
    target = panel(world, page, f"{page}/decline", reason="Out of scope for this FAQ.")
    target.subject = question.id
    return target


def prepare_spam(world: World) -> Target:
    question = world.question()
    page = f"/admin/questions/{question.id}"
    target = panel(world, page, f"{page}/spam", sure="y")
    target.subject = question.id
    return target


UNSURE = "We sent the file to Brennanova Quextrel: must you delete it? ({})"


def prepare_check(decision: str) -> Callable[[World], Target]:
    """A Redact or Keep button of a question holding one check, sent with the answer form."""

    def prepare(world: World) -> Target:
        text = UNSURE.format(world.unique())
        with world.app.test_request_context():
            question = receive_marked(text, [("name", "Brennanova Quextrel", False)])
            db.session.commit()
            ident = question.id
        page = f"/admin/questions/{ident}"
        target = panel(
            world,
            page,
            f"{page}/checks/{decision}",
            check="0",
            title="Must you delete what Brennanova Quextrel sent?",
            answer="Yes.",
            category="0",
        )
        target.subject = ident
        return target

    prepare.__name__ = f"prepare_check_{decision}"
    return prepare


def check_decided(resolved: str) -> Callable[[World, Target, dict], None]:
    def effect(world: World, target: Target, diff: dict) -> None:
        row = row_of(diff, "question", target.subject)
        marks = row["redactions"]
        marks = json.loads(marks) if isinstance(marks, str) else marks
        assert row["status"] == "new" and marks[0]["resolved"] == resolved
        assert ("Brennanova" in row["redacted"]) is (resolved == "kept")

    return effect


def prepare_revise(world: World, button: str = "save") -> Target:
    document = world.published()
    target = panel(
        world,
        f"/admin/answers/{document.id}",
        title=f"Must a company delete a contact record? ({world.unique()})",
        answer="Usually, yes: purge it.",
        summary="Says what purging means.",
        effective=(TODAY + dt.timedelta(days=3)).isoformat(),
        **{button: "1"},
    )
    target.subject = document.id
    return target


def prepare_unpublish(world: World) -> Target:
    document = world.published()
    page = f"/admin/answers/{document.id}"
    target = panel(
        world, page, f"{page}/unpublish", reason="The law changed; a new answer follows."
    )
    target.subject = document.id
    return target


def prepare_withdraw_version(world: World) -> Target:
    """An answer in two versions, the first dated last month: the first can be withdrawn."""
    document = world.published()
    with world.app.test_request_context():
        stored = db.session.get(type(document), document.id)
        first = stored.versions[0]
        first.effective = TODAY - dt.timedelta(days=30)
        moderation.revise(
            stored,
            title=first.title,
            answer="Usually, yes: purge it.",
            summary="Says what purging means.",
            effective=TODAY,
            editorial=False,
            author="moderator #1",
            by=audit.SYSTEM,
        )
        db.session.commit()
        first_id = first.id
    page = f"/admin/answers/{document.id}"
    target = panel(
        world,
        page,
        f"{page}/withdraw",
        admin=True,
        version=str(first_id),
        withdraw_reason="it contained personal data",
    )
    target.subject = document.id
    return target


def prepare_republish(world: World) -> Target:
    document = world.published()
    with world.app.app_context():
        db.session.get(type(document), document.id).withdrawn = dt.datetime.now(dt.UTC)
        db.session.commit()
    page = f"/admin/answers/{document.id}"
    target = panel(world, page, f"{page}/republish")
    target.subject = document.id
    return target


def prepare_new_moderator(world: World) -> Target:
    return panel(
        world,
        "/admin/moderators/new",
        admin=True,
        email=f"new-{world.unique()}@quillstone.example",
        role="moderator",
        password="an initial long password",
    )


def prepare_role(world: World) -> Target:
    ident = world.plain_moderator(Role.ADMIN)
    target = panel(
        world, "/admin/moderators/", f"/admin/moderators/{ident}/role", admin=True, role="moderator"
    )
    target.subject = ident
    return target


def prepare_deactivate(world: World) -> Target:
    ident = world.plain_moderator()
    target = panel(world, "/admin/moderators/", f"/admin/moderators/{ident}/deactivate", admin=True)
    target.subject = ident
    return target


def prepare_activate(world: World) -> Target:
    ident = world.plain_moderator(active=False)
    target = panel(world, "/admin/moderators/", f"/admin/moderators/{ident}/activate", admin=True)
    target.subject = ident
    return target


def prepare_send_reset(world: World) -> Target:
    ident = world.plain_moderator()
    action = f"/admin/moderators/{ident}/reset-password"
    target = panel(world, "/admin/moderators/", action, admin=True)
    target.subject = ident
    return target


def prepare_reset_link(world: World) -> Target:
    ident = world.plain_moderator()
    with world.app.test_request_context():
        token = password_reset.show(db.session.get(Moderator, ident), lambda token: token)
        db.session.commit()
    page = f"/admin/reset-password/{token}"
    target = visitor(world, page, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD)
    target.subject = ident
    return target


def reset_link_sent(world: World, target: Target, diff: dict) -> None:
    row = row_of(diff, "moderator", target.subject)
    assert row["password_reset_hash"] and row["password_hash"] == world.password_hash
    [message] = rows(diff, "outbox_message")
    assert message["template"] == "password_reset"


def password_set_from_link(world: World, target: Target, diff: dict) -> None:
    new_password(world, target, diff)
    assert row_of(diff, "moderator", target.subject)["password_reset_hash"] is None


def request_step(step: str, right: Right = Right.ACCESS, **fields) -> Callable[[World], Target]:
    def prepare(world: World) -> Target:
        found, _signed = world.access_request(right=right)
        page = f"/admin/requests/{found.id}"
        target = panel(world, page, f"{page}/{step}", **fields)
        target.subject = found.id
        return target

    prepare.__name__ = f"prepare_{step}"
    return prepare


def after_step(step: str, first: dict[str, str], then: str, **fields) -> Callable[[World], Target]:
    """A form on a request's page that needs an earlier step taken first, as the panel does."""

    def prepare(world: World) -> Target:
        found, _signed = world.access_request()
        page = f"/admin/requests/{found.id}"
        earlier = panel(world, page, f"{page}/{step}")
        token = csrf_token(earlier.client.get(page))
        response = earlier.client.post(f"{page}/{step}", data={"csrf_token": token, **first})
        assert response.status_code == 302, response.status_code
        target = panel(world, page, f"{page}/{then}", **fields)
        target.subject = found.id
        return target

    prepare.__name__ = f"prepare_{then}"
    return prepare


def complaint_step(step: str, *, acknowledged: bool = False, **fields):
    def prepare(world: World) -> Target:
        found = world.complaint(acknowledged=acknowledged)
        page = f"/admin/requests/{found.id}"
        target = panel(world, page, f"{page}/{step}", **fields)
        target.subject = found.id
        return target

    prepare.__name__ = f"prepare_complaint_{step}"
    return prepare


def prepare_answered(world: World) -> Target:
    """A request whose moderator asked a question, answered by post."""
    return after_step(
        "clarify",
        {"message": "Which account do you mean?"},
        "answered",
        answered=world_today(world).isoformat(),
        answer_channel="post",
        answer="The account of the shop in Leeds.",
    )(world)


def prepare_met(world: World) -> Target:
    """A request whose moderator asked for identity information, which then came by post."""
    return after_step(
        "wait",
        {"kind": "identity", "wait_message": "Your postcode, please.", "amount": ""},
        "met",
        met=world_today(world).isoformat(),
        met_channel="post",
    )(world)


def prepare_reissue(world: World) -> Target:
    """A completed request whose answer file is to be made available again."""
    target = after_step("complete", {"note": "Sent by post."}, "reissue")(world)
    target.files = {"answer": ("answer.pdf", b"%PDF-1.7 the answer")}
    return target


def prepare_record(world: World) -> Target:
    return panel(
        world,
        "/admin/requests/record/",
        received=world_today(world).isoformat(),
        channel="post",
        jurisdiction="uk",
        right="access",
        name=f"Ann Example {world.unique()}",
        email="",
        postal_address="1 High Street, Leeds LS1 1AA",
        phone="",
        details="A copy of all my data, by post.",
    )


def prepare_record_complaint(world: World) -> Target:
    return panel(
        world,
        "/admin/requests/record/complaint",
        received=world_today(world).isoformat(),
        channel="phone",
        jurisdiction="uk",
        name=f"Ann Example {world.unique()}",
        email="",
        postal_address="",
        phone="07700 900123",
        concerns="",
        details="You kept calling me after I asked you to stop.",
        desired_outcome="Stop, and say why it happened.",
    )


def world_today(world: World):
    with world.app.app_context():
        return today()


def prepare_erase_here(world: World) -> Target:
    """An admin erasing the site's data from an erasure request's page; the requester has a
    question waiting, which the erasure withdraws."""
    email = f"erase-here-{world.unique()}@example.com"
    world.question(email=email)
    found, _signed = world.access_request(right=Right.ERASURE, email=email)
    page = f"/admin/requests/{found.id}"
    target = panel(world, page, f"{page}/erase", admin=True, confirm="y", submit="1")
    target.subject = found.id
    return target


def prepare_erase(world: World) -> Target:
    email = f"erase-{world.unique()}@example.com"
    question = world.question(email=email)
    target = panel(
        world,
        "/admin/subjects/",
        "/admin/subjects/erase",
        admin=True,
        email=email,
        confirm="y",
        submit="1",
    )
    target.subject = question.id
    return target


# What a valid submission may change ----------------------------------------------------------


def one_new(table: str, **values) -> Callable[[World, Target, dict], None]:
    def effect(world: World, target: Target, diff: dict) -> None:
        added, removed = diff[table]
        assert not removed, f"a {table} row changed"
        [row] = as_dicts(table, added)
        for name, value in values.items():
            assert row[name] == value, (name, row[name])

    return effect


def subject_becomes(table: str, **values) -> Callable[[World, Target, dict], None]:
    def effect(world: World, target: Target, diff: dict) -> None:
        row = row_of(diff, table, target.subject)
        for name, value in values.items():
            assert row[name] == value, (name, row[name])

    return effect


def one_event(action: str) -> Callable[[World, Target, dict], None]:
    def effect(world: World, target: Target, diff: dict) -> None:
        # The step's own line; a copy of the email it sent may stand beside it.
        [event] = [e for e in rows(diff, "request_event") if e["action"] != "notice"]
        assert event["request_id"] == target.subject and event["action"] == action

    return effect


def new_version(world: World, target: Target, diff: dict) -> None:
    [version] = rows(diff, "version")
    assert version["document_id"] == target.subject
    assert not markup_problems(version["html"])


def signed_in(world: World, target: Target, diff: dict) -> None:
    row = row_of(diff, "moderator", target.subject)
    assert row["last_login"] is not None and row["role"] == "moderator"
    [place] = rows(diff, "sign_in_throttle")
    assert place["failures"] == 0 and place["last_success"] is not None
    assert target.client.get("/admin/").status_code == 200


def followed(world: World, target: Target, diff: dict) -> None:
    # Nothing changes but the audit log's line that the page was opened with the code.
    assert set(diff) <= {"audit_event"}, diff
    [event] = rows(diff, "audit_event")
    assert event["action"] == "request.followed" and event["subject_id"] == target.subject


def new_password(world: World, target: Target, diff: dict) -> None:
    row = row_of(diff, "moderator", target.subject)
    assert row["password_hash"] != world.password_hash and row["role"] == "moderator"


def published(world: World, target: Target, diff: dict) -> None:
    subject_becomes("question", status="published")(world, target, diff)
    [version] = rows(diff, "version")
    assert not markup_problems(version["html"])


QUESTION_TABLES = _touch("question", "audit_event", "outbox_message")
REQUEST_TABLES = _touch(
    "access_request",
    "request_event",
    "request_pause",
    "request_condition",
    "audit_event",
    "outbox_message",
)
ANSWER_TABLES = _touch("document", "version", "audit_event", "site_state")

FORMS = [
    # Public forms.
    Form(
        "ask",
        prepare_ask,
        ("question",),
        touches=_touch("question", "audit_event"),
        effect=one_new("question", status="new"),
    ),
    Form(
        "ask-withdraw",
        prepare_ask_withdraw,
        touches=QUESTION_TABLES,
        effect=subject_becomes("question", status="withdrawn"),
    ),
    Form(
        "ask-delete-email",
        prepare_ask_delete_email,
        touches=QUESTION_TABLES,
        effect=subject_becomes("question", status="new", email=None),
    ),
    Form(
        "request-new",
        prepare_request_new,
        ("name", "details"),
        touches=_touch("access_request", "outbox_message", "audit_event"),
        effect=one_new("access_request", status="awaiting", right="access"),
    ),
    Form(
        "complaint-new",
        prepare_complaint_new,
        ("name", "concerns", "details", "desired_outcome"),
        touches=_touch("access_request", "outbox_message", "audit_event"),
        effect=one_new("access_request", status="awaiting", right="complaint"),
    ),
    Form(
        "objection-new",
        prepare_objection,
        ("company", "name", "reason"),
        touches=_touch("subprocessor_objection", "outbox_message", "audit_event"),
        effect=one_new("subprocessor_objection", provider="Maplewatch Support Inc."),
    ),
    Form(
        "notices-new",
        prepare_notices_new,
        ("email",),
        touches=_touch("subscription", "outbox_message"),
        effect=one_new("subscription", statement=True, register=True, confirmed=None),
    ),
    Form(
        "notices-confirm",
        prepare_notices_confirm,
        touches=_touch("subscription"),
        effect=confirmed_now,
    ),
    Form(
        "notices-manage",
        prepare_notices_manage,
        success=200,
        touches=_touch("subscription"),
        effect=subject_becomes("subscription", statement=True, register=False),
    ),
    Form(
        "notices-unsubscribe",
        prepare_notices_unsubscribe,
        # Its unsent emails go with it.
        touches=_touch("subscription", "outbox_message"),
        effect=subscription_gone,
    ),
    Form(
        "objection-answered",
        prepare_objection_answered,
        touches=_touch("subprocessor_objection", "audit_event"),
        effect=answered_now,
    ),
    Form(
        "request-confirm",
        prepare_request_confirm,
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="open"),
    ),
    Form(
        "request-reply",
        prepare_request_reply,
        ("message",),
        touches=REQUEST_TABLES,
        effect=one_event("clarification_answered"),
    ),
    Form(
        "request-follow",
        prepare_request_follow,
        ("reference", "code"),
        touches=_touch("audit_event"),
        effect=followed,
        # A refused try is kept in the audit log, against the request it named or none.
        refusal_touches=_touch("audit_event"),
    ),
    Form(
        "request-withdraw",
        prepare_request_withdraw,
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="withdrawn"),
    ),
    # Signing in and the account.
    Form(
        "sign-in",
        prepare_sign_in,
        ("email",),
        touches=_touch("moderator", "sign_in_throttle", "audit_event"),
        effect=signed_in,
        refusal_touches=_touch("moderator", "sign_in_throttle", "audit_event"),
    ),
    Form(
        "sign-in-code",
        prepare_sign_in_code,
        ("code",),
        touches=_touch("moderator", "sign_in_throttle", "audit_event"),
        effect=signed_in,
        refusal_touches=_touch("moderator", "sign_in_throttle", "audit_event"),
    ),
    Form(
        "sign-in-recovery",
        prepare_sign_in_recovery,
        ("recovery_code",),
        touches=_touch("moderator", "sign_in_throttle", "audit_event", "recovery_code"),
        effect=signed_in,
        refusal_touches=_touch("moderator", "sign_in_throttle", "audit_event"),
    ),
    Form(
        "account-password",
        prepare_account,
        ("new_password", "confirm_password"),
        touches=_touch("moderator", "audit_event"),
        effect=new_password,
    ),
    Form(
        "sign-out",
        prepare_sign_out,
        touches=_touch("moderator", "audit_event"),
        effect=subject_becomes("moderator", role="moderator", active=True),
    ),
    # Questions and answers.
    Form(
        "question-publish",
        prepare_publish,
        ("answer",),
        touches=QUESTION_TABLES | ANSWER_TABLES,
        effect=published,
    ),
    Form("question-preview", lambda world: prepare_publish(world, "preview"), ("answer",), 200),
    Form(
        "question-decline",
        prepare_decline,
        ("reason",),
        touches=QUESTION_TABLES,
        effect=subject_becomes("question", status="declined"),
    ),
    Form(
        "question-spam",
        prepare_spam,
        touches=QUESTION_TABLES,
        effect=subject_becomes("question", status="spam"),
    ),
    # The wording travels with a Redact or Keep button, but nothing of it is stored: buttons.
    Form(
        "question-check-redact",
        prepare_check("redact"),
        success=200,
        touches=_touch("question", "audit_event"),
        effect=check_decided("redacted"),
    ),
    Form(
        "question-check-keep",
        prepare_check("keep"),
        success=200,
        touches=_touch("question", "audit_event"),
        effect=check_decided("kept"),
    ),
    Form("answer-revise", prepare_revise, ("answer",), touches=ANSWER_TABLES, effect=new_version),
    Form("answer-preview", lambda world: prepare_revise(world, "preview"), ("answer",), 200),
    Form("answer-unpublish", prepare_unpublish, ("reason",), touches=ANSWER_TABLES),
    Form(
        "answer-withdraw-version",
        prepare_withdraw_version,
        ("version", "withdraw_reason"),
        # The question the answer came from loses its copy of the words too.
        touches=_touch("document", "version", "audit_event", "site_state", "question"),
    ),
    Form("answer-republish", prepare_republish, touches=ANSWER_TABLES),
    # Moderators.
    Form(
        "moderator-new",
        prepare_new_moderator,
        ("email",),
        touches=_touch("moderator", "audit_event"),
        effect=one_new("moderator", role="moderator", active=True),
    ),
    Form(
        "moderator-role",
        prepare_role,
        touches=_touch("moderator", "audit_event"),
        effect=subject_becomes("moderator", role="moderator"),
    ),
    Form(
        "moderator-deactivate",
        prepare_deactivate,
        touches=_touch("moderator", "audit_event"),
        effect=subject_becomes("moderator", active=False),
    ),
    Form(
        "moderator-activate",
        prepare_activate,
        touches=_touch("moderator", "audit_event"),
        effect=subject_becomes("moderator", active=True, role="moderator"),
    ),
    Form(
        "moderator-send-reset",
        prepare_send_reset,
        touches=_touch("moderator", "audit_event", "outbox_message"),
        effect=reset_link_sent,
    ),
    Form(
        "password-reset-link",
        prepare_reset_link,
        ("new_password", "confirm_password"),
        touches=_touch("moderator", "audit_event"),
        effect=password_set_from_link,
    ),
    # Subject-access requests.
    Form(
        "request-start",
        request_step("start"),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="in_progress"),
    ),
    Form(
        "request-clarify",
        request_step("clarify", message="Which account do you mean?"),
        ("message",),
        touches=REQUEST_TABLES,
        effect=one_event("clarification_asked"),
    ),
    Form(
        "request-extend",
        request_step("extend", reason="Thirty systems must be searched."),
        ("reason",),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="extended"),
    ),
    Form(
        "request-complete",
        request_step("complete", note="Sent a copy of the contact records."),
        ("note",),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="completed"),
        oversize=("multipart", 21 * 1024 * 1024),
    ),
    Form(
        "request-refuse",
        request_step(
            "refuse", ground="unfounded", reason="The request repeats one answered last week."
        ),
        ("reason",),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="refused"),
    ),
    Form(
        "request-jurisdiction",
        request_step("jurisdiction", jurisdiction="both"),
        touches=REQUEST_TABLES,
    ),
    Form(
        "request-answered",
        prepare_answered,
        ("answer",),
        touches=REQUEST_TABLES,
        effect=one_event("clarification_answered"),
    ),
    Form(
        "request-wait",
        request_step(
            "wait", kind="identity", wait_message="The postcode on your account.", amount=""
        ),
        ("wait_message", "amount"),
        touches=REQUEST_TABLES,
        effect=one_event("identity_asked"),
    ),
    Form(
        "request-met",
        prepare_met,
        touches=REQUEST_TABLES,
        effect=one_event("identity_received"),
    ),
    Form(
        "request-reissue",
        prepare_reissue,
        touches=REQUEST_TABLES,
        effect=one_event("answer_reissued"),
        oversize=("multipart", 21 * 1024 * 1024),
    ),
    Form(
        "request-recipients",
        request_step("recipients", Right.ERASURE, recipients="Acme Payroll Ltd, 20 November."),
        ("recipients",),
        touches=REQUEST_TABLES,
        effect=one_event("recipients_told"),
    ),
    Form(
        "request-marketing",
        request_step("marketing", Right.OBJECTION, confirm="y"),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="completed"),
    ),
    Form(
        "request-erase",
        prepare_erase_here,
        touches=QUESTION_TABLES | REQUEST_TABLES,
        effect=one_event("site_data_erased"),
    ),
    Form(
        "request-record",
        prepare_record,
        ("name", "postal_address", "details"),
        touches=REQUEST_TABLES,
    ),
    # Complaints.
    Form(
        "complaint-record",
        prepare_record_complaint,
        ("name", "phone", "concerns", "details", "desired_outcome"),
        touches=REQUEST_TABLES,
    ),
    Form(
        "complaint-acknowledge",
        complaint_step("acknowledge", acknowledgement="We are looking into it: expect our answer."),
        ("acknowledgement",),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="in_progress"),
    ),
    Form(
        "complaint-update",
        complaint_step(
            "update", acknowledged=True, progress="We are checking our mailing lists this week."
        ),
        ("progress",),
        touches=REQUEST_TABLES,
        effect=one_event("progress"),
    ),
    Form(
        "complaint-close",
        complaint_step(
            "close", acknowledged=True, outcome="We found the error and fixed it; sorry."
        ),
        ("outcome",),
        touches=REQUEST_TABLES,
        effect=subject_becomes("access_request", status="completed"),
    ),
    # The site's own data.
    Form(
        "subject-search",
        lambda world: panel(world, "/admin/subjects/", email=f"s-{world.unique()}@example.com"),
        ("email",),
        200,
        # The search is recorded, with counts alone.
        touches=_touch("audit_event"),
    ),
    Form(
        "subject-export",
        lambda world: panel(
            world,
            "/admin/subjects/",
            "/admin/subjects/export",
            email=f"x-{world.unique()}@example.com",
        ),
        ("email",),
        200,
        touches=_touch("audit_event"),
    ),
    Form(
        "subject-erase",
        prepare_erase,
        ("email",),
        # The result is shown at once: a redirect would carry the address in its URL.
        200,
        touches=QUESTION_TABLES | REQUEST_TABLES,
        effect=subject_becomes("question", email=None, original=None),
        # Refused, the page lists what is held again, and that look is recorded.
        refusal_touches=_touch("audit_event"),
    ),
]
BY_NAME = {form.name: form for form in FORMS}
FORM_NAMES = list(BY_NAME)


@pytest.fixture(params=FORM_NAMES)
def form(request) -> Form:
    return BY_NAME[request.param]


def test_every_post_address_of_the_site_is_in_the_table(world):
    """A new form is added here, or this fails: no POST escapes the abuse tests."""
    endpoints = {
        rule.endpoint
        for rule in world.app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint != "static"
    }
    covered = {
        "questions.ask", "questions.withdraw", "questions.delete_email", "access_requests.new",
        "access_requests.confirm", "complaints.new", "requests_admin.acknowledge",
        "requests_admin.close", "requests_admin.update",
        "access_requests.reply", "access_requests.withdraw", "access_requests.follow", "auth.sign_in", "auth.sign_in_code",
        "auth.sign_in_recovery", "auth.account", "auth.sign_out", "admin.question", "admin.decline", "admin.spam",
        "admin.redact_check", "admin.keep_check", "admin.answer", "admin.unpublish", "admin.republish",
        "admin.withdraw_version", "moderators.new",
        "moderators.change_role", "moderators.deactivate", "moderators.activate",
        "moderators.send_password_reset", "auth.reset_password",
        "requests_admin.start", "requests_admin.clarify", "requests_admin.extend",
        "requests_admin.complete", "requests_admin.refuse", "requests_admin.jurisdiction",
        "requests_admin.answered", "requests_admin.record", "requests_admin.record_complaint",
        "requests_admin.wait",
        "requests_admin.met", "requests_admin.reissue",
        "requests_admin.recipients", "requests_admin.marketing", "requests_admin.erase_here",
        "subjects.search",
        "subjects.export", "subjects.erase", "objections.new", "objections_admin.answered",
        "notices.new", "notices.confirm", "notices.manage", "notices.unsubscribe",
        # RFC 8058's one-click unsubscribe has no CSRF token by design: tested on its own below.
        "notices.one_click",
    }  # fmt: skip
    assert endpoints == covered


# Sending --------------------------------------------------------------------------------------


def open_form(world: World, form: Form) -> tuple[Target, dict[str, str]]:
    """Prepare the form and read its page, as a browser does before sending it."""
    target = form.prepare(world)
    page = target.client.get(target.page)
    assert page.status_code == 200, (target.page, page.status_code)
    fields = {"csrf_token": csrf_token(page), **target.fields}
    started = started_of(page)
    if started is not None:
        fields["started"] = started
    submission = submission_of(page)
    if submission is not None:
        fields["submission"] = submission
    return target, fields


def post(target: Target, body: bytes, content_type="application/x-www-form-urlencoded"):
    if target.files and content_type == "application/x-www-form-urlencoded":
        # The same fields, with the form's files, as the browser would send them.
        text = body.decode("latin-1")  # raw bytes stay bytes, one character each
        fields = dict(parse_qsl(text, keep_blank_values=True, encoding="latin-1"))
        files = {
            name: FileStorage(io.BytesIO(content), filename)
            for name, (filename, content) in target.files.items()
        }
        boundary, body = encode_multipart({**fields, **files})
        content_type = f"multipart/form-data; boundary={boundary}"
    return target.client.post(target.action, data=body, content_type=content_type)


def encoded(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


def assert_unchanged(world: World, before, response) -> None:
    assert changes(before, snapshot(world.app)) == {}, response.status_code


def assert_refused(world: World, form: Form, before, response) -> None:
    diff = changes(before, snapshot(world.app))
    assert set(diff) <= form.refusal_touches, (response.status_code, set(diff))
    for added, _removed in diff.values():
        for value in (v for row in added for v in row if isinstance(v, str)):
            assert not any(mark in value for mark in SENT_MARKS), value[:200]


def assert_normal_result(
    world: World, form: Form, target: Target, before, response, *, exact: bool = True
) -> None:
    """The form's own result; `exact` checks its effect too, which odd text may change (an
    erasure of an address with a direction override in it finds nothing to erase)."""
    assert response.status_code == form.success, response.get_data(as_text=True)[:2000]
    diff = changes(before, snapshot(world.app))
    assert set(diff) <= form.touches, set(diff) - form.touches
    for table, (added, removed) in diff.items():
        for row in as_dicts(table, added):
            for name, value in row.items():
                if isinstance(value, str):
                    assert "\x00" not in value, (table, name)
                    assert "\u202e" not in value, (table, name)
                    assert "\ufffd" not in value or table != "moderator", (table, name)
                    assert "planted" not in value, (table, name)
            if table == "moderator":
                before_row = {r["id"]: r for r in as_dicts(table, removed)}.get(row["id"])
                was_admin = before_row is not None and before_row["role"] == "admin"
                assert row["role"] != "admin" or was_admin, "someone became an admin"
    if exact and form.effect is not None:
        form.effect(world, target, diff)


# CSRF -----------------------------------------------------------------------------------------


def assert_csrf_refusal(world: World, before, response) -> None:
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert_unchanged(world, before, response)


def test_a_form_without_its_csrf_token_is_refused(world, form):
    target, fields = open_form(world, form)
    del fields["csrf_token"]
    before = snapshot(world.app)
    assert_csrf_refusal(world, before, post(target, encoded(fields)))


def test_an_expired_csrf_token_is_refused(world, form):
    target, fields = open_form(world, form)
    fields["csrf_token"] = expired_token(world.app, target.client)
    before = snapshot(world.app)
    assert_csrf_refusal(world, before, post(target, encoded(fields)))


def test_a_token_from_before_the_session_was_renewed_is_refused(world, form):
    target, fields = open_form(world, form)
    forget_csrf_secret(target.client)
    before = snapshot(world.app)
    assert_csrf_refusal(world, before, post(target, encoded(fields)))


def test_a_token_from_another_session_is_refused(world, form):
    target, fields = open_form(world, form)
    stranger = world.app.test_client()
    fields["csrf_token"] = csrf_token(stranger.get("/ask"))
    before = snapshot(world.app)
    assert_csrf_refusal(world, before, post(target, encoded(fields)))


def test_a_token_from_another_moderators_session_is_refused(world):
    """A token lifted from an admin's page is worth nothing in a moderator's session."""
    form = BY_NAME["question-decline"]
    target, fields = open_form(world, form)
    admin_page = world.client(world.admin).get("/admin/")
    fields["csrf_token"] = csrf_token(admin_page)
    before = snapshot(world.app)
    assert_csrf_refusal(world, before, post(target, encoded(fields)))


# Fields the form does not have ---------------------------------------------------------------

EXTRA_FIELDS = {
    "status": "published",
    "role": "admin",
    "id": "1",
    "moderator_id": "1",
    "question_id": "1",
    "document_id": "1",
    "request_id": "1",
    "token": "planted-token",
    "reference": "SAR-1999-planted",
    "session_token": "planted-session",
    "totp_secret": "PLANTEDSECRET",
    "active": "0",
    "is_admin": "1",
    "password_hash": "planted-hash",
    "received": "1999-01-01",
    "due": "1999-01-01",
    "answer_data": "planted-file",
    "redacted": "planted-text",
    "original": "planted-original",
}


def test_fields_a_form_does_not_have_are_ignored(world, form):
    target, fields = open_form(world, form)
    extra = {name: value for name, value in EXTRA_FIELDS.items() if name not in fields}
    before = snapshot(world.app)
    response = post(target, encoded({**fields, **extra}))
    assert_normal_result(world, form, target, before, response)


def test_the_form_as_sent_by_a_browser_does_what_it_says(world, form):
    """The baseline for every abuse below: the same form, sent properly."""
    target, fields = open_form(world, form)
    before = snapshot(world.app)
    response = post(target, encoded(fields))
    assert_normal_result(world, form, target, before, response)
    if form.touches:
        assert changes(before, snapshot(world.app)), "a valid submission changed nothing"


# Too large ------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_413(world, form):
    target, fields = open_form(world, form)
    kind, size = form.oversize
    before = snapshot(world.app)
    if kind == "multipart":
        boundary, body = encode_multipart(
            {**fields, "answer": FileStorage(io.BytesIO(b"x" * size), "answer.pdf")}
        )
        response = post(target, body, f"multipart/form-data; boundary={boundary}")
    else:
        name = form.text[0] if form.text else "padding"
        response = post(target, encoded({**fields, name: "x" * size}))
    assert response.status_code == 413
    assert "That is too much to send" in response.get_data(as_text=True)
    assert_unchanged(world, before, response)


# Odd text -------------------------------------------------------------------------------------

TEXTS = {
    "nul": "before\x00after",
    "direction-override": "\u202etxt.exe",
    "nested-quotes": "\n\n" + ">" * 200 + " deep",
    "nested-list": "\n\n" + "\n".join("    " * depth + "- item" for depth in range(200)),
    "nested-emphasis": "\n\n" + "*_" * 200 + "deep" + "_*" * 200,
    "long-line": "\n\n" + "x" * 100_000,
}
# Sent as bytes: a lone surrogate cannot be encoded as UTF-8, so it arrives as these.
RAW_TEXTS = {
    "surrogate-escaped": b"%ED%A0%80",
    "surrogate-raw": b"\xed\xa0\x80",
    "invalid-utf8": b"%C0%AF%FF",
}


def assert_refused_or_normal(world, form, target, before, response) -> None:
    assert response.status_code < 500, response.status_code
    if 400 <= response.status_code < 500:
        assert response.status_code in {400, 409, 413, 422}, response.status_code
        assert_refused(world, form, before, response)
    else:
        assert_normal_result(world, form, target, before, response, exact=False)


def odd_cases(kinds: list[str]) -> list:
    """Every form with text gets every kind; a form that is only a button gets the kinds that
    matter to reading any body at all, in a field it does not have."""
    return [
        pytest.param(form.name, kind, id=f"{form.name}-{kind}")
        for form in FORMS
        for kind in kinds
        if form.text or kind in BUTTON_KINDS
    ]


BUTTON_KINDS = {"nul", "surrogate-raw"}


@pytest.mark.parametrize(("name", "kind"), odd_cases(list(TEXTS)))
def test_odd_text_is_refused_or_stored_clean(world, name, kind):
    form = BY_NAME[name]
    target, fields = open_form(world, form)
    names = form.text or ("note",)
    for name in names:
        fields[name] = fields.get(name, "") + TEXTS[kind]
    before = snapshot(world.app)
    response = post(target, encoded(fields))
    assert_refused_or_normal(world, form, target, before, response)
    if kind == "long-line" and form.text:
        # Every text field has a limit far below this.
        assert 400 <= response.status_code < 500


@pytest.mark.parametrize(("name", "kind"), odd_cases(list(RAW_TEXTS)))
def test_undecodable_bytes_are_refused_or_replaced(world, name, kind):
    form = BY_NAME[name]
    target, fields = open_form(world, form)
    names = form.text or ("note",)
    body = encoded({name: value for name, value in fields.items() if name not in names})
    for name in names:
        body += b"&" + name.encode() + b"=" + quote(fields.get(name, "")).encode() + RAW_TEXTS[kind]
    before = snapshot(world.app)
    response = post(target, body)
    assert_refused_or_normal(world, form, target, before, response)
    for added, _removed in changes(before, snapshot(world.app)).values():
        for value in (v for row in added for v in row if isinstance(v, str)):
            assert not any(unicodedata.category(c) == "Cs" for c in value)


# The search of the site's own data, by POST like every form that carries an address ----------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "before\x00after@example.com",
        "\u202emoc.elpmaxe@nna",
        "x" * 100_000,
        "<script>alert(1)</script>@example.com",
    ],
    ids=["nul", "direction-override", "long-line", "markup"],
)
def test_the_subject_search_refuses_or_answers_calmly(world, value):
    client = world.client(world.moderator)
    token = csrf_token(client.get("/admin/subjects/"))
    before = snapshot(world.app)
    response = client.post("/admin/subjects/", data={"csrf_token": token, "email": value})
    assert response.status_code in {200, 400, 414, 422}
    assert not markup_problems(response.get_data(as_text=True))
    # A search that ran is recorded, with counts alone; a refused one changes nothing.
    diff = changes(before, snapshot(world.app))
    assert set(diff) <= {"audit_event"}, set(diff)
    searched = rows(diff, "audit_event")
    assert len(searched) == (response.status_code == 200), searched
    for event in searched:
        assert event["action"] == "subject.searched"
        # What was typed is not in it ("change_notice_subscriptions" is a count's name).
        typed = str(event).replace("change_notice_subscriptions", "")
        assert "example" not in typed and "script" not in typed


@pytest.mark.parametrize("raw", list(RAW_TEXTS.values()), ids=list(RAW_TEXTS))
def test_the_subject_search_takes_undecodable_bytes_calmly(world, raw):
    client = world.client(world.moderator)
    token = csrf_token(client.get("/admin/subjects/"))
    response = client.post(
        "/admin/subjects/",
        data=f"csrf_token={token}&email=ann".encode() + raw,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in {200, 400, 422}
    assert re.search(r"<h1", response.get_data(as_text=True))


@pytest.mark.parametrize(
    "email",
    [
        "ad\u202emin@quillstone.example",
        "admin\u200b@quillstone.example",
        "a\x07b@quillstone.example",
    ],
    ids=["direction-override", "zero-width-space", "bell"],
)
def test_a_moderator_address_with_invisible_characters_is_refused(world, email):
    """Such an address would pass for another in the moderators' list."""
    target, fields = open_form(world, BY_NAME["moderator-new"])
    fields["email"] = email
    before = snapshot(world.app)
    response = post(target, encoded(fields))
    assert response.status_code == 422
    assert "Enter an email address like name@example.com." in response.get_data(as_text=True)
    assert_unchanged(world, before, response)
