"""planner.plans.zones: the runs of nights kept in another zone than their plan's."""

import datetime as dt
from types import SimpleNamespace as Row

from planner.plans.zones import ZoneRun, other_zones

PLAN = Row(timezone="Europe/London")


def night(day: int, zone: str = "") -> Row:
    return Row(date=dt.date(2026, 4, day), zone_name=zone or PLAN.timezone)


def test_nights_in_the_plan_s_zone_make_no_run():
    assert other_zones(PLAN, [night(1), night(2, "Europe/London"), night(3)]) == []


def test_each_run_of_another_zone_is_named_once_in_date_order():
    nights = [
        night(1, "Asia/Tokyo"),
        night(2, "Asia/Tokyo"),
        night(3),
        night(4, "America/New_York"),
        night(5, "Asia/Tokyo"),
    ]
    assert other_zones(PLAN, nights) == [
        ZoneRun("Asia/Tokyo", dt.date(2026, 4, 1), dt.date(2026, 4, 2)),
        ZoneRun("America/New_York", dt.date(2026, 4, 4), dt.date(2026, 4, 4)),
        ZoneRun("Asia/Tokyo", dt.date(2026, 4, 5), dt.date(2026, 4, 5)),
    ]
