"""The statutory clock for subject-access requests (UK GDPR Art. 12 and 12A, as amended 2025-26).

The clock starts on the day the request is confirmed, which counts as day one; weekends count.
The answer is due on the same date one month later, or on that month's last day when the date
does not exist; a due date on a Saturday, Sunday or bank holiday moves to the next working day.
An extension makes it three months from the start by the same rules. Days spent waiting for the
requester to say what an access request covers (a pause) do not count.

A complaint (Data Protection Act 2018 s. 164A, inserted by the Data (Use and Access) Act 2025)
has a clock of its own: it must be acknowledged within 30 days beginning when it is received.

Pure functions over `datetime.date`, with no application state, so every rule can be tested
directly. "Overdue" and "due soon" are defined here once, for every clock.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Mapping
from dataclasses import InitVar, dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

ONE_DAY = timedelta(days=1)
FIRST_PERIOD_MONTHS = 1
EXTENDED_PERIOD_MONTHS = 3
ACKNOWLEDGEMENT_DAYS = 30
DUE_SOON_DAYS = 7
_ANY_YEAR = 2026  # the places a calendar knows do not depend on the year


@lru_cache(maxsize=64)
def _bank_holidays(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """The bank holidays of one year in one place, by date."""
    # Imported here: the library's tables of every country take about 12 MB, which only a worker
    # that computes a due date needs.
    import holidays

    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as error:  # the library's way of saying "no such place"
        raise ValueError(f"no bank holiday calendar for {country}/{subdivision}: {error}") from None
    # Read-only, because the cached table is shared by every caller.
    return MappingProxyType(dict(table))


@dataclass(frozen=True)
class Calendar:
    """Which days are working days: weekdays that are not bank holidays in the given place."""

    country: str = "GB"
    subdivision: str | None = "ENG"
    check: InitVar[bool] = True

    def __post_init__(self, check: bool) -> None:
        # Fail when configured, not months later when a due date first lands on a holiday.
        if check:
            _bank_holidays(self.country, self.subdivision, _ANY_YEAR)

    def holiday_name(self, day: date) -> str | None:
        """The name of the bank holiday on this day, or None if it is not one."""
        return _bank_holidays(self.country, self.subdivision, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Whether the day is a weekday and not a bank holiday."""
        return day.weekday() < 5 and self.holiday_name(day) is None

    def working_day_on_or_after(self, day: date) -> date:
        """The day itself if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


# A place the library knows: its tables are loaded on first use, not when this module is.
ENGLAND = Calendar(check=False)


@dataclass(frozen=True)
class Pause:
    """A time when the clock stood still: from the day the controller asked the requester for
    information needed to find what the request covers to the day the answer came, both days
    included. `end` is None while the controller is still waiting."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"a pause cannot end ({self.end}) before it starts ({self.start})")

    @property
    def is_open(self) -> bool:
        """Whether the requester has not answered yet."""
        return self.end is None

    def last_day(self, today: date | None = None) -> date:
        """The pause's last day; for an open pause, today (the wait so far)."""
        if self.end is not None:
            return self.end
        if today is None:
            raise ValueError("the clock is paused: give today to count the wait so far")
        return today

    def days(self, today: date | None = None) -> int:
        """How many days the pause lasts, both ends included; an open pause counts to today."""
        return max(0, (self.last_day(today) - self.start).days + 1)


def add_months(start: date, months: int) -> date:
    """The same date `months` later, or the last day of that month when the date does not exist
    there (31 January plus one month is 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def paused_days(received: date, pauses: Iterable[Pause], today: date | None = None) -> int:
    """How many days of the clock's life were paused; a day covered by two pauses counts once."""
    total = 0
    counted_to: date | None = None
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start < received:
            raise ValueError(f"a pause ({pause.start}) cannot start before the clock ({received})")
        first, last = pause.start, pause.last_day(today)
        # Overlapping records (a second question asked while the first is pending) must not
        # stop the clock twice for the same days.
        if counted_to is not None and first <= counted_to:
            first = counted_to + ONE_DAY
        if last >= first:
            total += (last - first).days + 1
            counted_to = last
    return total


def counted_pauses(
    received: date, pauses: Iterable[Pause], months: int, today: date | None = None
) -> list[Pause]:
    """The pauses that stop a clock of `months` months: those opened on or before the period's
    last calendar day as it stood then (moved by the pauses before). A pause opened once the
    period had run out stops nothing, so an overdue request stays overdue."""
    counted: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start < received:
            raise ValueError(f"a pause ({pause.start}) cannot start before the clock ({received})")
        if any(earlier.is_open for earlier in counted):
            # Within a pause that is still open: the days are already stopped.
            counted.append(pause)
            continue
        end = add_months(received, months) + timedelta(days=paused_days(received, counted, today))
        if pause.start <= end:
            counted.append(pause)
    return counted


def period_end(
    received: date, *, pauses: Iterable[Pause] = (), months: int, today: date | None = None
) -> date:
    """The calendar day the period ends, moved by its pauses, before any roll to a working day:
    the last day to extend (for the first month) or to stop the clock for a question."""
    counted = counted_pauses(received, pauses, months, today)
    return add_months(received, months) + timedelta(days=paused_days(received, counted, today))


def due_date(
    received: date,
    *,
    pauses: Iterable[Pause] = (),
    extended: bool = False,
    calendar: Calendar = ENGLAND,
    today: date | None = None,
) -> date:
    """The day the answer is due for a clock started on `received`. With an open pause, `today`
    is required and the due date is the one that holds if the requester answers today."""
    months = EXTENDED_PERIOD_MONTHS if extended else FIRST_PERIOD_MONTHS
    # Paused days move the calendar date itself; the roll to a working day comes last, once,
    # so a pause ending in a weekend or holiday does not push the roll further.
    moved = period_end(received, pauses=pauses, months=months, today=today)
    return calendar.working_day_on_or_after(moved)


def extension_deadline(
    received: date, *, pauses: Iterable[Pause] = (), today: date | None = None
) -> date:
    """The last day on which an extension can be decided and sent: the last calendar day of the
    first month (moved by its pauses), not the working day a due date on it would roll to."""
    return period_end(received, pauses=pauses, months=FIRST_PERIOD_MONTHS, today=today)


def acknowledgement_due(received: date) -> date:
    """The last day to acknowledge a complaint: within "the period of 30 days beginning when the
    complaint is received" (s. 164A(3)), so the day of receipt is day one and the last is 29
    days after it.
    Weekends and bank holidays count and move nothing: the Act counts days, not months, and
    gives no roll to a working day, so none is taken that the law might not allow."""
    return received + timedelta(days=ACKNOWLEDGEMENT_DAYS - 1)


def days_left(due: date, today: date) -> int:
    """Days from today to the due date; negative once it has passed."""
    return (due - today).days


def is_overdue(due: date, today: date) -> bool:
    """Whether the due date has passed: the last day itself is still in time."""
    return days_left(due, today) < 0


def is_due_soon(due: date, today: date, within: int = DUE_SOON_DAYS) -> bool:
    """Whether the due date is within `within` days and has not passed."""
    return 0 <= days_left(due, today) <= within


@dataclass(frozen=True)
class Clock:
    """The statutory clock of one request: when it started, its pauses, whether it was extended
    and whose bank holidays apply."""

    received: date
    pauses: tuple[Pause, ...] = ()
    extended: bool = False
    calendar: Calendar = ENGLAND

    def __post_init__(self) -> None:
        # Accept any iterable, but store a tuple so that the clock stays immutable and hashable.
        object.__setattr__(self, "pauses", tuple(self.pauses))
        for pause in self.pauses:
            if pause.start < self.received:
                raise ValueError(f"a pause ({pause.start}) cannot start before {self.received}")

    @property
    def months(self) -> int:
        return EXTENDED_PERIOD_MONTHS if self.extended else FIRST_PERIOD_MONTHS

    @property
    def paused(self) -> bool:
        """Whether the clock is standing still, waiting for the requester; a pause opened after
        the period ran out does not stop it."""
        return any(
            pause.is_open for pause in counted_pauses(self.received, self.pauses, self.months)
        )

    def period_end(self, today: date) -> date:
        """The running period's last calendar day as it stands on `today`."""
        return period_end(self.received, pauses=self.pauses, months=self.months, today=today)

    def can_pause(self, on_day: date) -> bool:
        """Whether a question asked on `on_day` stops the clock: not while it already stands
        still, and not once the period has run out (an overdue request stays overdue)."""
        return not self.paused and on_day <= self.period_end(on_day)

    def due_on(self, today: date | None = None, *, extended: bool | None = None) -> date:
        """The due date as it stands on `today`, an open pause counted up to today; the one-month
        date when `extended` is False, whatever the clock says."""
        return due_date(
            self.received,
            pauses=self.pauses,
            extended=self.extended if extended is None else extended,
            calendar=self.calendar,
            today=today,
        )

    @property
    def due(self) -> date | None:
        """The due date, or None while paused, since it depends on when the requester answers."""
        return None if self.paused else self.due_on()

    @property
    def first_due(self) -> date | None:
        """The one-month due date, which is also the last day to extend; None while paused."""
        return None if self.paused else self.due_on(extended=False)

    def days_left(self, today: date) -> int:
        """Days from today to the due date as it stands today; negative once overdue."""
        return days_left(self.due_on(today), today)

    def is_overdue(self, today: date) -> bool:
        """Whether the due date has passed. A paused clock is never overdue: it is not running."""
        return not self.paused and is_overdue(self.due_on(today), today)

    def is_due_soon(self, today: date, within: int = DUE_SOON_DAYS) -> bool:
        """Whether the answer is due within `within` days and is not yet overdue. A paused clock
        is not flagged: the next move is the requester's, not the moderators'."""
        return not self.paused and is_due_soon(self.due_on(today), today, within)


def can_extend(clock: Clock, on_day: date) -> bool:
    """Whether an extension decided on `on_day` is in time: once only, and no later than the last
    calendar day of the first month (which pauses move, an open one counted up to `on_day`). A
    first month that ends on a weekend or bank holiday does not stretch the window with it."""
    if clock.extended:
        return False
    return on_day <= extension_deadline(clock.received, pauses=clock.pauses, today=on_day)
