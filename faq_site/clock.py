"""The site's idea of today: a version takes effect at midnight where the company is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(current_app.config["SITE_TIMEZONE"]))


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The calendar date of a moment in the given time zone."""
    return moment.astimezone(ZoneInfo(zone)).date()


def today() -> dt.date:
    """Today where the company is; SITE_TODAY, when set, shows the site as on another day (a
    preview of an announced version, or a demonstration frozen in time)."""
    return today_for(current_app.config)


def today_for(config: Mapping[str, Any]) -> dt.date:
    """today() for a given configuration, where no request or app context is at hand."""
    fixed = config.get("SITE_TODAY")
    if fixed:
        return dt.date.fromisoformat(str(fixed))
    return local_date(dt.datetime.now(dt.UTC), config["SITE_TIMEZONE"])
