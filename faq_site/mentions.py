"""Finding a person's email address or phone number in what people wrote in their questions,
however it is written: in any case, with or without spaces, dashes or the country code.

Plain functions that need no web request; they work alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import phonenumbers
from sqlalchemy import ColumnElement, func

from .extensions import db
from .models import Question

# Only a whole address is looked for in what people wrote: "example.com" is in many questions.
_WHOLE_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Phone numbers are read as the site's visitors write them: UK ones without their country code.
PHONE_REGION = "GB"
_PHONE_MIN_DIGITS = 7
# What people put between the digits of a phone number; taken out before the digits are compared.
_PHONE_SEPARATORS = (" ", "-", ".", "(", ")", "/", "\u00a0", "\u2010", "\u2011", "\u2013", "\t")


def phone_number(text: str) -> phonenumbers.PhoneNumber | None:
    """A phone number as typed, in any format ("07700 900123", "+44 7700 900123"); None when it
    cannot be one."""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if len(str(number.national_number)) < _PHONE_MIN_DIGITS:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def questions_mentioning(email: str, number: phonenumbers.PhoneNumber | None) -> list[Question]:
    """Questions whose kept text mentions the address or the number. The database narrows the
    rows (on SQLite and PostgreSQL alike: lower case, separators taken out of numbers); each
    candidate is then read as a person would."""
    found: list[Question] = []
    if _WHOLE_ADDRESS.fullmatch(email):
        pattern = _email_pattern(email)
        candidates = db.session.scalars(
            db.select(Question)
            .where(func.lower(Question.original).contains(func.lower(email)))
            .order_by(Question.id)
        )
        found += [question for question in candidates if pattern.search(question.original)]
    if number is not None:
        digits = str(number.national_number)
        candidates = db.session.scalars(
            db.select(Question)
            .where(_without_separators(Question.original).contains(digits))
            .order_by(Question.id)
        )
        found += [q for q in candidates if q not in found and _mentions(q.original, number)]
    return found


def _email_pattern(email: str) -> re.Pattern[str]:
    """The address as a whole, in any case: not "ada@example.com" inside "nada@example.com" or
    "ada@example.community"."""
    return re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)", re.IGNORECASE | re.UNICODE)


def _without_separators(column: ColumnElement) -> ColumnElement:
    for separator in _PHONE_SEPARATORS:
        column = func.replace(column, separator, "")
    return column


def _mentions(text: str, number: phonenumbers.PhoneNumber) -> bool:
    """Whether the text holds the phone number, however it is written."""
    # A third-party parser must never break the page: whatever it raises means no number.
    try:
        matches = list(
            phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, phonenumbers.Leniency.POSSIBLE)
        )
    except Exception:
        return False
    return any(
        (match.number.country_code, match.number.national_number)
        == (number.country_code, number.national_number)
        for match in matches
    )
