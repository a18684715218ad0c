"""Who may see the panel: the session's moderator, and one decorator per role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, abort, flash, g, session
from flask_babel import gettext as _
from flask_login import UserMixin, current_user

from .. import audit
from ..extensions import db, login_manager
from ..http_cache import private_page
from ..models import Moderator


class SignedInModerator(UserMixin):
    """The moderator behind a session. The session id carries the moderator's session token, so
    that changing the token (at sign-in and sign-out) ends every older session at once."""

    def __init__(self, moderator: Moderator) -> None:
        self.moderator = moderator

    def get_id(self) -> str:
        return f"{self.moderator.id}:{self.moderator.session_token}"

    @property
    def id(self) -> int:
        return self.moderator.id

    @property
    def is_admin(self) -> bool:
        return self.moderator.is_admin

    @property
    def is_active(self) -> bool:
        return self.moderator.active

    @property
    def label(self) -> str:
        return self.moderator.label

    @property
    def email(self) -> str:
        return self.moderator.email


def acting() -> audit.Actor:
    """Who is acting in this request, as the audit trail and a request's log name them: the
    signed-in moderator, or the site itself before anyone has signed in."""
    if getattr(current_user, "is_authenticated", False):
        return audit.Actor(current_user.label, current_user.id)
    return audit.SYSTEM


# When this session signed in (the moderator's last_login then, as a timestamp): a later
# sign-in of the same account is what ended it, if its token has changed since.
SIGNED_IN_AT = "signed_in_at"
# Flask-Login's keys for the signed-in user, dropped with ours once a session is known to be over.
_IDENTITY_KEYS = ("_user_id", "_fresh", "_id", SIGNED_IN_AT)


def remember_sign_in(moderator: Moderator) -> None:
    """Note in the new session when it signed in, to tell it later why it ended."""
    if moderator.last_login is not None:
        session[SIGNED_IN_AT] = moderator.last_login.timestamp()


def load_moderator(session_id: str) -> SignedInModerator | None:
    moderator_id, _, token = session_id.partition(":")
    if not moderator_id.isdigit() or not token:
        return None
    moderator = db.session.get(Moderator, int(moderator_id))
    if moderator is None or not moderator.active:
        return None
    if moderator.session_token != token:
        # Ended since: the panel's guards tell the person why on this request.
        g.session_ended = _why_ended(moderator)
        return None
    return SignedInModerator(moderator)


def _why_ended(moderator: Moderator) -> str:
    signed_in_at = session.get(SIGNED_IN_AT)
    later = moderator.last_login.timestamp() if moderator.last_login is not None else None
    if isinstance(signed_in_at, int | float) and later is not None and later > signed_in_at:
        return "elsewhere"
    return "ended"


def tell_why_signed_out() -> None:
    """A session that an event elsewhere ended is told so, once: the words go with the page it
    is sent to, and the old identity leaves its cookie. A session that merely lapsed or never
    was is told nothing."""
    why = g.pop("session_ended", None)
    if why is None:
        return
    for key in _IDENTITY_KEYS:
        session.pop(key, None)
    if why == "elsewhere":
        flash(
            _(
                "You were signed out because your account signed in on another device or "
                "browser. If that was not you, sign in and change your password."
            ),
            "error",
        )
    else:
        flash(
            _(
                "You were signed out because your account was signed out elsewhere or its "
                "password was changed. Please sign in again."
            ),
            "error",
        )


def _sign_in_first():
    tell_why_signed_out()
    return login_manager.unauthorized()


def moderator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed-in moderators only; others are sent to sign in and brought back."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return _sign_in_first()
        return view(*args, **kwargs)

    return guarded


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Admins only: a moderator without the role gets 403."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return _sign_in_first()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def private(response: Response) -> Response:
    """Panel pages are never stored by a browser or a cache, so the back button after signing
    out shows nothing of them."""
    return private_page(response)
