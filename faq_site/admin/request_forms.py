"""Forms a moderator fills in to work a subject-access request, one for each step."""

from __future__ import annotations

import datetime as dt
import re

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename
from wtforms import (
    BooleanField,
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
from ..access_requests.forms import BehalfFields
from ..access_requests.labels import (
    jurisdiction_label,
    refusal_ground_label,
    right_label,
)
from ..clock import today
from ..complaints.forms import ComplaintForm
from ..forms import cleaned
from ..models import Channel, ConditionKind, Jurisdiction, RefusalGround, Right

MESSAGE_MAX = 5000
REASON_MAX = 5000
# How far back a receipt date may go: further is far more likely a mistyped year than a letter
# that lay unopened for so long.
RECEIVED_MAX_DAYS_AGO = 366


def moderator_message(label: str, missing: str, **kwargs) -> TextAreaField:
    """A moderator's words the requester or complainant reads: required, cleaned, not too long.
    `missing` says what to write when it is left empty."""
    return TextAreaField(
        label,
        filters=[cleaned],
        validators=[
            DataRequired(missing),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
        **kwargs,
    )


def full_name(label: str, missing: str) -> StringField:
    """The name of the person a record is for."""
    return StringField(
        label,
        filters=[cleaned],
        validators=[
            DataRequired(missing),
            Length(max=200, message=_l("The name is too long: 200 characters at most.")),
        ],
    )


def jurisdiction_choices() -> list[tuple[str, str]]:
    return [(value.value, jurisdiction_label(value)) for value in Jurisdiction]


class JurisdictionForm(FlaskForm):
    jurisdiction = RadioField(
        _l("The law that governs it"),
        choices=jurisdiction_choices,
        validators=[DataRequired(_l("Choose the law that governs it."))],
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
        filters=[cleaned],
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


def condition_choices() -> list[tuple[str, str]]:
    """What a moderator may ask for before the clock runs; a fee only where the site charges."""
    choices = [
        (ConditionKind.IDENTITY.value, _("Information to confirm who the requester is")),
        (ConditionKind.AUTHORITY.value, _("The authority of someone acting for the person")),
    ]
    if current_app.config["REQUEST_FEES"]:
        choices.append((ConditionKind.FEE.value, _("A fee")))
    return choices


class WaitForm(FlaskForm):
    """Ask for what the clock must wait for: identity (Art. 12(6)), authority, or a fee."""

    kind = RadioField(
        _l("What to ask for"),
        choices=condition_choices,
        validators=[DataRequired(_l("Choose what to ask for."))],
    )
    amount = StringField(
        _l("The fee (only when asking for one)"),
        filters=[cleaned],
        # No Optional(): it would stop validate_amount, which asks for an amount with a fee.
        validators=[Length(max=40, message=_l("Write the amount, such as \u00a310."))],
    )
    wait_message = TextAreaField(
        _l("What the requester should send, and why"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Say what the requester should send, and why.")),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    submit = SubmitField(_l("Ask, and wait for it"))

    def validate_amount(self, field: StringField) -> None:
        if self.kind.data == ConditionKind.FEE.value and not field.data:
            raise ValidationError(_l("Say how much the fee is."))
        if field.data and re.search(r"[\r\n\t<>]", field.data):
            raise ValidationError(_l("Write the amount on one line, such as \u00a310."))


class MetForm(FlaskForm):
    """What the clock waited for arrived: the day it did, and how."""

    # Required: validate_met says so in words, empty or unreadable alike.
    met = DateField(_l("Date it was received"))
    met_channel = RadioField(
        _l("How it reached us"),
        choices=_other_channels,
        validators=[DataRequired(_l("Choose how it reached us."))],
    )
    submit = SubmitField(_l("Record it: the clock starts again"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.met.render_kw = {"max": today().isoformat(), "required": True}

    def validate_met(self, field: DateField) -> None:
        _a_past_date(
            field,
            _l("Give the date it arrived."),
            _l("The date it arrived cannot be in the future."),
        )


class RecipientsForm(FlaskForm):
    """Everyone the data was disclosed to has been told of the correction, erasure or
    restriction (Art. 19)."""

    recipients = moderator_message(
        _l("Who was told, and when"),
        _l("Name who was told, or write that the data went to no one."),
    )
    submit = SubmitField(_l("Record who was told"))


class MarketingForm(FlaskForm):
    """The moderator's word that marketing is stopped, before the request is completed on it."""

    confirm = BooleanField(
        _l(
            "Direct marketing to them is stopped in every system, and their address is kept only "
            "on the suppression list"
        ),
        validators=[DataRequired(_l("Tick the box once direct marketing to them is stopped."))],
    )
    submit = SubmitField(_l("Complete the request: marketing is stopped"))


class EraseHereForm(FlaskForm):
    """An admin's confirmed decision to erase this website's data for an erasure request."""

    confirm = BooleanField(
        _l("I have looked at what this website holds on them, and it is to be erased"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
    submit = SubmitField(_l("Erase this website's data about them"))


class StartForm(FlaskForm):
    """A button that only needs its CSRF token."""

    submit = SubmitField(_l("Start work on this request"))


class ClarifyForm(FlaskForm):
    message = TextAreaField(
        _l("Your question to the requester"),
        filters=[cleaned],
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
        filters=[cleaned],
        id="extend-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Extend the deadline"))


class _AnswerFileForm(FlaskForm):
    """A form that carries the answer as a file, up to the configured size."""

    answer = FileField(_l("The answer as a file (optional)"))
    # Whether a file must be chosen.
    file_required = False

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
            if self.file_required:
                raise ValidationError(_("Choose the file with the answer."))
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


# What an answer to an access request must tell beside the copy (Art. 15(1) and (2)): a start
# for the moderator's note, which the requester reads.
ACCESS_ANSWER = _l(
    "What we provide: a copy of the personal data we hold about you (the file with this answer)."
    "\n\nWhy we use it: ...\nThe kinds of data: ...\nWho receives it, and in which countries: "
    "...\nHow long we keep it: ...\nWhere it came from, if not from you: ...\nAutomated "
    "decisions or profiling (write \u201cnone\u201d if there are none): ...\nTransfers outside "
    "the UK or the EEA, and how they are "
    "protected: ...\n\nYou may ask us to correct, erase or restrict your data, or object to "
    "our use of it; you may complain to us, to the supervisory authority, and to a court."
)


def withheld_choices(right: Right | None, jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """Nothing, or the ground on which part of an answer was withheld."""
    return [("", _("Nothing was withheld"))] + [
        (ground.value, refusal_ground_label(ground, jurisdiction))
        for ground in RefusalGround
        if ground is not RefusalGround.ERASURE_EXCEPTION or right is Right.ERASURE
    ]


class CompleteForm(_AnswerFileForm):
    note = TextAreaField(
        _l("What was provided, and what was withheld and why"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Say what was provided or withheld: it is the record of the answer.")),
            Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
        render_kw={"rows": 12},
    )
    withheld = RadioField(
        _l("Was anything withheld?"),
        default="",
        # Set for the request in __init__; an empty choice is a valid one.
        choices=lambda: [],
        validate_choice=False,
    )
    submit = SubmitField(_l("Complete the request"))

    def __init__(
        self,
        *args,
        right: Right | None = None,
        jurisdiction: Jurisdiction = Jurisdiction.UK,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.withheld.choices = withheld_choices(right, jurisdiction)

    def validate_note(self, field: TextAreaField) -> None:
        # The start of an access answer marks what is still to be written with "...".
        if field.data and re.search(r"(?m):[ \t]*\.\.\.\s*$", field.data):
            raise ValidationError(
                _l("Fill in each line that still reads \u201c...\u201d, or delete the line.")
            )

    def validate_withheld(self, field: RadioField) -> None:
        if (field.data or "") not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Not a valid choice."))

    def withheld_ground(self) -> RefusalGround | None:
        return RefusalGround(self.withheld.data) if self.withheld.data else None


class ReissueForm(_AnswerFileForm):
    """The answer file again, for a requester who missed the download."""

    answer = FileField(_l("The answer as a file"), id="reissue-answer")
    file_required = True
    submit = SubmitField(_l("Make the answer available again"))


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
        filters=[cleaned],
        id="refuse-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Refuse the request"))

    def __init__(
        self,
        *args,
        right: Right | None = None,
        jurisdiction: Jurisdiction = Jurisdiction.UK,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Article 17(3) limits the right to erasure alone: for another right it is no choice.
        self.ground.choices = withheld_choices(right, jurisdiction)[1:]


def readable_size(size: int) -> str:
    """A byte count as a person reads it: '812 bytes', '14.2 KB', '20 MB'."""
    if size < 1024:
        return _("%(count)s bytes", count=format_decimal(size))
    if size < 1024 * 1024:
        return _("%(count)s KB", count=format_decimal(round(size / 1024, 1)))
    return _("%(count)s MB", count=format_decimal(round(size / (1024 * 1024), 1)))


class RecordForm(BehalfFields):
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
        # No default: the moderator decides, from where the person lives and what we do there.
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
    name = full_name(_l("The requester\u2019s full name"), _l("Enter the requester\u2019s name."))
    email = EmailField(
        _l("Their email address (optional)"),
        filters=[cleaned],
        validators=[
            Optional(),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=_l("Enter an email address like name@example.com.")),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    postal_address = TextAreaField(
        _l("Their postal address"),
        filters=[cleaned],
        # Not Optional(): an empty address must still reach validate_postal_address.
        validators=[
            Length(max=1000, message=_l("The address is too long: 1,000 characters at most.")),
        ],
        render_kw={"rows": 4, "autocomplete": "off"},
    )
    phone = TelField(
        _l("Their phone number"),
        filters=[cleaned],
        validators=[Optional(), Length(max=40, message=_l("That phone number is too long."))],
        render_kw={"autocomplete": "off"},
    )
    # Optional: with it the clock starts on that day; without, it waits for the authority.
    authority_received = DateField(
        _l("Date their authority to act arrived (if it has)"), validators=[Optional()]
    )
    details = TextAreaField(
        _l("The request, as they made it"),
        filters=[cleaned],
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
            _l("Give the date it arrived."),
            _l("The date of receipt cannot be in the future: give the day it arrived."),
        )
        if field.data < today() - dt.timedelta(days=RECEIVED_MAX_DAYS_AGO):
            raise ValidationError(
                _l("That date is more than a year ago: check the year it arrived.")
            )

    def validate_email(self, field: EmailField) -> None:
        # The Email validator has said so already for an address with a line break: once is
        # enough beside the field.
        if field.data and any(c in field.data for c in "\r\n\x00") and not field.errors:
            raise ValidationError(_l("Enter an email address like name@example.com."))

    def validate_phone(self, field: TelField) -> None:
        if field.data and mentions.phone_number(field.data) is None:
            raise ValidationError(_l("Enter a phone number, such as 07700 900123."))

    def validate_authority_received(self, field: DateField) -> None:
        if field.data is None:
            if "".join(field.raw_data or []).strip():
                field.errors.clear()  # the library's own "Not a valid date value." says less
                raise ValidationError(_l("Write the date as YYYY-MM-DD, for example 2026-11-20."))
            return
        if not self.acting_for.data:
            raise ValidationError(
                _l("An authority to act belongs to a request made for someone else.")
            )
        if field.data > today():
            raise ValidationError(_l("The date it arrived cannot be in the future."))
        if self.received.data and field.data < self.received.data:
            raise ValidationError(_l("The authority cannot arrive before the request did."))

    def validate_postal_address(self, field: TextAreaField) -> None:
        if not (self.email.data or field.data or self.phone.data):
            raise ValidationError(
                _l("With no email address, give a postal address or a phone number to answer by.")
            )

    def recorded_right(self) -> Right:
        return Right(self.right.data)

    def particulars(self) -> dict:
        """What this kind of record adds to workflow.record: for a request, whom it is made
        for and when the authority to act for them arrived."""
        return {"behalf": self.behalf(), "authority_received": self.authority_received.data}


class RecordComplaintForm(RecordForm):
    """A complaint that came by post, email, phone or in person: the request's record form,
    without the right asked for or anyone acted for, and with what a complaint says."""

    right = None
    acting_for = None
    capacity = None
    authority_received = None
    received = DateField(_l("Date the complaint was received"))
    name = full_name(
        _l("The complainant\u2019s full name"), _l("Enter the complainant\u2019s name.")
    )
    # As the complaint form asks it.
    concerns = ComplaintForm.concerns
    details = moderator_message(
        _l("What happened, as they told it"),
        _l("Copy or sum up what the complainant says happened."),
    )
    desired_outcome = TextAreaField(
        _l("What they would like us to do (if they said)"),
        filters=[cleaned],
        validators=[Length(max=MESSAGE_MAX, message=_l("Please keep it under 5,000 characters."))],
    )
    jurisdiction = RadioField(
        _l("The law that governs it"),
        choices=jurisdiction_choices,
        validators=[DataRequired(_l("Choose the law that governs the complaint."))],
    )
    submit = SubmitField(_l("Record the complaint"))

    # The order the page shows the fields in, which the summary of mistakes follows: fields
    # redefined above would otherwise come after the ones they inherit.
    PAGE_ORDER = ("received", "channel", "jurisdiction", "name", "email", "postal_address",
                  "phone", "concerns", "details", "desired_outcome")  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rest = [name for name in self._fields if name not in self.PAGE_ORDER]
        self._fields = {name: self._fields[name] for name in (*self.PAGE_ORDER, *rest)}

    def recorded_right(self) -> Right:
        return Right.COMPLAINT

    def particulars(self) -> dict:
        return {"concerns": self.concerns.data, "desired_outcome": self.desired_outcome.data}
