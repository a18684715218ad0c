"""The form a visitor asks with: a question and an optional address."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, TextAreaField
from wtforms.validators import Email, Length, Optional, ValidationError

from ..cleaning import clean_text
from ..forms import GuardedForm, cleaned

EMAIL_HELP = _l("Enter an email address like name@example.com, or leave it empty.")


class AskForm(GuardedForm):
    question = TextAreaField(_l("Your question"))
    email = EmailField(
        _l("Your email address (optional)"),
        filters=[cleaned],
        validators=[
            Optional(),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=EMAIL_HELP),
        ],
    )

    def validate_question(self, field: TextAreaField) -> None:
        text = clean_text(field.data or "")
        low = current_app.config["QUESTION_MIN_LENGTH"]
        high = current_app.config["QUESTION_MAX_LENGTH"]
        if not text:
            raise ValidationError(_l("Write your question."))
        if len(text) < low:
            raise ValidationError(
                _l("Your question is too short: write at least %(n)s characters.", n=low)
            )
        if len(text) > high:
            raise ValidationError(
                _l(
                    "Your question is too long: %(n)s characters at most (it has %(has)s).",
                    n=high,
                    has=len(text),
                )
            )

    def validate_email(self, field: EmailField) -> None:
        if field.data and any(c in field.data for c in "\r\n\x00"):
            raise ValidationError(EMAIL_HELP)
