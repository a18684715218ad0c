"""A complaint about how we handle someone's personal data, from the form to its outcome.

The Data Protection Act 2018 s. 164A (inserted by the Data (Use and Access) Act 2025, in force
since 19 June 2026): a person may complain to the controller; the controller must make a form
available, acknowledge receipt within 30 days beginning when the complaint is received, and
without undue delay look into it, keep the complainant informed and tell them the outcome.

A complaint is an AccessRequest of the type Right.COMPLAINT: it is made, confirmed by email,
referenced (CMP-2026-000123), followed on its private status page, logged, audited, emailed
about and erased like a request (faq_site.access_requests.workflow). Its own steps are here:
acknowledge, with a message; tell the complainant how it is going (s. 164A(5)(b)), as often as
there is news; close, with the outcome. The extension, pauses, identity step and
refusal grounds of a subject-access request do not apply to it.

Every step changes the session and leaves the commit to the caller.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Collection

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func

from .. import audit
from ..access_requests.workflow import WorkflowError, log_event, submit, tell
from ..cleaning import clean_text
from ..clock import today
from ..extensions import db
from ..models import AccessRequest, Jurisdiction, OutboxMessage, RequestEvent, RequestStatus, Right

# A request's or a complaint's reference, as a complainant may type it in what it is about.
REFERENCE = re.compile(r"\b(?:SAR|CMP)-\d{4}-\d{6}\b", re.IGNORECASE)


class Step(enum.StrEnum):
    ACKNOWLEDGE = "acknowledge"
    UPDATE = "update"
    CLOSE = "close"


def steps(complaint: AccessRequest) -> frozenset[Step]:
    """The steps a moderator may take on the complaint now: the panel's buttons and the steps'
    own guards both ask this. Received: acknowledge it, or close it at once with its outcome
    (which acknowledges it too); acknowledged: tell the complainant how it is going, or close
    it; closed or withdrawn: nothing."""
    if not complaint.is_complaint:
        return frozenset()
    if complaint.status is RequestStatus.OPEN:
        return frozenset({Step.ACKNOWLEDGE, Step.CLOSE})
    if complaint.status is RequestStatus.IN_PROGRESS:
        return frozenset({Step.UPDATE, Step.CLOSE})
    return frozenset()


def _allowed(complaint: AccessRequest, step: Step) -> None:
    if step not in steps(complaint):
        if not complaint.is_complaint:
            raise WorkflowError(_("This is a request, not a complaint."))
        if step is Step.UPDATE and complaint.status is RequestStatus.OPEN:
            raise WorkflowError(
                _("Acknowledge the complaint first; updates on its progress follow.")
            )
        raise WorkflowError(_("This complaint is past that step."))


def make(
    name: str,
    email: str,
    what_happened: str,
    desired_outcome: str,
    concerns: str | None = None,
    *,
    submission: str | None = None,
) -> tuple[AccessRequest, OutboxMessage | None]:
    """A complaint from the form, waiting for its address to be confirmed, as a request does.
    About a request of the complainant's own, it is under that request's law."""
    return submit(
        Right.COMPLAINT,
        name,
        email,
        what_happened,
        submission=submission,
        concerns=concerns,
        desired_outcome=desired_outcome,
        jurisdiction=law_of_concerned(concerns, email),
    )


def named_reference(concerns: str | None) -> str | None:
    """The reference of a request or complaint named in what a complaint is about, if any."""
    found = REFERENCE.search(concerns or "")
    return found.group(0).upper() if found else None


def law_of_concerned(concerns: str | None, email: str) -> Jurisdiction:
    """The law of the request the complaint is about, when it is one made from the same
    address (anyone can type a reference, and what another person's request is under is none
    of their business); else the UK GDPR, as for any request until a moderator says otherwise."""
    reference = named_reference(concerns)
    if reference is None:
        return Jurisdiction.UK
    law = db.session.scalar(
        db.select(AccessRequest.jurisdiction).where(
            AccessRequest.reference == reference,
            func.lower(AccessRequest.email) == email.strip().lower(),
        )
    )
    return law or Jurisdiction.UK


def acknowledge(complaint: AccessRequest, message: str, *, by: audit.Actor) -> OutboxMessage | None:
    """Tell the complainant we have their complaint and are looking into it, in the moderator's
    words (what we will do, by when we expect to answer)."""
    _allowed(complaint, Step.ACKNOWLEDGE)
    complaint.status = RequestStatus.IN_PROGRESS
    text = clean_text(message)
    log_event(complaint, "acknowledged", text, by=by)
    audit.record(
        "complaint.acknowledged", complaint, detail={"in_time": in_time(complaint)}, actor=by
    )
    return tell(complaint, "complaint_acknowledged", message=text)


def update(complaint: AccessRequest, progress: str, *, by: audit.Actor) -> OutboxMessage | None:
    """Tell the complainant how the complaint is going (DPA 2018 s. 164A(5)(b)), in the
    moderator's words: once it is acknowledged, as often as there is news. The audit trail
    records that an update was sent, never its words."""
    _allowed(complaint, Step.UPDATE)
    text = clean_text(progress)
    log_event(complaint, "progress", text, by=by)
    audit.record("complaint.updated", complaint, actor=by)
    return tell(complaint, "complaint_progress", message=text)


def close(complaint: AccessRequest, outcome: str, *, by: audit.Actor) -> OutboxMessage | None:
    """The complaint's outcome, in the moderator's words; the email adds the right to complain
    to the supervisory authority of the complaint's law and to go to court."""
    _allowed(complaint, Step.CLOSE)
    acknowledged_first = complaint.status is RequestStatus.IN_PROGRESS
    complaint.status = RequestStatus.COMPLETED
    complaint.closed = dt.datetime.now(dt.UTC)
    complaint.outcome = clean_text(outcome)
    log_event(complaint, "outcome", complaint.outcome, by=by)
    detail = {"acknowledged_first": acknowledged_first}
    if not acknowledged_first:
        # The outcome is the acknowledgement: was it in time?
        detail["in_time"] = in_time(complaint)
    audit.record("complaint.closed", complaint, detail=detail, actor=by)
    return tell(complaint, "complaint_outcome", outcome=complaint.outcome)


def in_time(complaint: AccessRequest) -> bool:
    """Whether today is still within the days to acknowledge the complaint."""
    return complaint.due is not None and today() <= complaint.due


def acknowledged_on(complaint: AccessRequest) -> dt.datetime | None:
    """When the complaint was acknowledged (its log says), if it was."""
    return next((e.created for e in complaint.events if e.action == "acknowledged"), None)


def acknowledged_times(ids: Collection[int] | None = None) -> dict[int, dt.datetime]:
    """When each complaint was acknowledged, by its id, in one query: those of `ids`, or all."""
    query = (
        db.select(RequestEvent.request_id, func.min(RequestEvent.created))
        .join(AccessRequest, AccessRequest.id == RequestEvent.request_id)
        .where(AccessRequest.right == Right.COMPLAINT, RequestEvent.action == "acknowledged")
        .group_by(RequestEvent.request_id)
    )
    if ids is not None:
        query = query.where(RequestEvent.request_id.in_(ids))
    return dict(db.session.execute(query).all())


def awaiting_acknowledgement() -> ColumnElement[bool]:
    """Complaints received and not yet acknowledged: the ones with a deadline running."""
    return (AccessRequest.right == Right.COMPLAINT) & (AccessRequest.status == RequestStatus.OPEN)
