"""Forms a moderator fills in to decide a question and to revise a published answer."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from ..clock import today
from ..rendering import TooComplex, render_within

TITLE_LENGTH = {"min": 10, "max": 300}
ANSWER_MAX = 20_000


def formattable(_form, field) -> None:
    """Refuse Markdown that cannot be formatted within MARKDOWN_RENDER_SECONDS, with a message
    that says what to change, instead of holding a worker until it is killed."""
    if not field.data:
        return
    try:
        render_within(field.data, float(current_app.config["MARKDOWN_RENDER_SECONDS"]))
    except TooComplex:
        raise ValidationError(
            _l(
                "This text cannot be formatted: its Markdown is too intricate (for example "
                "thousands of “[” or of list markers nested on one line). Simplify it and "
                "try again."
            )
        ) from None


MAX_DAYS_AHEAD = 731


class AnswerForm(FlaskForm):
    title = TextAreaField(
        _l("The question as it will be published"),
        validators=[
            DataRequired(_l("Write the question as it will be published.")),
            Length(**TITLE_LENGTH),
        ],
    )
    answer = TextAreaField(
        _l("Answer (Markdown)"),
        validators=[
            DataRequired(_l("Write an answer before publishing.")),
            Length(max=ANSWER_MAX),
            formattable,
        ],
    )
    category = SelectField(_l("Category"), coerce=int, validate_choice=True)
    notify = BooleanField(_l("Email the asker that the answer is published"))
    preview = SubmitField(_l("Preview"))
    publish = SubmitField(_l("Publish to the FAQ"))


class CheckForm(FlaskForm):
    """Which check a Redact or Keep button decides. The buttons belong to the answer form, so
    the wording being written travels with them and is not lost."""

    check = IntegerField(validators=[InputRequired(), NumberRange(min=0)])


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (shown to the asker on their status page, and in the email if sent)"),
        validators=[
            # The asker was told that a declined question is told why.
            DataRequired(_l("Say why: the asker reads it on their status page.")),
            Length(max=2000, message=_l("Please keep the reason under 2,000 characters.")),
        ],
    )
    notify = BooleanField(_l("Email the asker"))
    submit = SubmitField(_l("Decline the question"))


class SpamForm(FlaskForm):
    """Marking as spam erases the question for good: a box to tick first, so that one click
    beside Decline cannot do it."""

    sure = BooleanField(
        _l("Yes, erase this question for good: it is spam"),
        validators=[
            InputRequired(_l("Tick the box to say the question is spam: nothing of it is kept."))
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""

    submit = SubmitField(_l("Confirm"))


class RevisionForm(FlaskForm):
    title = TextAreaField(_l("Question"), validators=[DataRequired(), Length(**TITLE_LENGTH)])
    answer = TextAreaField(
        _l("Answer (Markdown)"),
        validators=[DataRequired(), Length(max=ANSWER_MAX), formattable],
    )
    summary = StringField(
        _l("What changed, in one sentence"),
        validators=[
            DataRequired(_l("Say what changed: readers see it in the history.")),
            Length(max=300),
        ],
    )
    # Required unless correcting: validate_effective says so.
    effective = DateField(_l("Takes effect on"))
    editorial = BooleanField(_l("Editorial change only (the meaning does not change)"))
    correct = BooleanField(_l("Correct today\u2019s version instead of adding a new one"))
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Publish this version"))

    def __init__(
        self, *args, taken: set[dt.date] | None = None, correctable: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken or set()
        # Whether a version took effect today, so that it may be corrected in place.
        self.correctable = correctable

    def validate_correct(self, field: BooleanField) -> None:
        if field.data and not self.correctable:
            raise ValidationError(
                _l("No version of this answer took effect today: publish a new version.")
            )

    def validate_effective(self, field: DateField) -> None:
        if self.correct.data:
            # A correction keeps the date of the version it corrects: this one is not used.
            field.errors.clear()
            return
        if field.data is None:
            # Empty or unreadable: one message that says what to write.
            field.errors.clear()
            raise ValidationError(_l("Give a date, as YYYY-MM-DD."))
        if field.data < today():
            raise ValidationError(_l("A new version cannot take effect in the past."))
        if field.data and field.data > today() + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(_l("Choose a date within the next two years."))
        if field.data in self.taken:
            raise ValidationError(
                _l("A version already takes effect on that date: choose another.")
            )


class UnpublishForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it is taken down (shown to readers)"),
        validators=[DataRequired(_l("Give the reason readers will see.")), Length(max=1000)],
    )
    submit = SubmitField(_l("Unpublish"))


class WithdrawVersionForm(FlaskForm):
    """Which version an admin takes out of the public history, and the reason readers see."""

    version = SelectField(
        _l("Version to withdraw"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the version to withdraw."))],
    )
    withdraw_reason = TextAreaField(
        _l("Why it is withdrawn (shown to readers at its address)"),
        default="it contained personal data",
        validators=[
            DataRequired(_l("Give the reason readers will see.")),
            Length(max=500, message=_l("Keep the reason to 500 characters.")),
        ],
    )
    withdraw = SubmitField(_l("Withdraw this version"))

    def validate_version(self, field: SelectField) -> None:
        if field.data is None:
            field.errors.clear()
            raise ValidationError(_l("Choose the version to withdraw."))
        if field.data not in {value for value, _label in self.version.choices or []}:
            raise ValidationError(
                _l(
                    "That version cannot be withdrawn: the version in force cannot be (publish "
                    "a corrected version first, or unpublish the answer), nor can one already "
                    "withdrawn."
                )
            )
