"""The complaint form: who is complaining, what it is about, what happened, what they want."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..access_requests.forms import ConfirmedByEmailForm, email_field, name_field
from ..forms import cleaned

TEXT_MAX = 5000


class ComplaintForm(ConfirmedByEmailForm):
    name = name_field()
    email = email_field()
    concerns = StringField(
        _l("The reference of a request or question it is about (optional)"),
        filters=[cleaned],
        validators=[Length(max=200, message=_l("Please keep it under 200 characters."))],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    details = TextAreaField(
        _l("What happened"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Tell us what happened: what we did with your data, and when.")),
            Length(max=TEXT_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
    desired_outcome = TextAreaField(
        _l("What you would like us to do"),
        filters=[cleaned],
        validators=[
            DataRequired(_l("Tell us what you would like us to do to put it right.")),
            Length(max=TEXT_MAX, message=_l("Please keep it under 5,000 characters.")),
        ],
    )
