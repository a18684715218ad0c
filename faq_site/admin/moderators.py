"""Admins manage moderators: list them, add one, change a role, deactivate and activate, send a
link to set a new password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Moderator, Role
from . import accounts, password_reset
from .access import admin_required, private
from .auth import reset_link
from .forms import NewModeratorForm, RoleForm, role_choices

bp = Blueprint("moderators", __name__, url_prefix="/admin/moderators")
bp.after_request(private)


def _back_to_list():
    return redirect(url_for(".index"))


@bp.get("/")
@admin_required
def index():
    moderators = db.session.scalars(db.select(Moderator).order_by(Moderator.email)).all()
    return render_template(
        "moderators/index.html", moderators=moderators, roles=dict(role_choices())
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    form = NewModeratorForm()
    if form.validate_on_submit():
        try:
            moderator = accounts.create_moderator(
                form.email.data, form.password.data, Role(form.role.data)
            )
        except accounts.AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(email)s can now sign in.", email=moderator.email), "success")
            return _back_to_list()
    return render_template("moderators/new.html", form=form), 422 if form.errors else 200


@bp.post("/<int:moderator_id>/role")
@admin_required
def change_role(moderator_id: int):
    moderator = db.get_or_404(Moderator, moderator_id)
    form = RoleForm()
    if not form.validate():
        flash(_("Choose a role from the list."), "error")
        return _back_to_list()
    try:
        changed = accounts.change_role(moderator, Role(form.role.data), by=current_user.moderator)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return _back_to_list()
    db.session.commit()
    if changed:
        role = dict(role_choices())[moderator.role.value]
        flash(_("%(email)s is now: %(role)s.", email=moderator.email, role=role), "success")
    return _back_to_list()


@bp.post("/<int:moderator_id>/deactivate")
@admin_required
def deactivate(moderator_id: int):
    moderator = db.get_or_404(Moderator, moderator_id)
    try:
        changed = accounts.deactivate(moderator, by=current_user.moderator)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return _back_to_list()
    db.session.commit()
    if changed:
        flash(_("%(email)s is deactivated and signed out.", email=moderator.email), "success")
    return _back_to_list()


@bp.post("/<int:moderator_id>/activate")
@admin_required
def activate(moderator_id: int):
    moderator = db.get_or_404(Moderator, moderator_id)
    if accounts.activate(moderator):
        db.session.commit()
        flash(_("%(email)s can sign in again.", email=moderator.email), "success")
    return _back_to_list()


@bp.post("/<int:moderator_id>/reset-password")
@admin_required
def send_password_reset(moderator_id: int):
    moderator = db.get_or_404(Moderator, moderator_id)
    if moderator.id == current_user.id:
        flash(_("Change your own password on your account page."), "error")
        return _back_to_list()
    try:
        password_reset.send(moderator, reset_link)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return _back_to_list()
    db.session.commit()
    flash(
        _(
            "A link to set a new password was emailed to %(email)s. It works once, for "
            "%(minutes)s minutes; their present password works until then.",
            email=moderator.email,
            minutes=password_reset.minutes(),
        ),
        "success",
    )
    return _back_to_list()
