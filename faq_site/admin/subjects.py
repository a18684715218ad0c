"""Find a person's data: what the site holds about one email address, phone number or postal
address, shown to moderators, exported as JSON, and erased by an admin.

The address travels only in the body of a POST (search, export and erasure alike), never in an
address: a URL lands in access logs, proxies' logs and the browser's history, and this page is
where a person's address is typed most. Every panel response is no-store with no referrer.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, SubmitField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import audit, mentions, subjects
from ..extensions import db
from ..models import Moderator, utcnow
from .access import acting, admin_required, moderator_required, private

bp = Blueprint("subjects", __name__, url_prefix="/admin/subjects")
bp.after_request(private)

EMAIL_MAX_LENGTH = Moderator.email.type.length
PHONE_MAX_LENGTH = 40
POSTAL_MAX_LENGTH = 500


# Characters that only steer the direction of text: typed into a search, they would turn the
# page's heading that repeats it around.
_DIRECTION_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def _strip(value: str | None) -> str | None:
    return value.translate(_DIRECTION_MARKS).strip() if value else value


class SearchForm(FlaskForm):
    """The address or phone number to look for, or to export what is held about."""

    email = EmailField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=EMAIL_MAX_LENGTH,
                message=_l("The email address is too long: %(max)d characters at most."),
            ),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    phone = TelField(
        _l("Phone number"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=PHONE_MAX_LENGTH,
                message=_l("The phone number is too long: %(max)d characters at most."),
            ),
        ],
        render_kw={"autocomplete": "off"},
    )

    postal = StringField(
        _l("Postal address"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=POSTAL_MAX_LENGTH,
                message=_l("The postal address is too long: %(max)d characters at most."),
            ),
        ],
        render_kw={"autocomplete": "off"},
    )

    def validate_phone(self, field: TelField) -> None:
        if field.data and not field.errors and mentions.phone_number(field.data) is None:
            raise ValidationError(_("Enter a phone number, such as 07700 900123."))

    def validate_postal(self, field: StringField) -> None:
        if field.data and not field.errors and not subjects.postal_words(field.data):
            raise ValidationError(
                _(
                    "Give a house number with its street, or a whole postcode, such as 14 Harbour "
                    "Lane or TR11 2AB: a town or half a postcode would find strangers."
                )
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked after stripping: an address of spaces is no address.
        if valid and not self.email.data and not self.phone.data and not self.postal.data:
            self.email.errors.append(
                _("Enter the email address, phone number or postal address to look for.")
            )
            return False
        return valid


class EraseForm(FlaskForm):
    """An admin's confirmed decision to erase what the site holds about an address or number."""

    # Their own ids: the search form on the same page has fields of the same names.
    email = HiddenField(
        id="erase-email",
        filters=[_strip],
        validators=[Optional(), Length(max=EMAIL_MAX_LENGTH)],
    )
    phone = HiddenField(
        id="erase-phone",
        filters=[_strip],
        validators=[Optional(), Length(max=PHONE_MAX_LENGTH)],
    )
    postal = HiddenField(
        id="erase-postal",
        filters=[_strip],
        validators=[Optional(), Length(max=POSTAL_MAX_LENGTH)],
    )
    confirm = BooleanField(
        _l("I have checked the list above, and this person's data is to be erased"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
    submit = SubmitField(_l("Erase this person's data"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.phone.data and mentions.phone_number(self.phone.data) is None:
            self.phone.data = ""
        if self.postal.data and not subjects.postal_words(self.postal.data):
            self.postal.data = ""
        if not self.email.data and not self.phone.data and not self.postal.data:
            self.form_errors.append(_("Search for an address or a phone number first."))
            return False
        return valid


def _page(search_form: SearchForm, holdings, erase_form: EraseForm | None = None):
    if holdings is not None and erase_form is None:
        erase_form = EraseForm(
            formdata=None, email=holdings.email, phone=holdings.phone, postal=holdings.postal
        )
    status = 422 if search_form.errors or (erase_form and erase_form.errors) else 200
    body = render_template(
        "admin/subjects/search.html",
        form=search_form,
        holdings=holdings,
        erase_form=erase_form,
        can_erase=current_user.is_admin,
    )
    return body, status


@bp.route("/", methods=["GET", "POST"])
@moderator_required
def search():
    if request.method == "GET":
        return _page(SearchForm(formdata=None), None)
    form = SearchForm()
    if not form.validate():
        return _page(form, None)
    found = subjects.find(form.email.data or "", form.phone.data, form.postal.data)
    page = _page(form, found)
    _looked(found)
    return page


@bp.post("/export")
@moderator_required
def export():
    form = SearchForm()
    if not form.validate():
        return _page(form, None)
    holdings = subjects.find(form.email.data or "", form.phone.data, form.postal.data)
    data = subjects.export(holdings)
    audit.record("subject.exported", detail=holdings.counts(), actor=acting())
    db.session.commit()
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", mimetype="application/json"
    )
    # No address in the file name: downloads folders and browser histories keep it.
    name = f"personal-data-{utcnow():%Y%m%d-%H%M%S}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.post("/erase")
@admin_required
def erase():
    form = EraseForm()
    email, phone, postal = form.email.data or "", form.phone.data or "", form.postal.data or ""
    search_form = SearchForm(formdata=None, email=email, phone=phone, postal=postal)
    if not form.validate():
        if not email and not phone and not postal:
            return _page(search_form, None, form)
        # Refused, the page lists what is held again: as much a look as a search.
        found = subjects.find(email, phone, postal)
        page = _page(search_form, found, form)
        _looked(found)
        return page
    report = subjects.erase(subjects.find(email, phone, postal), by=acting())
    db.session.commit()
    # Shown at once, with what is left: a redirect would need the address in its URL. The
    # message lives in the session cookie, which is signed but readable: counts only.
    flash(summary(report.counts()), "success")
    return _page(search_form, subjects.find(email, phone, postal))


def _looked(holdings: subjects.Holdings) -> None:
    """A page listing what is held about someone is a look at their data: recorded, and stored
    before the page leaves, with what was searched by and the counts, never the address or the
    number."""
    audit.record(
        "subject.searched",
        detail={
            "by_email": bool(holdings.email),
            "by_phone": bool(holdings.phone),
            "by_postal_address": bool(holdings.postal),
            **holdings.counts(),
        },
        actor=acting(),
    )
    db.session.commit()


def summary(counts: dict[str, int]) -> str:
    """What an erasure did, in a sentence or a few, for the moderator."""
    parts = [
        _(
            "Erased %(questions)d questions (%(withdrawn)d of them withdrawn), deleted "
            "%(deleted)d and erased %(erased)d outbox messages, deleted %(unconfirmed)d "
            "unconfirmed and erased %(closed)d closed requests.",
            questions=counts["questions_erased"],
            withdrawn=counts["questions_withdrawn"],
            deleted=counts["messages_deleted"],
            erased=counts["messages_erased"],
            unconfirmed=counts["requests_deleted"],
            closed=counts["requests_erased"],
        )
    ]
    if counts.get("objections_deleted"):
        parts.append(
            _(
                "Deleted %(count)d objections to sub-processors.",
                count=counts["objections_deleted"],
            )
        )
    if counts.get("subscriptions_deleted"):
        parts.append(
            _(
                "Ended the subscription to change notices and erased its address.",
            )
        )
    if counts.get("open_objections_kept"):
        parts.append(
            _(
                "Kept %(count)d objections to sub-processors not answered yet: answer them in "
                "the panel's list of objections, then erase again.",
                count=counts["open_objections_kept"],
            )
        )
    if counts["kept_under_open_request"]:
        parts.append(
            _(
                "Kept %(count)d items because this person has an open request.",
                count=counts["kept_under_open_request"],
            )
        )
    if counts["unsent_notices_kept"]:
        parts.append(
            _(
                "Kept %(count)d emails about a request or complaint that are not sent yet: they "
                "are still owed to the person.",
                count=counts["unsent_notices_kept"],
            )
        )
    if counts["moderator_accounts_kept"]:
        parts.append(
            _(
                "Kept %(count)d moderator accounts: deactivate them on the Moderators page.",
                count=counts["moderator_accounts_kept"],
            )
        )
    return " ".join(parts)
