"""The words a person reads for a request's type, status and log lines; a complaint's, where
they differ, given the request's right."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import Channel, Jurisdiction, RefusalGround, RequestStatus, Right


def right_label(right: Right | str) -> str:
    return {
        Right.ACCESS: _("Access to my data"),
        Right.RECTIFICATION: _("Correction of my data"),
        Right.ERASURE: _("Erasure of my data"),
        Right.RESTRICTION: _("Restriction of use"),
        Right.PORTABILITY: _("Data portability"),
        Right.OBJECTION: _("Objection"),
        Right.UNSURE: _("Not sure yet"),
        Right.COMPLAINT: _("Complaint"),
    }[Right(right)]


def channel_label(channel: Channel | str) -> str:
    """How a request reached us, as the end of 'received ...'."""
    return {
        Channel.WEB: _("on our website"),
        Channel.POST: _("by post"),
        Channel.EMAIL: _("by email"),
        Channel.PHONE: _("by phone"),
        Channel.IN_PERSON: _("in person"),
    }[Channel(channel)]


def jurisdiction_label(jurisdiction: Jurisdiction | str) -> str:
    return {
        Jurisdiction.UK: _("UK GDPR"),
        Jurisdiction.EU: _("EU GDPR"),
        Jurisdiction.BOTH: _("Both the UK GDPR and the EU GDPR"),
    }[Jurisdiction(jurisdiction)]


def refusal_ground_label(ground: RefusalGround | str) -> str:
    """A refusal's legal ground, in words a requester can read."""
    return {
        RefusalGround.MANIFESTLY_UNFOUNDED: _(
            "The request is manifestly unfounded or excessive (UK GDPR Article 12(5))"
        ),
        RefusalGround.NOT_IDENTIFIED: _(
            "We cannot identify you as the person the data is about (Articles 11(2) and 12(2))"
        ),
        RefusalGround.DPA_EXEMPTION: _(
            "An exemption in the Data Protection Act 2018 (Schedules 2 to 4) applies"
        ),
        RefusalGround.ERASURE_EXCEPTION: _(
            "The data must be kept on a ground in Article 17(3), such as a legal obligation or "
            "legal claims"
        ),
    }[RefusalGround(ground)]


def request_status_label(status: RequestStatus | str, right: Right | str | None = None) -> str:
    if right is not None and Right(right) is Right.COMPLAINT:
        words = {
            RequestStatus.OPEN: _("Received, to be acknowledged"),
            RequestStatus.IN_PROGRESS: _("Acknowledged: being looked into"),
            RequestStatus.COMPLETED: _("Closed with its outcome"),
        }.get(RequestStatus(status))
        if words is not None:
            return words
    return {
        RequestStatus.AWAITING_CONFIRMATION: _("Awaiting confirmation"),
        RequestStatus.OPEN: _("Received"),
        RequestStatus.IN_PROGRESS: _("In progress"),
        RequestStatus.EXTENDED: _("In progress, deadline extended"),
        RequestStatus.COMPLETED: _("Completed"),
        RequestStatus.REFUSED: _("Refused"),
        RequestStatus.WITHDRAWN: _("Withdrawn"),
    }[RequestStatus(status)]


def event_label(action: str, right: Right | str | None = None) -> str:
    """A log line's action as the requester (or complainant) reads it."""
    if right is not None and Right(right) is Right.COMPLAINT:
        words = {
            "received": _("Complaint received and confirmed"),
            "acknowledged": _("We acknowledged your complaint"),
            "outcome": _("The outcome of your complaint"),
        }.get(action)
        if words is not None:
            return words
    return {
        "received": _("Request received and confirmed"),
        "recorded": _("Request received and recorded"),
        "started": _("We started work on your request"),
        "clarification_asked": _("We asked you a question"),
        "clarification_answered": _("You answered"),
        "identity_asked": _("We asked you to confirm who you are, with this"),
        "identity_received": _("We received what confirms who you are; the clock starts again"),
        "extended": _("We extended the deadline by two months, because"),
        "completed": _("Completed"),
        "refused": _("Refused, because"),
        "withdrawn": _("Withdrawn at your request"),
    }.get(action, action)
