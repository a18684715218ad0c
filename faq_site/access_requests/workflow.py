"""A subject-access request from submission to its end, on the statutory clock.

Every step changes the session and leaves the commit to the caller, so that the step, its log
line, its audit event and the email telling the requester are stored together or not at all.
Emails carry a link to the status page and no personal data.
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
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func

from .. import audit, outbox
from ..cleaning import clean_text
from ..clock import local_date, today
from ..database import lock_rows
from ..deadlines import Calendar, Clock, Pause, acknowledgement_due, can_extend
from ..extensions import db
from ..models import (
    AccessRequest,
    AuditEvent,
    Capacity,
    Channel,
    ConditionKind,
    Jurisdiction,
    OutboxMessage,
    RefusalGround,
    RequestCondition,
    RequestEvent,
    RequestPause,
    RequestStatus,
    Right,
)
from ..urls import site_links
from .labels import jurisdiction_label, right_label

CONFIRMATION_SALT = "access-request-confirmation"
ACTIVE = (RequestStatus.OPEN, RequestStatus.IN_PROGRESS, RequestStatus.EXTENDED)
# The log's action for the copy of an email sent to the requester.
NOTICE = "notice"


class WorkflowError(Exception):
    """A step that the request's state does not allow; the message says why, for a person."""


class LinkError(Exception):
    """A confirmation link that cannot be used: kind is 'expired', 'used' or 'invalid'.
    `complaint` says whether it was a complaint's link, where that is known (a tampered link
    says nothing we can trust)."""

    def __init__(self, kind: str, complaint: bool | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.complaint = complaint


def calendar() -> Calendar:
    return Calendar(
        current_app.config["BANK_HOLIDAY_COUNTRY"], current_app.config["BANK_HOLIDAY_REGION"]
    )


def pauses_count(request: AccessRequest) -> bool:
    """Whether a clarification stops this request's clock: only under the UK GDPR alone
    (Art. 12A(5)); the EU GDPR has no such pause, so where it applies the clock runs on."""
    return request.right is Right.ACCESS and request.jurisdiction is Jurisdiction.UK


def clock_start(request: AccessRequest) -> dt.date | None:
    """Day one of the clock: the day of receipt, or the day the last thing it waited for (the
    requester's identity, their authority to act for someone, a fee) arrived; None while one is
    still awaited."""
    if request.received is None:
        return None
    start = request.received
    for condition in request.conditions:
        if condition.met is None:
            return None
        start = max(start, condition.met)
    return start


def awaited(request: AccessRequest) -> RequestCondition | None:
    """What the clock waits for now, if anything."""
    return next((c for c in request.conditions if c.met is None), None)


def clock(request: AccessRequest) -> Clock | None:
    """The statutory clock of a request; None before it starts, while it waits for something
    asked for, and for a complaint, whose only deadline is its acknowledgement (see
    _refresh_due)."""
    if request.is_complaint:
        return None
    start = clock_start(request)
    if start is None:
        return None
    pauses = ()
    if request.jurisdiction is Jurisdiction.UK:
        # A pause before the clock started again belongs to the clock that ran before it.
        pauses = tuple(Pause(p.started, p.ended) for p in request.pauses if p.started >= start)
    return Clock(start, pauses, request.extended, calendar())


def _refresh_due(request: AccessRequest) -> None:
    """Keep the stored due date (for sorting the queue) in step with the clock; while paused,
    it is the date as if the requester answered today. A complaint's due date is the last day
    to acknowledge it, kept as the record of that deadline once it is acknowledged."""
    if request.is_complaint:
        request.due = acknowledgement_due(request.received) if request.received else None
        return
    current = clock(request)
    request.due = current.due_on(today()) if current else None


def log_event(
    request: AccessRequest,
    action: str,
    message: str | None = None,
    *,
    by: audit.Actor,
    public: bool = True,
) -> None:
    """Add a line to the request's log, by whoever took the step (a moderator's is named)."""
    request.events.append(
        RequestEvent(action=action, message=message, public=public, moderator_id=by.moderator_id)
    )


# The letters of an access code: capitals and digits that cannot be read as one another.
_CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 12


def access_code(request: AccessRequest) -> str:
    """The short code printed in a letter beside the reference, which with it opens the request's
    status page for someone who cannot follow a link: 12 letters and digits in groups of four,
    about 59 bits, worked out from the request's private token so that nothing more is stored."""
    return _code_of(request.token)


@dataclass(frozen=True)
class RefusedTries:
    """The wrong access codes typed with a request's reference: how many, the first and the
    last, and when its page was next opened with the right code, if it was."""

    count: int
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    opened_after: dt.datetime | None = None


def refused_tries(request: AccessRequest) -> RefusedTries:
    """The wrong access codes typed with this request's reference: a requester may mistype, many
    tries, above all followed by the right one, may be someone else guessing."""
    on_request = (
        AuditEvent.subject_type == "accessrequest",
        AuditEvent.subject_id == request.id,
    )
    count, first, last = db.session.execute(
        db.select(func.count(), func.min(AuditEvent.created), func.max(AuditEvent.created)).where(
            AuditEvent.action == "request.follow_refused", *on_request
        )
    ).one()
    if not count:
        return RefusedTries(0)
    opened_after = db.session.scalar(
        db.select(func.min(AuditEvent.created)).where(
            AuditEvent.action == "request.followed", AuditEvent.created > first, *on_request
        )
    )
    return RefusedTries(count, first, last, opened_after)


def _code_of(token: str) -> str:
    digest = int.from_bytes(hashlib.sha256(f"access-code:{token}".encode()).digest())
    letters = []
    for _place in range(ACCESS_CODE_LENGTH):
        digest, index = divmod(digest, len(_CODE_LETTERS))
        letters.append(_CODE_LETTERS[index])
    code = "".join(letters)
    return "-".join(code[i : i + 4] for i in range(0, ACCESS_CODE_LENGTH, 4))


def typed_code(typed: str) -> str:
    """An access code as a person may type it: in any case, with or without its dashes or
    spaces, in full-width letters or with any kind of dash; only the ASCII letters and digits
    are kept, so that what is compared is plain ASCII. (The code has no 0, O, 1, I or L to
    mistake for one another.)"""
    return re.sub(r"[^A-Z0-9]", "", unicodedata.normalize("NFKC", typed).upper())


# A reference as people type it: "SAR-2026-000042", "sar 2026 42", "SAR2026000042".
_TYPED_REFERENCE = re.compile(r"(SAR|CMP)[^A-Z0-9]*(\d{4})[^A-Z0-9]*(\d{1,6})")


def typed_reference(typed: str) -> str:
    """A reference as stored (SAR-2026-000042), from however it was typed; as typed otherwise."""
    plain = unicodedata.normalize("NFKC", typed).strip().upper()
    match = _TYPED_REFERENCE.fullmatch(plain)
    if match is None:
        return plain
    prefix, year, number = match.groups()
    return f"{prefix}-{year}-{int(number):06d}"


def follow(reference: str, typed: str) -> AccessRequest | None:
    """The request or complaint with this reference, when the code typed is its access code;
    None otherwise, the same for a wrong reference and a wrong code.

    Every try is kept in the audit log, in the caller's transaction: an opened page against its
    request, a refused try against the request it named (a wrong code typed for a real
    reference is how someone guessing would show), or against none. The same work is done
    whether the reference exists or not: a code is worked out and compared, an event written."""
    found = db.session.scalar(
        db.select(AccessRequest).where(AccessRequest.reference == typed_reference(reference))
    )
    known = found is not None and found.status is not RequestStatus.AWAITING_CONFIRMATION
    expected = _code_of(found.token if known else "no such request").replace("-", "")
    matches = hmac.compare_digest(expected, typed_code(typed))
    if known and matches:
        audit.record("request.followed", found, actor=audit.VISITOR)
        return found
    if known:
        audit.record("request.follow_refused", found, actor=audit.VISITOR)
    else:
        audit.record("follow.refused", actor=audit.VISITOR)
    return None


def status_url(request: AccessRequest) -> str:
    """The full address of a request's or complaint's status page: the private link its
    person follows it by."""
    return site_links()("access_requests.status", token=request.token)


def tell(request: AccessRequest, template: str, **context) -> OutboxMessage | None:
    """Queue the email `template` to the requester, with the reference, the status link and
    whether it is a complaint (the shared templates name it so); nothing without an address.
    A copy of what it said is kept with the request: the outbox forgets sent mail, the
    request's log keeps it until the request is erased."""
    if not request.email:
        return None
    message = outbox.queue(
        template,
        request.email,
        {
            "reference": request.reference,
            "status_url": status_url(request),
            "jurisdiction": request.jurisdiction,
            "complaint": request.is_complaint,
            **context,
        },
    )
    request.events.append(
        RequestEvent(
            action=NOTICE, message=f"{message.subject}\n\n{message.body_text}", public=False
        )
    )
    return message


def complaint_url(about: str | None = None) -> str:
    """The complaint form's address, with the reference of what the complaint is about."""
    return site_links()("complaints.new", about=about)


def reference(request: AccessRequest) -> str:
    """SAR-2026-000123 for a request, CMP-2026-000123 for a complaint: the year of receipt and
    the row's number."""
    prefix = "CMP" if request.is_complaint else "SAR"
    return f"{prefix}-{request.received.year}-{request.id:06d}"


def _day_received(request: AccessRequest) -> dt.date:
    """Day one for a request confirmed today. A request's clock starts on the day its address is
    confirmed; a complaint's, on the day it was sent: the Act counts the 30 days to acknowledge
    it from when it is received, and the form is where we receive it, so waiting for the link
    (up to two days) must not move the deadline. Never after today, which a test or a
    demonstration may set back."""
    if not request.is_complaint:
        return today()
    sent = local_date(request.created, current_app.config["SITE_TIMEZONE"])
    return min(sent, today())


@dataclass(frozen=True)
class Behalf:
    """A request made for someone else: whose data it is, and in what capacity."""

    acting_for: str
    capacity: Capacity


def submit(
    right: Right,
    name: str,
    email: str,
    details: str,
    *,
    submission: str | None = None,
    behalf: Behalf | None = None,
    concerns: str | None = None,
    desired_outcome: str | None = None,
    jurisdiction: Jurisdiction = Jurisdiction.UK,
) -> tuple[AccessRequest, OutboxMessage | None]:
    """A new request, waiting for its address to be confirmed; the confirmation link is queued.
    With `submission`, the token of the form it came in, the same form sent again gives back
    the request it made and queues nothing (the email then is None). With `behalf`, it is made
    for someone else, and its clock waits for the requester's authority to act for them. A
    complaint also gives what it concerns (a reference, optional) and the outcome wanted, and
    the law of the request it is about, where known."""
    digest = submission_digest(submission) if submission else None
    if digest is not None:
        earlier = db.session.scalar(
            db.select(AccessRequest).where(AccessRequest.submission == digest)
        )
        if earlier is not None:
            return earlier, None
    request = AccessRequest(
        token=secrets.token_urlsafe(24),
        confirmation_nonce=secrets.token_urlsafe(16),
        submission=digest,
        right=right,
        jurisdiction=jurisdiction,
        name=clean_text(name),
        email=email.strip(),
        details=clean_text(details),
        concerns=(clean_text(concerns) or None) if concerns else None,
        desired_outcome=clean_text(desired_outcome) if desired_outcome else None,
    )
    _act_for(request, behalf)
    db.session.add(request)
    db.session.flush()
    message = outbox.queue(
        "request_confirm",
        request.email,
        {
            "confirm_url": site_links()("access_requests.confirm", signed=_sign(request)),
            "hours": current_app.config["REQUEST_CONFIRMATION_HOURS"],
            "complaint": request.is_complaint,
            "acting_for": request.acting_for,
        },
    )
    audit.record("request.submitted", request, actor=audit.VISITOR, detail={"right": right.value})
    return request, message


def _act_for(request: AccessRequest, behalf: Behalf | None) -> None:
    if behalf is not None:
        request.acting_for = clean_text(behalf.acting_for)
        request.capacity = behalf.capacity


def submission_digest(submission: str) -> str:
    """How a form's one-time token is stored: hashed, so the table cannot be used to send it."""
    return hashlib.sha256(submission.encode()).hexdigest()


def submitted(submission: str) -> bool:
    """Whether a request came in with this form token already."""
    digest = submission_digest(submission)
    return (
        db.session.scalar(db.select(AccessRequest.id).where(AccessRequest.submission == digest))
        is not None
    )


def submitted_address(submission: str) -> str | None:
    """The address a request came in with from this form token, as it was typed."""
    return db.session.scalar(
        db.select(AccessRequest.email).where(
            AccessRequest.submission == submission_digest(submission)
        )
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRMATION_SALT)


def _sign(request: AccessRequest) -> str:
    # Whether it is a complaint travels signed in the link, so that a link too old to use
    # still says what it was for, after the unconfirmed row itself is gone.
    return _serializer().dumps(
        {"id": request.id, "nonce": request.confirmation_nonce, "complaint": request.is_complaint}
    )


def from_link(signed: str, *, lock: bool = False) -> AccessRequest:
    """The request a confirmation link names, if the link is genuine, recent and unused. With
    `lock`, before confirming, the row is locked, so that the same link sent twice at once (a
    double click) confirms once: the second copy then finds it used."""
    max_age = current_app.config["REQUEST_CONFIRMATION_HOURS"] * 3600
    try:
        data = _serializer().loads(signed, max_age=max_age)
    except SignatureExpired as expired:
        # The signature is ours, only old: what it says can be trusted.
        raise LinkError("expired", _signed_complaint(expired)) from None
    except BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise LinkError("invalid")
    if lock:
        lock_rows(AccessRequest, AccessRequest.id == data["id"])
    request = db.session.get(
        AccessRequest, data["id"], with_for_update=lock, populate_existing=lock
    )
    if request is None:
        raise LinkError("expired", _complaint_in(data))
    if request.confirmation_nonce is None or not secrets.compare_digest(
        request.confirmation_nonce, str(data.get("nonce", ""))
    ):
        raise LinkError("used", request.is_complaint)
    return request


def _signed_complaint(expired: SignatureExpired) -> bool | None:
    """Whether an expired link, genuinely ours, was a complaint's; None if it cannot say."""
    try:
        data = _serializer().load_payload(expired.payload)
    except BadSignature:
        return None
    return _complaint_in(data)


def _complaint_in(data: object) -> bool | None:
    """What a link's payload says about being a complaint's: None when it says nothing (a
    link signed before links said it, or a payload of another shape)."""
    complaint = data.get("complaint") if isinstance(data, dict) else None
    return complaint if isinstance(complaint, bool) else None


def confirm(request: AccessRequest) -> OutboxMessage | None:
    """The address is confirmed: the clock starts, and the requester gets a reference."""
    request.confirmation_nonce = None
    request.status = RequestStatus.OPEN
    request.received = _day_received(request)
    request.reference = reference(request)
    if request.acting_for is not None:
        # Made for someone else: the clock waits for the authority to act for them.
        _wait_for(request, ConditionKind.AUTHORITY, request.received)
    _refresh_due(request)
    log_event(request, "received", by=audit.VISITOR)
    audit.record(
        "request.confirmed",
        request,
        actor=audit.VISITOR,
        detail={"due": request.due.isoformat() if request.due else None},
    )
    template = "complaint_received" if request.is_complaint else "request_received"
    return tell(
        request,
        template,
        received=request.received,
        due=request.due,
        acting_for=request.acting_for,
    )


@dataclass(frozen=True)
class Contact:
    """How to reach the person who made a request that came by another channel: a name, and an
    email address, or else a postal address or a phone number."""

    name: str
    email: str | None = None
    postal_address: str | None = None
    phone: str | None = None


def record(
    right: Right,
    channel: Channel,
    received: dt.date,
    contact: Contact,
    details: str,
    jurisdiction: Jurisdiction = Jurisdiction.UK,
    behalf: Behalf | None = None,
    authority_received: dt.date | None = None,
    *,
    concerns: str | None = None,
    desired_outcome: str | None = None,
    by: audit.Actor,
) -> tuple[AccessRequest, OutboxMessage | None]:
    """A request or complaint that came by post, email, phone or in person, recorded by a
    moderator: it needs no confirmation link, and its clock starts on the day it arrived (for a
    complaint, the 30 days to acknowledge it). With an email address, the person is sent the
    reference and the status link. A request made for someone else (`behalf`) has its clock
    start on the day the authority to act for them arrived, if it has; a complaint gives what
    it concerns and the outcome wanted, as on its form."""
    if channel is Channel.WEB:
        raise WorkflowError(_("A request made on the web form records itself."))
    if right is Right.COMPLAINT and (behalf is not None or authority_received is not None):
        raise WorkflowError(_("A complaint is recorded for the person who makes it."))
    if right is not Right.COMPLAINT and (concerns or desired_outcome):
        raise WorkflowError(_("Only a complaint says what it is about and the outcome wanted."))
    if received > today():
        raise WorkflowError(_("The date of receipt cannot be in the future."))
    if not (contact.email or contact.postal_address or contact.phone):
        raise WorkflowError(_("Give an email address, a postal address or a phone number."))
    if authority_received is not None and (behalf is None or authority_received < received):
        raise WorkflowError(
            _(
                "The authority to act belongs to a request made for someone else, and arrives "
                "on or after the day the request did."
            )
        )
    if authority_received is not None and authority_received > today():
        raise WorkflowError(_("The date it arrived cannot be in the future."))
    request = AccessRequest(
        token=secrets.token_urlsafe(24),
        right=right,
        channel=channel,
        jurisdiction=jurisdiction,
        status=RequestStatus.OPEN,
        received=received,
        name=clean_text(contact.name),
        email=contact.email.strip() if contact.email else None,
        postal_address=clean_text(contact.postal_address) if contact.postal_address else None,
        phone=contact.phone.strip() if contact.phone else None,
        details=clean_text(details),
        concerns=(clean_text(concerns) or None) if concerns else None,
        desired_outcome=(clean_text(desired_outcome) or None) if desired_outcome else None,
    )
    _act_for(request, behalf)
    if behalf is not None:
        authority = _wait_for(request, ConditionKind.AUTHORITY, received)
        if authority_received is not None:
            authority.met, authority.channel = authority_received, channel
    db.session.add(request)
    db.session.flush()
    request.reference = reference(request)
    _refresh_due(request)
    log_event(request, "recorded", by=by)
    audit.record(
        "request.recorded",
        request,
        detail={
            "right": right.value,
            "channel": channel.value,
            "jurisdiction": jurisdiction.value,
            "received": received.isoformat(),
            "due": request.due.isoformat() if request.due else None,
            "email": request.email is not None,
            "capacity": request.capacity.value if request.capacity else None,
        },
        actor=by,
    )
    message = tell(
        request,
        "complaint_received" if request.is_complaint else "request_recorded",
        channel=channel.value,
        received=received,
        due=request.due,
        acting_for=request.acting_for,
        # Recorded late, the due date may have passed already: the email says so.
        late=request.due is not None and request.due < today(),
    )
    return request, message


class Step(StrEnum):
    """A step of a request's work that a moderator takes on the panel."""

    START = "start"
    CLARIFY = "clarify"
    ASK_FOR = "ask_for"
    RECORD_MET = "record_met"
    RECORD_ANSWER = "record_answer"
    JURISDICTION = "jurisdiction"
    EXTEND = "extend"
    COMPLETE = "complete"
    REFUSE = "refuse"
    TELL_RECIPIENTS = "tell_recipients"
    STOP_MARKETING = "stop_marketing"
    REISSUE = "reissue"


# The rights whose action must be passed on to everyone the data was disclosed to (Art. 19).
PASSED_ON = (Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION)


def refusals(request: AccessRequest, day: dt.date) -> dict[Step, str]:
    """Each step the request's state does not allow on a day, with the reason a moderator reads.

    The one place these rules live: the panel offers every other step, and each step refuses
    these with the same words, so a button is never shown for a step that would be refused.
    """
    why: dict[Step, str] = {}
    if request.is_complaint:
        # A complaint has steps of its own (faq_site.complaints.workflow), and the law that
        # governs it names the authority its complainant may turn to.
        for step in Step:
            why[step] = _("A complaint is acknowledged and closed with its outcome.")
        if request.status not in ACTIVE:
            why[Step.JURISDICTION] = _("This complaint is closed, so it cannot be changed.")
        elif _open_pause(request) is None:
            del why[Step.JURISDICTION]
        else:
            why[Step.JURISDICTION] = _paused_for_law()
        return why
    if request.status is not RequestStatus.OPEN:
        why[Step.START] = _("Only a request that is open can be started.")
    if request.right not in PASSED_ON:
        why[Step.TELL_RECIPIENTS] = _(
            "Recipients are told of a correction, an erasure or a restriction only."
        )
    elif request.status not in (*ACTIVE, RequestStatus.COMPLETED):
        why[Step.TELL_RECIPIENTS] = _(
            "This request is not open or completed, so nothing is passed on."
        )
    if request.status is not RequestStatus.COMPLETED:
        why[Step.REISSUE] = _("Only a completed request's answer can be made available again.")
    elif answer_available(request):
        why[Step.REISSUE] = _(
            "The requester can still download the answer: it is made available again once it "
            "has expired."
        )
    if request.right is not Right.OBJECTION:
        why[Step.STOP_MARKETING] = _("Only an objection can stop direct marketing.")
    if request.status not in ACTIVE:
        closed = _("This request is not open, so it cannot be changed.")
        for step in (
            Step.CLARIFY,
            Step.ASK_FOR,
            Step.RECORD_MET,
            Step.RECORD_ANSWER,
            Step.JURISDICTION,
            Step.EXTEND,
            Step.COMPLETE,
            Step.REFUSE,
            Step.STOP_MARKETING,
        ):
            why.setdefault(step, closed)
        return why
    paused = _open_pause(request) is not None
    condition = awaited(request)
    current = clock(request)
    if paused:
        why[Step.CLARIFY] = _("The requester has not answered the last question yet.")
        why[Step.ASK_FOR] = _(
            "A question waits for the requester's answer: ask for this once they answer."
        )
        why[Step.JURISDICTION] = _paused_for_law()
    if condition is not None:
        why.setdefault(
            Step.CLARIFY,
            _("The clock waits for something asked for: record its arrival before asking more."),
        )
        why[Step.ASK_FOR] = _("Something asked for earlier has not arrived yet: record it first.")
        why[Step.COMPLETE] = _(
            "Something asked for has not arrived yet: record it first, or refuse the request."
        )
        why.setdefault(Step.STOP_MARKETING, why[Step.COMPLETE])
    else:
        why[Step.RECORD_MET] = _("Nothing is awaited for this request.")
        if current is not None and current.is_overdue(day):
            why.setdefault(
                Step.ASK_FOR,
                _(
                    "The request is already overdue: asking now would not stop the clock. "
                    "Answer it."
                ),
            )
    if open_question(request) is None:
        why[Step.RECORD_ANSWER] = _("No question is waiting for the requester's answer.")
    if request.extended or current is None or not can_extend(current, day):
        why[Step.EXTEND] = _(
            "An extension can be made once, and only by the last day of the first month "
            "(a weekend or bank holiday the due date rolls past does not count)."
        )
    return why


def _paused_for_law() -> str:
    return _("The clock is paused for the requester's answer: change the law once they answer.")


def allowed_steps(request: AccessRequest, day: dt.date) -> frozenset[Step]:
    """The steps the panel offers for a request on a day; see `refusals`."""
    return frozenset(Step) - refusals(request, day).keys()


def _guard(request: AccessRequest, step: Step) -> None:
    """Refuse a step the request's state does not allow today, saying why."""
    reason = refusals(request, today()).get(step)
    if reason is not None:
        raise WorkflowError(reason)


def _open_pause(request: AccessRequest) -> RequestPause | None:
    return next((p for p in request.pauses if p.ended is None), None)


def start(request: AccessRequest, *, by: audit.Actor) -> OutboxMessage | None:
    _guard(request, Step.START)
    request.status = RequestStatus.IN_PROGRESS
    log_event(request, "started", by=by)
    audit.record("request.started", request, actor=by)
    return tell(request, "request_update")


def ask_clarification(
    request: AccessRequest, message: str, *, by: audit.Actor
) -> OutboxMessage | None:
    """Ask the requester what the request covers; for an access request the clock stops."""
    _guard(request, Step.CLARIFY)
    paused = can_pause(request)
    if paused:
        request.pauses.append(RequestPause(started=today()))
    question = clean_text(message)
    log_event(request, "clarification_asked", question, by=by)
    _refresh_due(request)
    audit.record("request.clarification_asked", request, detail={"paused": paused}, actor=by)
    return tell(request, "request_clarification", question=question, paused=paused, due=request.due)


def can_pause(request: AccessRequest) -> bool:
    """Whether a question asked today stops the request's clock: only for an access request
    (Art. 12A(5)), and only while its time has not run out."""
    current = clock(request)
    return pauses_count(request) and current is not None and current.can_pause(today())


def ask_for(
    request: AccessRequest,
    kind: ConditionKind,
    message: str,
    amount: str | None = None,
    *,
    by: audit.Actor,
) -> OutboxMessage | None:
    """Ask for what the clock must wait for: identity information where there is reasonable
    doubt about who made the request (Art. 12(6)), the authority of someone acting for the
    person, or a fee where one may be charged. Until it arrives the request has no due date; on
    the day it does, the clock starts again from day one. One thing at a time, and not while a
    question waits for its answer."""
    _guard(request, Step.ASK_FOR)
    if kind is ConditionKind.FEE:
        if not current_app.config["REQUEST_FEES"]:
            raise WorkflowError(_("This site does not charge fees for requests."))
        if not (amount or "").strip():
            raise WorkflowError(_("Say how much the fee is."))
    _wait_for(request, kind, today(), amount=amount.strip() if amount else None)
    text = clean_text(message)
    log_event(request, f"{kind.value}_asked", text, by=by)
    _refresh_due(request)
    audit.record("request.condition_asked", request, detail={"kind": kind.value}, actor=by)
    return tell(request, "request_condition", kind=kind.value, message=text, amount=amount)


def _wait_for(
    request: AccessRequest, kind: ConditionKind, asked: dt.date, amount: str | None = None
) -> RequestCondition:
    condition = RequestCondition(kind=kind, asked=asked, amount=amount)
    request.conditions.append(condition)
    return condition


def record_met(
    request: AccessRequest, met: dt.date, channel: Channel, *, by: audit.Actor
) -> OutboxMessage | None:
    """What the clock waited for arrived, by whatever channel: the clock starts again with that
    day as day one, and the requester is told the new due date."""
    _guard(request, Step.RECORD_MET)
    condition = awaited(request)
    if met > today():
        raise WorkflowError(_("The date it arrived cannot be in the future."))
    if met < condition.asked:
        raise WorkflowError(_("It cannot arrive before it was asked for."))
    condition.met = met
    condition.channel = channel
    _refresh_due(request)
    log_event(request, f"{condition.kind.value}_received", by=by)
    audit.record(
        "request.condition_met",
        request,
        detail={
            "kind": condition.kind.value,
            "channel": channel.value,
            "met": met.isoformat(),
            "due": request.due.isoformat() if request.due else None,
        },
        actor=by,
    )
    return tell(
        request, "request_condition_met", kind=condition.kind.value, met=met, due=request.due
    )


def set_jurisdiction(
    request: AccessRequest, jurisdiction: Jurisdiction, *, by: audit.Actor
) -> None:
    """Record whose law governs the request or complaint; a request's due date follows (pauses
    count under UK law alone), and a complaint's law names the supervisory authority its
    complainant may turn to. Not while a pause is open: the requester's answer is awaited
    first."""
    _guard(request, Step.JURISDICTION)
    if request.jurisdiction is jurisdiction:
        return
    before = request.jurisdiction
    request.jurisdiction = jurisdiction
    _refresh_due(request)
    log_event(
        request,
        "jurisdiction",
        f"{jurisdiction_label(before)} \u2192 {jurisdiction_label(jurisdiction)}",
        public=False,
        by=by,
    )
    audit.record(
        "request.jurisdiction_set",
        request,
        detail={
            "from": before.value,
            "to": jurisdiction.value,
            "due": request.due.isoformat() if request.due else None,
        },
        actor=by,
    )


def open_question(request: AccessRequest) -> RequestEvent | None:
    """The moderator's question that waits for the requester's answer, if any."""
    if request.status not in ACTIVE:
        return None
    for event in reversed(request.events):
        if event.action == "clarification_answered":
            return None
        if event.action == "clarification_asked":
            return event
    return None


def answer_clarification(request: AccessRequest, message: str) -> None:
    """The requester answers; the clock runs again from tomorrow."""
    if request.is_complaint:
        raise WorkflowError(_("A complaint is acknowledged and closed with its outcome."))
    if request.status not in ACTIVE:
        raise WorkflowError(_("This request is not open, so it cannot be changed."))
    if open_question(request) is None:
        raise WorkflowError(_("No question is waiting for your answer."))
    _close_pause(request)
    log_event(request, "clarification_answered", clean_text(message), by=audit.VISITOR)
    _refresh_due(request)
    audit.record("request.clarification_answered", request, actor=audit.VISITOR)


def record_answer(
    request: AccessRequest, answered: dt.date, channel: Channel, message: str, *, by: audit.Actor
) -> None:
    """The requester answered by post, email, phone or in person, and a moderator records it:
    the pause ends on the day the answer came, and the clock runs again from the next."""
    _guard(request, Step.RECORD_ANSWER)
    if channel is Channel.WEB:
        raise WorkflowError(_("An answer sent on the status page records itself."))
    pause = _open_pause(request)
    if answered > today():
        raise WorkflowError(_("The day of the answer cannot be in the future."))
    if pause is not None and answered < pause.started:
        raise WorkflowError(_("The answer cannot come before the question was asked."))
    if pause is not None:
        pause.ended = answered
    log_event(request, "clarification_answered", clean_text(message), by=by)
    _refresh_due(request)
    audit.record(
        "request.clarification_recorded",
        request,
        detail={"channel": channel.value, "answered": answered.isoformat()},
        actor=by,
    )


def extend(request: AccessRequest, reason: str, *, by: audit.Actor) -> OutboxMessage | None:
    """Two further months for a complex request, decided and sent by the last calendar day of
    the first month."""
    _guard(request, Step.EXTEND)
    request.extended = True
    request.status = RequestStatus.EXTENDED
    why = clean_text(reason)
    log_event(request, "extended", why, by=by)
    _refresh_due(request)
    audit.record("request.extended", request, detail={"due": request.due.isoformat()}, actor=by)
    return tell(request, "request_extended", reason=why, due=request.due)


def complete(
    request: AccessRequest,
    note: str,
    *,
    answer: tuple[str, str, bytes] | None = None,
    withheld: RefusalGround | None = None,
    by: audit.Actor,
) -> OutboxMessage | None:
    """Done: what was provided, and optionally the answer as a file to download until it
    expires. With `withheld`, part was refused on that ground (a partial refusal): the note says
    what, and the email states the ground and the requester's remedies."""
    # Not while something asked for is awaited: answering before the identity or the authority
    # is confirmed could send the data to someone it does not belong to.
    _guard(request, Step.COMPLETE)
    if withheld is RefusalGround.ERASURE_EXCEPTION and request.right is not Right.ERASURE:
        raise WorkflowError(_("Article 17(3) grounds apply to erasure requests only."))
    request.status = RequestStatus.COMPLETED
    request.closed = dt.datetime.now(dt.UTC)
    request.outcome = clean_text(note)
    request.refusal_ground = withheld
    if answer is not None:
        _store_answer(request, answer, request.closed)
    _close_pause(request)
    # The due date the answer is judged against: the pause just closed counts to today.
    _refresh_due(request)
    log_event(request, "completed", request.outcome, by=by)
    audit.record(
        "request.completed",
        request,
        detail={"file": answer is not None, "withheld": withheld.value if withheld else None},
        actor=by,
    )
    return tell(
        request,
        "request_completed",
        outcome=request.outcome,
        expires=request.answer_expires,
        withheld=withheld,
        # The email says where to complain about how the request was handled.
        complaint_url=complaint_url(request.reference),
    )


def recipients_told(request: AccessRequest, note: str, *, by: audit.Actor) -> OutboxMessage | None:
    """Record that each recipient the data was disclosed to has been told of the correction,
    erasure or restriction (Art. 19), and who they are: the requester reads it, as they may ask
    to know them. While the request is open or once it is completed."""
    _guard(request, Step.TELL_RECIPIENTS)
    text = clean_text(note)
    log_event(request, "recipients_told", text, by=by)
    audit.record("request.recipients_told", request, actor=by)
    return tell(request, "request_recipients_told", note=text)


def stop_marketing(request: AccessRequest, *, by: audit.Actor) -> OutboxMessage | None:
    """An objection to direct marketing is honoured at once (Art. 21(2) and (3)): no balancing,
    no grounds to refuse. The request is completed with words that say so."""
    _guard(request, Step.STOP_MARKETING)
    return complete(
        request,
        _(
            "We have stopped using your personal data for direct marketing, as the law requires "
            "at once (Article 21(3)). We keep your contact details only on our list of people "
            "never to contact for marketing, so that it cannot start again."
        ),
        by=by,
    )


def _store_answer(
    request: AccessRequest, answer: tuple[str, str, bytes], since: dt.datetime
) -> None:
    """Keep the answer file for the requester to download until it expires."""
    request.answer_name, request.answer_type, request.answer_data = answer
    request.answer_expires = since + dt.timedelta(days=current_app.config["REQUEST_ANSWER_DAYS"])


def reissue_answer(
    request: AccessRequest, answer: tuple[str, str, bytes] | None, *, by: audit.Actor
) -> OutboxMessage | None:
    """The answer file again, for a requester who missed its download: for a completed request
    only, with a new expiry, and the requester is told until when."""
    _guard(request, Step.REISSUE)
    if answer is None:
        raise WorkflowError(_("Choose the file with the answer."))
    _store_answer(request, answer, dt.datetime.now(dt.UTC))
    log_event(request, "answer_reissued", by=by)
    audit.record(
        "request.answer_reissued",
        request,
        detail={"expires": request.answer_expires.isoformat()},
        actor=by,
    )
    return tell(request, "request_answer_reissued", expires=request.answer_expires)


def refuse(
    request: AccessRequest, reason: str, ground: RefusalGround | None = None, *, by: audit.Actor
) -> OutboxMessage | None:
    """Refused, on a legal ground, with the reasons and the requester's remedies, which the email
    states."""
    _guard(request, Step.REFUSE)
    if ground is RefusalGround.ERASURE_EXCEPTION and request.right is not Right.ERASURE:
        raise WorkflowError(_("Article 17(3) grounds apply to erasure requests only."))
    request.status = RequestStatus.REFUSED
    request.closed = dt.datetime.now(dt.UTC)
    request.outcome = clean_text(reason)
    request.refusal_ground = ground
    _close_pause(request)
    _refresh_due(request)
    log_event(request, "refused", request.outcome, by=by)
    audit.record(
        "request.refused", request, detail={"ground": ground.value if ground else None}, actor=by
    )
    return tell(
        request,
        "request_refused",
        reason=request.outcome,
        ground=ground,
        complaint_url=complaint_url(request.reference),
    )


def withdraw(request: AccessRequest) -> OutboxMessage | None:
    """The requester takes the request back."""
    if request.status.is_closed:
        raise WorkflowError(_("This request is already closed."))
    was_confirmed = request.status is not RequestStatus.AWAITING_CONFIRMATION
    request.status = RequestStatus.WITHDRAWN
    request.closed = dt.datetime.now(dt.UTC)
    request.confirmation_nonce = None
    _close_pause(request)
    _refresh_due(request)
    log_event(request, "withdrawn", by=audit.VISITOR)
    audit.record("request.withdrawn", request, actor=audit.VISITOR)
    if not was_confirmed:
        return None
    # What was withdrawn, when, what is kept and for how long, and how to ask again.
    return tell(
        request,
        "request_withdrawn",
        withdrawn=today(),
        what=right_label(request.right, request.acting_for),
        retention_months=current_app.config["REQUEST_RETENTION_MONTHS"],
        again_url=site_links()("complaints.new" if request.is_complaint else "access_requests.new"),
    )


def _close_pause(request: AccessRequest) -> None:
    pause = _open_pause(request)
    if pause is not None:
        pause.ended = today()


def answer_available(request: AccessRequest) -> bool:
    """Whether the answer file may still be downloaded; the file itself (up to 20 MB) is not
    read to tell. Its name, type, contents and expiry are stored and erased together."""
    expires = request.answer_expires
    return (
        request.answer_name is not None
        and expires is not None
        and expires > dt.datetime.now(dt.UTC)
    )


def answer_file(request: AccessRequest) -> tuple[str, str, bytes] | None:
    """The answer file, while it may still be downloaded."""
    if not answer_available(request) or request.answer_data is None:
        return None
    return (
        request.answer_name or "answer",
        request.answer_type or "application/octet-stream",
        request.answer_data,
    )
