"""Every page, public and in the panel, in its normal state and with its forms sent empty or
wrong, checked by axe-core in Debian's chromium against WCAG 2.0, 2.1 and 2.2 at levels A and AA.

axe is injected into pages whose Content Security Policy forbids inline scripts, so the test
contexts alone bypass the policy; the journeys in test_browser.py run under it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from werkzeug.exceptions import HTTPException

from faq_site import audit, corrections, moderation
from faq_site.access_requests import workflow
from faq_site.admin import accounts, password_reset, recovery
from faq_site.clock import today
from faq_site.complaints import workflow as complaints
from faq_site.extensions import db
from faq_site.models import AccessRequest, ConditionKind, Moderator, Right, Role
from faq_site.notices import workflow as notices
from faq_site.objections import workflow as objections
from faq_site.urls import link

from actions import ADMIN_PASSWORD, Account, add_moderator
from browser_fixtures import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    layout_problems,
    look,
    shot,
    sign_in_page,
)
from conftest import receive_marked

pytestmark = pytest.mark.browser

ASKER = "tom.baker@example.org"
# A question holding two pieces the anonymiser was unsure of, for a moderator to check.
UNSURE = (
    "Hello, I'm Ruth Jones. We sent the file to Brennanova Quextrel through Vexlora Sync: "
    "must you delete it when we ask?"
)
UNSURE_PIECES = [
    ("name", "Ruth Jones", True),
    ("name", "Brennanova Quextrel", False),
    ("name", "Vexlora Sync", False),
]
ASKED = (
    "Hi, I'm Tom Baker (tom.baker@example.org, 07700 900123). "
    "How long do you keep the backups I send to support?"
)


@dataclass(frozen=True)
class Site:
    """What the pages are about: one of each kind of question and request, and the accounts."""

    question: int
    checked_question: int
    question_token: str
    withdrawn_token: str
    published_question: int
    answer: int
    answer_slug: str
    taken_down_slug: str
    # An answer with a withdrawn version, one that could be, and today's version corrected.
    corrected_answer: int
    corrected_slug: str
    withdrawn_date: str
    today: str
    open_request: int
    open_token: str
    paused_request: int
    paused_token: str
    # A request whose answer waits for the requester's proof of identity.
    awaiting_request: int
    closed_request: int
    closed_token: str
    confirm_path: str
    complaint: int
    complaint_token: str
    closed_complaint: int
    acknowledged_complaint: int
    closed_complaint_token: str
    complaint_confirm_path: str
    moderator: Account
    admin: Account
    guarded: Account
    guarded_secret: str
    guarded_codes: list[str]
    reset_token: str
    notice_waiting: str
    notice_token: str


def _request(base_url: str, right: Right, name: str, email: str) -> tuple[AccessRequest, str]:
    """A request as the form makes it, and the path of its confirmation link."""
    found, message = workflow.submit(right, name, email, "Everything in your billing system.")
    link = re.search(r"/requests/confirm/\S+", message.body_text)
    assert link, message.body_text
    return found, link.group(0)


def _complaint(name: str, email: str) -> tuple[AccessRequest, str]:
    """A complaint as its form makes it, and the path of its confirmation link."""
    found, message = complaints.make(
        name, email, "You went on emailing me after I unsubscribed.", "Stop, and say why."
    )
    link = re.search(r"/requests/confirm/\S+", message.body_text)
    assert link, message.body_text
    return found, link.group(0)


def _corrected_answer():
    """An answer in three versions: the first withdrawn, the second superseded, the third in
    force from today and corrected the same day."""
    asked = moderation.receive(
        "How long do you keep support tickets?", None, sender="", link=link
    ).question
    document, _message = moderation.publish(
        asked,
        title="How long do you keep support tickets?",
        answer="Two years. Ask Aoife Okafor.",
        category=None,
        notify=False,
        author="moderator #1",
        link=link,
        by=audit.SYSTEM,
    )
    document.versions[0].effective = today() - dt.timedelta(days=60)
    revised = {"editorial": False, "author": "moderator #1"}
    moderation.revise(
        document,
        title="How long do you keep support tickets?",
        answer="Two years, then they are deleted.",
        summary="Says what happens after two years.",
        effective=today() - dt.timedelta(days=30),
        **revised,
        by=audit.SYSTEM,
    )
    moderation.revise(
        document,
        title="How long do you keep support tickets?",
        answer="Eighteen months, then they are deleted.",
        summary="Shorter.",
        effective=today(),
        **revised,
        by=audit.SYSTEM,
    )
    corrections.correct(
        document,
        title="How long do you keep support tickets?",
        answer="Eighteen months, then they are deleted for good.",
        note="Says that deleted means for good.",
        **revised,
        by=audit.SYSTEM,
    )
    corrections.withdraw(
        document, document.versions[0], reason="it contained personal data", by=audit.SYSTEM
    )
    return document


def seed(app, base_url: str) -> Site:
    moderator = add_moderator(app, "a11y.moderator@quillstone.example")
    admin = add_moderator(app, "a11y.admin@quillstone.example", ADMIN_PASSWORD, Role.ADMIN)
    guarded = add_moderator(app, "a11y.guarded@quillstone.example")
    resetting = add_moderator(app, "a11y.resetting@quillstone.example")
    secret = pyotp.random_base32()
    with app.test_request_context(base_url=base_url):
        accounts.enable_totp(db.session.get(Moderator, guarded.id), secret)
        guarded_codes = recovery.new_set(db.session.get(Moderator, guarded.id))
        reset_token = password_reset.show(
            db.session.get(Moderator, resetting.id), lambda token: token
        )

        question = moderation.receive(ASKED, ASKER, sender="", link=link).question
        checked = receive_marked(UNSURE, UNSURE_PIECES, email="ruth@example.net")
        withdrawn = moderation.receive(
            "Do you sell the addresses in my CRM to anyone?", None, sender="", link=link
        )
        moderation.withdraw(withdrawn.question)
        published = moderation.receive(
            "Can I export my contacts as a CSV file?", None, sender="", link=link
        ).question
        answer, _message = moderation.publish(
            published,
            title="Can I export my contacts as a CSV file?",
            answer="Yes: **Settings → Export** gives every contact, with its history.",
            category=None,
            notify=False,
            author="moderator #1",
            link=link,
            by=audit.SYSTEM,
        )
        taken_down = moderation.receive(
            "Do you keep call recordings for training?", None, sender="", link=link
        )
        gone, _message = moderation.publish(
            taken_down.question,
            title="Do you keep call recordings for training?",
            answer="No.",
            category=None,
            notify=False,
            author="moderator #1",
            link=link,
            by=audit.SYSTEM,
        )
        moderation.unpublish(
            gone, reason="Our call recording changed; a new answer follows.", by=audit.SYSTEM
        )
        corrected = _corrected_answer()

        opened, _link = _request(base_url, Right.ACCESS, "Ann Example", "ann@example.org")
        workflow.confirm(opened)
        paused, _link = _request(base_url, Right.ACCESS, "Bob Example", "bob@example.org")
        workflow.confirm(paused)
        workflow.start(paused, by=audit.SYSTEM)
        workflow.ask_clarification(
            paused, "Which of your accounts does the request cover?", by=audit.SYSTEM
        )
        awaiting, _link = _request(base_url, Right.ACCESS, "Bea Example", "bea@example.org")
        workflow.confirm(awaiting)
        workflow.start(awaiting, by=audit.SYSTEM)
        workflow.ask_for(
            awaiting, ConditionKind.IDENTITY, "A recent utility bill, please.", by=audit.SYSTEM
        )
        closed, _link = _request(base_url, Right.ERASURE, "Cat Example", "cat@example.org")
        workflow.confirm(closed)
        workflow.start(closed, by=audit.SYSTEM)
        workflow.extend(
            closed, "The request covers ten years of records in three systems.", by=audit.SYSTEM
        )
        workflow.complete(
            closed,
            "Every record, as a CSV file.",
            answer=("records.csv", "text/csv", b"a,b\n"),
            by=audit.SYSTEM,
        )
        _unconfirmed, confirm_path = _request(base_url, Right.UNSURE, "Dee", "dee@example.org")
        complaint, _link = _complaint("Eve Example", "eve@example.org")
        workflow.confirm(complaint)
        closed_complaint, _link = _complaint("Fay Example", "fay@example.org")
        workflow.confirm(closed_complaint)
        complaints.acknowledge(
            closed_complaint, "We are looking into it; expect an answer soon.", by=audit.SYSTEM
        )
        complaints.update(
            closed_complaint, "We found the cause and are fixing it this week.", by=audit.SYSTEM
        )
        complaints.close(
            closed_complaint,
            "We stopped the emails and removed you from the list.",
            by=audit.SYSTEM,
        )
        _unconfirmed, complaint_confirm_path = _complaint("Gus", "gus@example.org")
        acknowledged_complaint, _link = _complaint("Hal Example", "hal@example.org")
        workflow.confirm(acknowledged_complaint)
        complaints.acknowledge(acknowledged_complaint, "We are looking into it.", by=audit.SYSTEM)
        objections.make(
            objections.announced()[0],
            "Brightfield Analytics Ltd",
            "Priya Contact",
            "priya@brightfield.example",
            "Our clients forbid support staff outside the UK and the EEA.",
            submission="a11y-objection-0000000000000000000",
        )
        waiting = notices.subscribe("ivy@example.org", notices.Choice(True, True), link)
        subscriber = notices.subscribe("jo@example.org", notices.Choice(False, True), link)
        notices.confirm(subscriber)
        db.session.commit()
        return Site(
            question=question.id,
            checked_question=checked.id,
            question_token=question.token,
            withdrawn_token=withdrawn.question.token,
            published_question=published.id,
            answer=answer.id,
            answer_slug=answer.slug,
            taken_down_slug=gone.slug,
            corrected_answer=corrected.id,
            corrected_slug=corrected.slug,
            withdrawn_date=corrected.versions[0].effective.isoformat(),
            today=today().isoformat(),
            open_request=opened.id,
            open_token=opened.token,
            paused_request=paused.id,
            paused_token=paused.token,
            awaiting_request=awaiting.id,
            closed_request=closed.id,
            closed_token=closed.token,
            confirm_path=confirm_path,
            complaint=complaint.id,
            complaint_token=complaint.token,
            closed_complaint=closed_complaint.id,
            acknowledged_complaint=acknowledged_complaint.id,
            closed_complaint_token=closed_complaint.token,
            complaint_confirm_path=complaint_confirm_path,
            moderator=moderator,
            admin=admin,
            guarded=guarded,
            guarded_secret=secret,
            guarded_codes=guarded_codes,
            reset_token=reset_token,
            notice_waiting=notices.token(waiting),
            notice_token=notices.token(subscriber),
        )


@pytest.fixture(scope="module")
def site(live_app, live_server) -> Site:
    return seed(live_app, live_server)


def _context(browser, live_server):
    # Only here, never in the journeys: axe is an inline script the site's policy forbids.
    return browser.new_context(viewport=DESKTOP, base_url=live_server, bypass_csp=True)


@pytest.fixture(scope="module")
def contexts(browser, live_server, site):
    """One browser context for each kind of person: a visitor, a moderator and an admin."""
    made = {"visitor": _context(browser, live_server)}
    for who, account in (("moderator", site.moderator), ("admin", site.admin)):
        made[who] = _context(browser, live_server)
        page = made[who].new_page()
        sign_in_page(page, account.email, account.password)
        page.close()
    yield made
    for context in made.values():
        context.close()


# The labels of the fields the cases fill, by a short name.
LABELS = {
    "question": "Your question",
    "ask_email": "Your email address (optional)",
    "name": "Your full name",
    "request_email": "Your email address",
    "details": "Describe your request",
    "what_happened": "What happened",
    "email": "Email address",
    "password": "Password",
    "title": "The question as it will be published",
    "answer": "Answer (Markdown)",
    "revision_title": "Question",
    "summary": "What changed, in one sentence",
    "reference": "Reference",
    "access_code": "Access code",
    "withdraw_reason": "Why it is withdrawn (shown to readers at its address)",
    "initial_password": "Initial password",
    "new_password": "New password",
    "confirm_password": "New password again",
}


@dataclass(frozen=True)
class Case:
    """A page in one state: opened at path ({site.<name>} filled in) by a visitor, a moderator
    or an admin, then, when a button is named, its form sent with the fields filled by label.
    A form sent with an error status must show its errors, or the case checks the wrong state."""

    name: str
    who: str
    path: str
    status: int = 200
    button: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    # An address to search for on the page first, as a moderator would.
    search_for: str | None = None
    # False when sending the form changes what the page shows next time (a check kept).
    repeatable: bool = True

    @property
    def errors(self) -> bool:
        return self.button is not None and self.status >= 400

    def open(self, page, site: Site) -> None:
        response = page.goto(self.path.format(site=site))
        if self.search_for is not None:
            # The panel's search for a person sends the address in a form, never in a URL.
            page.get_by_label(LABELS["email"], exact=True).fill(self.search_for)
            with page.expect_navigation() as navigation:
                page.locator("#page-main").get_by_role("button", name="Search", exact=True).click()
            response = navigation.value
        if self.button is not None:
            assert response.status == 200, f"{page.url} answered {response.status}"
            for label, value in self.fields:
                page.get_by_label(LABELS[label], exact=True).fill(value)
            with page.expect_navigation() as navigation:
                page.locator("#page-main").get_by_role(
                    "button", name=self.button, exact=True
                ).click()
            response = navigation.value
        assert response.status == self.status, f"{page.url} answered {response.status}"


def filled(**fields: str) -> tuple[tuple[str, str], ...]:
    return tuple(fields.items())


CASES = [
    # What every reader sees.
    Case("home", "visitor", "/"),
    Case("statement", "visitor", "/gdpr"),
    Case("statement-versions", "visitor", "/gdpr/versions"),
    Case("statement-old-version", "visitor", "/gdpr/versions/2018-05-25"),
    Case("statement-announced-version", "visitor", "/gdpr/versions/2027-03-01"),
    Case("statement-changes", "visitor", "/gdpr/changes/2018-05-25..2026-05-01"),
    Case("statement-compare-wrong", "visitor", "/gdpr/changes?from=x&to=y", 400),
    Case("subprocessors", "visitor", "/subprocessors"),
    Case("subprocessors-versions", "visitor", "/subprocessors/versions"),
    Case("subprocessors-old-version", "visitor", "/subprocessors/versions/2018-05-25"),
    Case("subprocessors-announced-version", "visitor", "/subprocessors/versions/2027-03-01"),
    Case("subprocessors-changes", "visitor", "/subprocessors/changes/2022-05-09..2027-03-01"),
    Case("subprocessors-compare-wrong", "visitor", "/subprocessors/changes?from=x&to=y", 400),
    Case("faq", "visitor", "/faq"),
    Case("faq-all", "visitor", "/faq/all"),
    Case("faq-category", "visitor", "/faq/categories/our-commitments"),
    Case("faq-entry", "visitor", "/faq/official-gdpr-statement"),
    Case("faq-entry-versions", "visitor", "/faq/official-gdpr-statement/versions"),
    Case("faq-entry-old-version", "visitor", "/faq/official-gdpr-statement/versions/2018-05-25"),
    Case(
        "faq-entry-changes",
        "visitor",
        "/faq/official-gdpr-statement/changes/2018-05-25..2026-05-01",
    ),
    Case("faq-entry-compare-wrong", "visitor", "/faq/official-gdpr-statement/changes?from=x", 400),
    Case("faq-answered-question", "visitor", "/faq/{site.answer_slug}"),
    Case("faq-taken-down", "visitor", "/faq/{site.taken_down_slug}", 410),
    Case("faq-corrected", "visitor", "/faq/{site.corrected_slug}"),
    Case("faq-corrected-versions", "visitor", "/faq/{site.corrected_slug}/versions"),
    Case(
        "faq-withdrawn-version",
        "visitor",
        "/faq/{site.corrected_slug}/versions/{site.withdrawn_date}",
        410,
    ),
    Case(
        "faq-withdrawn-changes",
        "visitor",
        "/faq/{site.corrected_slug}/changes/{site.withdrawn_date}..{site.today}",
        410,
    ),
    Case("transparency", "visitor", "/transparency"),
    Case("search", "visitor", "/search"),
    Case("search-results", "visitor", "/search?q=backups"),
    Case("search-results-in-pages", "visitor", "/search?q=delete+my+data"),
    Case("search-past-the-results", "visitor", "/search?q=backups&page=9"),
    Case("search-nothing-found", "visitor", "/search?q=tachograph+retention"),
    Case("search-nothing-to-look-for", "visitor", "/search?q=%3F%3F"),
    Case("not-found", "visitor", "/no-such-page", 404),
    Case("faq-entry-not-found", "visitor", "/faq/no-such-entry", 404),
    # Asking a question.
    Case("ask", "visitor", "/ask"),
    Case("ask-with-matches", "visitor", "/ask?q=backups+sent+to+support"),
    Case("ask-sent-empty", "visitor", "/ask", 400, "Send your question"),
    Case(
        "ask-sent-wrong",
        "visitor",
        "/ask",
        400,
        "Send your question",
        filled(question="Hi?", ask_email="tom at home"),
    ),
    Case("ask-thanks", "visitor", "/ask/thanks"),
    Case("ask-status-sent", "visitor", "/ask/status/{site.question_token}?sent=1"),
    Case("ask-status-withdrawn", "visitor", "/ask/status/{site.withdrawn_token}?withdrawn=1"),
    Case("ask-status-unknown", "visitor", "/ask/status/nothing-here", 404),
    # Requesting one's data.
    Case("request-form", "visitor", "/requests/new"),
    Case("request-sent-empty", "visitor", "/requests/new", 400, "Send my request"),
    Case(
        "request-sent-wrong",
        "visitor",
        "/requests/new",
        400,
        "Send my request",
        filled(name="Ann Example", request_email="ann@", details="Everything."),
    ),
    Case("request-check-email", "visitor", "/requests/sent"),
    Case("request-confirm", "visitor", "{site.confirm_path}"),
    Case("request-confirm-broken-link", "visitor", "/requests/confirm/not-a-link", 400),
    Case("request-status-confirmed", "visitor", "/requests/status/{site.open_token}?confirmed=1"),
    Case("request-status-question", "visitor", "/requests/status/{site.paused_token}"),
    Case(
        "request-status-reply-empty",
        "visitor",
        "/requests/status/{site.paused_token}",
        400,
        "Send my answer",
    ),
    Case("request-status-answered", "visitor", "/requests/status/{site.closed_token}"),
    # Making a complaint.
    Case("request-follow", "visitor", "/requests/follow"),
    Case("request-status-mistyped", "visitor", "/requests/status/no-such-link", 404),
    Case("search-reference", "visitor", "/search?q=SAR-2026-000001"),
    Case(
        "request-follow-wrong",
        "visitor",
        "/requests/follow",
        400,
        "Show my request",
        filled(reference="SAR-2026-999999", access_code="AAAA-AAAA-AAAA"),
    ),
    Case("objection-form", "visitor", "/subprocessors/object"),
    Case(
        "objection-form-provider",
        "visitor",
        "/subprocessors/object?provider=Maplewatch+Support+Inc.",
    ),
    Case("objection-sent-empty", "visitor", "/subprocessors/object", 400, "Send my objection"),
    Case("objection-sent", "visitor", "/subprocessors/object/sent"),
    Case("notices-form", "visitor", "/notices"),
    Case("notices-form-register", "visitor", "/notices?register=1"),
    Case(
        "notices-sent-wrong",
        "visitor",
        "/notices",
        400,
        "Subscribe",
        filled(request_email="ivy@"),
    ),
    Case("notices-check-email", "visitor", "/notices/sent"),
    Case("notices-confirm", "visitor", "/notices/confirm/{site.notice_waiting}"),
    Case("notices-manage", "visitor", "/notices/manage/{site.notice_token}?confirmed=1"),
    Case("notices-unsubscribe", "visitor", "/notices/unsubscribe/{site.notice_token}"),
    # A mail program that opens the one-click address in a browser shows the same page.
    Case("notices-one-click-opened", "visitor", "/notices/one-click/{site.notice_token}"),
    Case("notices-gone", "visitor", "/notices/gone"),
    Case("notices-link-mistyped", "visitor", "/notices/manage/1-nothing", 404),
    Case("complaint-form", "visitor", "/complaints/new"),
    Case("complaint-form-about", "visitor", "/complaints/new?about=SAR-2026-000001"),
    Case("complaint-sent-empty", "visitor", "/complaints/new", 400, "Send my complaint"),
    Case(
        "complaint-sent-wrong",
        "visitor",
        "/complaints/new",
        400,
        "Send my complaint",
        filled(name="Eve Example", request_email="eve@", what_happened="You emailed me."),
    ),
    Case("complaint-check-email", "visitor", "/complaints/sent"),
    Case("complaint-confirm", "visitor", "{site.complaint_confirm_path}"),
    Case(
        "complaint-status-confirmed",
        "visitor",
        "/requests/status/{site.complaint_token}?confirmed=1",
    ),
    Case("complaint-status-closed", "visitor", "/requests/status/{site.closed_complaint_token}"),
    # Signing in.
    Case("sign-in", "visitor", "/admin/sign-in"),
    Case("sign-in-empty", "visitor", "/admin/sign-in", 422, "Sign in"),
    Case(
        "sign-in-wrong",
        "visitor",
        "/admin/sign-in",
        422,
        "Sign in",
        filled(email="nobody@quillstone.example", password="not the password"),
    ),
    # The moderators' panel.
    Case("dashboard", "moderator", "/admin/"),
    Case("questions", "moderator", "/admin/questions"),
    Case("questions-published", "moderator", "/admin/questions?status=published"),
    Case("questions-unknown-status", "moderator", "/admin/questions?status=lost", 400),
    Case("question-with-redactions", "moderator", "/admin/questions/{site.question}"),
    Case(
        "question-preview",
        "moderator",
        "/admin/questions/{site.question}",
        200,
        "Preview",
        filled(answer="## Backups\n\nWe delete them **within 30 days**:\n\n- tickets\n- files"),
    ),
    Case(
        "question-publish-empty",
        "moderator",
        "/admin/questions/{site.question}",
        400,
        "Publish to the FAQ",
        filled(title="", answer=""),
    ),
    Case("question-with-checks", "moderator", "/admin/questions/{site.checked_question}"),
    Case(
        "question-still-to-check",
        "moderator",
        "/admin/questions/{site.checked_question}",
        400,
        "Publish to the FAQ",
        filled(title="Must you delete what Brennanova Quextrel sent?", answer="Yes."),
    ),
    # Keeping one check: the page then shows a decided check beside an open one.
    Case(
        "question-check-kept",
        "moderator",
        "/admin/questions/{site.checked_question}",
        200,
        "Keep ‘Vexlora Sync’ (name)",
        repeatable=False,
    ),
    Case("question-published", "moderator", "/admin/questions/{site.published_question}"),
    Case("question-not-found", "moderator", "/admin/questions/999999", 404),
    Case("answer", "moderator", "/admin/answers/{site.answer}"),
    Case(
        "answer-preview",
        "moderator",
        "/admin/answers/{site.answer}",
        200,
        "Preview",
        filled(summary="Names the menu."),
    ),
    Case(
        "answer-save-empty",
        "moderator",
        "/admin/answers/{site.answer}",
        400,
        "Publish this version",
        filled(revision_title=""),
    ),
    Case("answer-corrected", "moderator", "/admin/answers/{site.corrected_answer}"),
    Case("answer-withdraw", "admin", "/admin/answers/{site.corrected_answer}"),
    Case(
        "answer-withdraw-empty",
        "admin",
        "/admin/answers/{site.corrected_answer}",
        400,
        "Withdraw this version",
        filled(withdraw_reason=""),
    ),
    Case("requests", "moderator", "/admin/requests/"),
    Case("requests-waiting", "moderator", "/admin/requests/?status=active&right=access"),
    Case("requests-unknown-status", "moderator", "/admin/requests/?status=lost", 400),
    Case("request-open", "moderator", "/admin/requests/{site.open_request}"),
    Case("request-letter", "moderator", "/admin/requests/{site.open_request}/letter"),
    Case("complaint-letter", "moderator", "/admin/requests/{site.closed_complaint}/letter"),
    Case("request-paused", "moderator", "/admin/requests/{site.paused_request}"),
    Case("request-awaiting-identity", "moderator", "/admin/requests/{site.awaiting_request}"),
    Case("request-closed", "moderator", "/admin/requests/{site.closed_request}"),
    Case("request-record", "moderator", "/admin/requests/record/"),
    Case("complaints", "moderator", "/admin/requests/?status=active&right=complaint"),
    Case("objections", "moderator", "/admin/objections/"),
    Case("complaint-open", "moderator", "/admin/requests/{site.complaint}"),
    Case(
        "complaint-acknowledge-empty",
        "moderator",
        "/admin/requests/{site.complaint}",
        400,
        "Acknowledge the complaint",
    ),
    Case(
        "complaint-close-empty",
        "moderator",
        "/admin/requests/{site.complaint}",
        400,
        "Close with this outcome",
    ),
    Case("complaint-closed", "moderator", "/admin/requests/{site.closed_complaint}"),
    Case("complaint-acknowledged", "moderator", "/admin/requests/{site.acknowledged_complaint}"),
    Case(
        "complaint-update-empty",
        "moderator",
        "/admin/requests/{site.acknowledged_complaint}",
        400,
        "Send the update",
    ),
    Case("complaint-record", "moderator", "/admin/requests/record/complaint"),
    Case(
        "complaint-record-empty",
        "moderator",
        "/admin/requests/record/complaint",
        400,
        "Record the complaint",
    ),
    Case("request-record-empty", "moderator", "/admin/requests/record/", 400, "Record the request"),
    *(
        Case(
            f"request-{button.split()[0].lower()}-empty",
            "moderator",
            "/admin/requests/{site.open_request}",
            400,
            button,
        )
        for button in (
            "Ask the requester",
            "Extend the deadline",
            "Complete the request",
            "Refuse the request",
        )
    ),
    Case("subjects", "moderator", "/admin/subjects/"),
    Case("subjects-search-empty", "moderator", "/admin/subjects/", 422, "Search"),
    Case("subjects-found", "moderator", "/admin/subjects/", search_for=ASKER),
    Case("subjects-open-request", "moderator", "/admin/subjects/", search_for="ann@example.org"),
    Case("account", "moderator", "/admin/account"),
    Case("reset-password", "visitor", "/admin/reset-password/{site.reset_token}"),
    Case(
        "reset-password-wrong",
        "visitor",
        "/admin/reset-password/{site.reset_token}",
        422,
        "Set the new password",
        filled(new_password="short", confirm_password="different"),
    ),
    Case("reset-password-gone", "visitor", "/admin/reset-password/no-such-link", 404),
    Case("account-password-empty", "moderator", "/admin/account", 422, "Change password"),
    Case("moderators-forbidden", "moderator", "/admin/moderators/", 403),
    # What admins alone see.
    Case("admin-dashboard", "admin", "/admin/"),
    Case("moderators", "admin", "/admin/moderators/"),
    Case("moderator-new", "admin", "/admin/moderators/new"),
    Case("moderator-new-empty", "admin", "/admin/moderators/new", 422, "Add moderator"),
    Case(
        "moderator-new-wrong",
        "admin",
        "/admin/moderators/new",
        422,
        "Add moderator",
        filled(email="not-an-address", initial_password="short"),
    ),
    Case("audit", "admin", "/admin/audit"),
    Case("audit-filtered", "admin", "/admin/audit?action=moderator.signed_in"),
    Case("audit-wrong-date", "admin", "/admin/audit?since=yesterday", 400),
    Case("subjects-erasable", "admin", "/admin/subjects/", search_for=ASKER),
    Case(
        "subjects-erase-unconfirmed",
        "admin",
        "/admin/subjects/",
        422,
        "Erase this person's data",
        search_for=ASKER,
    ),
]
# Pages the cases above cannot reach, opened by the two-step test below.
TWO_STEP_ENDPOINTS = {"auth.sign_in_code", "auth.sign_in_recovery"}
# Not pages a person reads: files, feeds and machine answers.
NOT_PAGES = {
    "static",
    "machine.statement_feed",
    "machine.faq_feed",
    "machine.register_feed",
    "machine.sitemap",
    "machine.robots",
    "machine.favicon",
    "machine.healthz",
    "access_requests.download",
    "requests_admin.answer",
    "subjects.export",
    "exports.register",
    "exports.audit_log",
}


def assert_accessible(page, axe_script: Path, name: str) -> None:
    violations = axe_violations(page, axe_script)
    if violations:
        shot(page, f"a11y-{name}", "desktop", always=True)
    assert not violations, f"{page.url}:\n{describe_violations(violations)}"


def assert_errors_shown(page) -> None:
    shown = page.locator('.error-summary, [aria-invalid="true"]').count()
    assert shown > 0, f"{page.url} shows no error for a form sent wrong"


def test_the_check_finds_what_it_should(contexts, axe_script):
    """axe really runs with these rules: faults put into a page are reported, by rule."""
    page = contexts["visitor"].new_page()
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", '<img src="/static/favicon.svg">');
            main.insertAdjacentHTML("beforeend", '<input type="text" name="nameless">');
            main.insertAdjacentHTML("beforeend", '<a href="/faq"></a>');
            const faint = document.createElement("p");
            faint.textContent = "Hard to read";
            faint.style.color = "#ddd";
            main.append(faint);
        }"""
    )
    found = {violation["id"] for violation in axe_violations(page, axe_script)}
    page.close()
    assert found == {"image-alt", "label", "link-name", "color-contrast"}


# Narrow desktops, where the header's brand, navigation and search are tightest: each page
# marks another navigation item as current (in bold, so wider), and the panel has the same header.
NARROW_DESKTOPS = (1024, 1100, 1150)
HEADER_PAGES = (
    ("visitor", "home", "/"),
    ("visitor", "statement", "/gdpr"),
    ("visitor", "faq", "/faq"),
    ("visitor", "ask", "/ask"),
    ("visitor", "request-form", "/requests/new"),
    ("admin", "moderators", "/admin/moderators/"),
)


@pytest.mark.parametrize("width", NARROW_DESKTOPS)
def test_the_header_keeps_to_one_row_on_a_narrow_desktop(width: int, contexts):
    """From 1024 px the brand, the navigation and the search share one row, and the search box
    still shows its placeholder whole."""
    for who, name, path in HEADER_PAGES:
        page = contexts[who].new_page()
        try:
            page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
            page.goto(path)
            look(page, f"header-{name}", f"desktop-{width}")
            search = page.locator("#site-search-q")
            # A search box's text never reaches its right edge (room is kept for its clear
            # button): the placeholder, put in as text, fits when nothing scrolls.
            search.fill(search.get_attribute("placeholder"))
            overflow = search.evaluate("box => box.scrollWidth - box.clientWidth")
            assert overflow <= 0, f"{path} at {width} px cuts the search placeholder short"
        finally:
            page.close()


# What the layout check is to catch, put into a page: a word broken inside a button, the current
# navigation item on two lines on a phone (as it was before it kept to one), a header on two rows
# at the narrowest desktop.
# (Buttons are narrowed too: on a phone the moderators' list stacks, giving each room enough.)
BROKEN_WORDS = ".button { overflow-wrap: anywhere !important; max-width: 4rem !important; }"
WRAPPED_NAVIGATION = ".site-nav a { white-space: normal !important; }"
TWO_ROW_HEADER = (
    ".site-header__inner { flex-wrap: wrap !important; }"
    ".site-search input { flex: none !important; width: 24rem !important; }"
)


def test_the_layout_check_finds_what_it_should(contexts):
    page = contexts["admin"].new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto("/admin/moderators/")
        assert layout_problems(page) == []
        page.add_style_tag(content=BROKEN_WORDS)
        problems = layout_problems(page)
        assert 'the word "Deactivate" is broken across lines in the button "Deactivate"' in (
            problems
        )
        # Words a screen reader alone reads (the account a button is for) are not laid out to
        # be seen, so never counted.
        assert not any("@" in problem for problem in problems), problems

        page.goto("/requests/new")
        assert layout_problems(page) == []
        page.add_style_tag(content=WRAPPED_NAVIGATION)
        assert layout_problems(page) == ['the navigation item "Request your data" takes 2 lines']

        page.set_viewport_size({"width": NARROW_DESKTOPS[0], "height": DESKTOP["height"]})
        page.goto("/")
        assert layout_problems(page) == []
        page.add_style_tag(content=TWO_ROW_HEADER)
        assert layout_problems(page) == ["the header takes more than one row"]
    finally:
        page.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_page_meets_wcag_a_and_aa(case: Case, contexts, site: Site, axe_script):
    page = contexts[case.who].new_page()
    try:
        case.open(page, site)
        if case.errors:
            assert_errors_shown(page)
        # Kept as a picture and measured as a person sees it on a desktop: the phone is below.
        look(page, f"page-{case.name}", "desktop")
        assert_accessible(page, axe_script, case.name)
    finally:
        page.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_page_is_laid_out_for_a_phone(case: Case, contexts, site: Site):
    """Each page state at phone width, kept as a picture and measured: small radios beside their
    labels, nothing wider than the page, no navigation item alone on a row, errors outlining
    their fields."""
    if not case.repeatable:
        pytest.skip("the state was used up by the desktop check")
    page = contexts[case.who].new_page()
    try:
        page.set_viewport_size(PHONE)
        case.open(page, site)
        look(page, f"page-{case.name}", "phone")
    finally:
        page.close()


# Pages of each kind, read again in the dark colour scheme a reader's system may ask for.
DARK = {
    "home", "statement-changes", "faq-entry", "search-results", "ask-sent-empty",
    "subprocessors", "subprocessors-changes",
    "request-sent-empty", "request-status-question", "question-with-checks", "requests",
    "complaint-sent-empty", "complaint-status-closed", "complaint-open",
    "audit", "moderators",
}  # fmt: skip


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name in DARK and c.repeatable], ids=lambda case: case.name
)
def test_the_page_meets_wcag_a_and_aa_in_the_dark_scheme(
    case: Case, contexts, site: Site, axe_script
):
    page = contexts[case.who].new_page()
    try:
        page.emulate_media(color_scheme="dark")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        case.open(page, site)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(17, 23, 29)", "the dark palette is in use"
        look(page, f"page-{case.name}-dark", "desktop")
        assert_accessible(page, axe_script, f"{case.name}-dark")
    finally:
        page.close()


def test_two_step_sign_in_and_its_set_up_meet_wcag_a_and_aa(
    browser, live_server, site: Site, axe_script
):
    """The pages of the second step, which need a session of their own: the code asked for,
    sent wrong and right; the account with two-step sign-in on; and its set-up."""
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto("/admin/sign-in")
    page.get_by_label("Email address").fill(site.guarded.email)
    page.get_by_label("Password").fill(site.guarded.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/sign-in/code")
    assert_accessible(page, axe_script, "sign-in-code")

    totp = pyotp.TOTP(site.guarded_secret)
    wrong = f"{(int(totp.now()) + 500_000) % 1_000_000:06d}"
    page.get_by_label("Code from your authenticator app").fill(wrong)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue").click()
    assert navigation.value.status == 422
    assert_errors_shown(page)
    assert_accessible(page, axe_script, "sign-in-code-wrong")

    page.get_by_label("Code from your authenticator app").fill(totp.now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/account")
    assert page.get_by_role("button", name="Turn off two-step sign-in").count() == 1
    assert_accessible(page, axe_script, "account-two-step-on")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Turn off two-step sign-in").click()
    assert navigation.value.status == 422
    assert_errors_shown(page)
    assert_accessible(page, axe_script, "account-two-step-off-empty")
    context.close()

    # The set-up, in the moderator's own session: the key shown, then a wrong code.
    context = _context(browser, live_server)
    page = context.new_page()
    sign_in_page(page, site.moderator.email, site.moderator.password)
    page.goto("/admin/account")
    page.get_by_role("button", name="Set up two-step sign-in").click()
    page.wait_for_url("**/admin/account#two-step")
    assert_accessible(page, axe_script, "account-two-step-set-up")
    page.get_by_label("Code from your authenticator app").fill("12345")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert navigation.value.status == 422
    assert_errors_shown(page)
    assert_accessible(page, axe_script, "account-two-step-set-up-wrong")
    context.close()


def look_at_both_widths(page, name: str) -> None:
    """Keep and measure the page as it is now at phone width, then back at desktop width."""
    page.set_viewport_size(PHONE)
    look(page, f"page-{name}", "phone")
    page.set_viewport_size(DESKTOP)
    look(page, f"page-{name}", "desktop")


def test_the_question_asked_of_a_requester_reads_with_its_date(contexts, site: Site):
    """On a request's status page, the box of the question asked shows "We asked you" and the
    date; on a phone, where the date falls to a line of its own, that line begins with the date,
    not a stray separator."""
    page = contexts["visitor"].new_page()
    try:
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(f"/requests/status/{site.paused_token}")
            head = page.locator("#page-reply-title + .versions__head")
            lines = [line.strip() for line in head.inner_text().splitlines() if line.strip()]
            assert lines[0].startswith("We asked you"), lines
            assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d", " ".join(lines)), lines
            assert not any("·" in line for line in lines), f"a separator is shown: {lines}"
            look(
                page, "page-request-status-question-asked", "phone" if size == PHONE else "desktop"
            )
    finally:
        page.close()


def test_recovery_codes_meet_wcag_a_and_aa(browser, live_server, site: Site, axe_script):
    """Signing in with a recovery code, by the link on the code page (no script needed): sent
    wrong, then right; the account page counting what is left; a new set shown once."""
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto("/admin/sign-in")
    page.get_by_label("Email address").fill(site.guarded.email)
    page.get_by_label("Password").fill(site.guarded.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/sign-in/code")
    page.get_by_role("link", name="Use a recovery code").click()
    page.wait_for_url("**/admin/sign-in/recovery")
    assert_accessible(page, axe_script, "sign-in-recovery")
    look_at_both_widths(page, "sign-in-recovery")

    page.get_by_label("Recovery code").fill("2222-2222-22")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue").click()
    assert navigation.value.status == 422
    assert_errors_shown(page)
    assert_accessible(page, axe_script, "sign-in-recovery-wrong")
    look_at_both_widths(page, "sign-in-recovery-wrong")

    page.get_by_label("Recovery code").fill(site.guarded_codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/account")
    assert page.get_by_text("You have 9 unused recovery codes").count() == 1
    assert_accessible(page, axe_script, "account-recovery-codes")
    look_at_both_widths(page, "account-recovery-codes")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Make new recovery codes").click()
    assert navigation.value.status == 422
    assert_errors_shown(page)
    assert_accessible(page, axe_script, "account-recovery-codes-empty")

    page.locator("#codes_password").fill(site.guarded.password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Make new recovery codes").click()
    assert navigation.value.status == 200
    assert page.locator(".recovery-codes code").count() == 10
    assert_accessible(page, axe_script, "recovery-codes")
    look_at_both_widths(page, "recovery-codes")
    context.close()


def test_every_page_has_a_case(live_app, site: Site):
    """A page added without a case here fails this test, so that none goes unchecked."""
    adapter = live_app.url_map.bind("localhost")

    def endpoint(path: str) -> str | None:
        try:
            return adapter.match(urlsplit(path).path)[0]
        except HTTPException:  # the cases of missing pages
            return None

    opened = {endpoint(case.path.format(site=site)) for case in CASES}
    pages = {
        rule.endpoint
        for rule in live_app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in NOT_PAGES
    }
    assert pages - opened - TWO_STEP_ENDPOINTS == set(), "pages no case opens"
