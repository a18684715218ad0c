"""Moderators work subject-access requests and complaints: the queue by due date, each one's page
with its full log, and one POST for each step of the workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import case, func
from sqlalchemy.orm import defer, load_only, selectinload
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from .. import audit, subjects
from ..access_requests import workflow
from ..clock import local_date, today
from ..complaints import workflow as complaints
from ..database import lock_rows
from ..deadlines import (
    Clock,
    days_left,
    extension_deadline,
    is_due_soon,
    is_overdue,
)
from ..extensions import csrf, db
from ..inputs import page_number
from ..models import (
    AccessRequest,
    Channel,
    ConditionKind,
    Jurisdiction,
    OutboxMessage,
    RefusalGround,
    RequestStatus,
    Right,
)
from .access import acting, admin_required, moderator_required, private
from .complaints import (
    SHARED_FORMS,
    STEP_FORMS,
    AcknowledgeForm,
    OutcomeForm,
    ProgressForm,
    render_page,
)
from .request_forms import (
    ACCESS_ANSWER,
    AnswerForm,
    ClarifyForm,
    CompleteForm,
    EraseHereForm,
    ExtendForm,
    JurisdictionForm,
    MarketingForm,
    MetForm,
    RecipientsForm,
    RecordComplaintForm,
    RecordForm,
    RefuseForm,
    ReissueForm,
    StartForm,
    WaitForm,
    readable_size,
)
from .subjects import summary as erasure_summary

bp = Blueprint("requests_admin", __name__, url_prefix="/admin/requests")
bp.after_request(private)

PER_PAGE = 30
# The status filter's extra choice: everything a moderator still has to answer.
ACTIVE = "active"


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows, read from the query string. An empty status means every request
    whose address is confirmed: unconfirmed ones are not yet requests anyone must answer."""

    status: str = ""
    right: str = ""
    reference: str = ""

    @classmethod
    def from_args(cls) -> QueueFilter:
        status = request.args.get("status", "").strip()
        right = request.args.get("right", "").strip()
        if status not in {"", ACTIVE, *RequestStatus}:
            abort(400, description=_("There is no such status."))
        if right not in {"", *Right}:
            abort(400, description=_("There is no such type of request."))
        return cls(status, right, request.args.get("reference", "").strip()[:40])

    def conditions(self) -> list:
        if self.status == ACTIVE:
            where = [AccessRequest.status.in_(workflow.ACTIVE)]
        elif self.status:
            where = [AccessRequest.status == RequestStatus(self.status)]
        else:
            where = [AccessRequest.status != RequestStatus.AWAITING_CONFIRMATION]
        if self.right:
            where.append(AccessRequest.right == Right(self.right))
        if self.reference:
            # References are stored in capitals; moderators type them as they like.
            where.append(func.upper(AccessRequest.reference) == self.reference.upper())
        return where

    def args(self) -> dict[str, str]:
        """The filters as query arguments, for the pager's links."""
        return {
            name: value
            for name, value in (
                ("status", self.status),
                ("right", self.right),
                ("reference", self.reference),
            )
            if value
        }


@dataclass(frozen=True)
class Deadline:
    """Where a request stands against its clock today, as the queue and the page mark it."""

    clock: Clock | None
    due: dt.date | None
    days_left: int | None = None
    # 'overdue', 'due-soon', 'paused', or what the clock waits for: 'identity', 'authority',
    # 'fee'; for a complaint, 'acknowledgement-due', 'acknowledgement-due-soon',
    # 'acknowledgement-overdue' or 'acknowledged'.
    mark: str | None = None
    # While paused: how many days the requester has been waited for, and whether that is long.
    waiting_days: int | None = None
    long_wait: bool = False

    @classmethod
    def of(cls, found: AccessRequest, day: dt.date) -> Deadline:
        if found.is_complaint:
            return cls.of_complaint(found, day)
        clock = workflow.clock(found)
        awaited = workflow.awaited(found)
        if found.status in workflow.ACTIVE and awaited is not None:
            # No clock while it waits for identity, authority or a fee: it starts again on the
            # day that arrives. A long wait is flagged as a long pause is.
            waited = (day - awaited.asked).days + 1
            long_wait = waited > current_app.config["REQUEST_PAUSE_FLAG_DAYS"]
            return cls(None, None, None, awaited.kind.value, waited, long_wait)
        # A closed request has nothing left to be late for: its due date is the one it had.
        if clock is None or found.status not in workflow.ACTIVE:
            return cls(clock, found.due)
        mark = None
        waiting_days = None
        if clock.paused:
            mark = "paused"
            started = max(p.start for p in clock.pauses if p.is_open)
            waiting_days = (day - started).days + 1
        elif clock.is_overdue(day):
            mark = "overdue"
        elif clock.is_due_soon(day):
            mark = "due-soon"
        # The stored date stands still while the clock is paused; today's date moves on.
        long_wait = (
            waiting_days is not None
            and waiting_days > current_app.config["REQUEST_PAUSE_FLAG_DAYS"]
        )
        return cls(clock, clock.due_on(day), clock.days_left(day), mark, waiting_days, long_wait)

    @classmethod
    def of_complaint(cls, found: AccessRequest, day: dt.date) -> Deadline:
        """A complaint's one deadline: its acknowledgement, due while it waits for one."""
        if found.status is RequestStatus.IN_PROGRESS:
            return cls(None, None, mark="acknowledged")
        if found.status is not RequestStatus.OPEN or found.due is None:
            return cls(None, None)
        if is_overdue(found.due, day):
            mark = "acknowledgement-overdue"
        elif is_due_soon(found.due, day):
            mark = "acknowledgement-due-soon"
        else:
            mark = "acknowledgement-due"
        return cls(None, found.due, days_left(found.due, day), mark)


def without_personal_data(*columns) -> list:
    """Loader options for a list of requests, which shows no personal data and so loads none,
    nor the answer files: what the queue shows, what the clock needs (pauses count under the
    UK GDPR alone, and what the clock waits for restarts it), and the given columns."""
    return [
        load_only(
            AccessRequest.reference,
            AccessRequest.right,
            AccessRequest.status,
            AccessRequest.received,
            AccessRequest.due,
            AccessRequest.extended,
            AccessRequest.jurisdiction,
            *columns,
        ),
        selectinload(AccessRequest.pauses),
        selectinload(AccessRequest.conditions),
    ]


def _closed_late_by(found: AccessRequest, acknowledged: dt.datetime | None) -> int | None:
    """For a closed request, the days between its due date and the day it was closed where the
    company is (0 when on time). For a closed complaint, the same for its acknowledgement:
    `acknowledged`, or else its outcome, which acknowledges it too. None while it is open, when
    it had no due date, or for a complaint withdrawn before anyone answered it."""
    if not found.status.is_closed or not (found.closed and found.due):
        return None
    done: dt.datetime | None = found.closed
    if found.is_complaint:
        outcome = found.closed if found.status is RequestStatus.COMPLETED else None
        done = acknowledged or outcome
        if done is None:
            return None
    done_on = local_date(done, current_app.config["SITE_TIMEZONE"])
    return max(0, (done_on - found.due).days)


@bp.get("/")
@moderator_required
def index():
    filters = QueueFilter.from_args()
    active = AccessRequest.status.in_(workflow.ACTIVE)
    query = (
        db.select(AccessRequest)
        .options(*without_personal_data(AccessRequest.closed))
        .where(*filters.conditions())
        # What is still to answer first, the soonest due first; then the closed ones, the most
        # recently closed first.
        .order_by(
            case((active, 0), else_=1),
            case((active, AccessRequest.due), else_=None).asc().nulls_last(),
            AccessRequest.closed.desc().nulls_last(),
            AccessRequest.id,
        )
    )
    page = db.paginate(query, per_page=PER_PAGE, page=page_number(), error_out=False)
    day = today()
    # When the closed complaints on this page were acknowledged: one query, not one a row.
    closed_complaints = [f.id for f in page.items if f.is_complaint and f.status.is_closed]
    acknowledged = complaints.acknowledged_times(closed_complaints) if closed_complaints else {}
    return render_template(
        "admin/requests/index.html",
        page=page,
        rows=[(found, Deadline.of(found, day)) for found in page.items],
        late_by={
            found.id: _closed_late_by(found, acknowledged.get(found.id)) for found in page.items
        },
        filters=filters,
        statuses=list(RequestStatus),
        rights=list(Right),
        active_filter=ACTIVE,
        admin_section="requests",
    )


@bp.route("/record/", methods=["GET", "POST"])
@moderator_required
def record():
    """A request that came by post, email, phone or in person: the moderator types it in, and
    its clock starts on the day it arrived."""
    return _record(RecordForm())


@bp.route("/record/complaint", methods=["GET", "POST"])
@moderator_required
def record_complaint():
    """A complaint that came by post, email, phone or in person, recorded as a request is: its
    30 days to acknowledge it run from the day it arrived."""
    return _record(RecordComplaintForm())


def _record(form: RecordForm):
    if form.validate_on_submit():
        contact = workflow.Contact(
            name=form.name.data,
            email=form.email.data or None,
            postal_address=form.postal_address.data or None,
            phone=form.phone.data or None,
        )
        try:
            found, message = workflow.record(
                form.recorded_right(),
                Channel(form.channel.data),
                form.received.data,
                contact,
                form.details.data,
                Jurisdiction(form.jurisdiction.data),
                **form.particulars(),
                by=acting(),
            )
        except workflow.WorkflowError as error:
            db.session.rollback()
            abort(409, description=str(error))
        db.session.commit()
        flash(_recorded_words(found, emailed=message is not None), "success")
        return redirect(url_for("requests_admin.request", request_id=found.id))
    return render_template(
        "admin/requests/record.html",
        form=form,
        complaint=isinstance(form, RecordComplaintForm),
        admin_section="requests",
    ), (400 if form.errors else 200)


def _recorded_words(found: AccessRequest, *, emailed: bool) -> str:
    if found.is_complaint and emailed:
        return _(
            "The complaint is recorded as %(reference)s; the complainant is emailed its "
            "reference, its status link and the date we will acknowledge it by.",
            reference=found.reference,
        )
    if found.is_complaint:
        return _(
            "The complaint is recorded as %(reference)s. Send the complainant its reference "
            "and status link, shown below, and acknowledge it.",
            reference=found.reference,
        )
    if emailed:
        return _(
            "The request is recorded as %(reference)s; the requester is emailed its reference "
            "and status link.",
            reference=found.reference,
        )
    return _(
        "The request is recorded as %(reference)s. Send the requester its reference and status "
        "link, shown below.",
        reference=found.reference,
    )


def _load(request_id: int, *, lock: bool = False) -> AccessRequest:
    # The answer file can be 20 MB: it is read only when a moderator downloads it. A step locks
    # the row so that two moderators cannot, say, complete and refuse it at once.
    if lock:
        lock_rows(AccessRequest, AccessRequest.id == request_id)
    found = db.session.get(
        AccessRequest,
        request_id,
        options=[defer(AccessRequest.answer_data)],
        with_for_update=lock,
        populate_existing=lock,
    )
    if found is None:
        abort(404)
    return found


def _answer_size(found: AccessRequest) -> int | None:
    return db.session.scalar(
        db.select(func.length(AccessRequest.answer_data)).where(AccessRequest.id == found.id)
    )


def _page(found: AccessRequest, failed: FlaskForm | None = None, code: int = 200):
    """The request's page; `failed` is a form sent with mistakes, shown with its errors in
    place of the blank one."""
    day = today()
    deadline = Deadline.of(found, day)
    if found.is_complaint:
        return render_page(found, deadline, _event_label, failed, code)
    clock = deadline.clock
    active = found.status in workflow.ACTIVE
    waiting = clock is not None and clock.paused
    # What the panel offers is what the steps allow: one set of rules feeds both.
    steps = workflow.allowed_steps(found, day)
    Step = workflow.Step
    forms = {
        "start": StartForm(formdata=None),
        "clarify": ClarifyForm(formdata=None),
        "extend": ExtendForm(formdata=None),
        "complete": CompleteForm(
            formdata=None,
            right=found.right,
            jurisdiction=found.jurisdiction,
            # For an access request, a start that lists what the answer must tell.
            note=str(ACCESS_ANSWER) if found.right is Right.ACCESS else None,
        ),
        "refuse": RefuseForm(formdata=None, right=found.right, jurisdiction=found.jurisdiction),
        "answer": AnswerForm(formdata=None),
        "wait": WaitForm(formdata=None),
        "met": MetForm(formdata=None),
        "recipients": RecipientsForm(formdata=None),
        "marketing": MarketingForm(formdata=None),
        "reissue": ReissueForm(formdata=None),
        "erase": EraseHereForm(formdata=None),
        "jurisdiction": JurisdictionForm(formdata=None, jurisdiction=found.jurisdiction.value),
    }
    if failed is not None:
        forms[_FORM_NAMES[type(failed)]] = failed
    size = _answer_size(found)
    return render_template(
        "admin/requests/request.html",
        found=found,
        recorded=found.channel is not Channel.WEB,
        status_url=workflow.status_url(found) if found.reference else None,
        deadline=deadline,
        events=found.events,
        event_label=_event_label,
        answer_size=readable_size(size) if size is not None else None,
        answer_expired=found.answer_expires is not None
        and found.answer_expires <= dt.datetime.now(dt.UTC),
        forms=forms,
        failed=failed,
        can_start=Step.START in steps,
        # For an access request a second question waits for the answer to the first, because
        # the clock can stop only once at a time.
        can_clarify=Step.CLARIFY in steps,
        awaited=workflow.awaited(found) if Step.RECORD_MET in steps else None,
        can_wait=Step.ASK_FOR in steps,
        fees=current_app.config["REQUEST_FEES"],
        can_tell_recipients=Step.TELL_RECIPIENTS in steps,
        can_stop_marketing=Step.STOP_MARKETING in steps,
        # Erasing the site's own records is an admin's act, as on "find a person's data".
        can_erase_here=active and found.right is Right.ERASURE,
        erase_refusal=subjects.why_not_erase(found) if found.right is Right.ERASURE else None,
        may_erase=current_user.is_admin,
        # Whether asking now stops the clock: not once the period has run out.
        clarify_pauses=active and workflow.can_pause(found),
        uk_only=found.jurisdiction is Jurisdiction.UK,
        question_open=Step.RECORD_ANSWER in steps,
        waiting=waiting,
        can_extend=Step.EXTEND in steps,
        extended_due=clock.due_on(day, extended=True) if clock else None,
        first_due=clock.due_on(day, extended=False) if clock else None,
        period_end=clock.period_end(day) if clock else None,
        extend_until=extension_deadline(clock.received, pauses=clock.pauses, today=day)
        if clock
        else None,
        can_complete=Step.COMPLETE in steps,
        can_refuse=Step.REFUSE in steps,
        can_reissue=Step.REISSUE in steps,
        can_change_law=Step.JURISDICTION in steps,
        max_answer_size=readable_size(current_app.config["REQUEST_ANSWER_MAX_BYTES"]),
        answer_days=current_app.config["REQUEST_ANSWER_DAYS"],
        admin_section="requests",
    ), code


_FORM_NAMES = {
    StartForm: "start",
    ClarifyForm: "clarify",
    ExtendForm: "extend",
    CompleteForm: "complete",
    RefuseForm: "refuse",
    JurisdictionForm: "jurisdiction",
    AnswerForm: "answer",
    WaitForm: "wait",
    MetForm: "met",
    RecipientsForm: "recipients",
    MarketingForm: "marketing",
    ReissueForm: "reissue",
    EraseHereForm: "erase",
}


def _event_label(action: str) -> str:
    """A log line's action in the moderators' words (the requester's page has its own)."""
    return {
        "received": _("Received: the requester confirmed their address"),
        "recorded": _("Recorded: received by another channel"),
        "started": _("Work started"),
        "clarification_asked": _("Asked the requester for clarification"),
        "clarification_answered": _("The requester answered"),
        "extended": _("Deadline extended by two months"),
        "completed": _("Completed"),
        "refused": _("Refused"),
        "withdrawn": _("Withdrawn by the requester"),
        "jurisdiction": _("The law that applies was changed"),
        "notice": _("Email sent to the requester"),
        "answer_reissued": _("The answer file made available again"),
        "recipients_told": _("Recipients told (Art. 19)"),
        "site_data_erased": _("This website's data about the requester erased"),
        "identity_asked": _("Asked the requester for identity information"),
        "identity_received": _("Identity information received: the clock starts again"),
        "authority_asked": _("Asked for the authority to act for the person"),
        "authority_received": _("Authority to act received: the clock starts again"),
        "fee_asked": _("Asked for a fee"),
        "fee_received": _("Fee received: the clock starts again"),
        "acknowledged": _("Complaint acknowledged"),
        "progress": _("Progress update given"),
        "outcome": _("Closed with its outcome"),
    }.get(action, action)


# Named "request" for url_for; the function has another name so as not to hide Flask's request.
@bp.get("/<int:request_id>", endpoint="request")
@moderator_required
def request_page(request_id: int):
    found = _load(request_id)
    page = _page(found)
    # Opening the page is a look at the requester's personal data: recorded and stored before
    # the page leaves, so it is never shown unrecorded. The request is the subject; nothing
    # personal goes in the record.
    audit.record("request.viewed", found, actor=acting())
    db.session.commit()
    return page


@bp.get("/<int:request_id>/letter")
@moderator_required
def letter(request_id: int):
    """The acknowledgement as a letter to print and post, for a request or a complaint that came
    by post or phone, or has no email address: what the email says, in a letter's words."""
    found = _load(request_id)
    if found.reference is None:
        abort(404)
    # A look at the requester's name and address, recorded as opening the page is.
    audit.record("request.letter_opened", found, actor=acting())
    db.session.commit()
    return render_template(
        "admin/requests/letter.html",
        found=found,
        deadline=Deadline.of(found, today()),
        awaited=None if found.is_complaint else workflow.awaited(found),
        status_url=workflow.status_url(found),
        address_lines=current_app.config["POSTAL_ADDRESS"].split(", "),
        today=today(),
    )


def _step(
    request_id: int,
    form: FlaskForm,
    take: Callable[[AccessRequest], OutboxMessage | None],
    done: str,
    *,
    tells: bool = True,
):
    """One step of the workflow: check the form, take the step, store it with its email for the
    mail workers to send, and go back to the request's page. A complaint's steps are not a
    request's, and the other way round."""
    found = _load(request_id, lock=True)
    shared = isinstance(form, tuple(SHARED_FORMS))
    if not shared and found.is_complaint != isinstance(form, tuple(STEP_FORMS)):
        abort(
            409,
            description=_("A complaint is acknowledged and closed with its outcome.")
            if found.is_complaint
            else _("This is a request, not a complaint."),
        )
    if not form.validate():
        return _page(found, form, 400)
    try:
        take(found)
    except workflow.WorkflowError as error:
        db.session.rollback()
        abort(409, description=str(error))
    db.session.commit()
    if tells and not found.email:
        # With no email address, nobody was emailed (`done` says they are): the step is saved
        # and on the status page, and the moderator tells them another way.
        flash(_("Saved: it is on the status page."), "success")
        flash(
            _(
                "This complaint has no email address, so nothing was emailed: tell the "
                "complainant by post or phone, with its reference and status link."
            )
            if found.is_complaint
            else _(
                "This request has no email address, so nothing was emailed: tell the requester "
                "by post or phone, with its reference and status link."
            ),
            "warning",
        )
    else:
        flash(done, "success")
    return redirect(url_for("requests_admin.request", request_id=found.id))


@bp.post("/<int:request_id>/acknowledge")
@moderator_required
def acknowledge(request_id: int):
    form = AcknowledgeForm()
    return _step(
        request_id,
        form,
        lambda found: complaints.acknowledge(found, form.acknowledgement.data, by=acting()),
        _("The complaint is acknowledged; the complainant is emailed your message."),
    )


@bp.post("/<int:request_id>/update")
@moderator_required
def update(request_id: int):
    form = ProgressForm()
    return _step(
        request_id,
        form,
        lambda found: complaints.update(found, form.progress.data, by=acting()),
        _("The complainant is emailed your update; it is on their status page."),
    )


@bp.post("/<int:request_id>/close")
@moderator_required
def close(request_id: int):
    form = OutcomeForm()
    return _step(
        request_id,
        form,
        lambda found: complaints.close(found, form.outcome.data, by=acting()),
        _(
            "The complaint is closed; the complainant is emailed the outcome and their right to "
            "complain to the supervisory authority."
        ),
    )


@bp.post("/<int:request_id>/start")
@moderator_required
def start(request_id: int):
    return _step(
        request_id,
        StartForm(),
        lambda found: workflow.start(found, by=acting()),
        _("Work on the request has started; the requester is told."),
    )


@bp.post("/<int:request_id>/clarify")
@moderator_required
def clarify(request_id: int):
    form = ClarifyForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.ask_clarification(found, form.message.data, by=acting()),
        _("The requester is asked; their answer will appear here."),
    )


@bp.post("/<int:request_id>/jurisdiction")
@moderator_required
def jurisdiction(request_id: int):
    form = JurisdictionForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.set_jurisdiction(
            found, Jurisdiction(form.jurisdiction.data), by=acting()
        ),
        _("The law that applies is saved; the dates and the authority named follow it."),
        tells=False,
    )


@bp.post("/<int:request_id>/answered")
@moderator_required
def answered(request_id: int):
    form = AnswerForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.record_answer(
            found,
            form.answered.data,
            Channel(form.answer_channel.data),
            form.answer.data,
            by=acting(),
        ),
        _("The answer is recorded; the clock runs again from the day after it came."),
    )


@bp.post("/<int:request_id>/wait")
@moderator_required
def wait(request_id: int):
    form = WaitForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.ask_for(
            found,
            ConditionKind(form.kind.data),
            form.wait_message.data,
            form.amount.data,
            by=acting(),
        ),
        _("The requester is asked; the clock waits, and starts again on the day it arrives."),
    )


@bp.post("/<int:request_id>/met")
@moderator_required
def met(request_id: int):
    form = MetForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.record_met(
            found, form.met.data, Channel(form.met_channel.data), by=acting()
        ),
        _("It is recorded; the clock starts again from that day."),
    )


@bp.post("/<int:request_id>/recipients")
@moderator_required
def recipients(request_id: int):
    form = RecipientsForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.recipients_told(found, form.recipients.data, by=acting()),
        _("Recorded: the requester is told who was told."),
    )


@bp.post("/<int:request_id>/erase")
@admin_required
def erase_here(request_id: int):
    """Act on an erasure request for this website's own records, from the request's page."""
    found = _load(request_id, lock=True)
    if found.is_complaint:
        abort(409, description=_("This is a complaint, not a request."))
    form = EraseHereForm()
    if not form.validate():
        return _page(found, form, 400)
    try:
        report = subjects.erase_for_request(found, by=acting())
    except workflow.WorkflowError as error:
        db.session.rollback()
        abort(409, description=str(error))
    db.session.commit()
    counts = report.counts()
    blocked = counts["kept_under_open_request"]
    flash(erasure_summary(counts), "warning" if blocked else "success")
    if not blocked:
        flash(
            _(
                "Now erase the data in the company's other systems, tell any recipients, and "
                "complete the request saying what was erased."
            ),
            "info",
        )
    return redirect(url_for("requests_admin.request", request_id=found.id))


@bp.post("/<int:request_id>/marketing")
@moderator_required
def marketing(request_id: int):
    return _step(
        request_id,
        MarketingForm(),
        lambda found: workflow.stop_marketing(found, by=acting()),
        _("Direct marketing is stopped and the request completed; the requester is told."),
    )


@bp.post("/<int:request_id>/extend")
@moderator_required
def extend(request_id: int):
    form = ExtendForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.extend(found, form.reason.data, by=acting()),
        _("The deadline is extended; the requester is told why."),
    )


def _right_and_law(request_id: int) -> tuple[Right | None, Jurisdiction]:
    """What a request asks and under which law, for the choices of grounds its forms offer;
    for an unknown request, nothing (the step then answers 404)."""
    row = db.session.execute(
        db.select(AccessRequest.right, AccessRequest.jurisdiction).where(
            AccessRequest.id == request_id
        )
    ).one_or_none()
    return (row[0], row[1]) if row else (None, Jurisdiction.UK)


def _accept_upload() -> None:
    """Let a moderator's form carry the answer file: raise the site's 1 MB limit for this
    request, then check the CSRF token, which the site-wide check (run before any view, under
    the lower limit) was told to leave to the view."""
    limit = current_app.config["REQUEST_ANSWER_MAX_BYTES"]
    # Room for the note and the form's own fields beside the file.
    request.max_content_length = limit + 64 * 1024
    try:
        csrf.protect()
    except RequestEntityTooLarge:
        abort(
            413,
            description=_(
                "The file is too large: it may be at most %(size)s.", size=readable_size(limit)
            ),
        )


@bp.post("/<int:request_id>/complete")
@csrf.exempt
@moderator_required
def complete(request_id: int):
    _accept_upload()
    right, jurisdiction = _right_and_law(request_id)
    form = CompleteForm(right=right, jurisdiction=jurisdiction)
    return _step(
        request_id,
        form,
        lambda found: workflow.complete(
            found,
            form.note.data,
            answer=form.answer_file(),
            withheld=form.withheld_ground(),
            by=acting(),
        ),
        _("The request is completed; the requester is told."),
    )


@bp.post("/<int:request_id>/reissue")
@csrf.exempt
@moderator_required
def reissue(request_id: int):
    _accept_upload()
    form = ReissueForm()
    return _step(
        request_id,
        form,
        lambda found: workflow.reissue_answer(found, form.answer_file(), by=acting()),
        _("The answer can be downloaded again; the requester is told until when."),
    )


@bp.post("/<int:request_id>/refuse")
@moderator_required
def refuse(request_id: int):
    right, jurisdiction = _right_and_law(request_id)
    form = RefuseForm(right=right, jurisdiction=jurisdiction)
    return _step(
        request_id,
        form,
        lambda found: workflow.refuse(
            found, form.reason.data, RefusalGround(form.ground.data), by=acting()
        ),
        _("The request is refused; the requester is told why and what they can do."),
    )


@bp.get("/<int:request_id>/answer")
@moderator_required
def answer(request_id: int):
    found = db.get_or_404(AccessRequest, request_id)
    data, name = found.answer_data, found.answer_name
    if data is None:
        abort(404, description=_("This request has no answer file, or it has been erased."))
    audit.record("request.answer_downloaded", found, actor=acting())
    db.session.commit()
    response = make_response(data)
    # Whatever type the upload claimed, the browser saves it rather than showing it in the panel.
    response.headers["Content-Type"] = "application/octet-stream"
    response.headers["X-Content-Type-Options"] = "nosniff"
    filename = secure_filename(name or "") or "answer"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
