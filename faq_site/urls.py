"""Absolute addresses, for feeds, the sitemap and emails, which are read away from the site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for

# A URL builder: an endpoint and its values to the page's full address. The views hand
# `link` to the domain code (moderation, the request workflow), which never calls url_for
# itself, so that it runs the same in a request, a command or a plain test.
Link = Callable[..., str]


def absolute(path: str) -> str:
    """The full address of a path on this site.

    SITE_URL, when set, is the public address: feeds and the sitemap then never depend on the
    Host header a client sent, and an Atom id stays the same however the site was reached.
    A path that is already a full address (a link to the live site in a static copy) is left
    as it is.
    """
    if path.startswith(("https://", "http://")):
        return path
    base = current_app.config.get("SITE_URL")
    if not base and has_request_context():
        base = request.host_url
    if not base:
        raise RuntimeError(
            "Set FLASK_SITE_URL to the site's public address, e.g. https://gdpr.example"
        )
    return base.rstrip("/") + path


def link(endpoint: str, /, **values) -> str:
    """The full address of one of the site's pages: the Link the views hand to the domain."""
    return absolute(url_for(endpoint, **values))


def site_links() -> Link:
    """A Link for code that runs away from any request, as a mail worker does: every address
    starts at SITE_URL (or, without it, at SERVER_NAME, as Flask's url_for would). In a
    request, the request's own Link."""
    if has_request_context():
        return link
    app = current_app._get_current_object()
    adapters = []

    def build(endpoint: str, /, **values) -> str:
        if not adapters:  # SITE_URL is needed only once a link is made
            base = app.config.get("SITE_URL")
            if not base and app.config.get("SERVER_NAME"):  # as url_for does away from a request
                base = f"{app.config['PREFERRED_URL_SCHEME']}://{app.config['SERVER_NAME']}"
            if not base:
                raise RuntimeError(
                    "Set FLASK_SITE_URL to the site's public address, e.g. https://gdpr.example"
                )
            parts = urlsplit(base)
            adapters.append(
                app.url_map.bind(
                    parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
                )
            )
        return adapters[0].build(endpoint, values, force_external=True)

    return build
