"""Times as people in Belgium read them: the clock and the calendar of Brussels, whatever the zone
of the server's own clock."""

from __future__ import annotations

from datetime import date, datetime, timezone

from graph.dates import clock_time, local_today

# 23:30 UTC on 30 November is half past midnight on 1 December in Brussels (UTC+1 in winter).
LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
# 06:05 UTC on 1 July is 8:05 in Brussels (UTC+2 in summer).
SUMMER_MORNING_UTC = datetime(2026, 7, 1, 6, 5, tzinfo=timezone.utc)


def test_a_time_of_day_is_said_as_the_clock_in_brussels_shows_it_in_summer_and_winter():
    assert clock_time(SUMMER_MORNING_UTC) == "8.05 uur"
    assert clock_time(SUMMER_MORNING_UTC, "en") == "08:05"
    assert clock_time(LATE_EVENING_UTC) == "0.30 uur"
    assert clock_time("2026-11-30T21:47:00+00:00", "en") == "22:47"


def test_today_in_brussels_is_already_tomorrow_late_in_the_evening_in_utc():
    assert local_today(LATE_EVENING_UTC) == date(2026, 12, 1)
