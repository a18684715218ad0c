"""Making a complaint about how we handle someone's data. It is confirmed and followed at the
addresses of a request (/requests/confirm/..., /requests/status/...), which know a complaint."""

from __future__ import annotations

from flask import Blueprint, request

from ..access_requests.labels import ICO_COMPLAINT_URL
from ..access_requests.views import check_email_page, form_page
from ..extensions import emailing_form_limit
from ..http_cache import private_page
from . import workflow
from .forms import ComplaintForm

bp = Blueprint("complaints", __name__, url_prefix="/complaints")
bp.after_request(private_page)

# A reference is at most this long (CMP-2026-000123); the link from a status page carries one.
REFERENCE_MAX = 40


@bp.route("/new", methods=["GET", "POST"])
@emailing_form_limit
def new():
    form = ComplaintForm()
    if request.method == "GET":
        # Linked from a request's status page or email: what the complaint is about, filled in.
        form.concerns.data = request.args.get("about", "").strip()[:REFERENCE_MAX]
    return form_page(
        form,
        lambda: workflow.make(
            form.name.data,
            form.email.data,
            form.details.data,
            form.desired_outcome.data,
            form.concerns.data,
            submission=form.submission.data,
        ),
        "complaints.check_email",
        "complaints/new.html",
        ico_url=ICO_COMPLAINT_URL,
    )


@bp.get("/sent")
def check_email():
    return check_email_page("complaints.check_email", complaint=True)
