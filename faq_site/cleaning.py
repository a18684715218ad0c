"""Text people type, as the site stores it: the same cleaning for a question, a request, a
complaint, a moderator's answer and every form's free text."""

from __future__ import annotations

import re
import unicodedata

# Control characters other than line breaks and tabs, and the bidirectional overrides that can
# disguise text, are dropped from anything a person writes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Text as a person meant it: normalised Unicode, Unix line breaks, no control characters
    (NUL, bidirectional overrides), no surrounding space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text).strip()
