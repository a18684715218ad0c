"""URL pieces for permanent addresses: a version's date and a document's slug."""

from __future__ import annotations

import datetime as dt

from werkzeug.routing import BaseConverter, ValidationError


class IsoDateConverter(BaseConverter):
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValidationError from error

    def to_url(self, value: dt.date) -> str:
        return value.isoformat()


class SlugConverter(BaseConverter):
    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"
