"""The words a person reads for a request's type, status and log lines; a complaint's, where
they differ, given the request's right."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import (
    Capacity,
    Channel,
    ConditionKind,
    Jurisdiction,
    RefusalGround,
    RequestStatus,
    Right,
)


def right_label(right: Right | str, for_someone_else: object = None) -> str:
    """What was asked for, in the requester's words; a request made for someone else (its
    `acting_for`, given as the second argument) asks for their data, not the requester's."""
    theirs = {
        Right.ACCESS: _("Access to their data"),
        Right.RECTIFICATION: _("Correction of their data"),
        Right.ERASURE: _("Erasure of their data"),
    }
    return _words(right, for_someone_else, theirs, {
        Right.ACCESS: _("Access to my data"),
        Right.RECTIFICATION: _("Correction of my data"),
        Right.ERASURE: _("Erasure of my data"),
        Right.RESTRICTION: _("Restriction of use"),
        Right.PORTABILITY: _("Data portability"),
        Right.OBJECTION: _("Objection"),
        Right.UNSURE: _("Not sure yet"),
        Right.COMPLAINT: _("Complaint"),
    })  # fmt: skip


def _words(right: Right | str, for_someone_else: object, theirs: dict, own: dict) -> str:
    """The words for a right: for someone else's data where there are such words, else own."""
    right = Right(right)
    return theirs[right] if for_someone_else and right in theirs else own[right]


def right_asked(right: Right | str, for_someone_else: object = None) -> str:
    """What was asked for, in our words to the requester, to follow "your request for": a
    letter speaks of their data, not of "my data"."""
    theirs = {
        Right.ACCESS: _("access to their data"),
        Right.RECTIFICATION: _("the correction of their data"),
        Right.ERASURE: _("the erasure of their data"),
    }
    return _words(right, for_someone_else, theirs, {
        Right.ACCESS: _("access to your data"),
        Right.RECTIFICATION: _("the correction of your data"),
        Right.ERASURE: _("the erasure of your data"),
        Right.RESTRICTION: _("a restriction of the use of your data"),
        Right.PORTABILITY: _("your data in a form you can take elsewhere"),
        Right.OBJECTION: _("us to stop using your data for a purpose you object to"),
        Right.UNSURE: _("help with your data"),
        Right.COMPLAINT: _("a complaint"),
    })  # fmt: skip


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


def authority_label(jurisdiction: Jurisdiction | str) -> str:
    """The supervisory authority a requester may complain to, under the law of their request."""
    return {
        Jurisdiction.UK: _("the Information Commissioner\u2019s Office (ico.org.uk)"),
        Jurisdiction.EU: _(
            "the data protection supervisory authority of the EU country where you live or work, "
            "or where you think the infringement took place"
        ),
        Jurisdiction.BOTH: _(
            "the Information Commissioner\u2019s Office (ico.org.uk), or the data protection "
            "supervisory authority of the EU country where you live or work"
        ),
    }[Jurisdiction(jurisdiction)]


# The ICO's own page for making a complaint to it.
ICO_COMPLAINT_URL = "https://ico.org.uk/make-a-complaint/"


def authority_url(jurisdiction: Jurisdiction | str) -> str | None:
    """Where to complain to the supervisory authority that authority_label names: the ICO's
    page where its law applies; under the EU GDPR alone, no one page (each member state has its
    own authority), so none."""
    return None if Jurisdiction(jurisdiction) is Jurisdiction.EU else ICO_COMPLAINT_URL


def capacity_label(capacity: Capacity | str) -> str:
    """In what capacity someone asks for another person."""
    return {
        Capacity.SOLICITOR: _("Their solicitor or legal representative"),
        Capacity.PARENT: _("Their parent or guardian"),
        Capacity.ATTORNEY: _("Their attorney or deputy (a power of attorney or a court order)"),
        Capacity.OTHER: _("Another representative they have authorised"),
    }[Capacity(capacity)]


def condition_label(kind: ConditionKind | str) -> str:
    """What the clock waits for, as the object of "we are waiting for ..."."""
    return {
        ConditionKind.IDENTITY: _("information to confirm who you are"),
        ConditionKind.AUTHORITY: _("your authority to act for the person"),
        ConditionKind.FEE: _("the fee"),
    }[ConditionKind(kind)]


def condition_name(kind: ConditionKind | str) -> str:
    """What the clock waits for, as the panel names it."""
    return {
        ConditionKind.IDENTITY: _("Identity information"),
        ConditionKind.AUTHORITY: _("Authority to act"),
        ConditionKind.FEE: _("Fee"),
    }[ConditionKind(kind)]


def refusal_ground_label(
    ground: RefusalGround | str, jurisdiction: Jurisdiction | str = Jurisdiction.UK
) -> str:
    """A refusal's legal ground, in words a requester can read, under the law of the request:
    the exemptions are the Data Protection Act 2018's in the UK, and the restrictions of EU or
    member-state law (Art. 23) under the EU GDPR."""
    law = Jurisdiction(jurisdiction)
    exemption = {
        Jurisdiction.UK: _(
            "An exemption in the Data Protection Act 2018 (Schedules 2 to 4) applies"
        ),
        Jurisdiction.EU: _("A restriction in EU or member-state law applies (Article 23)"),
        Jurisdiction.BOTH: _(
            "An exemption in the Data Protection Act 2018 (Schedules 2 to 4), or a restriction "
            "in EU or member-state law (Article 23), applies"
        ),
    }[law]
    return {
        RefusalGround.MANIFESTLY_UNFOUNDED: _(
            "The request is manifestly unfounded or excessive (Article 12(5))"
        ),
        RefusalGround.NOT_IDENTIFIED: _(
            "We cannot identify you as the person the data is about (Articles 11(2) and 12(2))"
        ),
        RefusalGround.DPA_EXEMPTION: exemption,
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
            "recorded": _("Complaint received and recorded"),
            "acknowledged": _("We acknowledged your complaint"),
            "progress": _("How your complaint is going"),
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
        "authority_asked": _("We asked for your authority to act for the person"),
        "authority_received": _("We received your authority to act; the clock starts again"),
        "fee_asked": _("We asked for a fee"),
        "fee_received": _("We received the fee; the clock starts again"),
        "extended": _("We extended the deadline by two months, because"),
        "completed": _("Completed"),
        "answer_reissued": _("We made your answer available to download again"),
        "recipients_told": _("We told those we had disclosed your data to; they are"),
        "site_data_erased": _(
            "We erased what this website held about you (questions you sent and emails to you)"
        ),
        "refused": _("Refused, because"),
        "withdrawn": _("Withdrawn at your request"),
    }.get(action, action)
