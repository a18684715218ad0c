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
    """A wording about to be published still holds values a moderator has not checked, or values
    that were redacted (by the anonymiser or a moderator) and have come back."""

    def __init__(self, checks: list[Mark], redacted: list[Mark] | None = None) -> None:
        super().__init__(f"{len(checks)} checks still open, {len(redacted or [])} redacted back")
        self.checks = checks
        self.redacted = redacted or []


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


# Words of a name that say nothing on their own: a title or a particle.
_NOT_ON_THEIR_OWN = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "van", "von",
     "der", "den", "de", "da", "di", "del", "la", "le", "du"}
)  # fmt: skip


def _patterns(value: str, kind: str) -> list[re.Pattern[str]]:
    """How a value can stand in a text: as a whole, in any case and however it is spaced, and for
    a name of several words, each word of it alone ("Quextrel" after "Brennanova Quextrel")."""
    words = value.split()
    if not words:
        return []
    spaced = r"\s+".join(map(re.escape, words))
    found = [re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)]
    if kind == "name" and len(words) > 1:
        found.extend(
            re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            for word in words
            if len(word.strip(".")) >= 3 and word.casefold().strip(".") not in _NOT_ON_THEIR_OWN
        )
    return found


def appears(value: str, text: str | None, kind: str = "") -> bool:
    """Whether text holds the value as a word of its own (or, for a name, a word of it)."""
    return bool(text) and any(pattern.search(text) for pattern in _patterns(value, kind))


def replace(value: str, placeholder: str, text: str, kind: str = "") -> str:
    """Text with every whole-word occurrence of the value (and of each word of a name) replaced."""
    for pattern in _patterns(value, kind):
        text = pattern.sub(placeholder, text)
    return text


def still_in(question: Question, wording: str) -> tuple[list[Mark], list[Mark]]:
    """What a wording the moderator means to publish still holds: open checks, and values that
    were redacted (by the anonymiser, or by a moderator deciding a check) and are back."""
    open_found, redacted_found, seen = [], [], set()
    for mark in marks(question):
        key = (mark.text.casefold(), mark.kind)
        if (
            mark.resolved is Resolution.KEPT
            or key in seen
            or not appears(mark.text, wording, mark.kind)
        ):
            continue
        seen.add(key)
        (open_found if mark.is_open else redacted_found).append(mark)
    return open_found, redacted_found


def redact_open(question: Question) -> None:
    """Replace every value still waiting for a check in the texts kept with the question: done
    when it is decided or its original erased, so that no unchecked value outlives its marks."""
    for mark in open_checks(question):
        question.redacted = replace(mark.text, mark.placeholder, question.redacted, mark.kind)
        if question.public_text:
            question.public_text = replace(
                mark.text, mark.placeholder, question.public_text, mark.kind
            )


def resolve(
    question: Question,
    index: int,
    resolution: Resolution,
    *,
    wording: str | None = None,
    by: audit.Actor,
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
        kind = chosen.kind
        question.redacted = replace(chosen.text, chosen.placeholder, question.redacted, kind)
        if question.public_text:
            question.public_text = replace(
                chosen.text, chosen.placeholder, question.public_text, kind
            )
        if wording is not None:
            wording = replace(chosen.text, chosen.placeholder, wording, kind)
    audit.record(
        f"question.check_{resolution.value}",
        question,
        detail={"check": index, "kind": chosen.kind, "occurrences": len(same)},
        actor=by,
    )
    return wording
