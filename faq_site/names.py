"""How the panel names the people behind what the site stores: a moderator by the address they
sign in with, as the people they work with know them; a visitor and the system in words.

What is stored names a moderator by number only (Moderator.label: the audit trail, a version's
author, a request's log), so that the trail holds no personal data; the words are found when a
page is shown, and only panel pages show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .extensions import db
from .models import Moderator

# Who acted, when not a moderator: the actors audit.py names (the system: a flask command, or a
# scheduled task such as the purge).
ACTORS = {
    "visitor": _l("A visitor"),
    "system": _l("The system"),
}
# A moderator as what the site stores names them (Moderator.label); at most nine digits, so that
# a number typed in the log's address always fits the column it is compared with.
_LABEL = re.compile(r"moderator #([0-9]{1,9})")


def labelled(label: str) -> int | None:
    """The number of the moderator a stored label names, or None."""
    match = _LABEL.fullmatch(label)
    return int(match[1]) if match else None


def moderator_words(moderator: Moderator | None, ident: int | None = None) -> str:
    """A moderator as the people they work with know them: by the address they sign in with,
    marked when the account is deactivated; an account no longer there, by its number."""
    if moderator is None:
        return _("a deleted moderator (#%(id)s)", id=ident)
    if not moderator.active:
        return _("%(email)s (deactivated)", email=moderator.email)
    return moderator.email


def moderators_by_id(wanted: Iterable[int]) -> dict[int, Moderator]:
    wanted = set(wanted)
    if not wanted:
        return {}
    found = db.session.scalars(db.select(Moderator).where(Moderator.id.in_(wanted)))
    return {moderator.id: moderator for moderator in found}


def authors(labels: Iterable[str]) -> dict[str, str]:
    """Each stored label among these that names a moderator, in words (in one query)."""
    idents = {ident for ident in map(labelled, labels) if ident is not None}
    found = moderators_by_id(idents)
    return {Moderator.label_of(i): moderator_words(found.get(i), i) for i in idents}


def actor_choices() -> list[tuple[str, str]]:
    """Whom the log can be filtered by: every moderator, deactivated ones too, then visitors
    and the system. A moderator is chosen by number, so no address enters the page's URL."""
    moderators = db.session.scalars(db.select(Moderator).order_by(Moderator.email))
    return [(str(m.id), moderator_words(m)) for m in moderators] + [
        (name, str(words)) for name, words in ACTORS.items()
    ]
