"""The site's idea of today: a version takes effect at midnight where the company is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(current_app.config["SITE_TIMEZONE"]))


def today() -> dt.date:
    return now().date()
