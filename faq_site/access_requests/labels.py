"""The words a person reads for a request's type, status and log lines."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import RequestStatus, Right


def right_label(right: Right | str) -> str:
    return {
        Right.ACCESS: _("Access to my data"),
        Right.RECTIFICATION: _("Correction of my data"),
        Right.ERASURE: _("Erasure of my data"),
        Right.RESTRICTION: _("Restriction of use"),
        Right.PORTABILITY: _("Data portability"),
        Right.OBJECTION: _("Objection"),
        Right.UNSURE: _("Not sure yet"),
    }[Right(right)]


def request_status_label(status: RequestStatus | str) -> str:
    return {
        RequestStatus.AWAITING_CONFIRMATION: _("Awaiting confirmation"),
        RequestStatus.OPEN: _("Received"),
        RequestStatus.IN_PROGRESS: _("In progress"),
        RequestStatus.EXTENDED: _("In progress, deadline extended"),
        RequestStatus.COMPLETED: _("Completed"),
        RequestStatus.REFUSED: _("Refused"),
        RequestStatus.WITHDRAWN: _("Withdrawn"),
    }[RequestStatus(status)]


def event_label(action: str) -> str:
    return {
        "received": _("Request received and confirmed"),
        "started": _("We started work on your request"),
        "clarification_asked": _("We asked you a question"),
        "clarification_answered": _("You answered"),
        "extended": _("We extended the deadline by two months, because"),
        "completed": _("Completed"),
        "refused": _("Refused, because"),
        "withdrawn": _("Withdrawn at your request"),
    }.get(action, action)
