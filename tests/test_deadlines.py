"""The statutory clock: one month from the day of confirmation, bank holidays, pauses, extensions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_site.deadlines import (
    ENGLAND,
    Calendar,
    Clock,
    Pause,
    add_months,
    can_extend,
    due_date,
    extension_deadline,
    paused_days,
)

SCOTLAND = Calendar("GB", "SCT")
D = date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 3, 31), 1, D(2027, 4, 30)),
        (D(2027, 4, 30), 1, D(2027, 5, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
        (D(2026, 6, 15), 0, D(2026, 6, 15)),
        (D(2026, 6, 15), 18, D(2027, 12, 15)),
    ],
)
def test_add_months_keeps_the_date_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        # The examples in DESIGN.md.
        (D(2027, 1, 31), D(2027, 3, 1), "28 Feb 2027 is a Sunday"),
        (D(2028, 1, 31), D(2028, 2, 29), "leap year: 29 Feb 2028 is a Tuesday"),
        (D(2026, 11, 25), D(2026, 12, 29), "Christmas Fri, weekend, Boxing Day observed Mon"),
        (D(2026, 11, 14), D(2026, 12, 14), "a Saturday start still counts as day one"),
        # Month ends.
        (D(2027, 4, 30), D(2027, 6, 1), "30 May 2027 is a Sunday, 31 May Spring Bank Holiday"),
        (D(2026, 4, 30), D(2026, 6, 1), "30 May 2026 is a Saturday"),
        (D(2027, 3, 31), D(2027, 4, 30), "no 31 April: the month's last day, a Friday"),
        (D(2026, 3, 31), D(2026, 4, 30), "no 31 April, and 30 Apr 2026 is a Thursday"),
        (D(2026, 5, 31), D(2026, 6, 30), "no 31 June: 30 Jun 2026 is a Tuesday"),
        (D(2026, 1, 31), D(2026, 3, 2), "28 Feb 2026 is a Saturday"),
        (D(2026, 2, 28), D(2026, 3, 30), "28 Mar 2026 is a Saturday"),
        # Year ends.
        (D(2026, 12, 15), D(2027, 1, 15), "15 Jan 2027 is a Friday"),
        (D(2026, 12, 31), D(2027, 2, 1), "31 Jan 2027 is a Sunday"),
        (D(2026, 12, 1), D(2027, 1, 4), "New Year's Day Fri, then the weekend"),
        # Saturdays and Sundays.
        (D(2026, 9, 12), D(2026, 10, 12), "a Saturday start, due on a Monday"),
        (D(2026, 9, 10), D(2026, 10, 12), "10 Oct 2026 is a Saturday"),
        (D(2026, 9, 11), D(2026, 10, 12), "11 Oct 2026 is a Sunday"),
        # Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar.
        (D(2027, 2, 26), D(2027, 3, 30), "Good Friday, weekend, Easter Monday"),
        (D(2027, 2, 27), D(2027, 3, 30), "Saturday before Easter"),
        (D(2027, 2, 28), D(2027, 3, 30), "Easter Sunday"),
        (D(2027, 3, 1), D(2027, 4, 1), "1 Apr 2027 is a Thursday"),
        # Christmas.
        (D(2026, 11, 28), D(2026, 12, 29), "Boxing Day observed on Monday 28 Dec 2026"),
        (D(2026, 11, 24), D(2026, 12, 24), "Christmas Eve is a working day"),
        (D(2027, 11, 25), D(2027, 12, 29), "2027: both holidays at the weekend, observed Mon, Tue"),
        (D(2027, 11, 27), D(2027, 12, 29), "Christmas Day observed on Monday 27 Dec 2027"),
    ],
)
def test_due_date_in_england(received, due, why):
    assert due_date(received) == due, why
    assert due.weekday() < 5


@pytest.mark.parametrize(
    ("received", "england", "scotland"),
    [
        (D(2026, 10, 30), D(2026, 11, 30), D(2026, 12, 1)),  # St Andrew's Day, Mon 30 Nov 2026
        (D(2026, 12, 2), D(2027, 1, 4), D(2027, 1, 5)),  # 2 Jan is a Saturday: 4 Jan observed
        (D(2027, 3, 29), D(2027, 4, 29), D(2027, 4, 29)),  # no difference on an ordinary day
        (D(2027, 2, 28), D(2027, 3, 30), D(2027, 3, 29)),  # Easter Monday is English only
        (D(2026, 7, 3), D(2026, 8, 3), D(2026, 8, 4)),  # Scotland's summer holiday is in August
    ],
)
def test_scotland_has_its_own_bank_holidays(received, england, scotland):
    assert due_date(received) == england
    assert due_date(received, calendar=SCOTLAND) == scotland


def test_calendar_names_holidays_and_knows_working_days():
    assert ENGLAND.holiday_name(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert ENGLAND.holiday_name(D(2026, 12, 29)) is None
    assert SCOTLAND.holiday_name(D(2026, 11, 30)) == "Saint Andrew's Day"
    assert not ENGLAND.is_working_day(D(2027, 3, 26))
    assert not ENGLAND.is_working_day(D(2026, 11, 14))
    assert ENGLAND.is_working_day(D(2026, 11, 30))
    assert ENGLAND.working_day_on_or_after(D(2026, 11, 30)) == D(2026, 11, 30)
    assert ENGLAND.working_day_on_or_after(D(2026, 12, 25)) == D(2026, 12, 29)


def test_uk_is_another_name_for_gb():
    assert due_date(D(2026, 11, 25), calendar=Calendar("UK", "ENG")) == D(2026, 12, 29)


@pytest.mark.parametrize(("country", "subdivision"), [("GB", "XYZ"), ("ZZ", None)])
def test_an_unknown_place_is_refused_when_configured(country, subdivision):
    with pytest.raises(ValueError, match="no bank holiday calendar"):
        Calendar(country, subdivision)


@pytest.mark.parametrize(
    ("received", "pauses", "due"),
    [
        # DESIGN.md: 2 Dec + 10 days = Sat 12 Dec, rolled to Monday.
        (D(2026, 11, 2), [Pause(D(2026, 11, 5), D(2026, 11, 14))], D(2026, 12, 14)),
        # A pause of a single day (asked and answered the same day) still counts one day.
        (D(2026, 11, 2), [Pause(D(2026, 11, 5), D(2026, 11, 5))], D(2026, 12, 3)),
        # Several pauses add up: 3 + 4 days.
        (
            D(2026, 11, 2),
            [Pause(D(2026, 11, 5), D(2026, 11, 7)), Pause(D(2026, 11, 20), D(2026, 11, 23))],
            D(2026, 12, 9),
        ),
        # Overlapping records stop the clock once per day: 5-14 Nov is 10 days.
        (
            D(2026, 11, 2),
            [Pause(D(2026, 11, 5), D(2026, 11, 10)), Pause(D(2026, 11, 8), D(2026, 11, 14))],
            D(2026, 12, 14),
        ),
        # The pause moves the date before the roll, into Christmas.
        (D(2026, 11, 20), [Pause(D(2026, 11, 21), D(2026, 11, 25))], D(2026, 12, 29)),
        # A pause on the day of confirmation itself.
        (D(2027, 1, 31), [Pause(D(2027, 1, 31), D(2027, 2, 1))], D(2027, 3, 2)),
    ],
)
def test_pauses_move_the_due_date(received, pauses, due):
    assert due_date(received, pauses=pauses) == due
    assert Clock(received, pauses).due == due


def test_a_pause_counts_both_ends():
    assert Pause(D(2026, 11, 5), D(2026, 11, 14)).days() == 10
    assert Pause(D(2026, 11, 5)).days(today=D(2026, 11, 5)) == 1
    assert Pause(D(2026, 11, 5)).days(today=D(2026, 11, 4)) == 0


def test_a_pause_before_the_start_is_refused():
    pauses = (Pause(D(2026, 11, 1), D(2026, 11, 3)),)
    with pytest.raises(ValueError, match="cannot start before"):
        due_date(D(2026, 11, 2), pauses=pauses)
    with pytest.raises(ValueError, match="cannot start before"):
        Clock(D(2026, 11, 2), pauses)


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot end"):
        Pause(D(2026, 11, 5), D(2026, 11, 4))


def test_an_open_pause_stops_the_clock():
    clock = Clock(D(2026, 11, 2), (Pause(D(2026, 11, 5)),))
    assert clock.paused
    assert clock.due is None
    assert clock.first_due is None
    # Without a day to count to, the due date is unknown.
    with pytest.raises(ValueError, match="paused"):
        due_date(clock.received, pauses=clock.pauses)
    # As of 14 Nov the wait is 10 days: the same date as if the requester answered that day.
    assert clock.due_on(D(2026, 11, 14)) == D(2026, 12, 14)
    assert clock.due_on(D(2026, 11, 20)) == D(2026, 12, 18)
    # A paused clock is neither overdue nor flagged as due soon: it is not running.
    assert not clock.is_overdue(D(2026, 12, 20))
    assert not clock.is_due_soon(D(2026, 12, 10))
    answered = Clock(clock.received, (Pause(D(2026, 11, 5), D(2026, 11, 14)),))
    assert not answered.paused
    assert answered.due == D(2026, 12, 14)


def test_paused_days_adds_closed_and_open_pauses():
    pauses = [Pause(D(2026, 11, 5), D(2026, 11, 7)), Pause(D(2026, 11, 20))]
    assert paused_days(D(2026, 11, 2), pauses, today=D(2026, 11, 21)) == 5


@pytest.mark.parametrize(
    ("received", "pauses", "first", "extended"),
    [
        (D(2026, 11, 30), [], D(2026, 12, 30), D(2027, 3, 1)),  # DESIGN.md
        (D(2026, 11, 25), [], D(2026, 12, 29), D(2027, 2, 25)),
        (D(2027, 11, 30), [], D(2027, 12, 30), D(2028, 2, 29)),  # leap year
        (D(2026, 10, 31), [], D(2026, 11, 30), D(2027, 2, 1)),  # no 31 Nov; 31 Jan is a Sunday
        (D(2026, 12, 26), [], D(2027, 1, 26), D(2027, 3, 30)),  # Good Friday to Easter Monday
        # The pause moves the extended date as well: 28 Feb 2027 + 10 days = Wed 10 Mar.
        (D(2026, 11, 30), [Pause(D(2026, 12, 1), D(2026, 12, 10))], D(2027, 1, 11), D(2027, 3, 10)),
    ],
)
def test_an_extension_makes_it_three_months(received, pauses, first, extended):
    assert due_date(received, pauses=pauses) == first
    assert due_date(received, pauses=pauses, extended=True) == extended
    clock = Clock(received, pauses, extended=True)
    assert clock.due == extended
    assert clock.first_due == first
    # The window to extend closes on the first month's last calendar day, before any roll.
    closes = add_months(received, 1) + timedelta(days=paused_days(received, pauses))
    assert extension_deadline(received, pauses=pauses) == closes <= first


def test_the_extension_window_closes_when_the_first_month_ends():
    clock = Clock(D(2026, 11, 25))
    assert clock.first_due == D(2026, 12, 29)
    assert can_extend(clock, D(2026, 11, 25))
    assert can_extend(clock, D(2026, 12, 25))  # a bank holiday, and the month's last day
    # The due date rolls past Christmas to the 29th; the window to extend does not.
    assert not can_extend(clock, D(2026, 12, 26))
    assert not can_extend(clock, D(2026, 12, 29))
    assert not can_extend(Clock(D(2026, 11, 25), extended=True), D(2026, 11, 26))


def test_a_pause_moves_the_extension_window():
    pause = Pause(D(2026, 11, 5), D(2026, 11, 14))
    clock = Clock(D(2026, 11, 2), (pause,))
    # 2 Dec + 10 days = Sat 12 Dec: due Monday 14th, but the window closes on the 12th.
    assert extension_deadline(clock.received, pauses=clock.pauses) == D(2026, 12, 12)
    assert can_extend(clock, D(2026, 12, 12))
    assert not can_extend(clock, D(2026, 12, 13))
    # Without the pause the window would have closed on 2 Dec.
    assert not can_extend(Clock(D(2026, 11, 2)), D(2026, 12, 3))
    assert can_extend(clock, D(2026, 12, 3))


def test_while_paused_the_extension_window_stays_open():
    clock = Clock(D(2026, 11, 2), (Pause(D(2026, 11, 5)),))
    # Months into the wait the first due date is still ahead of the day asked about.
    assert can_extend(clock, D(2027, 3, 1))


@pytest.mark.parametrize(
    ("today", "days_left", "overdue", "soon"),
    [
        (D(2026, 11, 25), 34, False, False),
        (D(2026, 12, 21), 8, False, False),
        (D(2026, 12, 22), 7, False, True),
        (D(2026, 12, 29), 0, False, True),
        (D(2026, 12, 30), -1, True, False),
    ],
)
def test_days_left_overdue_and_due_soon(today, days_left, overdue, soon):
    clock = Clock(D(2026, 11, 25))
    assert clock.days_left(today) == days_left
    assert clock.is_overdue(today) is overdue
    assert clock.is_due_soon(today) is soon


def test_due_soon_window_is_configurable():
    clock = Clock(D(2026, 11, 25))
    assert clock.is_due_soon(D(2026, 12, 15), within=14)
    assert not clock.is_due_soon(D(2026, 12, 15), within=13)


def test_a_clock_is_immutable_and_accepts_a_list_of_pauses():
    clock = Clock(D(2026, 11, 2), [Pause(D(2026, 11, 5), D(2026, 11, 14))])  # type: ignore[arg-type]
    assert isinstance(clock.pauses, tuple)
    assert hash(clock) == hash(Clock(D(2026, 11, 2), (Pause(D(2026, 11, 5), D(2026, 11, 14)),)))


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)))
def test_any_start_gives_a_working_day_about_a_month_later(received):
    due = due_date(received)
    assert ENGLAND.is_working_day(due)
    # 28 days (1 Feb to 1 Mar) up to 31 days plus a four-day Easter or Christmas roll.
    assert timedelta(days=28) <= due - received <= timedelta(days=35)
    # Nothing between the calendar date and the due date is a working day.
    calendar_date = add_months(received, 1)
    assert all(
        not ENGLAND.is_working_day(calendar_date + timedelta(days=n))
        for n in range((due - calendar_date).days)
    )
    extended = due_date(received, extended=True)
    assert ENGLAND.is_working_day(extended)
    assert extended > due
