"""Objections to announced sub-processors, in the panel: the open ones first, each with what the
customer wrote, and a button to mark one answered once the answer has gone by email."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from .. import audit
from ..clock import today
from ..extensions import db
from ..models import SubprocessorObjection
from ..objections import workflow
from .access import acting, moderator_required, private

bp = Blueprint("objections_admin", __name__, url_prefix="/admin/objections")
bp.after_request(private)


class AnsweredForm(FlaskForm):
    """A button: the answer has gone to the customer."""


@bp.get("/")
@moderator_required
def index():
    open_ones, answered = workflow.open_objections(), workflow.answered_objections()
    # The list shows who objected and what they wrote: a look at their data, recorded.
    audit.record(
        "objection.listed",
        detail={"open": len(open_ones), "answered": len(answered)},
        actor=acting(),
    )
    db.session.commit()
    return render_template(
        "admin/objections.html",
        open_objections=open_ones,
        answered_objections=answered,
        form=AnsweredForm(formdata=None),
        retention_months=current_app.config["REQUEST_RETENTION_MONTHS"],
        today=today(),
        admin_section="requests",
    )


@bp.post("/<int:objection_id>/answered")
@moderator_required
def answered(objection_id: int):
    objection = db.session.get(SubprocessorObjection, objection_id)
    if objection is None:
        abort(404)
    form = AnsweredForm()
    if not form.validate_on_submit():
        abort(400)
    workflow.answer(objection, by=acting())
    db.session.commit()
    flash(_("The objection of %(company)s is marked answered.", company=objection.company),
          "success")  # fmt: skip
    return redirect(url_for(".index"))
