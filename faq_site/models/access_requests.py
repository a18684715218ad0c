"""Subject-access requests: a person exercising a GDPR right, worked to its legal deadline."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .moderators import Moderator
from .types import UTCDateTime, enum_column, utcnow


class Right(enum.StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
    OBJECTION = "objection"
    UNSURE = "unsure"
    # A complaint about how we handle the person's data (Data Protection Act 2018 s. 164A): made,
    # confirmed and followed like a request, on its own clock (see faq_site.complaints).
    COMPLAINT = "complaint"


class Channel(enum.StrEnum):
    """How a request reached us: the web form, or another channel a moderator records it from."""

    WEB = "web"
    POST = "post"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"


class Jurisdiction(enum.StrEnum):
    """Whose data protection law governs a request: the clock differs, since only the UK GDPR
    (Art. 12A(5)) stops it while the controller waits for a clarification."""

    UK = "uk"
    EU = "eu"
    BOTH = "both"


class RefusalGround(enum.StrEnum):
    """Why a request was refused, in the law's terms; kept when the personal fields are erased,
    as the record of the decision."""

    MANIFESTLY_UNFOUNDED = "unfounded"  # manifestly unfounded or excessive, Art. 12(5)
    NOT_IDENTIFIED = "not_identified"  # the person cannot be identified, Art. 11(2), 12(2)
    DPA_EXEMPTION = "dpa_exemption"  # an exemption in the Data Protection Act 2018, Sch. 2-4
    ERASURE_EXCEPTION = "erasure_exception"  # a ground in Art. 17(3), for erasure only


class Capacity(enum.StrEnum):
    """In what capacity someone makes a request for another person."""

    SOLICITOR = "solicitor"  # a solicitor or other legal representative
    PARENT = "parent"  # a parent or guardian, for a child
    ATTORNEY = "attorney"  # a power of attorney or a court-appointed deputy
    OTHER = "other"  # another representative the person has authorised


class ConditionKind(enum.StrEnum):
    """What the clock waits for before it can start (again): it starts on the day the last of
    them arrives. Identity where there is reasonable doubt (Art. 12(6)); the authority of someone
    acting for the person; a fee where one may be charged (Art. 12(5)(a), 15(3))."""

    IDENTITY = "identity"
    AUTHORITY = "authority"
    FEE = "fee"


class RequestStatus(enum.StrEnum):
    AWAITING_CONFIRMATION = "awaiting"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        return self in {RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN}


class AccessRequest(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Given at confirmation: SAR-2026-000123.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    # The requester's private status link: random, never an id.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Makes the emailed confirmation link single-use: cleared once it has been used.
    confirmation_nonce: Mapped[str | None] = mapped_column(String(64))
    # The SHA-256 of the one-time token the request form was handed out with: the same form
    # sent again finds this request instead of making a second one.
    submission: Mapped[str | None] = mapped_column(String(64), unique=True)
    right: Mapped[Right] = mapped_column(enum_column(Right))
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.AWAITING_CONFIRMATION, index=True
    )
    # Personal fields, erased once the request is closed and its retention period has passed.
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    details: Mapped[str | None] = mapped_column(Text)
    # A complaint's own words: the reference of the request or question it is about, if any, and
    # the outcome the complainant wants (what happened is in details).
    concerns: Mapped[str | None] = mapped_column(String(200))
    desired_outcome: Mapped[str | None] = mapped_column(Text)
    # For a request recorded from another channel without an email address: where to answer.
    postal_address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    # A request made for someone else: whose data it is (erased with the other personal fields),
    # and in what capacity the requester acts (kept, as part of the record).
    acting_for: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[Capacity | None] = mapped_column(enum_column(Capacity))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.WEB, server_default=Channel.WEB.value
    )
    jurisdiction: Mapped[Jurisdiction] = mapped_column(
        enum_column(Jurisdiction), default=Jurisdiction.UK, server_default=Jurisdiction.UK.value
    )
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The clock: received is day one, the day of confirmation for a web request, the day it
    # arrived for one recorded from another channel.
    received: Mapped[dt.date | None] = mapped_column(db.Date)
    due: Mapped[dt.date | None] = mapped_column(db.Date, index=True)
    extended: Mapped[bool] = mapped_column(default=False)
    closed: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # What was provided or withheld (completion), or why it was refused.
    outcome: Mapped[str | None] = mapped_column(Text)
    # The legal ground of a refusal: not personal, so it outlives the outcome's words.
    refusal_ground: Mapped[RefusalGround | None] = mapped_column(enum_column(RefusalGround))
    # The secure answer: a file the requester downloads from the status page until it expires.
    answer_name: Mapped[str | None] = mapped_column(String(200))
    answer_type: Mapped[str | None] = mapped_column(String(100))
    # Up to 20 MB: loaded only when the file itself is wanted.
    answer_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    answer_expires: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    pauses: Mapped[list[RequestPause]] = relationship(
        back_populates="request", order_by="RequestPause.started", cascade="all, delete-orphan"
    )
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )
    conditions: Mapped[list[RequestCondition]] = relationship(
        back_populates="request", order_by="RequestCondition.id", cascade="all, delete-orphan"
    )

    @property
    def is_complaint(self) -> bool:
        return self.right is Right.COMPLAINT


class RequestCondition(db.Model):
    """Something the clock waits for: asked on one day, met (received) on another. Until it is
    met the request has no due date; on the day it is, the clock starts again from day one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("access_request.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ConditionKind] = mapped_column(enum_column(ConditionKind))
    asked: Mapped[dt.date] = mapped_column(db.Date)
    met: Mapped[dt.date | None] = mapped_column(db.Date)
    # How what was asked for reached us, once it has.
    channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    # The fee asked, as written ("£10"); for the other kinds nothing.
    amount: Mapped[str | None] = mapped_column(String(40))

    request: Mapped[AccessRequest] = relationship(back_populates="conditions")


class RequestPause(db.Model):
    """Days the clock stops: from asking the requester for clarification to their answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("access_request.id", ondelete="CASCADE"), index=True
    )
    started: Mapped[dt.date] = mapped_column(db.Date)
    ended: Mapped[dt.date | None] = mapped_column(db.Date)

    request: Mapped[AccessRequest] = relationship(back_populates="pauses")


class RequestEvent(db.Model):
    """One line of a request's log: what happened, when, by whom, and the words the requester
    was sent or wrote."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("access_request.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderator.id"))
    action: Mapped[str] = mapped_column(String(40))
    # A message to or from the requester, or an internal note; erased with the personal fields.
    message: Mapped[str | None] = mapped_column(Text)
    # Shown on the requester's status page (internal notes are not).
    public: Mapped[bool] = mapped_column(default=True)

    request: Mapped[AccessRequest] = relationship(back_populates="events")
    moderator: Mapped[Moderator | None] = relationship()
