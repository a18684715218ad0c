"""The objection form: which announced sub-processor, the customer's company, a contact, why."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from ..access_requests.forms import ConfirmedByEmailForm
from ..forms import cleaned

REASON_MAX = 5000


class ObjectionForm(ConfirmedByEmailForm):
    """Sent once, acknowledged by email: the one-time token of a confirmed form keeps a double
    click from storing it twice."""

    provider = RadioField(
        _l("The sub-processor you object to"),
        # Filled from the register when the form is made: only what is announced.
        choices=[],
        validate_choice=False,
    )
    company = StringField(
        _l("Your company"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Enter the name of the company that is our customer.")),
            Length(max=200, message=_l("The company's name is too long: 200 characters at most.")),
        ],
    )
    name = StringField(
        _l("Your name"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Enter your name, so that we know whom to answer.")),
            Length(max=200, message=_l("Your name is too long: 200 characters at most.")),
        ],
    )
    email = EmailField(
        _l("Your work email address"),
        filters=[cleaned],
        validators=[
            DataRequired(
                _l("Enter your email address: we acknowledge your objection and answer you there.")
            ),
            Length(max=254, message=_l("That email address is too long.")),
            Email(message=_l("Enter an email address like name@example.com.")),
        ],
    )
    reason = TextAreaField(
        _l("Why you object"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Tell us why you object, so that we can answer it.")),
            Length(max=REASON_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )

    def __init__(self, *args, announced=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.announced = {item.provider: item for item in announced}
        self.provider.choices = [
            (item.provider, _l("%(provider)s, from %(date)s", provider=item.provider,
                               date=format_date(item.effective, "long")))
            for item in announced
        ]  # fmt: skip

    def validate_provider(self, field: RadioField) -> None:
        if field.data not in self.announced:
            raise ValidationError(_l("Choose the sub-processor you object to."))

    @property
    def target(self):
        return self.announced[self.provider.data]
