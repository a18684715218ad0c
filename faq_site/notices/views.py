"""Change notices for readers: /notices to subscribe, and the pages the links in the emails open.

Every link carries the subscription's token (see workflow.token). Opening a link changes
nothing: confirming, changing and unsubscribing are buttons, so that a mail scanner that follows
links does none of them. The one exception is RFC 8058's one-click unsubscribe, which a mail
program POSTs without a form, and so without the CSRF token other forms need.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import sent_to
from ..extensions import csrf, db, emailing_form_limit, form_kept_words
from ..forms import stamp
from ..http_cache import private_page
from ..urls import link
from . import workflow
from .forms import ButtonForm, ChangeForm, SubscribeForm
from .wording import CURRENT_WORDING, WORDINGS, wording

bp = Blueprint("notices", __name__, url_prefix="/notices")
bp.after_request(private_page)


def _page(template: str, status: int = 200, **values):
    return render_template(f"notices/{template}", active="notices", **values), status


def _refused(_limit) -> Response:
    """The form as it was sent, with why it was not taken, when the rate limit refuses it."""
    form = SubscribeForm()
    form.form_errors.append(form_kept_words())
    return make_response(_subscribe_page(form, 429))


@bp.route("", methods=["GET", "POST"])
@emailing_form_limit(refused=_refused)
def new():
    form = SubscribeForm()
    if request.method == "GET":
        # A page's own link picks its document: /notices?register=1 from the register.
        form.statement.data = "statement" in request.args or "register" not in request.args
        form.register.data = "register" in request.args or "statement" not in request.args
    if request.method == "POST" and form.is_bot:
        return redirect(url_for("notices.sent"))  # as a person; nothing stored, no address named
    if request.method == "POST" and form.validate():
        try:
            subscription = workflow.subscribe(form.email.data, form.choice, link)
            db.session.commit()
        except IntegrityError:
            # The same address sent twice at once: the other copy made the subscription.
            db.session.rollback()
        else:
            sent_to.remember("notices.sent", subscription.id)
        return redirect(url_for("notices.sent"))
    return _subscribe_page(form, 400 if form.errors else 200)


def _subscribe_page(form: SubscribeForm, status: int):
    form.started.data = stamp()  # signed afresh for every showing
    return _page(
        "new.html",
        status,
        form=form,
        wording=WORDINGS[CURRENT_WORDING],
        days=workflow.UNCONFIRMED_DAYS,
    )


@bp.get("/sent")
def sent():
    return _page(
        "sent.html",
        days=workflow.UNCONFIRMED_DAYS,
        address=sent_to.recall("notices.sent", workflow.address_of),
    )


def _subscription(token: str):
    subscription = workflow.by_token(token)
    if subscription is None:
        abort(
            404,
            description=_(
                "This link does not work: it was typed wrongly, or the subscription it was for "
                "has ended. You can subscribe again from the notices page."
            ),
        )
    return subscription


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    subscription = _subscription(token)
    if workflow.expired(subscription):
        return _page("expired.html", 410, days=workflow.UNCONFIRMED_DAYS)
    form = ButtonForm()
    if request.method == "POST" and form.validate():
        workflow.confirm(subscription)
        db.session.commit()
        return redirect(url_for("notices.manage", token=token, confirmed=1))
    if subscription.confirmed is not None:
        return redirect(url_for("notices.manage", token=token))
    return _page(
        "confirm.html",
        form=form,
        subscription=subscription,
        token=token,
        wording=WORDINGS[CURRENT_WORDING],
    )


@bp.route("/manage/<token>", methods=["GET", "POST"])
def manage(token: str):
    subscription = _subscription(token)
    if subscription.confirmed is None:
        return redirect(url_for("notices.confirm", token=token))
    form = ChangeForm()
    if request.method == "GET":
        choice = workflow.Choice.of(subscription)
        form.statement.data, form.register.data = choice.statement, choice.register
        form.editorial.data = choice.editorial
    changed = False
    if request.method == "POST" and form.validate():
        workflow.change(subscription, form.choice)
        db.session.commit()
        changed = True
    return _page(
        "manage.html",
        400 if form.errors else 200,
        form=form,
        leave=ButtonForm(),
        subscription=subscription,
        token=token,
        changed=changed,
        confirmed="confirmed" in request.args,
        wording=wording(subscription.wording),
        new_wording=WORDINGS[CURRENT_WORDING] if subscription.wording != CURRENT_WORDING else None,
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    subscription = workflow.by_token(token)
    if subscription is None:
        return _page("no_such.html")  # ended already, or the link was mistyped
    form = ButtonForm()
    if request.method == "POST" and form.validate():
        workflow.unsubscribe(subscription)
        db.session.commit()
        return redirect(url_for("notices.gone"))  # so that reloading sends nothing again
    return _page("unsubscribe.html", form=form, subscription=subscription, token=token)


@bp.get("/gone")
def gone():
    return _page("gone.html")


@bp.route("/one-click/<token>", methods=["GET", "POST"])
@csrf.exempt
def one_click(token: str):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click"; nothing else is needed.
    A mail program that opens the address in a browser instead shows the unsubscribe page."""
    if request.method == "GET":
        return unsubscribe(token)
    if request.form.get("List-Unsubscribe") != "One-Click":
        abort(400, description=_("This address is for a mail program's unsubscribe button."))
    subscription = workflow.by_token(token)
    if subscription is None:
        return _page("no_such.html")
    workflow.unsubscribe(subscription)
    db.session.commit()
    return _page("gone.html")
