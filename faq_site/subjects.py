"""What the site itself holds about one person, found by email address, phone number or postal
address (a request recorded from a letter or a call may have no email address): to show
it to a moderator, to export it in answer to a request about the site's own data, and to erase it.

A question belongs to the person when it was sent from their address; it also holds their data
when what was written mentions their address or number, whoever sent it. Such a question is
someone else's too: its sender's address, private link and emails are theirs, so they are neither
exported nor erased for this person; what was written is.

Plain functions that need no web request; the caller commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from . import audit, marks, mentions, retention
from .access_requests import workflow
from .extensions import db
from .models import (
    AccessRequest,
    Moderator,
    OutboxMessage,
    Question,
    QuestionStatus,
    Right,
    SubprocessorObjection,
    Subscription,
    utcnow,
)
from .notices import workflow as notices
from .notices.wording import wording

# Secrets of a moderator's account: they let someone sign in, they say nothing about the person,
# and a copy of them in an export would be a way in. The export says that they exist.
_MODERATOR_SECRETS = (
    ("password_hash", "a hash of the password, withheld because it lets someone sign in"),
    ("session_token", "the current session's key, withheld because it lets someone in"),
    ("totp_secret", "the two-step sign-in secret, withheld because it lets someone in"),
    (
        "totp_pending_secret",
        "a two-step sign-in secret being set up, withheld because it would let someone in",
    ),
)
# A question that only mentions the person was sent by someone else: what is the sender's.
_SENDERS_FIELDS = (
    ("email", "the address of whoever sent a question that mentions you: theirs, not yours"),
    ("token", "the private link of whoever sent a question that mentions you"),
)
WITHHELD = {
    "moderator_accounts": dict(_MODERATOR_SECRETS),
    "questions_mentioning_you": dict(_SENDERS_FIELDS),
    "change_notice_subscriptions": {
        "handle": "the name your notices' links give your subscription, withheld because with "
        "the site's own key it would let someone change or end it"
    },
}


class Kind(enum.StrEnum):
    """The kinds of row the site holds about a person, as an export names its lists."""

    QUESTION = "questions"
    MESSAGE = "outbox_messages"
    REQUEST = "access_requests"
    OBJECTION = "subprocessor_objections"
    SUBSCRIPTION = "change_notice_subscriptions"
    MODERATOR = "moderator_accounts"


class KeptBecause(enum.StrEnum):
    OPEN_REQUEST = "under an open request"
    MODERATOR_ACCOUNT = "a moderator account: an admin deactivates it instead"
    UNSENT_NOTICE = "an email about a request or complaint, not sent yet"
    THE_REQUEST = "the erasure request itself: its record is kept for the stated period"
    OPEN_OBJECTION = "a customer's objection not answered yet: answer it, then erase"


# Emails that tell a requester or a complainant about their case: one not sent yet is still owed
# to them, so an erasure never deletes it; once sent, the outbox purge erases it as any other.
_NOTICE_TEMPLATES = ("request_", "complaint_")


@dataclass
class Holdings:
    """Every row the site holds about one email address or phone number, oldest first in each
    kind."""

    email: str
    phone: str = ""
    postal: str = ""
    questions: list[Question] = field(default_factory=list)
    # Questions found only because what was written mentions the address or number.
    mentioning: set[int] = field(default_factory=set)
    messages: list[OutboxMessage] = field(default_factory=list)
    requests: list[AccessRequest] = field(default_factory=list)
    objections: list[SubprocessorObjection] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    moderators: list[Moderator] = field(default_factory=list)
    now: dt.datetime = field(default_factory=utcnow)

    def only_mentions(self, question: Question) -> bool:
        """Whether the question was sent by someone else and only mentions the person."""
        return question.id in self.mentioning

    def counts(self) -> dict[str, int]:
        """How many rows of each kind: what the audit trail may say about a search."""
        return {
            Kind.QUESTION.value: len(self.questions),
            Kind.MESSAGE.value: len(self.messages),
            Kind.REQUEST.value: len(self.requests),
            Kind.OBJECTION.value: len(self.objections),
            Kind.SUBSCRIPTION.value: len(self.subscriptions),
            Kind.MODERATOR.value: len(self.moderators),
        }

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())

    # The erasure request being acted on, from its own page: it neither blocks the erasure nor is
    # erased by it.
    acting_on: AccessRequest | None = None

    def is_open(self, request: AccessRequest) -> bool:
        return retention.is_open(request)

    @property
    def open_requests(self) -> list[AccessRequest]:
        return [
            request
            for request in self.requests
            if self.is_open(request) and request is not self.acting_on
        ]


@dataclass(frozen=True)
class Kept:
    """A row that an erasure left as it was, and why."""

    kind: Kind
    id: int
    reason: KeptBecause


@dataclass
class EraseReport:
    questions_erased: int = 0
    questions_withdrawn: int = 0
    messages_deleted: int = 0
    messages_erased: int = 0
    requests_deleted: int = 0
    requests_erased: int = 0
    objections_deleted: int = 0
    subscriptions_deleted: int = 0
    kept: list[Kept] = field(default_factory=list)

    def kept_because(self, reason: KeptBecause) -> int:
        return sum(1 for item in self.kept if item.reason is reason)

    def counts(self) -> dict[str, int]:
        """The numbers alone, for the audit trail and the moderator's message."""
        return {
            "questions_erased": self.questions_erased,
            "questions_withdrawn": self.questions_withdrawn,
            "messages_deleted": self.messages_deleted,
            "messages_erased": self.messages_erased,
            "requests_deleted": self.requests_deleted,
            "requests_erased": self.requests_erased,
            "objections_deleted": self.objections_deleted,
            "subscriptions_deleted": self.subscriptions_deleted,
            "kept_under_open_request": self.kept_because(KeptBecause.OPEN_REQUEST),
            "moderator_accounts_kept": self.kept_because(KeptBecause.MODERATOR_ACCOUNT),
            "unsent_notices_kept": self.kept_because(KeptBecause.UNSENT_NOTICE),
            "open_objections_kept": self.kept_because(KeptBecause.OPEN_OBJECTION),
        }


def find(
    email: str,
    phone: str | None = None,
    postal: str | None = None,
    *,
    requests_by_phone: bool = True,
) -> Holdings:
    """Every question, outbox message, access request (with its log, pauses and what its clock
    waited for) and moderator account whose address is `email`, ignoring case and surrounding
    spaces; every question whose text, while it is kept, mentions that address or the phone
    number `phone`; and every request recorded with that phone number or postal address
    (`postal`: its first line and postcode are enough, in any case and with any punctuation).
    Without `requests_by_phone`, the number finds only the questions that mention it: a phone
    may be a household's, and what an erasure acts on unseen must be the person's own."""
    email, phone, postal = email.strip(), (phone or "").strip(), (postal or "").strip()
    holdings = Holdings(email, phone, postal)
    number = mentions.phone_number(phone) if phone else None
    holdings.requests = _requests(email, number if requests_by_phone else None, postal)
    if not email and number is None:
        return holdings
    sent = []
    if email:
        sent = list(
            db.session.scalars(
                db.select(Question)
                .where(retention.same_address(Question.email, email))
                .order_by(Question.id)
            )
        )
    own = {question.id for question in sent}
    mentioning = [
        question
        for question in mentions.questions_mentioning(email, number)
        if question.id not in own
    ]
    holdings.questions = sorted(sent + mentioning, key=lambda question: question.id)
    holdings.mentioning = {question.id for question in mentioning}
    if not email:
        return holdings
    # A sent message has lost its recipient, but still belongs to the person through the
    # question it answered.
    question_ids = [question.id for question in sent]
    holdings.messages = list(
        db.session.scalars(
            db.select(OutboxMessage)
            .where(
                retention.same_address(OutboxMessage.recipient, email)
                | OutboxMessage.question_id.in_(question_ids)
            )
            .order_by(OutboxMessage.id)
        )
    )
    holdings.objections = list(
        db.session.scalars(
            db.select(SubprocessorObjection)
            .where(retention.same_address(SubprocessorObjection.email, email))
            .order_by(SubprocessorObjection.id)
        )
    )
    holdings.subscriptions = notices.of_address(email)
    holdings.moderators = list(
        db.session.scalars(
            db.select(Moderator)
            .where(retention.same_address(Moderator.email, email))
            .order_by(Moderator.id)
        )
    )
    return holdings


def _requests(email: str, number: Any, postal: str) -> list[AccessRequest]:
    """The requests and complaints made from the address, or recorded with the phone number or
    the postal address. Numbers and addresses are written in many ways, so those two are
    compared in Python, over the requests that hold one (a request is recorded by hand, so
    there are never many)."""
    loaded = db.select(AccessRequest).options(
        selectinload(AccessRequest.events),
        selectinload(AccessRequest.pauses),
        selectinload(AccessRequest.conditions),
    )
    found: dict[int, AccessRequest] = {}
    if email:
        for request in db.session.scalars(
            loaded.where(retention.same_address(AccessRequest.email, email))
        ):
            found[request.id] = request
    typed = postal_words(postal)
    if number is not None or typed:
        recorded = db.or_(
            AccessRequest.phone.is_not(None) if number is not None else db.false(),
            AccessRequest.postal_address.is_not(None) if typed else db.false(),
        )
        for request in db.session.scalars(loaded.where(recorded)):
            if (number is not None and _same_number(request.phone, number)) or (
                typed and _postal_matches(typed, request.postal_address or "")
            ):
                found[request.id] = request
    return [found[ident] for ident in sorted(found)]


def _same_number(stored: str | None, number: Any) -> bool:
    other = mentions.phone_number(stored) if stored else None
    return other is not None and (other.country_code, other.national_number) == (
        number.country_code,
        number.national_number,
    )


# A UK postcode typed without its space ("tr112ab"), to be read as its two parts.
_JOINED_POSTCODE = re.compile(r"([a-z]{1,2}\d[a-z\d]?)(\d[a-z]{2})")
_HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?")
_UK_POSTCODE = (re.compile(r"[a-z]{1,2}\d[a-z\d]?"), re.compile(r"\d[a-z]{2}"))
_EIRCODE = (re.compile(r"[a-z]\d[\dw]"), re.compile(r"[a-z\d]{4}"))


def _segments(address: str) -> list[list[str]]:
    """An address as its parts (between commas and line breaks), each a list of its words in
    lower case, with digits of any script written in ASCII and a joined postcode split."""
    plain = unicodedata.normalize("NFKC", address).lower()
    plain = re.sub(r"\d", lambda digit: str(unicodedata.digit(digit.group())), plain)
    segments = []
    for part in re.split(r"[,;\n]+", plain):
        words = []
        for word in re.sub(r"[^\w]+", " ", part).split():
            joined = _JOINED_POSTCODE.fullmatch(word)
            words.extend(joined.groups() if joined else [word])
        if words:
            segments.append(words)
    return segments


def _pairs(words: list[str], first: re.Pattern[str], second: re.Pattern[str]) -> bool:
    return any(first.fullmatch(a) and second.fullmatch(b) for a, b in pairwise(words))


def postal_words(address: str) -> list[list[str]]:
    """The parts of a postal address typed to search by, if it says enough to name one home: a
    house number beside a word of its street ("14 Harbour Lane", "Herengracht 402"), or a whole
    postcode (UK "TR11 2AB", an Eircode "D04 N6X8"). None otherwise: a town, a street alone or
    half a postcode ("Leeds LS1") would list strangers."""
    segments = _segments(address)
    for words in segments:
        numbered = any(
            (_HOUSE_NUMBER.fullmatch(a) and b.isalpha())
            or (a.isalpha() and _HOUSE_NUMBER.fullmatch(b))
            for a, b in pairwise(words)
        )
        if numbered or _pairs(words, *_UK_POSTCODE) or _pairs(words, *_EIRCODE):
            return segments
    return []


def _postal_matches(typed: list[list[str]], stored: str) -> bool:
    """Whether each part typed stands, whole and in order, in the stored address: "14 harbour
    lane, TR11 2AB" finds "14 Harbour Lane\nFalmouth TR11 2AB", and "3 Leeds" does not find
    "Flat 3, 22 Park Row, Leeds"."""
    words = [word for segment in _segments(stored) for word in segment]
    at = 0
    for part in typed:
        for start in range(at, len(words) - len(part) + 1):
            if words[start : start + len(part)] == part:
                at = start + len(part)
                break
        else:
            return False
    return True


def export(holdings: Holdings) -> dict[str, Any]:
    """The holdings as JSON-ready data: every stored field of every row, dates as ISO 8601,
    the answer file as its name, type, size and content in base64; only a moderator's sign-in
    secrets are withheld, and the export says so."""
    return {
        "email": holdings.email,
        "phone": holdings.phone,
        "postal_address": holdings.postal,
        "exported": utcnow().isoformat(),
        Kind.QUESTION.value: [_question(question, holdings) for question in holdings.questions],
        Kind.MESSAGE.value: [_fields(message) for message in holdings.messages],
        Kind.REQUEST.value: [_request(request) for request in holdings.requests],
        Kind.OBJECTION.value: [_fields(objection) for objection in holdings.objections],
        Kind.SUBSCRIPTION.value: [_subscription(row) for row in holdings.subscriptions],
        Kind.MODERATOR.value: [_moderator(moderator) for moderator in holdings.moderators],
        "withheld": WITHHELD,
    }


def _fields(row: Any, withheld: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    # Read from the mapper, not a list written here, so that a new column is exported the day it
    # is added.
    return {
        column.key: _json_value(getattr(row, column.key))
        for column in inspect(type(row)).column_attrs
        if column.key not in withheld
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _question(question: Question, holdings: Holdings) -> dict[str, Any]:
    if not holdings.only_mentions(question):
        return _fields(question)
    data = _fields(question, set(WITHHELD["questions_mentioning_you"]))
    data["mentions_you"] = True
    return data


def _request(request: AccessRequest) -> dict[str, Any]:
    data = _fields(request)
    data["answer_size"] = len(request.answer_data) if request.answer_data is not None else None
    data["events"] = [_fields(event) for event in request.events]
    data["pauses"] = [_fields(pause) for pause in request.pauses]
    data["conditions"] = [_fields(condition) for condition in request.conditions]
    return data


def _subscription(subscription: Subscription) -> dict[str, Any]:
    data = _fields(subscription, set(WITHHELD[Kind.SUBSCRIPTION.value]))
    data["wording_agreed_to"] = wording(subscription.wording)
    return data


def _moderator(moderator: Moderator) -> dict[str, Any]:
    data = _fields(moderator, set(WITHHELD[Kind.MODERATOR.value]))
    data["two_step_sign_in"] = moderator.totp_secret is not None
    return data


def erase(holdings: Holdings, *, by: audit.Actor) -> EraseReport:
    """Erase what the site holds about the person, and report what was erased and what was kept.

    Questions lose the address, the original and its traces, and an undecided one is withdrawn
    (one that only mentions the person loses only the original and its traces);
    unsent messages are deleted (but not an unsent email about a request or complaint, still owed
    to its recipient) and sent ones erased; closed requests keep only their record, and an
    unconfirmed one is deleted. While the person has an open request nothing of theirs is
    touched, since it may be what the request is about; the erasure request acted on
    (`holdings.acting_on`) does not count, and stays as it is. Moderator accounts are only
    reported, since an admin deactivates them instead. One audit event, counts only.
    """
    report = EraseReport()
    if holdings.acting_on is not None:
        report.kept.append(Kept(Kind.REQUEST, holdings.acting_on.id, KeptBecause.THE_REQUEST))
    if holdings.open_requests:
        for kind, rows in (
            (Kind.QUESTION, holdings.questions),
            (Kind.MESSAGE, holdings.messages),
            (Kind.REQUEST, holdings.requests),
            (Kind.OBJECTION, holdings.objections),
            (Kind.SUBSCRIPTION, holdings.subscriptions),
        ):
            report.kept.extend(Kept(kind, row.id, KeptBecause.OPEN_REQUEST) for row in rows)
    else:
        for question in holdings.questions:
            if holdings.only_mentions(question):
                _erase_mention(question, report)
            else:
                _erase_question(question, report)
        for message in holdings.messages:
            _erase_message(message, report)
        for request in holdings.requests:
            if request is holdings.acting_on:
                continue
            if request.status.is_closed:
                retention.erase_request(request)
                report.requests_erased += 1
            else:
                # Not open and not closed: awaiting a confirmation that would prove the address;
                # as unproven, it protects nothing and goes entirely.
                db.session.delete(request)
                report.requests_deleted += 1
        for objection in holdings.objections:
            if objection.answered is None:
                # Still to be answered, and the contact is how: the customer is owed an answer.
                report.kept.append(Kept(Kind.OBJECTION, objection.id, KeptBecause.OPEN_OBJECTION))
                continue
            # Answered, all of it is about who objected: it goes whole.
            db.session.delete(objection)
            report.objections_deleted += 1
        for subscription in holdings.subscriptions:
            db.session.delete(subscription)  # as unsubscribing does
            report.subscriptions_deleted += 1
    report.kept.extend(
        Kept(Kind.MODERATOR, moderator.id, KeptBecause.MODERATOR_ACCOUNT)
        for moderator in holdings.moderators
    )
    audit.record("subject.erased", detail=report.counts(), actor=by)
    return report


def _erase_question(question: Question, report: EraseReport) -> None:
    question.email = None
    question.original = None
    question.redactions = None
    question.fingerprint = None
    if question.status is QuestionStatus.NEW:
        # As when the asker withdraws it: an undecided question goes entirely (the purge deletes
        # the row); a decided one keeps only the anonymised, approved wording.
        question.status = QuestionStatus.WITHDRAWN
        question.decided = utcnow()
        question.redacted = ""
        report.questions_withdrawn += 1
    report.questions_erased += 1


def _erase_mention(question: Question, report: EraseReport) -> None:
    """Someone else's question that mentions the person: what was written goes (the anonymised
    text had their address or number replaced); the sender's address and the question stay, and
    no value that was still waiting for a check stays with them unmarked."""
    marks.redact_open(question)
    question.original = None
    question.redactions = None
    question.fingerprint = None
    report.questions_erased += 1


def _erase_message(message: OutboxMessage, report: EraseReport) -> None:
    if message.sent is None and message.template.startswith(_NOTICE_TEMPLATES):
        report.kept.append(Kept(Kind.MESSAGE, message.id, KeptBecause.UNSENT_NOTICE))
    elif message.sent is None:
        db.session.delete(message)
        report.messages_deleted += 1
    elif message.recipient or message.body_text or message.body_html:
        message.recipient = message.body_text = message.body_html = None
        report.messages_erased += 1


def why_not_erase(request: AccessRequest) -> str | None:
    """Why this website's data cannot be erased from this request's page, or None if it can."""
    if request.right is not Right.ERASURE:
        return _("Only an erasure request erases this website's data.")
    if request.status not in workflow.ACTIVE:
        return _("This request is not open, so nothing is erased for it.")
    if request.acting_for:
        # The data is the represented person's, which the representative's address does not
        # find; and nothing is done before their authority has arrived.
        return _(
            "This request is made for someone else: their data is not found by the address of "
            "the person acting for them. Once their authority has arrived, use \u201cFind a "
            "person\u2019s data\u201d with the details of the person the request is for."
        )
    if workflow.awaited(request) is not None:
        return _("Nothing is erased before what the clock waits for has arrived.")
    if not request.email:
        return _(
            "This request has no email address to find the data by: use \"Find a person's "
            'data" with what the requester gave.'
        )
    if any(event.action == "site_data_erased" for event in request.events):
        return _("This website's data about them has already been erased for this request.")
    return None


def erase_for_request(request: AccessRequest, *, by: audit.Actor) -> EraseReport:
    """Act on an open erasure request for this website's own records: erase what it holds about
    the requester's verified address (and phone number), as "find a person's data" does. The
    request keeps its own record for the stated period, and an email still owed to the requester
    is never deleted. While the person has another open request nothing is erased, and the
    report says so; the request's log records the erasure only when something was erased."""
    refusal = why_not_erase(request)
    if refusal:
        raise workflow.WorkflowError(refusal)
    holdings = find(request.email, request.phone, requests_by_phone=False)
    holdings.acting_on = request
    report = erase(holdings, by=by)
    if not report.kept_because(KeptBecause.OPEN_REQUEST):
        workflow.log_event(request, "site_data_erased", by=by)
        audit.record("request.site_data_erased", request, actor=by)
    return report
