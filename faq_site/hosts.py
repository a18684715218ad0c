"""Which Host headers the site answers: its own names only, and never one it cannot parse.

A request for another name is refused with a short 400 before it reaches the page cache or
Flask: such names would each fill a cache entry of their own, and a name Werkzeug cannot encode
(a label over 63 characters) would crash the routing. /healthz answers whatever the name, since
load balancers often check a server by its address.

The names come from ALLOWED_HOSTS when it is set (a comma-separated list; a leading dot allows
every subdomain), else from SITE_URL's host and Flask's SERVER_NAME; on a development machine
(DEBUG) the loopback names are allowed too. With none of them set (tests, a first run), any
well-formed name is answered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_IPV6 = re.compile(r"\[[0-9a-f:.]{2,45}\]\Z")
_PORT = re.compile(r"[0-9]{1,5}\Z")
REFUSAL = b"Bad request: this server does not answer for that host name.\n"


def split_host(header: str) -> tuple[str, str] | None:
    """The name and port of a Host header, lowercased, or None when it is not a well-formed
    DNS name or IP literal (at most 253 characters, labels of 1-63 letters, digits or hyphens)."""
    host = header.strip().lower()
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not name or (port and not _PORT.match(port)):
        name, port = host, ""
    if port and int(port) > 65535:
        return None
    if _IPV6.match(name):
        return name, port
    bare = name[:-1] if name.endswith(".") else name
    if not bare or len(bare) > 253 or not all(_LABEL.match(label) for label in bare.split(".")):
        return None
    return bare, port


def allowed_names(config) -> tuple[str, ...] | None:
    """The host names this site answers for, or None for any well-formed one."""
    listed = config.get("ALLOWED_HOSTS")
    if isinstance(listed, str):
        listed = [name for name in (part.strip() for part in listed.split(",")) if name]
    names = [name.lower() for name in listed or ()]
    if not names:
        for address in (config.get("SITE_URL"), config.get("SERVER_NAME")):
            host = address and urlsplit(address if "//" in address else "//" + address).hostname
            if host and host not in names:
                names.append(host)
    if not names:
        return None
    if config.get("DEBUG"):
        names.extend(LOOPBACK)
    return tuple(names)


def answers_for(name: str, allowed: tuple[str, ...] | None) -> bool:
    if allowed is None:
        return True
    return any(
        name == entry or (entry.startswith(".") and name.endswith(entry)) for entry in allowed
    )


class HostGuard:
    """WSGI middleware, outside the page cache: refuses a request for a host the site does not
    serve with a plain 400 and one log line."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.config = app.config
        self.wsgi_app = wsgi_app
        self._allowed: tuple[tuple, tuple[str, ...] | None] = ((), None)

    def allowed(self) -> tuple[str, ...] | None:
        # Read from the configuration each time (tests and commands change it after start-up),
        # derived again only when it changed.
        source = tuple(
            self.config.get(name) for name in ("ALLOWED_HOSTS", "SITE_URL", "SERVER_NAME")
        )
        if source != self._allowed[0]:
            self._allowed = (source, allowed_names(self.config))
        return self._allowed[1]

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        header = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        parts = split_host(header)
        if parts is not None and environ.get("PATH_INFO") == HEALTH_PATH:
            return self.wsgi_app(environ, start_response)
        if parts is not None and answers_for(parts[0], self.allowed()):
            return self.wsgi_app(environ, start_response)
        # The name itself is not logged: it is whatever a client chose to send.
        log.warning(
            "Refused a request for a host name this site does not serve (%d characters).",
            len(header),
        )
        start_response(
            "400 BAD REQUEST",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(REFUSAL))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [REFUSAL]
