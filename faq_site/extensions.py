"""The Flask extensions, created unbound so that every module can import them without the app."""

import hashlib
import hmac

from flask import current_app
from flask_babel import Babel, gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints keep migrations reversible on SQLite's batch mode and on PostgreSQL alike.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
mail = Mail()
login_manager = LoginManager()


def client_key() -> str:
    """The client's address as a keyed hash: limits still count per address, but neither the
    store that counts them (Redis) nor the limiter's log lines hold the address itself."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    address = get_remote_address() or ""
    return hmac.new(secret, b"rate-limit:" + address.encode(), hashlib.sha256).hexdigest()[:24]


# Limits are declared on the views; storage comes from RATELIMIT_STORAGE_URI (memory by default,
# Redis in production so that every app server counts the same requests).
limiter = Limiter(key_func=client_key)


def accepted(response) -> bool:
    """Whether a form was taken (a redirect); a form sent back with its errors (400) does not
    count against a visitor's limit, so that correcting two mistakes is not "too many"."""
    return response.status_code < 400


def too_many_forms() -> str:
    """What a visitor reads when a public form has been sent too often: that nothing is lost."""
    return gettext(
        "You have sent this form several times in a short while, so we have not taken this one. "
        "Wait a few minutes, then go back with your browser's Back button, which keeps what you "
        "typed, and send it again."
    )


def form_kept_words() -> str:
    """What a visitor reads above a form sent back to them because it was sent too often."""
    return gettext(
        "You have sent this form several times in a short while, so we have not taken it. What "
        "you typed is kept below: wait a few minutes, then send it again."
    )


# The limits the forms that email the address typed in them share (a request, a complaint, an
# objection, a subscription): one place may send so many of them together, not so many of each.
# The first counts the forms taken, after the answer, so that correcting mistakes is not "too
# many"; being counted after, it cannot stop sends made all at once. The second counts every
# send the moment it arrives, in one step of the store, so that a burst sent in parallel is
# stopped at its size. Both are shared by scope, so each view's own pair counts together.
def _limits(refused):
    taken = limiter.shared_limit(
        lambda: current_app.config["REQUEST_RATE_LIMIT"],
        scope="emailing-forms",
        methods=["POST"],
        deduct_when=accepted,
        error_message=too_many_forms,
        on_breach=refused,
    )
    burst = limiter.shared_limit(
        lambda: current_app.config["REQUEST_BURST_LIMIT"],
        scope="emailing-forms-burst",
        methods=["POST"],
        error_message=too_many_forms,
        on_breach=refused,
    )
    return taken, burst


def emailing_form_limit(view=None, *, refused=None):
    """Both limits of the forms that send an email to the address typed in them. `refused`, when
    given, makes the page a refused send gets (the form again, as it was sent, with why), as
    Flask-Limiter's on_breach; without it, or when it gives None, the error page says why."""

    def limited(view):
        taken, burst = _limits(refused)
        return burst(taken(view))

    return limited(view) if view is not None else limited
