"""Friendly error pages, for every HTTP error and for a crash."""

from __future__ import annotations

import logging

from flask import Flask, make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InternalError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import Conflict, HTTPException, InternalServerError, ServiceUnavailable

from .extensions import db
from .health import write_refused
from .http_cache import no_store

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again when the database did not answer.
RETRY_AFTER_SECONDS = 30


def _titles() -> dict[int, str]:
    return {
        400: _("That request could not be understood"),
        403: _("You may not see this page"),
        404: _("Page not found"),
        405: _("That action is not allowed here"),
        409: _("That cannot be done now"),
        410: _("This page has been taken down"),
        413: _("That is too much to send"),
        429: _("Too many requests"),
        500: _("Something went wrong on our side"),
        503: _("The site is not available right now"),
    }


def render_error(error: HTTPException):
    if error.response is not None:
        # The view made its own page for this error (the ask form, kept as it was sent, when
        # the rate limit refuses it).
        return error.response
    code = error.code or 500
    # Only a description written for this case is shown; the framework's defaults are generic.
    custom = error.description != type(error).description
    description = error.description if custom and code != 500 else None
    body = render_template(
        "errors/error.html",
        code=code,
        title=_titles().get(code, error.name),
        description=description,
    )
    response = make_response(body, code)
    if code != 500:
        # Keep what the error needs the client to know, such as Allow on a 405.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    return no_store(response)


def handle_csrf(error: CSRFError):
    # Flask-WTF's reasons name its internals; a person needs to know what to do.
    error.description = _(
        "This form has expired, or was not sent from this site. Go back, reload the page and "
        "send it again."
    )
    return render_error(error)


def handle_crash(error: InternalServerError):
    # Flask has logged the exception already. The transaction may be half-done: roll it back so
    # that nothing of it is stored.
    _roll_back()
    if write_refused(error.original_exception):
        return _cannot_store()
    return render_error(error)


def _cannot_store():
    return render_error(
        ServiceUnavailable(
            description=_(
                "We cannot store anything right now, so nothing you sent has been saved. "
                "Reading the site still works. Please try again later."
            ),
            retry_after=RETRY_AFTER_SECONDS,
        )
    )


def handle_database_unavailable(error: OperationalError | PoolTimeoutError):
    """The database was locked, restarted or out of connections: nothing of the request is
    stored, and the person is asked to try again rather than shown a crash."""
    _roll_back()
    if write_refused(error):
        logger.warning("The database refused a write (%s); it was rolled back.", _cause(error))
        return _cannot_store()
    logger.warning(
        "The database did not answer during a request (%s); its changes were rolled back.",
        _cause(error),
    )
    return render_error(
        ServiceUnavailable(
            description=_("Our database did not answer in time. Please try again in a minute."),
            retry_after=RETRY_AFTER_SECONDS,
        )
    )


def handle_conflict(error: IntegrityError):
    """Another request stored a clashing row (the same address for an answer, say) between this
    one's reading and its writing: the whole change is rolled back, and can simply be redone."""
    _roll_back()
    logger.warning(
        "A change clashed with one stored at the same moment (%s); it was rolled back.",
        _cause(error),
    )
    return render_error(
        Conflict(
            description=_(
                "Someone else changed the same thing at the same moment, so nothing you sent "
                "has been saved. Go back, reload the page and send it again."
            )
        )
    )


def handle_write_refused(error: InternalError):
    """A database that refuses to write (PostgreSQL made read-only, a replica after a failover)
    is a 503 like one that does not answer; any other internal error is a crash."""
    if not write_refused(error):
        raise error
    _roll_back()
    logger.warning("The database refused a write (%s); it was rolled back.", _cause(error))
    return _cannot_store()


def _cause(error: SQLAlchemyError) -> str:
    # The driver's class and the constraint's name only: the message itself may quote values.
    original = error.orig if isinstance(error, DBAPIError) else None
    name = type(original or error).__name__
    constraint = getattr(getattr(original, "diag", None), "constraint_name", None)
    return f"{name} on {constraint}" if constraint else name


def _roll_back() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        # A connection that died mid-request cannot even roll back; the database has dropped
        # its transaction already, and the session must not hand the connection out again.
        db.session.invalidate()


def register(app: Flask) -> None:
    app.register_error_handler(InternalServerError, handle_crash)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(PoolTimeoutError, handle_database_unavailable)
    app.register_error_handler(IntegrityError, handle_conflict)
    app.register_error_handler(InternalError, handle_write_refused)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, render_error)
