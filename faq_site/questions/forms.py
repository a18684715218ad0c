"""The form a visitor asks with: a question, an optional address, and two quiet bot traps."""

from __future__ import annotations

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional, ValidationError

from ..moderation import clean_text

STARTED = "ask-form-started"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=STARTED)


def stamp() -> str:
    """When the form was handed out, signed so that a bot cannot claim it waited."""
    return _signer().dumps(time.time())


class AskForm(FlaskForm):
    question = TextAreaField(_l("Your question"))
    email = EmailField(
        _l("Your email address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=_l("Enter an email address like name@example.com, or leave it empty.")),
        ],
    )
    # A field people never see or fill; a form robot usually does.
    website = StringField(_l("Leave this field empty"))
    started = HiddenField()

    def validate_question(self, field: TextAreaField) -> None:
        text = clean_text(field.data or "")
        low, high = (
            current_app.config["QUESTION_MIN_LENGTH"],
            current_app.config["QUESTION_MAX_LENGTH"],
        )
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
            raise ValidationError(
                _l("Enter an email address like name@example.com, or leave it empty.")
            )

    def validate_started(self, field: HiddenField) -> None:
        try:
            started = float(_signer().loads(field.data or ""))
        except (BadSignature, TypeError, ValueError):
            raise ValidationError(
                _l("The form had expired. Please check your question and send it again.")
            ) from None
        if time.time() - started < current_app.config["ASK_MIN_SECONDS"]:
            raise ValidationError(
                _l("That was very quick. Please check your question and send it again.")
            )

    @property
    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())
