"""The day a version comes into force is the company's day, not the server's."""

from __future__ import annotations

import datetime as dt

from faq_site.clock import local_date, today


def test_late_evening_utc_in_summer_is_already_tomorrow_in_london():
    moment = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert local_date(moment, "Europe/London") == dt.date(2027, 7, 1)


def test_late_evening_utc_in_winter_is_still_today_in_london():
    moment = dt.datetime(2027, 2, 28, 23, 30, tzinfo=dt.UTC)
    assert local_date(moment, "Europe/London") == dt.date(2027, 2, 28)


def test_site_today_fixes_the_day(app):
    with app.app_context():
        app.config["SITE_TODAY"] = "2027-03-01"
        assert today() == dt.date(2027, 3, 1)
        app.config["SITE_TODAY"] = None
        assert today() == local_date(dt.datetime.now(dt.UTC), "Europe/London")
