"""Making a subject-access request, confirming it, and following it on a private page."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.utils import secure_filename

from .. import audit, sent_to
from ..clock import today
from ..complaints import workflow as complaints
from ..database import lock_rows
from ..extensions import db, emailing_form_limit, limiter
from ..http_cache import private_page
from ..models import AccessRequest, RequestStatus, Right
from . import workflow
from .forms import ConfirmedByEmailForm, FollowForm, ReplyForm, RequestForm, WithdrawForm

bp = Blueprint("access_requests", __name__, url_prefix="/requests")
bp.after_request(private_page)


@bp.route("/new", methods=["GET", "POST"])
@emailing_form_limit
def new():
    form = RequestForm()
    return form_page(
        form,
        lambda: workflow.submit(
            Right(form.right.data),
            form.name.data,
            form.email.data,
            form.details.data,
            submission=form.submission.data,
            behalf=form.behalf(),
        ),
        "access_requests.check_email",
        "access_requests/new.html",
        active="requests",
    )


def form_page(
    form: ConfirmedByEmailForm, store: Callable[[], object], sent: str, template: str, **context
):
    """A form confirmed from an emailed link (a request, a complaint): stored once when it is
    valid, then the page `sent` says to check the email; else shown, with its errors."""
    if request.method == "POST" and form.is_bot:
        # The page a person sees, naming no address (none was stored); nothing is stored or sent.
        return redirect(url_for(sent))
    if request.method == "POST" and form.validate():
        store_once(form.submission.data, store, workflow.submitted)
        sent_to.remember(sent, form.submission.data)
        # The same page whoever the address belongs to, whether it asked before, and however
        # often this form was sent; the mail workers send the confirmation link.
        return redirect(url_for(sent))
    form.hand_out()
    return render_template(
        template,
        form=form,
        hours=current_app.config["REQUEST_CONFIRMATION_HOURS"],
        unconfirmed_days=current_app.config["UNCONFIRMED_REQUEST_DAYS"],
        retention_months=current_app.config["REQUEST_RETENTION_MONTHS"],
        **context,
    ), (400 if form.errors else 200)


def store_once(
    submission: str, store: Callable[[], object], submitted: Callable[[str], bool]
) -> None:
    """Store what a form sent, once: the same form sent twice at once makes one row, and the
    copy that lost the race (`submitted` then finds its token stored) is answered as if it had
    stored it."""
    try:
        store()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not submitted(submission):
            raise


@bp.get("/sent")
def check_email():
    return check_email_page("access_requests.check_email", active="requests")


def check_email_page(page: str, **context):
    """The page after a request or a complaint is sent, showing the address the link went to
    (as it was typed, to spot a typing error), once."""
    return render_template(
        "access_requests/check_email.html",
        address=sent_to.recall(page, workflow.submitted_address),
        **context,
    )


def _link_problem(kind: str, complaint: bool | None = None):
    """The page for a confirmation link that cannot be used, in a complaint's words or a
    request's; when the link cannot say which (a tampered one), in words that fit both."""
    return render_template(
        "access_requests/link_problem.html", kind=kind, complaint=complaint, active="requests"
    ), (410 if kind in {"expired", "used"} else 400)


@bp.route("/confirm/<signed>", methods=["GET", "POST"])
def confirm(signed: str):
    """A GET shows a button, a POST confirms: mail scanners that open links confirm nothing."""
    try:
        pending = workflow.from_link(signed, lock=request.method == "POST")
    except workflow.LinkError as problem:
        return _link_problem(problem.kind, problem.complaint)
    if pending.status is not RequestStatus.AWAITING_CONFIRMATION:
        return _link_problem("used", pending.is_complaint)
    if request.method == "POST":
        # CSRFProtect has checked the form's token before this view runs.
        workflow.confirm(pending)
        db.session.commit()
        return redirect(url_for("access_requests.status", token=pending.token, confirmed=1))
    return render_template(
        "access_requests/confirm.html", signed=signed, pending=pending, active="requests"
    )


def _find(token: str, *, lock: bool = False) -> AccessRequest | None:
    """The confirmed request or complaint whose private link this is, if any."""
    query = db.select(AccessRequest).where(AccessRequest.token == token)
    if lock:
        lock_rows(AccessRequest, AccessRequest.token == token)
        query = query.with_for_update().execution_options(populate_existing=True)
    found = db.session.scalar(query)
    if found is None or found.status is RequestStatus.AWAITING_CONFIRMATION:
        return None
    return found


def _request(token: str, *, lock: bool = False) -> AccessRequest:
    found = _find(token, lock=lock)
    if found is None:
        abort(404)
    return found


@bp.route("/follow", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["FOLLOW_RATE_LIMIT"],
    methods=["POST"],
    error_message=lambda: _(
        "You have tried too many references and codes from here in the past hour, so we have "
        "not checked this one. Try again in an hour, or write to us at %(address)s.",
        address=current_app.config["POSTAL_ADDRESS"],
    ),
)
def follow():
    """The status page reached with the reference and access code a letter gives, for someone
    who cannot follow, or type, the private link."""
    form = FollowForm()
    if form.validate_on_submit():
        found = workflow.follow(form.reference.data, form.code.data)
        db.session.commit()  # the try, opened or refused, is kept in the audit log
        if found is not None:
            return redirect(url_for("access_requests.status", token=found.token))
        form.code.data = ""  # a wrong code is not shown back on the page
        # Which of the two is wrong is not said: both are marked, and the message is on the first.
        form.reference.errors.append(
            _(
                "We have no request or complaint with that reference and access code. Check "
                "both against your letter; the code has no 0, O, 1, I or L."
            )
        )
        form.code.errors.append(_("Type the access code again, as the letter gives it."))
    code = 400 if request.method == "POST" else 200
    return render_template("access_requests/follow.html", form=form, active="requests"), code


@bp.get("/status/<token>")
def status(token: str):
    found = _find(token)
    if found is None:
        # A link typed from a letter with a slip in it: say so, and offer the letter's code.
        return render_template(
            "access_requests/link_problem.html", kind="status", active="requests"
        ), 404
    return _status_page(found)


def _status_page(
    found: AccessRequest,
    reply_form: ReplyForm | None = None,
    code: int = 200,
    withdraw_form: WithdrawForm | None = None,
):
    # A form is made only where the page shows one: making it sets the session cookie its CSRF
    # token lives in, and a closed request's page, which has no form, sets no cookie.
    if withdraw_form is None and not found.status.is_closed:
        withdraw_form = WithdrawForm(formdata=None)
    shared = {
        "found": found,
        "withdraw_form": withdraw_form,
        "confirmed": request.args.get("confirmed") == "1",
        "withdrawn": request.args.get("withdrawn") == "1",
    }
    if found.is_complaint:
        return render_template(
            "access_requests/complaint_status.html",
            acknowledged=complaints.acknowledged_on(found),
            **shared,
        ), code
    current = workflow.clock(found)
    waiting_for_answer = current is not None and current.paused
    file = workflow.answer_available(found)
    question = workflow.open_question(found)
    if reply_form is None and question is not None:
        reply_form = ReplyForm()
    return render_template(
        "access_requests/status.html",
        clock=current,
        today=today(),
        waiting_for_answer=waiting_for_answer,
        question=question,
        awaited=workflow.awaited(found) if found.status in workflow.ACTIVE else None,
        reply_form=reply_form,
        file=file,
        answered=request.args.get("answered") == "1",
        active="requests",
        **shared,
    ), code


@bp.post("/status/<token>/reply")
def reply(token: str):
    found = _request(token, lock=True)
    form = ReplyForm()
    if not form.validate():
        return _status_page(found, form, 400)
    try:
        workflow.answer_clarification(found, form.message.data)
    except workflow.WorkflowError as error:
        abort(409, description=str(error))
    db.session.commit()
    return redirect(url_for("access_requests.status", token=token, answered=1))


@bp.post("/status/<token>/withdraw")
def withdraw(token: str):
    found = _request(token, lock=True)
    form = WithdrawForm()
    if found.status.is_closed:
        abort(409, description=_("This request is already closed."))
    if not form.validate():
        return _status_page(found, ReplyForm(formdata=None), 400, withdraw_form=form)
    try:
        workflow.withdraw(found)
    except workflow.WorkflowError as error:
        abort(409, description=str(error))
    db.session.commit()
    return redirect(url_for("access_requests.status", token=token, withdrawn=1))


@bp.get("/status/<token>/answer")
def download(token: str):
    found = _request(token)
    file = workflow.answer_file(found)
    if file is None:
        abort(
            410, description=_("This file is no longer available: it was deleted when it expired.")
        )
    name, _type, data = file
    audit.record("request.answer_downloaded", found, actor=audit.VISITOR)
    db.session.commit()
    response = make_response(data)
    response.headers["Content-Type"] = "application/octet-stream"
    filename = secure_filename(name) or "answer"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
