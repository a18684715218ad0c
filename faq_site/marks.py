"""The marks the anonymiser leaves on a question for its moderator: pieces it redacted, and pieces
it was unsure of ("checks"), left in the text until a moderator redacts or keeps each one.

A question stores its marks as JSON, one entry per piece: {"kind", "start", "end"} for a redacted
piece, with "certain": false and "resolved": null, "redacted" or "kept" for a check. An entry
without "certain" is a redacted piece, as every entry was before checks existed.

Plain functions; the caller commits.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import audit
from .models import Question

if TYPE_CHECKING:
    from .anonymise import Redaction


class Resolution(enum.StrEnum):
    """What a moderator decided about a check."""

    REDACTED = "redacted"
    KEPT = "kept"


@dataclass(frozen=True)
class Mark:
    """One marked piece of a question's original, with the moderator's decision if it needs one."""

    index: int
    kind: str
    start: int
    end: int
    text: str
    certain: bool = True
    resolved: Resolution | None = None

    @property
    def is_check(self) -> bool:
        return not self.certain

    @property
    def is_open(self) -> bool:
        """A check still waiting for the moderator."""
        return self.is_check and self.resolved is None

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


class NoSuchCheck(LookupError):
    """The question has no check at that position."""


class AlreadyDecided(ValueError):
    """The check was redacted or kept already."""

    def __init__(self, resolution: Resolution) -> None:
        super().__init__(resolution.value)
        self.resolution = resolution


class StillToCheck(ValueError):
    """A wording about to be published still holds values a moderator has not checked."""

    def __init__(self, checks: list[Mark]) -> None:
        super().__init__(f"{len(checks)} checks still open")
        self.checks = checks


def entries(redactions: Iterable[Redaction]) -> list[dict]:
    """The anonymiser's findings as a question stores them: where each piece is and its kind, and
    for a possible piece, that it waits for a moderator."""
    stored = []
    for redaction in redactions:
        entry: dict = {"kind": redaction.kind, "start": redaction.start, "end": redaction.end}
        if not redaction.certain:
            entry.update(certain=False, resolved=None)
        stored.append(entry)
    return stored


def marks(question: Question) -> list[Mark]:
    """Every marked piece of the question's original, in order; none once the original is gone."""
    if question.original is None:
        return []
    found = []
    for index, entry in enumerate(question.redactions or []):
        start, end = entry["start"], entry["end"]
        resolved = entry.get("resolved")
        found.append(
            Mark(
                index=index,
                kind=entry["kind"],
                start=start,
                end=end,
                text=question.original[start:end],
                certain=entry.get("certain", True) is not False,
                resolved=Resolution(resolved) if resolved else None,
            )
        )
    return found


def segments(question: Question) -> list[tuple[str, Mark | None]]:
    """The original cut into plain and marked pieces, for highlighting, while it exists."""
    if question.original is None:
        return []
    pieces: list[tuple[str, Mark | None]] = []
    position = 0
    for mark in marks(question):
        if mark.start > position:
            pieces.append((question.original[position : mark.start], None))
        pieces.append((mark.text, mark))
        position = max(position, mark.end)
    pieces.append((question.original[position:], None))
    return [piece for piece in pieces if piece[0]]


def checks(question: Question) -> list[Mark]:
    """The question's checks, decided or not, one per value and kind (a value met twice is
    decided once)."""
    seen: set[tuple[str, str]] = set()
    found = []
    for mark in marks(question):
        key = (mark.text.casefold(), mark.kind)
        if mark.is_check and mark.text.strip() and key not in seen:
            seen.add(key)
            found.append(mark)
    return found


def open_checks(question: Question) -> list[Mark]:
    """The checks a moderator has still to redact or keep."""
    return [mark for mark in checks(question) if mark.is_open]


def _pattern(value: str) -> re.Pattern[str]:
    """The value wherever it stands as a word of its own, in any case."""
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)


def appears(value: str, text: str | None) -> bool:
    """Whether text holds the value: the exact characters, or the same word in another case."""
    if not text or not value.strip():
        return False
    return value in text or bool(_pattern(value).search(text))


def replace(value: str, placeholder: str, text: str) -> str:
    """Text with every occurrence of the value, exact or as a word in another case, replaced."""
    return _pattern(value).sub(placeholder, text.replace(value, placeholder))


def still_in(question: Question, wording: str) -> list[Mark]:
    """The open checks whose value is still in a wording the moderator means to publish."""
    return [mark for mark in open_checks(question) if appears(mark.text, wording)]


def resolve(
    question: Question, index: int, resolution: Resolution, *, wording: str | None = None
) -> str | None:
    """Redact or keep one check of an undecided question, and every other check of the same
    value and kind with it.

    Redacting replaces the value by its placeholder in the anonymised text, in the stored public
    wording and in `wording` (what the moderator is writing, returned changed); keeping leaves
    the texts as they are. Audited by kind and position, never by value.
    """
    found = marks(question)
    if not 0 <= index < len(found) or not found[index].is_check:
        raise NoSuchCheck(index)
    chosen = found[index]
    if chosen.resolved is not None:
        raise AlreadyDecided(chosen.resolved)
    value = chosen.text.casefold()
    same = {
        mark.index
        for mark in found
        if mark.is_open and mark.kind == chosen.kind and mark.text.casefold() == value
    }
    question.redactions = [
        {**entry, "resolved": resolution.value} if position in same else entry
        for position, entry in enumerate(question.redactions or [])
    ]
    if resolution is Resolution.REDACTED:
        question.redacted = replace(chosen.text, chosen.placeholder, question.redacted)
        if question.public_text:
            question.public_text = replace(chosen.text, chosen.placeholder, question.public_text)
        if wording is not None:
            wording = replace(chosen.text, chosen.placeholder, wording)
    audit.record(
        f"question.check_{resolution.value}",
        question,
        detail={"check": index, "kind": chosen.kind, "occurrences": len(same)},
    )
    return wording
