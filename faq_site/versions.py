"""A document's history: which version is in force, which are announced, which superseded, and
which withdrawn."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Version


class State(enum.StrEnum):
    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"
    UPCOMING = "upcoming"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Timeline:
    """The versions of one document seen from one day. Versions are given oldest first."""

    versions: Sequence[Version]
    today: dt.date

    @property
    def current(self) -> Version | None:
        """The version in force: the latest one whose date has come, unless withdrawn."""
        in_force = [v for v in self.shown if v.effective <= self.today]
        return in_force[-1] if in_force else None

    @property
    def shown(self) -> list[Version]:
        """The versions whose words readers may read: every one but those withdrawn."""
        return [v for v in self.versions if v.withdrawn is None]

    @property
    def upcoming(self) -> list[Version]:
        return [v for v in self.shown if v.effective > self.today]

    @property
    def newest_first(self) -> list[Version]:
        return list(reversed(self.versions))

    def number(self, version: Version) -> int:
        return self.versions.index(version) + 1

    def previous(self, version: Version) -> Version | None:
        position = self.versions.index(version)
        return self.versions[position - 1] if position else None

    def following(self, version: Version) -> Version | None:
        position = self.versions.index(version)
        return self.versions[position + 1] if position + 1 < len(self.versions) else None

    def earlier_shown(self, version: Version) -> Version | None:
        """The nearest earlier version readers may read, passing over withdrawn ones."""
        earlier = [v for v in self.shown if v.effective < version.effective]
        return earlier[-1] if earlier else None

    def later_shown(self, version: Version) -> Version | None:
        later = [v for v in self.shown if v.effective > version.effective]
        return later[0] if later else None

    def state(self, version: Version) -> State:
        if version.withdrawn is not None:
            return State.WITHDRAWN
        if version.effective > self.today:
            return State.UPCOMING
        return State.IN_FORCE if version is self.current else State.SUPERSEDED

    def on(self, effective: dt.date) -> Version | None:
        return next((v for v in self.versions if v.effective == effective), None)
