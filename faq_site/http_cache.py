"""Caching headers for public pages: shared caches may keep them, browsers revalidate by ETag."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, make_response, request
from flask.typing import ResponseReturnValue

from .page_cache import KEEP, QUERY_READ


def public_cache(
    view: Callable[..., ResponseReturnValue] | None = None,
    *,
    in_worker: bool = True,
    reads: tuple[str, ...] = (),
) -> Any:
    """Mark a page as the same for every reader: cacheable, with an ETag and 304 replies.

    With in_worker (the default), each worker also keeps the whole response until the content
    changes or the day turns (see page_cache); a page that changes otherwise, or whose
    addresses are endless (search results), leaves it out. A kept page must name in `reads`
    every query parameter it reads: the others are left out of the address it is kept under.
    """
    if view is None:
        return lambda view: public_cache(view, in_worker=in_worker, reads=reads)
    if in_worker:
        QUERY_READ.update(reads)

    @wraps(view)
    def cached(*args: Any, **kwargs: Any):
        response = make_response(view(*args, **kwargs))
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            if in_worker:
                request.environ[KEEP] = True
            response.cache_control.public = True
            response.cache_control.max_age = current_app.config["PUBLIC_MAX_AGE"]
            response.add_etag()
            response = response.make_conditional(request)
            # make_conditional stamps a Date header; the server adds its own, so keep one.
            del response.headers["Date"]
        return response

    return cached


def no_store(response):
    response.cache_control.no_store = True
    return response


def private_page(response):
    """A page that carries a form's CSRF token or a private link: never cached, indexed, or
    passed on as a referrer."""
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
