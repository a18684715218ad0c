"""What happens to a question: received, then published, declined, withdrawn or marked as spam.

Each function changes the session and leaves the commit to the caller, so that the change, its
audit event and any email it sends are stored together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _

from . import audit, marks, outbox
from .anonymise import anonymise
from .cleaning import clean_text
from .clock import today
from .extensions import db
from .models import (
    QUESTION_RECEIPT,
    RESERVED_FAQ_SLUGS,
    Category,
    Document,
    DocumentKind,
    Origin,
    OutboxMessage,
    Question,
    QuestionStatus,
    Version,
    utcnow,
)
from .publishing import changed, labels
from .rendering import render
from .urls import Link

SLUG_MAX = 80
FIRST_SUMMARY = "First published."


class Step(StrEnum):
    """A step a moderator takes on a question on the panel."""

    CHECK = "check"  # redact or keep a value the anonymiser was unsure of
    PUBLISH = "publish"
    DECLINE = "decline"
    SPAM = "spam"


class StepRefused(Exception):
    """A step that the question's state does not allow; the message says why, for a person."""


def refusals(question: Question) -> dict[Step, str]:
    """Each step the question's state does not allow, with the reason a moderator reads.

    As for a request (access_requests.workflow.refusals), the one place these rules live: the
    panel offers every other step, and each step refuses these with the same words.
    """
    if question.status is QuestionStatus.NEW:
        return {}
    return dict.fromkeys(Step, _("This question has already been decided."))


def allowed_steps(question: Question) -> frozenset[Step]:
    """The steps the panel offers for a question; see `refusals`."""
    return frozenset(Step) - refusals(question).keys()


def guard(question: Question, step: Step) -> None:
    """Refuse a step the question's state does not allow, saying why."""
    reason = refusals(question).get(step)
    if reason is not None:
        raise StepRefused(reason)


def _fingerprint(text: str, email: str | None, sender: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    normal = " ".join(text.casefold().split()) + "\n" + (email or "").casefold() + "\n" + sender
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Received:
    question: Question
    duplicate: bool


def receive(text: str, email: str | None, *, sender: str, link: Link) -> Received:
    """Store a visitor's question, anonymised at once; the same text sent again shortly after is
    the same question.

    sender is a secret of the sender's browser session (the view passes its CSRF secret): a
    double click is one question, but a stranger sending the same common words is not led to
    someone else's private link. link builds the status page's address for the receipt.
    """
    text = clean_text(text)
    fingerprint = _fingerprint(text, email, sender)
    window = utcnow() - dt.timedelta(minutes=current_app.config["DUPLICATE_WINDOW_MINUTES"])
    earlier = db.session.scalar(
        db.select(Question)
        .where(Question.fingerprint == fingerprint, Question.created >= window)
        .order_by(Question.id)
        .limit(1)
    )
    if earlier is not None:
        return Received(earlier, duplicate=True)
    result = anonymise(text)
    question = Question(
        token=secrets.token_urlsafe(24),
        original=text,
        redactions=marks.entries(result.redactions),
        redacted=result.text,
        email=email or None,
        fingerprint=fingerprint,
    )
    db.session.add(question)
    db.session.flush()
    if question.email:
        # The private link, so that the asker finds the question again; the mail workers send it.
        _tell(question, True, QUESTION_RECEIPT, {"status_url": _status_url(question, link)})
    audit.record(
        "question.received",
        question,
        actor=audit.VISITOR,
        detail={
            "redactions": len(result.redactions),
            "checks": len(result.checks),
            "wants_reply": bool(email),
        },
    )
    return Received(question, duplicate=False)


def _status_url(question: Question, link: Link) -> str:
    return link("questions.status", token=question.token)


def _close(question: Question, status: QuestionStatus) -> None:
    """A decided question keeps only what is published: the original and its traces go, and no
    value left unchecked stays in its anonymised text."""
    marks.redact_open(question)
    question.status = status
    question.decided = utcnow()
    question.original = None
    question.redactions = None
    question.fingerprint = None


def slug_for(title: str) -> str:
    """A readable, unused FAQ address for a title."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = _cut_at_word(re.findall(r"[a-z0-9]+", ascii_title.lower())) or "question"
    taken = set(
        db.session.scalars(
            db.select(Document.slug).where(
                Document.kind == DocumentKind.FAQ, Document.slug.startswith(base)
            )
        )
    )
    slug, number = base, 2
    while slug in taken or slug in RESERVED_FAQ_SLUGS:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _cut_at_word(words: list[str]) -> str:
    """The words joined by hyphens, as many whole words as fit in SLUG_MAX; a first word longer
    than that is the only one cut."""
    slug = words[0][:SLUG_MAX] if words else ""
    for word in words[1:]:
        if len(slug) + 1 + len(word) > SLUG_MAX:
            break
        slug = f"{slug}-{word}"
    return slug


def publish(
    question: Question,
    *,
    title: str,
    answer: str,
    category: Category | None,
    notify: bool,
    author: str,
    link: Link,
    by: audit.Actor,
) -> tuple[Document, OutboxMessage | None]:
    """Turn an approved question and its answer into an FAQ entry, in force from today; the
    message to the asker, if any, is queued with it.

    Refused (marks.StillToCheck, nothing changed) while the title holds a value the anonymiser
    was unsure of and no moderator has yet redacted or kept, or a value that was redacted.
    """
    guard(question, Step.PUBLISH)
    title, answer = clean_text(title), clean_text(answer)
    still_open, redacted = marks.still_in(question, title)
    if still_open or redacted:
        raise marks.StillToCheck(still_open, redacted)
    document = Document(
        kind=DocumentKind.FAQ,
        slug=slug_for(title),
        category=category,
        position=1000,
        origin=Origin.QUESTION,
    )
    document.versions.append(rendered_version(title, answer, FIRST_SUMMARY, today(), False, author))
    db.session.add(document)
    question.public_text = title
    question.answer = answer
    question.category = category
    question.document = document
    _close(question, QuestionStatus.PUBLISHED)
    db.session.flush()
    message = _tell(
        question,
        notify,
        "question_answered",
        {"answer_url": link("public.faq_entry", slug=document.slug)},
    )
    audit.record(
        "question.published",
        question,
        detail={"document": document.id, "slug": document.slug, "emailed": message is not None},
        actor=by,
    )
    changed([document])
    return document, message


def decline(
    question: Question, *, reason: str, notify: bool, link: Link, by: audit.Actor
) -> OutboxMessage | None:
    guard(question, Step.DECLINE)
    question.decline_reason = clean_text(reason) or None
    _close(question, QuestionStatus.DECLINED)
    message = _tell(
        question,
        notify,
        "question_declined",
        {"reason": question.decline_reason or "", "status_url": _status_url(question, link)},
    )
    audit.record("question.declined", question, detail={"emailed": message is not None}, actor=by)
    return message


def mark_spam(question: Question, *, by: audit.Actor) -> None:
    """Spam keeps nothing of what was sent: the row stays only as a count in the audit trail."""
    guard(question, Step.SPAM)
    _close(question, QuestionStatus.SPAM)
    question.redacted = ""
    question.email = None
    audit.record("question.spam", question, actor=by)


def withdraw(question: Question) -> None:
    """The asker takes the question back: their address goes at once; an undecided question
    goes entirely, a published answer stays (it holds nothing of theirs)."""
    _drop_email(question)
    if question.status is QuestionStatus.NEW:
        _close(question, QuestionStatus.WITHDRAWN)
        question.redacted = ""
    audit.record("question.withdrawn", question, actor=audit.VISITOR)


def forget_email(question: Question) -> bool:
    """The asker deletes their address and keeps the question; False when none was held."""
    if question.email is None:
        return False
    _drop_email(question)
    audit.record("question.email_deleted", question, actor=audit.VISITOR)
    return True


def _drop_email(question: Question) -> None:
    """The address, and every message to it not yet sent, go now."""
    question.email = None
    for message in db.session.scalars(
        db.select(OutboxMessage).where(
            OutboxMessage.question_id == question.id, OutboxMessage.sent.is_(None)
        )
    ):
        db.session.delete(message)


def _tell(question: Question, notify: bool, template: str, context: dict) -> OutboxMessage | None:
    """Queue the email the asker asked for; without one, forget the address now."""
    message = None
    if notify and question.email:
        context = {
            "site_name": current_app.config["SITE_NAME"],
            "company_name": current_app.config["COMPANY_NAME"],
            **context,
        }
        message = outbox.queue(template, question.email, context, question=question)
    else:
        question.email = None
    return message


def rendered_version(
    title: str, answer: str, summary: str, effective: dt.date, editorial: bool, author: str
) -> Version:
    """A version of a moderator's answer, rendered once through the site's one pipeline."""
    title, answer = clean_text(title), clean_text(answer)
    rendered = render(answer, labels())
    return Version(
        effective=effective,
        title=title,
        summary=clean_text(summary),
        editorial=editorial,
        markdown=answer,
        html=rendered.html,
        toc_html=rendered.toc_html,
        source_sha256=hashlib.sha256(answer.encode()).hexdigest(),
        author=author,
    )


def revise(
    document: Document,
    *,
    title: str,
    answer: str,
    summary: str,
    effective: dt.date,
    editorial: bool,
    author: str,
    by: audit.Actor,
) -> Version:
    """A new version of a published answer: earlier versions stay as they were."""
    version = rendered_version(title, answer, summary, effective, editorial, author)
    document.versions.append(version)
    db.session.flush()
    audit.record(
        "answer.revised",
        document,
        detail={"version": version.id, "effective": effective.isoformat(), "editorial": editorial},
        actor=by,
    )
    changed([document])
    return version


def unpublish(document: Document, *, reason: str, by: audit.Actor) -> None:
    document.withdrawn = utcnow()
    document.withdrawn_reason = clean_text(reason)
    audit.record("answer.unpublished", document, actor=by)
    changed([document])


def republish(document: Document, *, by: audit.Actor) -> None:
    document.withdrawn = None
    document.withdrawn_reason = None
    audit.record("answer.republished", document, actor=by)
    changed([document])


def status_label(status: QuestionStatus) -> str:
    """The words a person reads for a question's status."""
    return {
        QuestionStatus.NEW: _("Waiting"),
        QuestionStatus.PUBLISHED: _("Published"),
        QuestionStatus.DECLINED: _("Declined"),
        QuestionStatus.WITHDRAWN: _("Withdrawn"),
        QuestionStatus.SPAM: _("Spam"),
    }[QuestionStatus(status)]
