"""Find a person's data: what the site holds about one email address, shown to moderators,
exported as JSON, and erased by an admin.

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
from wtforms import BooleanField, EmailField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Length

from .. import audit, subjects
from ..extensions import db
from ..models import Moderator, utcnow
from .access import admin_required, moderator_required, private

bp = Blueprint("subjects", __name__, url_prefix="/admin/subjects")
bp.after_request(private)

EMAIL_MAX_LENGTH = Moderator.email.type.length


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class SearchForm(FlaskForm):
    """The address to look for, or to export what is held about."""

    email = EmailField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            # Checked after stripping: an address of spaces is no address.
            DataRequired(_l("Enter the email address to look for.")),
            Length(max=EMAIL_MAX_LENGTH),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class EraseForm(FlaskForm):
    """An admin's confirmed decision to erase what the site holds about an address."""

    # Its own id: the search form on the same page has a field called email too.
    email = HiddenField(
        id="erase-email",
        filters=[_strip],
        validators=[
            DataRequired(_l("Search for an address first.")),
            Length(max=EMAIL_MAX_LENGTH),
        ],
    )
    confirm = BooleanField(
        _l("I have checked the list above, and this person's data is to be erased"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
    submit = SubmitField(_l("Erase this person's data"))


def _page(search_form: SearchForm, holdings, erase_form: EraseForm | None = None):
    if holdings is not None and erase_form is None:
        erase_form = EraseForm(formdata=None, email=holdings.email)
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
    return _page(form, subjects.find(form.email.data) if form.validate() else None)


@bp.post("/export")
@moderator_required
def export():
    form = SearchForm()
    if not form.validate():
        return _page(form, None)
    holdings = subjects.find(form.email.data)
    data = subjects.export(holdings)
    audit.record("subject.exported", detail=holdings.counts())
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
    if not form.validate():
        email = (form.email.data or "").strip()
        search_form = SearchForm(formdata=None, email=email)
        return _page(search_form, subjects.find(email) if email else None, form)
    report = subjects.erase(subjects.find(form.email.data))
    db.session.commit()
    # Shown at once, with what is left: a redirect would need the address in its URL. The
    # message lives in the session cookie, which is signed but readable: counts only.
    flash(_summary(report.counts()), "success")
    search_form = SearchForm(formdata=None, email=form.email.data)
    return _page(search_form, subjects.find(form.email.data))


def _summary(counts: dict[str, int]) -> str:
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
    if counts["kept_under_open_request"]:
        parts.append(
            _(
                "Kept %(count)d items because this person has an open request.",
                count=counts["kept_under_open_request"],
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
