"""The forms a requester fills in: the request itself, and an answer to a moderator's question."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..forms import GuardedForm, cleaned, stamp
from ..models import Capacity, Right
from .labels import capacity_label
from .workflow import Behalf

# What secrets.token_urlsafe(24) gives.
_SUBMISSION = re.compile(r"[A-Za-z0-9_-]{32}")


def new_submission() -> str:
    """A one-time token for one request form as it is handed out: sent with it, it makes the
    same form sent twice one request."""
    return secrets.token_urlsafe(24)


def right_choices() -> list[tuple[str, str]]:
    return [
        (Right.ACCESS.value, _l("Access: a copy of the personal data you hold about me")),
        (Right.RECTIFICATION.value, _l("Rectification: correct data about me that is wrong")),
        (Right.ERASURE.value, _l("Erasure: delete the data you hold about me")),
        (Right.RESTRICTION.value, _l("Restriction: stop using my data for now, but keep it")),
        (Right.PORTABILITY.value, _l("Portability: my data in a form I can take elsewhere")),
        (Right.OBJECTION.value, _l("Objection: stop using my data for a purpose I object to")),
        (Right.UNSURE.value, _l("I am not sure: help me choose")),
    ]


def name_field() -> StringField:
    """The person's name, as a request or a complaint asks for it."""
    return StringField(
        _l("Your full name"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Enter your name, so that we can find your data.")),
            Length(max=200, message=_l("Your name is too long: 200 characters at most.")),
        ],
    )


def email_field() -> EmailField:
    """The address the confirmation link goes to, and every email after it."""
    return EmailField(
        _l("Your email address"),
        filters=[cleaned],
        render_kw={"autocomplete": "email"},
        validators=[
            DataRequired(_l("Enter your email address: we send a link to it to confirm.")),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=_l("Enter an email address like name@example.com.")),
        ],
    )


class ConfirmedByEmailForm(GuardedForm):
    """A public form whose sender confirms it from a link emailed to them: a request or a
    complaint. Subclasses declare their fields (`name_field()`, `email_field()` and their own)
    in the order the page shows them, which the error summary follows."""

    submission = HiddenField()

    def validate_email(self, field: EmailField) -> None:
        if field.data and any(c in field.data for c in "\r\n\x00"):
            raise ValidationError(_l("Enter an email address like name@example.com."))

    def validate_submission(self, field: HiddenField) -> None:
        if not _SUBMISSION.fullmatch(field.data or ""):
            raise ValidationError(
                _l("The form had expired. Please check what you wrote and send it again.")
            )

    def hand_out(self) -> None:
        """Ready the form to be shown: a fresh start time, and a one-time token unless it already
        holds a good one (sent back with mistakes, it keeps it, so that it stays one request)."""
        self.started.data = stamp()
        if not self.submission.data or self.submission.errors:
            self.submission.data = new_submission()


class BehalfFields(FlaskForm):
    """For a request made for someone else: whose data it is, and in what capacity. Both or
    neither."""

    acting_for = StringField(
        _l("Their full name"),
        filters=[cleaned],
        validators=[
            Optional(),
            Length(max=200, message=_l("The name is too long: 200 characters at most.")),
        ],
    )
    capacity = RadioField(
        _l("In what capacity you ask for them"),
        choices=lambda: [(c.value, capacity_label(c)) for c in Capacity],
        # Checked in validate_capacity, with words for each mistake; an Optional() here would
        # stop the check before it ran.
        validate_choice=False,
    )

    def validate_capacity(self, field: RadioField) -> None:
        if field.data and field.data not in {c.value for c in Capacity}:
            raise ValidationError(_l("Not a valid choice."))
        if self.acting_for.data and not field.data:
            raise ValidationError(_l("Choose in what capacity the request is made for them."))
        if field.data and not self.acting_for.data:
            raise ValidationError(
                _l("Give the name of the person the request is for, or choose no capacity.")
            )

    def behalf(self) -> Behalf | None:
        """The person the request is made for, if it is made for someone else."""
        if not self.acting_for.data:
            return None
        return Behalf(self.acting_for.data, Capacity(self.capacity.data))


class RequestForm(ConfirmedByEmailForm, BehalfFields):
    right = RadioField(
        _l("What do you want us to do?"),
        choices=right_choices,
        validators=[DataRequired(_l("Choose what you want us to do."))],
    )
    name = name_field()
    email = email_field()
    details = TextAreaField(
        _l("Describe your request"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Describe your request: what data, which account, which period.")),
            Length(max=5000, message=_l("Please keep it under 5,000 characters.")),
        ],
    )


class ReplyForm(FlaskForm):
    message = TextAreaField(
        _l("Your answer"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Write your answer.")),
            Length(max=5000, message=_l("Please keep it under 5,000 characters.")),
        ],
    )


class FollowForm(FlaskForm):
    """The reference and access code from a letter, which open a request's or a complaint's
    page for someone who cannot follow its link."""

    reference = StringField(
        _l("Reference"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Enter the reference from your letter, like SAR-2026-000042.")),
            Length(max=30, message=_l("That is longer than any reference.")),
        ],
    )
    code = StringField(
        _l("Access code"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Enter the access code from your letter, like K7MQ-X9PA-4TZR.")),
            Length(max=40, message=_l("That is longer than any access code.")),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )


class WithdrawForm(FlaskForm):
    """Taking a request or a complaint back, which cannot be undone: asked for twice."""

    confirm = BooleanField(
        _l("Yes, withdraw it. I understand that nothing more will be done about it."),
        validators=[DataRequired(_l("Tick the box to confirm that you want to withdraw it."))],
    )
