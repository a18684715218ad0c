"""What the templates need to show a document and link to its versions and changes."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from ..documents import Entry
from ..models import DocumentKind, Version


@dataclass(frozen=True)
class DocumentPage:
    """One document's addresses: the statement and FAQ entries share every template."""

    entry: Entry

    @property
    def _endpoint(self) -> str:
        if self.is_register:
            return "public.subprocessors"
        return "public.statement" if self.is_statement else "public.faq_entry"

    @property
    def _arguments(self) -> dict[str, str]:
        return {} if self.is_statement or self.is_register else {"slug": self.entry.document.slug}

    @property
    def is_statement(self) -> bool:
        return self.entry.document.kind is DocumentKind.STATEMENT

    @property
    def is_register(self) -> bool:
        return self.entry.document.kind is DocumentKind.REGISTER

    @property
    def timeline(self):
        return self.entry.timeline

    @property
    def current(self) -> Version | None:
        return self.entry.timeline.current

    @property
    def title(self) -> str:
        shown = self.current or (self.entry.timeline.shown or self.entry.timeline.versions)[-1]
        return shown.title

    @property
    def category(self):
        return self.entry.document.category

    def url(self, **kwargs) -> str:
        return url_for(self._endpoint, **self._arguments, **kwargs)

    def history_url(self, **kwargs) -> str:
        return url_for(self._endpoint + "_versions", **self._arguments, **kwargs)

    def version_url(self, version: Version, **kwargs) -> str:
        return url_for(
            self._endpoint + "_version", effective=version.effective, **self._arguments, **kwargs
        )

    def changes_url(self, old: Version, new: Version, **kwargs) -> str:
        return url_for(
            self._endpoint + "_changes",
            from_date=old.effective,
            to_date=new.effective,
            **self._arguments,
            **kwargs,
        )

    def compare_url(self) -> str:
        return url_for(self._endpoint + "_compare", **self._arguments)

    def changes_from_previous_url(self, version: Version) -> str | None:
        """The changes from the version before; none when either was withdrawn."""
        previous = self.timeline.previous(version)
        if previous is None or previous.withdrawn or version.withdrawn:
            return None
        return self.changes_url(previous, version)
