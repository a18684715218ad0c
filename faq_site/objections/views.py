"""A customer objects to a sub-processor the register announces: /subprocessors/object."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..access_requests.views import store_once
from ..extensions import emailing_form_limit, form_kept_words
from ..http_cache import private_page
from . import workflow
from .forms import ObjectionForm

bp = Blueprint("objections", __name__, url_prefix="/subprocessors")
bp.after_request(private_page)


def _refused(_limit) -> Response | None:
    """The form as it was sent, with why it was not taken, when the rate limit refuses it; with
    nothing announced, the error page (the form itself would answer 404)."""
    announced = workflow.announced()
    if not announced:
        return None
    form = ObjectionForm(announced=announced)
    form.form_errors.append(form_kept_words())
    return make_response(_objection_page(form, announced, 429))


@bp.route("/object", methods=["GET", "POST"])
@emailing_form_limit(refused=_refused)
def new():
    announced = workflow.announced()
    if not announced:
        abort(
            404,
            description=_(
                "No new sub-processor is announced at the moment, so there is nothing to object "
                "to. The register lists those in force."
            ),
        )
    form = ObjectionForm(announced=announced)
    if request.method == "GET" and request.args.get("provider") in form.announced:
        form.provider.data = request.args["provider"]
    elif request.method == "GET" and len(announced) == 1:
        form.provider.data = announced[0].provider  # the only one there is
    if request.method == "POST" and form.is_bot:
        return redirect(url_for("objections.sent"))  # exactly what a person sees
    if request.method == "POST" and form.validate():
        if workflow.already_made(form.target, form.email.data, form.reason.data):
            return redirect(url_for("objections.sent"))  # sent again after going back
        store_once(
            form.submission.data,
            lambda: workflow.make(
                form.target,
                form.company.data,
                form.name.data,
                form.email.data,
                form.reason.data,
                submission=form.submission.data,
            ),
            workflow.submitted,
        )
        return redirect(url_for("objections.sent"))
    return _objection_page(form, announced, 400 if form.errors else 200)


def _objection_page(form: ObjectionForm, announced: list[workflow.Announced], status: int):
    form.hand_out()
    return render_template(
        "objections/new.html",
        form=form,
        announced=announced,
        retention_months=current_app.config["REQUEST_RETENTION_MONTHS"],
        active="subprocessors",
    ), status


@bp.get("/object/sent")
def sent():
    return render_template("objections/sent.html", active="subprocessors")
