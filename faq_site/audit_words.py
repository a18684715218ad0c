"""The audit trail in words: what each action, subject and detail means to the admin reading it.

The one place that names them: the audit log and its filter read from here, and a test checks
that every action the code records has its words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .audit_details import Text, detail_words, texts, versions_by_id
from .extensions import db
from .models import AccessRequest, AuditEvent, DocumentKind, Moderator, Origin
from .names import ACTORS, labelled, moderator_words, moderators_by_id

ACTIONS = {
    "question.received": _l("Question received"),
    "question.check_redacted": _l("Question: a check redacted"),
    "question.check_kept": _l("Question: a check kept"),
    "question.published": _l("Question answered and published"),
    "question.declined": _l("Question declined"),
    "question.spam": _l("Question marked as spam"),
    "question.withdrawn": _l("Question withdrawn by the asker"),
    "question.email_deleted": _l("Question: the asker deleted their email address"),
    "answer.revised": _l("Answer: a new version"),
    "answer.corrected": _l("Answer: today\u2019s version corrected"),
    "answer.version_withdrawn": _l("A version withdrawn, its text erased"),
    "answer.unpublished": _l("Answer unpublished"),
    "answer.republished": _l("Answer published again"),
    "request.submitted": _l("Request made"),
    "request.confirmed": _l("Request confirmed by email"),
    "request.recorded": _l("Request recorded from another channel"),
    "request.started": _l("Request started"),
    "request.clarification_asked": _l("Request: clarification asked"),
    "request.clarification_answered": _l("Request: clarification answered"),
    "request.clarification_recorded": _l("Request: an answer received another way recorded"),
    "request.condition_asked": _l("Request: identity, authority or a fee asked for"),
    "request.condition_met": _l("Request: identity, authority or fee received; clock restarted"),
    "request.answer_reissued": _l("Request: answer file made available again"),
    "request.recipients_told": _l("Request: recipients told of the change (Art. 19)"),
    "request.site_data_erased": _l("Request: this website's data about the requester erased"),
    "request.extended": _l("Request extended"),
    "request.completed": _l("Request completed"),
    "request.refused": _l("Request refused"),
    "request.jurisdiction_set": _l("Request: the law that applies changed"),
    "request.withdrawn": _l("Request withdrawn by the requester"),
    "request.viewed": _l("Request: its page opened in the panel"),
    "request.letter_opened": _l("Request: its letter to the requester opened for printing"),
    "request.answer_downloaded": _l("Request: the answer file downloaded"),
    "request.followed": _l("Request: its page opened with its reference and access code"),
    "request.follow_refused": _l("Request: a wrong access code typed with its reference"),
    "follow.refused": _l("A reference we do not have typed with an access code"),
    "register.exported": _l("The register of requests downloaded as CSV"),
    "objection.received": _l("Objection to a sub-processor: received from a customer"),
    "objection.listed": _l("Objections to sub-processors: the list opened in the panel"),
    "objection.answered": _l("Objection to a sub-processor: marked answered"),
    "audit.exported": _l("The audit log downloaded as CSV"),
    "subject.searched": _l("A person\u2019s data looked up"),
    "complaint.acknowledged": _l("Complaint acknowledged"),
    "complaint.updated": _l("Complaint: progress update sent"),
    "complaint.closed": _l("Complaint closed with its outcome"),
    "subject.exported": _l("A person\u2019s data exported"),
    "subject.erased": _l("A person\u2019s data erased"),
    "moderator.created": _l("Moderator added"),
    "moderator.role_changed": _l("Role changed"),
    "moderator.deactivated": _l("Moderator deactivated"),
    "moderator.activated": _l("Moderator activated again"),
    "moderator.password_changed": _l("Password changed"),
    "moderator.password_reset_sent": _l("Password reset link sent"),
    "moderator.password_reset": _l("Password set from a reset link"),
    "moderator.totp_enabled": _l("Two-step sign-in turned on"),
    "moderator.totp_disabled": _l("Two-step sign-in turned off"),
    "moderator.recovery_codes_created": _l("Two-step sign-in: new recovery codes made"),
    "moderator.recovery_code_used": _l("Signed in with a recovery code"),
    "moderator.signed_in": _l("Signed in"),
    "moderator.sign_in_failed": _l("Signed in — failed"),
    "moderator.signed_out": _l("Signed out"),
    "purge.run": _l("Purge of what outlived its purpose"),
}


def action_words(action: str) -> str:
    """The action in words; one recorded before it had words is shown readably as it is."""
    words = ACTIONS.get(action)
    if words is not None:
        return str(words)
    return action.replace(".", ": ").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Subject:
    words: str
    # The panel page of the subject, as url_for's endpoint and values, or None.
    endpoint: str | None = None
    values: dict[str, Any] | None = None


@dataclass(frozen=True)
class Line:
    event: AuditEvent
    who: str
    action: str
    subject: Subject | None
    detail: str


def lines(events: Iterable[AuditEvent], *, names: bool = True) -> list[Line]:
    """The events as the log shows them, with their subjects looked up in one query per kind.

    With names, moderators are named as people know them (moderator_words); without, by the
    number the trail stores, for a file that leaves the panel holding no personal data."""
    events = list(events)
    ids: dict[str, set[int]] = {}
    for event in events:
        if event.subject_id is not None:
            ids.setdefault(event.subject_type, set()).add(event.subject_id)
    references = _column(AccessRequest.reference, ids.get("accessrequest"))
    versions = versions_by_id(events)
    documents = texts(events, ids.get("document", set()), versions)
    moderators: dict[int, Moderator] | None = None
    if names:
        acting = {ident for ident in map(_acting, events) if ident is not None}
        moderators = moderators_by_id(acting | ids.get("moderator", set()))
    return [
        Line(
            event,
            _who(event, moderators),
            action_words(event.action),
            _subject(event, references, documents, moderators),
            detail_words(event, documents, versions),
        )
        for event in events
    ]


def _acting(event: AuditEvent) -> int | None:
    """The moderator who acted: named by the event, or only by its stored label (a password
    set from a reset link, before anyone is signed in)."""
    return event.moderator_id or labelled(event.actor)


def _who(event: AuditEvent, moderators: dict[int, Moderator] | None) -> str:
    ident = _acting(event)
    if ident is not None:
        if moderators is None:
            return Moderator.label_of(ident)
        return moderator_words(moderators.get(ident), ident)
    words = ACTORS.get(event.actor)
    return str(words) if words is not None else event.actor


def _column(column, wanted: set[int] | None) -> dict[int, Any]:
    if not wanted:
        return {}
    model = column.class_
    return dict(db.session.execute(db.select(model.id, column).where(model.id.in_(wanted))).all())


def _document(ident: int, found: Text | None) -> Subject:
    """An answer published from the panel links to its page there; a text from the content
    files, which the panel does not edit, to its public history. Either is named by its title;
    one no longer there by its number."""
    if found is None:
        return Subject(_("A deleted answer (#%(id)s)", id=ident))
    if found.kind is DocumentKind.STATEMENT:
        return Subject(_("The GDPR statement"), "public.statement_versions", {})
    if found.kind is DocumentKind.REGISTER:
        return Subject(_("The register of sub-processors"), "public.subprocessors_versions", {})
    title = found.title or found.slug
    if found.origin is Origin.QUESTION:
        return Subject(
            _("Answer \u201c%(title)s\u201d", title=title), "admin.answer", {"document_id": ident}
        )
    return Subject(
        _("FAQ entry \u201c%(title)s\u201d", title=title),
        "public.faq_entry_versions",
        {"slug": found.slug},
    )


def _subject(
    event: AuditEvent, references: dict, documents: dict, moderators: dict | None
) -> Subject | None:
    kind, ident = event.subject_type, event.subject_id
    if ident is None:
        return None
    if kind == "question":
        return Subject(_("Question %(id)s", id=ident), "admin.question", {"question_id": ident})
    if kind == "accessrequest":
        reference = references.get(ident)
        if not reference:
            words = _("Request %(id)s (not confirmed)", id=ident)
        elif reference.startswith("CMP-"):
            words = _("Complaint %(reference)s", reference=reference)
        else:
            words = _("Request %(reference)s", reference=reference)
        return Subject(words, "requests_admin.request", {"request_id": ident})
    if kind == "document":
        return _document(ident, documents.get(ident))
    if kind == "moderator":
        if moderators is None:
            return Subject(_("Moderator #%(id)s", id=ident))
        return Subject(moderator_words(moderators.get(ident), ident), "moderators.index", {})
    if kind == "subprocessorobjection":
        return Subject(_("Objection #%(id)s", id=ident), "objections_admin.index", {})
    return Subject(f"{kind} {ident}")
