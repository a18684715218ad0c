"""Pieces shared by the forms: the quiet traps that keep robots out without a captcha, and the
filter that cleans what was typed."""

from __future__ import annotations

import time
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from .cleaning import clean_text

STARTED = "form-started"


# A form left open longer than this is sent again with a fresh stamp.
STAMP_MAX_AGE = 24 * 3600


# What shows nothing on a page: format characters (zero-width spaces and joiners) and marks
# standing alone.
_INVISIBLE = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


def cleaned(value: object) -> object:
    """What was typed, as clean_text leaves it: no control characters, no spaces around it
    (" ann@example.com " is an address), and nothing at all when no character of it shows, so
    that a required field of zero-width spaces is as empty as one of spaces. A filter for a
    form's text fields."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return text if any(unicodedata.category(char) not in _INVISIBLE for char in text) else ""


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=STARTED)


def stamp() -> str:
    """When the form was handed out, signed so that a robot cannot claim it waited."""
    return _signer().dumps(time.time())


class GuardedForm(FlaskForm):
    """A public form with a field people never see or fill (a robot usually does), and a signed
    start time: a form sent faster than a person can write is a robot's."""

    website = StringField(_l("Leave this field empty"))
    started = HiddenField()

    def validate_started(self, field: HiddenField) -> None:
        try:
            started = float(_signer().loads(field.data or "", max_age=STAMP_MAX_AGE))
        except (BadSignature, TypeError, ValueError):
            raise ValidationError(
                _l("The form had expired. Please check what you wrote and send it again.")
            ) from None
        if time.time() - started < self.min_seconds():
            raise ValidationError(
                _l("That was very quick. Please check what you wrote and send it again.")
            )

    def min_seconds(self) -> float:
        """The least time a person takes to fill the form in."""
        return current_app.config["ASK_MIN_SECONDS"]

    def validate(self, extra_validators=None) -> bool:
        if super().validate(extra_validators):
            return True
        if any(field.errors for field in self if field is not self.started):
            # The person must send the form again anyway, with a fresh start time; a word about
            # speed or age beside what they must correct only confuses.
            self.started.errors = []
            self._errors = None
        return False

    @property
    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())
