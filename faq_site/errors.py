"""Friendly error pages, for every HTTP error and for a crash."""

from __future__ import annotations

from flask import Flask, make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .http_cache import no_store


def _titles() -> dict[int, str]:
    return {
        400: _("That request could not be understood"),
        403: _("You may not see this page"),
        404: _("Page not found"),
        405: _("That action is not allowed here"),
        409: _("That has already been done"),
        410: _("This page has been taken down"),
        413: _("That is too much to send"),
        429: _("Too many requests"),
        500: _("Something went wrong on our side"),
        503: _("The site is not available right now"),
    }


def render_error(error: HTTPException):
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
    db.session.rollback()
    return render_error(error)


def register(app: Flask) -> None:
    app.register_error_handler(InternalServerError, handle_crash)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, render_error)
