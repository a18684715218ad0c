"""The address a form has just emailed, shown on its "check your email" page, so that a person
can spot a typing error there ("We have sent a link to ann@exmaple.com").

The session cookie holds nothing about the visitor, so it keeps only which row the form stored
(a request's one-time form token, a subscription's number), for the next page alone, and that
page reads the address from the database. The page is private (no-store); the address is never
in an address bar, so never in a log.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import session

_KEY = "sent_to"


def remember(page: str, row: str | int) -> None:
    """Say which row the `page` (its endpoint: 'notices.sent') is to show the address of."""
    session[_KEY] = [page, row]


def recall(page: str, address_of: Callable[[str | int], str | None]) -> str | None:
    """The address for this page, once: None when the form stored nothing (a robot's send)
    or the row has gone since."""
    kept = session.pop(_KEY, None)
    if not kept or kept[0] != page:
        return None
    return address_of(kept[1])
