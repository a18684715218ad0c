"""The words a subscriber agrees to, each kept under its version, so that a subscription can
show what was agreed to when its consent was given. A change to the words is a new version:
add it here, point CURRENT_WORDING at it, and leave the old ones as they were."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

WORDINGS = {
    "2026-12-07": _l(
        "Email me when the GDPR statement or the register of sub-processors that I choose is "
        "about to change, with what changes and from when. I can change my choice or stop "
        "these emails at any time from a link in each of them; stopping erases my address."
    ),
}
CURRENT_WORDING = "2026-12-07"


def wording(version: str) -> str:
    """The words agreed to under a version, or a note that the version is unknown."""
    found = WORDINGS.get(version)
    return str(found) if found is not None else f"(wording {version})"
