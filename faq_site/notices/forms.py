"""The change-notice forms: subscribing with an address alone, and changing what to hear about."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import ValidationError

from ..access_requests.forms import ConfirmedByEmailForm, email_field
from ..forms import GuardedForm
from .workflow import Choice


class ChoiceFields:
    """What to hear about: at least one of the two documents, and editorial changes if wanted."""

    statement = BooleanField(_l("The GDPR statement"))
    register = BooleanField(_l("The register of sub-processors"))
    editorial = BooleanField(_l("Tell me of editorial changes too (wording, links, typing errors)"))

    def validate_statement(self, field: BooleanField) -> None:
        if not field.data and not self.register.data:
            raise ValidationError(_l("Choose the statement, the register, or both."))

    @property
    def choice(self) -> Choice:
        return Choice(
            bool(self.statement.data), bool(self.register.data), bool(self.editorial.data)
        )


class SubscribeForm(ChoiceFields, GuardedForm):
    email = email_field()
    # The same check as every form that emails the address typed in it.
    validate_email = ConfirmedByEmailForm.validate_email

    def min_seconds(self) -> float:
        # One address, the box already ticked by the page's link, and a browser that fills the
        # address in: a person may send it within a second or two.
        return min(super().min_seconds(), 1.0)


class ChangeForm(ChoiceFields, FlaskForm):
    """A confirmed subscriber's choice, changed from the link in an email."""


class ButtonForm(FlaskForm):
    """A button and nothing else: confirming, or unsubscribing, from a link's page."""
