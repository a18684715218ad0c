"""Guards on what a request may carry, so that odd input is a clear 400, never a crash."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

# Ids fit a 32-bit column on every database; a larger number names nothing.
LARGEST_ID = 2**31 - 1
LARGEST_PAGE = 10_000


class IdConverter(IntegerConverter):
    """<int:...> in every route: a whole number no larger than a database id can be."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


def refuse_nul_bytes() -> None:
    """PostgreSQL refuses text with a NUL byte in it; no honest address has one.

    Public forms clean what people type (a pasted NUL is dropped, not refused); the panel's
    forms are refused outright.
    """
    values = [request.path, *request.args.values()]
    if (
        request.method == "POST"
        and request.path.startswith("/admin")
        # Not multipart: an upload's view sets its own size limit before the body is read.
        and request.mimetype == "application/x-www-form-urlencoded"
    ):
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400, description=_("What was sent contains a character no text may hold (NUL)."))


def page_number() -> int:
    """The page of a list asked for, within sensible bounds."""
    value = request.args.get("page", "1")
    number = int(value) if value.isascii() and value.isdigit() and len(value) < 6 else 1
    return min(max(number, 1), LARGEST_PAGE)
