"""A complaint's page in the panel and the forms of its two steps: acknowledge it, close it with
its outcome. The routes are the requests panel's (admin/requests.py), since a complaint is a
request of its own type; this module needs nothing from it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from ..access_requests.workflow import ACTIVE, status_url
from ..complaints import workflow as complaints
from ..extensions import db
from ..models import AccessRequest, Channel, Question
from .request_forms import JurisdictionForm, moderator_message

_QUESTION_LINK = re.compile(r"/ask/status/([A-Za-z0-9_-]{16,64})")


class AcknowledgeForm(FlaskForm):
    acknowledgement = moderator_message(
        _l("Your message to the complainant"),
        _l("Write the acknowledgement: the complainant reads it."),
    )
    submit = SubmitField(_l("Acknowledge the complaint"))


class ProgressForm(FlaskForm):
    progress = moderator_message(
        _l("Your update to the complainant"),
        _l("Write the update: what we have done so far, and what comes next."),
    )
    submit = SubmitField(_l("Send the update"))


class OutcomeForm(FlaskForm):
    outcome = moderator_message(
        _l("The outcome, as the complainant will read it"),
        _l("Write the outcome: what we found and what we did about it."),
    )
    submit = SubmitField(_l("Close with this outcome"))


# The forms of a complaint's own steps, by the name the page knows each by.
STEP_FORMS = {AcknowledgeForm: "acknowledge", ProgressForm: "progress", OutcomeForm: "close"}
# The forms a complaint shares with a request.
SHARED_FORMS = {JurisdictionForm: "jurisdiction"}


def concerned(complaint: AccessRequest) -> tuple[str, str] | None:
    """The request or question the complaint names, as words and the address of its page in
    the panel, when what the complainant typed names one we hold."""
    text = complaint.concerns or ""
    reference = complaints.named_reference(text)
    if reference is not None:
        ident = db.session.scalar(
            db.select(AccessRequest.id).where(AccessRequest.reference == reference)
        )
        if ident is not None:
            return reference, url_for("requests_admin.request", request_id=ident)
    link = _QUESTION_LINK.search(text)
    if link is not None:
        ident = db.session.scalar(db.select(Question.id).where(Question.token == link.group(1)))
        if ident is not None:
            return _("Question %(id)s", id=ident), url_for("admin.question", question_id=ident)
    return None


def render_page(
    complaint: AccessRequest,
    deadline: Any,
    event_label: Callable[[str], str],
    failed: FlaskForm | None = None,
    code: int = 200,
):
    """The complaint's page: its clock, what the complainant wrote, its log, and the steps it
    allows now; `failed` is a step's form sent with mistakes, shown with its errors."""
    forms: dict[str, FlaskForm] = {
        "acknowledge": AcknowledgeForm(formdata=None),
        "progress": ProgressForm(formdata=None),
        "close": OutcomeForm(formdata=None),
        "jurisdiction": JurisdictionForm(formdata=None, jurisdiction=complaint.jurisdiction.value),
    }
    names = {**STEP_FORMS, **SHARED_FORMS}
    if failed is not None and type(failed) in names:
        forms[names[type(failed)]] = failed

    def complaint_label(action: str) -> str:
        if action == "received":
            return _("Received: the complainant confirmed their address")
        return event_label(action)

    return render_template(
        "admin/requests/complaint.html",
        found=complaint,
        deadline=deadline,
        events=complaint.events,
        event_label=complaint_label,
        steps=complaints.steps(complaint),
        can_set_law=complaint.status in ACTIVE,
        forms=forms,
        failed=failed,
        acknowledged=complaints.acknowledged_on(complaint),
        concerned=concerned(complaint),
        # A complaint that came by post or phone, or has no email address, is sent its status
        # link by the moderator: the page shows it to copy.
        status_url=status_url(complaint)
        if complaint.reference and (complaint.channel is not Channel.WEB or not complaint.email)
        else None,
        admin_section="requests",
    ), code
