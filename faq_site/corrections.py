"""Putting right what a published version says: a same-day correction, and withdrawing a version.

A version's address never changes meaning, so a version is not rewritten once readers may have
relied on it, with two exceptions, both said on its page:

- **Correction**: the version put in force *today* may have its words replaced the same day; its
  page says it was corrected, when, and what was corrected.
- **Withdrawal**: a version that is no longer (or not yet) in force may be taken out of the public
  history, when its words must not stay public (personal data, most often). Its title, summary
  and text are erased from the database, and so from search, feeds and cached pages; its address
  answers 410 Gone with the date and the reason. The version in force cannot be withdrawn: put a
  new version (or a correction) in force first, or unpublish the whole entry.

Each function changes the session and leaves the commit to the caller, so the change, its audit
event, the search rows and the content revision are stored together or not at all.
"""

from __future__ import annotations

from flask_babel import gettext as _

from . import audit
from .cleaning import clean_text
from .clock import today
from .extensions import db
from .models import Document, Origin, Question, Version, utcnow
from .moderation import rendered_version
from .publishing import changed
from .versions import Timeline

REASON_MAX = 500


class Refused(ValueError):
    """The change is not allowed now; the message says why, in words for the moderator."""


def correctable(document: Document) -> Version | None:
    """The version that may be corrected in place: the one in force that took effect today."""
    current = Timeline(list(document.versions), today()).current
    return current if current is not None and current.effective == today() else None


def correct(
    document: Document,
    *,
    title: str,
    answer: str,
    note: str,
    editorial: bool,
    author: str,
    by: audit.Actor,
) -> Version:
    """Replace the words of the version that took effect today, noting what was corrected."""
    version = correctable(document)
    if version is None:
        raise Refused(_("No version of this answer took effect today: publish a new version."))
    replacement = rendered_version(
        title, answer, version.summary, version.effective, editorial, author
    )
    _forget_copies(document, version, title=replacement.title, answer=replacement.markdown)
    for column in ("title", "markdown", "html", "toc_html", "source_sha256", "editorial"):
        setattr(version, column, getattr(replacement, column))
    version.corrected = utcnow()
    version.correction_note = clean_text(note)
    audit.record(
        "answer.corrected",
        document,
        detail={"version": version.id, "effective": version.effective.isoformat()},
        actor=by,
    )
    changed([document])
    return version


def withdrawable(document: Document, version: Version) -> str | None:
    """Why the version cannot be withdrawn, or None when it can."""
    if version.document_id != document.id:
        return _("That version belongs to another text.")
    if version.withdrawn is not None:
        return _("That version is already withdrawn.")
    if version is Timeline(list(document.versions), today()).current:
        if document.origin is Origin.FILE:
            return _(
                "This is the version in force, so it cannot be withdrawn: put a new version in "
                "force first (a file dated today under content/, then flask content sync)."
            )
        return _(
            "This is the version in force, so it cannot be withdrawn: publish a corrected "
            "version first (or correct it, if it took effect today), or unpublish the answer."
        )
    return None


def reason_problem(reason: str) -> str | None:
    """What is wrong with the reason readers are to see for a withdrawal, or None."""
    reason = clean_text(reason)
    if not reason or len(reason) > REASON_MAX:
        return _("Give the reason readers will see, in at most 500 characters.")
    return None


def withdraw(document: Document, version: Version, *, reason: str, by: audit.Actor) -> None:
    """Take a version out of the public history and erase its words."""
    problem = withdrawable(document, version) or reason_problem(reason)
    if problem:
        raise Refused(problem)
    reason = clean_text(reason)
    _forget_copies(document, version, title=None, answer=None)
    version.withdrawn = utcnow()
    version.withdrawn_reason = reason
    # The title goes too: it may hold what the text did. The file hash stays, so that a sync of
    # the same file sees nothing new to load (see content.py).
    version.title = ""
    version.summary = ""
    version.markdown = ""
    version.html = ""
    version.toc_html = ""
    version.correction_note = None
    audit.record(
        "answer.version_withdrawn",
        document,
        detail={"version": version.id, "effective": version.effective.isoformat()},
        actor=by,
    )
    changed([document])


def _forget_copies(
    document: Document, version: Version, *, title: str | None, answer: str | None
) -> None:
    """The question an answer was published from keeps the first wording: it follows the
    version's correction, or goes with its withdrawal."""
    for question in db.session.scalars(
        db.select(Question).where(Question.document_id == document.id)
    ):
        if question.answer == version.markdown:
            question.answer = answer
        if question.public_text == version.title:
            question.public_text = title
