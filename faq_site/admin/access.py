"""Who may see the panel: the session's moderator, and one decorator per role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, abort
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


def load_moderator(session_id: str) -> SignedInModerator | None:
    moderator_id, _, token = session_id.partition(":")
    if not moderator_id.isdigit() or not token:
        return None
    moderator = db.session.get(Moderator, int(moderator_id))
    if moderator is None or not moderator.active or moderator.session_token != token:
        return None
    return SignedInModerator(moderator)


def moderator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed-in moderators only; others are sent to sign in and brought back."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return guarded


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Admins only: a moderator without the role gets 403."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def private(response: Response) -> Response:
    """Panel pages are never stored by a browser or a cache, so the back button after signing
    out shows nothing of them."""
    return private_page(response)
