"""Forms a moderator fills in to work a subject-access request, one for each step."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename
from wtforms import (
    DateField,
    EmailField,
    RadioField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from .. import mentions
from ..access_requests.labels import jurisdiction_label, refusal_ground_label, right_label
from ..clock import today
from ..models import Channel, Jurisdiction, RefusalGround, Right
from ..moderation import clean_text

MESSAGE_MAX = 5000
REASON_MAX = 5000
# How far back a receipt date may go: further is far more likely a mistyped year than a letter
# that lay unopened for so long.
RECEIVED_MAX_DAYS_AGO = 366


def _cleaned(value: str | None) -> str | None:
    """What was typed, without control characters or surrounding spaces."""
    return clean_text(value).strip() if isinstance(value, str) else value


def jurisdiction_choices() -> list[tuple[str, str]]:
    return [(value.value, jurisdiction_label(value)) for value in Jurisdiction]


class JurisdictionForm(FlaskForm):
    jurisdiction = RadioField(
        _l("The law that governs the request"),
        choices=jurisdiction_choices,
        validators=[DataRequired(_l("Choose the law that governs the request."))],
    )
    submit = SubmitField(_l("Save the law that applies"))


def _other_channels() -> list[tuple[str, str]]:
    """The ways other than the web form that a request or an answer reaches us."""
    return [
        (Channel.POST.value, _("By post")),
        (Channel.EMAIL.value, _("By email")),
        (Channel.PHONE.value, _("By phone")),
        (Channel.IN_PERSON.value, _("In person")),
    ]


def _a_past_date(field: DateField, empty, future) -> None:
    """A date of receipt: given, readable, and not in the future. An empty date asks for one;
    an unreadable one (typed where the browser shows a plain text box, as browsers without a
    date picker do) says how to write it, since the picker shows its own format."""
    if field.data is None:
        field.errors.clear()
        if not "".join(field.raw_data or []).strip():
            raise ValidationError(empty)
        raise ValidationError(_l("Write the date as YYYY-MM-DD, for example 2026-11-20."))
    if field.data > today():
        raise ValidationError(future)


class AnswerForm(FlaskForm):
    """The requester's answer to a question, received by another channel."""

    # Required: validate_answered says so in words, empty or unreadable alike.
    answered = DateField(_l("Date the answer was received"))
    answer_channel = RadioField(
        _l("How it reached us"),
        choices=_other_channels,
        validators=[DataRequired(_l("Choose how the answer reached us."))],
    )
    answer = TextAreaField(
        _l("The requester\u2019s answer"),
        filters=[_cleaned],
        validators=[
            DataRequired(_l("Copy or sum up the answer.")),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Record the answer"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.answered.render_kw = {"max": today().isoformat(), "required": True}

    def validate_answered(self, field: DateField) -> None:
        _a_past_date(
            field,
            _l("Give the date the answer arrived."),
            _l("The date of the answer cannot be in the future."),
        )


class IdentityAskForm(FlaskForm):
    """Ask for the information needed to confirm who made the request (Art. 12(6))."""

    identity_message = TextAreaField(
        _l("What the requester should send, and why"),
        filters=[_cleaned],
        validators=[
            DataRequired(_l("Say what information you need to confirm who they are.")),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Ask for identity information"))


class IdentityForm(FlaskForm):
    """The identity information arrived: the day it did, and how."""

    # Required: validate_identity_received says so in words, empty or unreadable alike.
    identity_received = DateField(_l("Date the information was received"))
    identity_channel = RadioField(
        _l("How it reached us"),
        choices=_other_channels,
        validators=[DataRequired(_l("Choose how the information reached us."))],
    )
    submit = SubmitField(_l("Record the identity information"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.identity_received.render_kw = {"max": today().isoformat(), "required": True}

    def validate_identity_received(self, field: DateField) -> None:
        _a_past_date(
            field,
            _l("Give the date the information arrived."),
            _l("The date the information arrived cannot be in the future."),
        )


class StartForm(FlaskForm):
    """A button that only needs its CSRF token."""

    submit = SubmitField(_l("Start work on this request"))


class ClarifyForm(FlaskForm):
    message = TextAreaField(
        _l("Your question to the requester"),
        validators=[
            DataRequired(_l("Write the question the requester will be asked.")),
            Length(max=MESSAGE_MAX),
        ],
    )
    submit = SubmitField(_l("Ask the requester"))


class ExtendForm(FlaskForm):
    # Its own id, because the refusal form on the same page has a field of the same name.
    reason = TextAreaField(
        _l("Why the request needs more time"),
        id="extend-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Extend the deadline"))


class CompleteForm(FlaskForm):
    note = TextAreaField(
        _l("What was provided, and what was withheld and why"),
        validators=[
            DataRequired(_l("Say what was provided or withheld: it is the record of the answer.")),
            Length(max=MESSAGE_MAX),
        ],
    )
    answer = FileField(_l("The answer as a file (optional)"))
    submit = SubmitField(_l("Complete the request"))

    def answer_file(self) -> tuple[str, str, bytes] | None:
        """The uploaded file as the workflow stores it: a safe name, its type, its content."""
        upload: FileStorage | None = self.answer.data
        if upload is None:
            return None
        name = secure_filename(upload.filename or "")[-200:] or "answer"
        content_type = (upload.mimetype or "application/octet-stream")[:100]
        return name, content_type, upload.read()

    def validate_answer(self, field: FileField) -> None:
        upload: FileStorage | None = field.data
        if upload is None:
            return
        limit = current_app.config["REQUEST_ANSWER_MAX_BYTES"]
        # Measured by reading, not from the browser's Content-Length, which a client can omit.
        size = len(upload.stream.read(limit + 1))
        upload.stream.seek(0)
        if size == 0:
            raise ValidationError(_("The file is empty: choose the file with the answer."))
        if size > limit:
            raise ValidationError(
                _("The file is too large: it may be at most %(size)s.", size=readable_size(limit))
            )


class RefuseForm(FlaskForm):
    ground = RadioField(
        _l("The ground for the refusal"),
        # Set for the request in __init__.
        choices=lambda: [],
        validators=[DataRequired(_l("Choose the ground the refusal rests on."))],
    )
    # Its own id, because the extension form on the same page has a field of the same name.
    reason = TextAreaField(
        _l("Why the request is refused"),
        id="refuse-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Refuse the request"))

    def __init__(self, *args, right: Right | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Article 17(3) limits the right to erasure alone: for another right it is no choice.
        self.ground.choices = [
            (ground.value, refusal_ground_label(ground))
            for ground in RefusalGround
            if ground is not RefusalGround.ERASURE_EXCEPTION or right is Right.ERASURE
        ]


def readable_size(size: int) -> str:
    """A byte count as a person reads it: '812 bytes', '14.2 KB', '20 MB'."""
    if size < 1024:
        return _("%(count)s bytes", count=format_decimal(size))
    if size < 1024 * 1024:
        return _("%(count)s KB", count=format_decimal(round(size / 1024, 1)))
    return _("%(count)s MB", count=format_decimal(round(size / (1024 * 1024), 1)))


class RecordForm(FlaskForm):
    """A request that came by post, email, phone or in person, typed in by a moderator."""

    # Required: validate_received says so in words, empty or unreadable alike.
    received = DateField(_l("Date the request was received"))
    channel = RadioField(
        _l("How it reached us"),
        choices=_other_channels,
        validators=[DataRequired(_l("Choose how the request reached us."))],
    )
    jurisdiction = RadioField(
        _l("The law that governs it"),
        choices=jurisdiction_choices,
        default=Jurisdiction.UK.value,
        validators=[DataRequired(_l("Choose the law that governs the request."))],
    )
    right = RadioField(
        _l("What the person asks for"),
        # A complaint is made on its own form.
        choices=lambda: [
            (right.value, right_label(right)) for right in Right if right is not Right.COMPLAINT
        ],
        validators=[DataRequired(_l("Choose what the person asks for."))],
    )
    name = StringField(
        _l("The requester\u2019s full name"),
        filters=[_cleaned],
        validators=[
            DataRequired(_l("Enter the requester\u2019s name.")),
            Length(max=200, message=_l("The name is too long: 200 characters at most.")),
        ],
    )
    email = EmailField(
        _l("Their email address (optional)"),
        filters=[_cleaned],
        validators=[
            Optional(),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=_l("Enter an email address like name@example.com.")),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    postal_address = TextAreaField(
        _l("Their postal address"),
        filters=[_cleaned],
        # Not Optional(): an empty address must still reach validate_postal_address.
        validators=[
            Length(max=1000, message=_l("The address is too long: 1,000 characters at most.")),
        ],
        render_kw={"rows": 4, "autocomplete": "off"},
    )
    phone = TelField(
        _l("Their phone number"),
        filters=[_cleaned],
        validators=[Optional(), Length(max=40, message=_l("That phone number is too long."))],
        render_kw={"autocomplete": "off"},
    )
    details = TextAreaField(
        _l("The request, as they made it"),
        filters=[_cleaned],
        validators=[
            DataRequired(_l("Copy or sum up what the person asked for.")),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Record the request"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The browser's date picker stops at today too; the server checks again.
        self.received.render_kw = {"max": today().isoformat(), "required": True}

    def validate_received(self, field: DateField) -> None:
        _a_past_date(
            field,
            _l("Give the date the request arrived."),
            _l("The date of receipt cannot be in the future: give the day it arrived."),
        )
        if field.data < today() - dt.timedelta(days=RECEIVED_MAX_DAYS_AGO):
            raise ValidationError(
                _l("That date is more than a year ago: check the year it arrived.")
            )

    def validate_email(self, field: EmailField) -> None:
        if field.data and any(c in field.data for c in "\r\n\x00"):
            raise ValidationError(_l("Enter an email address like name@example.com."))

    def validate_phone(self, field: TelField) -> None:
        if field.data and mentions.phone_number(field.data) is None:
            raise ValidationError(_l("Enter a phone number, such as 07700 900123."))

    def validate_postal_address(self, field: TextAreaField) -> None:
        if not (self.email.data or field.data or self.phone.data):
            raise ValidationError(
                _l("With no email address, give a postal address or a phone number to answer by.")
            )
