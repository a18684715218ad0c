"""A document's timeline: in force, superseded, announced."""

from __future__ import annotations

import datetime as dt

from faq_site.models import Version
from faq_site.versions import State, Timeline


def version(day: str) -> Version:
    return Version(
        effective=dt.date.fromisoformat(day), title="T", summary="", markdown="", html=""
    )


def test_the_latest_version_up_to_today_is_in_force_and_later_ones_are_announced():
    old, current, future = version("2018-05-25"), version("2026-05-01"), version("2027-03-01")
    timeline = Timeline([old, current, future], dt.date(2026, 11, 29))
    assert timeline.current is current
    assert timeline.upcoming == [future]
    assert [timeline.state(v) for v in (old, current, future)] == [
        State.SUPERSEDED,
        State.IN_FORCE,
        State.UPCOMING,
    ]
    assert timeline.newest_first == [future, current, old]
    assert timeline.number(future) == 3
    assert timeline.previous(current) is old and timeline.following(current) is future
    assert timeline.previous(old) is None and timeline.following(future) is None


def test_a_version_comes_into_force_on_its_own_day():
    first, second = version("2020-01-01"), version("2027-03-01")
    assert Timeline([first, second], dt.date(2027, 2, 28)).current is first
    assert Timeline([first, second], dt.date(2027, 3, 1)).current is second


def test_nothing_is_in_force_before_the_first_version():
    only = version("2030-01-01")
    timeline = Timeline([only], dt.date(2026, 1, 1))
    assert timeline.current is None
    assert timeline.state(only) is State.UPCOMING
    assert timeline.on(dt.date(2030, 1, 1)) is only
    assert timeline.on(dt.date(2030, 1, 2)) is None
