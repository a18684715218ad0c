"""Signing in (with an optional second step), signing out, and a moderator's own account."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import HTTPException

from .. import audit
from ..extensions import db, limiter
from ..models import Moderator
from ..urls import absolute
from . import accounts, password_reset, recovery, signing_in
from .access import (
    SignedInModerator,
    acting,
    moderator_required,
    private,
    remember_sign_in,
    tell_why_signed_out,
)
from .forms import (
    PasswordChangeForm,
    PasswordResetForm,
    RecoveryCodesForm,
    SignInCodeForm,
    SignInForm,
    SignInRecoveryForm,
    TotpCancelForm,
    TotpConfirmForm,
    TotpRemoveForm,
    TotpStartForm,
)

bp = Blueprint("auth", __name__, url_prefix="/admin")
bp.after_request(private)

PENDING_SIGN_IN = "pending_sign_in"
CODE_STEP_SECONDS = 5 * 60


def _too_many_requests() -> str:
    return _("Too many sign-in attempts from your network. Wait a minute, then try again.")


sign_in_limit = limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"],
    methods=["POST"],
    error_message=_too_many_requests,
)


def safe_next(target: str | None) -> str | None:
    """The page to return to after signing in, when it is a path on this site; otherwise None,
    so that a crafted link cannot send a moderator elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read a backslash as a slash, and drop tabs and newlines, so "/\evil.example"
    # and "/\t/evil.example" would both lead to another site.
    if "\\" in target or any(ord(char) < 0x21 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _a_page(path: str) -> bool:
    """Whether a path on this site answers a GET: a form's action ("/admin/questions/2/decline",
    kept as `next` when a session ended mid-form) does not."""
    try:
        current_app.create_url_adapter(request).match(path, method="GET")
    except HTTPException:
        return False
    return True


def _landing(target: str | None):
    """Where signing in lands: `next` when it is a page; the page its action belongs to when
    `next` is a form's action; else the dashboard."""
    if target:
        wanted = path = urlsplit(target).path
        while path.count("/") > 1 and not _a_page(path):
            path = path.rsplit("/", 1)[0]
        if path != wanted:
            target = path if _a_page(path) else None
    return redirect(target or url_for("admin.dashboard"))


def _complete_sign_in(moderator: Moderator, target: str | None):
    signing_in.signed_in(moderator)
    # A new session: nothing from before signing in (a planted session id, an old CSRF token)
    # carries over.
    session.clear()
    login_user(SignedInModerator(moderator))
    remember_sign_in(moderator)
    audit.record("moderator.signed_in", moderator, actor=acting())
    db.session.commit()
    return _landing(target)


def _refusal(first: str) -> list[str]:
    # The same words whether or not the account exists or is waiting out a delay, so that the
    # page never tells which addresses have accounts.
    return [
        first,
        _(
            "After several failed attempts, an account waits a few minutes before it "
            "accepts a password again."
        ),
    ]


@bp.route("/sign-in", methods=["GET", "POST"])
@sign_in_limit
def sign_in():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return _landing(target)
    if request.method == "GET":
        tell_why_signed_out()
    form = SignInForm()
    if form.validate_on_submit():
        check = signing_in.check_password(form.email.data, form.password.data)
        moderator = check.moderator
        if moderator is not None and moderator.totp_secret:
            session[PENDING_SIGN_IN] = {"id": moderator.id, "at": time.time(), "next": target}
            return redirect(url_for(".sign_in_code"))
        if moderator is not None:
            return _complete_sign_in(moderator, target)
        # The failure and its audit event are kept, whatever the page shows.
        db.session.commit()
        form.form_errors.extend(
            _refusal(_("That email and password do not match an active account."))
        )
    status = 422 if form.errors else 200
    return render_template("auth/sign_in.html", form=form, next=target), status


def _pending_sign_in() -> tuple[Moderator, str | None] | None:
    """The moderator half-way through signing in, and where they were going; None when there is
    none, or the time for the code has run out."""
    pending = session.get(PENDING_SIGN_IN)
    if not isinstance(pending, dict):
        return None
    started = pending.get("at")
    if not isinstance(started, int | float) or not 0 <= time.time() - started <= CODE_STEP_SECONDS:
        return None
    moderator_id = pending.get("id")
    moderator = db.session.get(Moderator, moderator_id) if isinstance(moderator_id, int) else None
    if moderator is None or not moderator.active or not moderator.totp_secret:
        return None
    return moderator, safe_next(pending.get("next"))


def _start_again():
    """Back to the password, with a word when the time for the second step ran out."""
    if session.pop(PENDING_SIGN_IN, None) is not None:
        flash(_("The time to enter your code ran out. Please sign in again."), "error")
    return redirect(url_for(".sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@sign_in_limit
def sign_in_code():
    pending = _pending_sign_in()
    if pending is None:
        return _start_again()
    moderator, target = pending
    form = SignInCodeForm()
    if form.validate_on_submit():
        check = signing_in.check_code(moderator, form.code.data)
        if check.moderator is not None:
            return _complete_sign_in(moderator, target)
        db.session.commit()
        if check.reused_code:
            form.code.errors.append(
                _("That code has been used already. Wait for your app to show a new one.")
            )
        else:
            form.code.errors.append(
                _(
                    "That code is not right. Enter the code your app shows now. After several "
                    "failed attempts, an account waits a few minutes before it accepts a code "
                    "again."
                )
            )
    status = 422 if form.errors else 200
    return render_template("auth/sign_in_code.html", form=form), status


@bp.route("/sign-in/recovery", methods=["GET", "POST"])
@sign_in_limit
def sign_in_recovery():
    pending = _pending_sign_in()
    if pending is None:
        return _start_again()
    moderator, target = pending
    form = SignInRecoveryForm()
    if form.validate_on_submit():
        check = signing_in.check_recovery_code(moderator, form.recovery_code.data)
        if check.moderator is not None:
            landing = _complete_sign_in(moderator, target)
            _flash_codes_left(recovery.remaining(moderator))
            return landing
        db.session.commit()
        # One error, the same whether the code was wrong or the place is waiting: two on one
        # field would read as two mistakes.
        form.recovery_code.errors.append(
            _(
                "That recovery code is not right, or has been used. Each code works once: try "
                "another from your list. After several failed attempts, an account waits a few "
                "minutes before it accepts a code again."
            )
        )
    status = 422 if form.errors else 200
    return render_template("auth/sign_in_recovery.html", form=form), status


def _flash_codes_left(left: int) -> None:
    if left > recovery.FEW_LEFT:
        message = _(
            "You signed in with a recovery code; it cannot be used again. You have %(count)d left.",
            count=left,
        )
    else:
        message = _(
            "You signed in with a recovery code; it cannot be used again. You have %(count)d "
            "left: make a new set on your account page.",
            count=left,
        )
    flash(message, "success" if left > recovery.FEW_LEFT else "error")


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        moderator = current_user.moderator
        audit.record("moderator.signed_out", moderator, actor=acting())
        # A copy of this session's cookie, wherever it went, stops working now.
        accounts.end_sessions(moderator)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for(".sign_in"))


# A link to set a new password ------------------------------------------------------------------


def reset_link(token: str) -> str:
    """The address of the page a reset link opens, for the email or the command line."""
    return absolute(url_for("auth.reset_password", token=token))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@sign_in_limit
def reset_password(token: str):
    moderator = password_reset.holder(token)
    if moderator is None:
        return _reset_link_gone()
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            password_reset.set_password(moderator, token, form.new_password.data)
        except password_reset.LinkUsed:
            db.session.rollback()
            return _reset_link_gone()
        except accounts.AccountError as error:
            form.new_password.errors.append(str(error))
        else:
            db.session.commit()
            # Whoever was signed in in this browser is not any more: a fresh start.
            logout_user()
            session.clear()
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for(".sign_in"))
    page = render_template("auth/reset_password.html", form=form, token=token)
    return page, 422 if form.errors else 200


def _reset_link_gone():
    # The same page whether the link never existed, was used, replaced or has expired.
    return render_template("auth/reset_password_gone.html"), 404


# The account page -----------------------------------------------------------------------------


def _change_password(moderator: Moderator, form: PasswordChangeForm):
    accounts.set_password(moderator, form.new_password.data)
    db.session.commit()
    # The new session token ended every session, this one too: sign this one in again.
    login_user(SignedInModerator(moderator))
    flash(_("Your password has been changed. You are signed out everywhere else."), "success")
    return redirect(url_for(".account"))


def _start_totp(moderator: Moderator, form: TotpStartForm):
    # On the account, not in the session cookie (which its holder can read), and not in use
    # until a code proves the app has it.
    accounts.start_totp(moderator)
    db.session.commit()
    return redirect(url_for(".account", _anchor="two-step"))


def _cancel_totp(moderator: Moderator, form: TotpCancelForm):
    accounts.cancel_totp(moderator)
    db.session.commit()
    return redirect(url_for(".account", _anchor="two-step"))


def _show_codes(codes: list[str], *, turned_on: bool):
    # Shown in this response and nowhere else: not kept in clear, not put in the session
    # cookie, and the panel's pages are never stored by the browser or a cache.
    return render_template("auth/recovery_codes.html", codes=codes, turned_on=turned_on)


def _confirm_totp(moderator: Moderator, form: TotpConfirmForm):
    accounts.enable_totp(moderator, form.secret, form.step)
    codes = recovery.new_set(moderator)
    db.session.commit()
    return _show_codes(codes, turned_on=True)


def _new_recovery_codes(moderator: Moderator, form: RecoveryCodesForm):
    codes = recovery.new_set(moderator)
    db.session.commit()
    return _show_codes(codes, turned_on=False)


def _remove_totp(moderator: Moderator, form: TotpRemoveForm):
    accounts.disable_totp(moderator)
    db.session.commit()
    flash(_("Two-step sign-in is off."), "success")
    return redirect(url_for(".account"))


ACCOUNT_ACTIONS = {
    "password": _change_password,
    "totp_start": _start_totp,
    "totp_cancel": _cancel_totp,
    "totp_confirm": _confirm_totp,
    "totp_remove": _remove_totp,
    "recovery_codes": _new_recovery_codes,
}


@bp.route("/account", methods=["GET", "POST"])
@moderator_required
@sign_in_limit
def account():
    moderator = current_user.moderator
    secret = None if moderator.totp_secret else accounts.pending_totp_secret(moderator)
    if db.session.is_modified(moderator):
        # A set-up whose time ran out was just erased.
        db.session.commit()
        flash(_("The time to set up two-step sign-in ran out. Please start again."), "error")
    forms = {
        "password": PasswordChangeForm(moderator),
        "totp_start": TotpStartForm(),
        "totp_cancel": TotpCancelForm(),
        "totp_confirm": TotpConfirmForm(secret),
        "totp_remove": TotpRemoveForm(moderator),
        "recovery_codes": RecoveryCodesForm(moderator),
    }
    if request.method == "POST":
        sent = next((name for name, form in forms.items() if form.sent()), None)
        if sent is None:
            abort(400)
        if sent == "recovery_codes" and not moderator.totp_secret:
            abort(400)
        if forms[sent].validate():
            return ACCOUNT_ACTIONS[sent](moderator, forms[sent])
    page = render_template(
        "auth/account.html",
        moderator=moderator,
        forms=forms,
        secret=secret,
        totp_uri=accounts.totp_uri(secret, moderator) if secret else None,
        codes_left=recovery.remaining(moderator) if moderator.totp_secret else None,
        few_codes_left=recovery.FEW_LEFT,
    )
    return page, 422 if any(form.errors for form in forms.values()) else 200
