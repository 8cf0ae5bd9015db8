"""A late bedtime: a time after midnight puts each application in the night before the day
it is listed on (00:30 on Monday is the night from Sunday), which the previews say."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from regimens.engine import WEEKDAYS, weekday_names

SMALL_HOURS_END = 5  # a time before 05:00 is a late bedtime, not an early morning
EVENING_FROM = 18  # from 18:00 a time is an evening's


def after_midnight(night, at: dt.time | None = None) -> dict | None:
    """{night, eve, time} for plans/_after_midnight.html when the night (any object with an
    `apply_at` in its own zone and a `date`) is in the small hours; None otherwise. `at` is the
    time chosen, which the page names: the night itself may sit an hour later, the night the
    clocks skip it (clocks.time_skipped)."""
    if night is None or night.apply_at.hour >= SMALL_HOURS_END:
        return None
    eve = night.date - dt.timedelta(days=1)
    return {"night": night, "eve": eve, "time": f"{at or night.apply_at:%H:%M}"}


def evening(night) -> dt.date:
    """The day whose evening a saved night belongs to: the day before its date when its time
    is in the small hours (Thursday's 00:30 is Wednesday's night)."""
    late = night.apply_at.astimezone(night.zone).hour < SMALL_HOURS_END
    return night.date - dt.timedelta(days=1) if late else night.date


def to_evening(outcome, at: dt.time, weekdays) -> dict | None:
    """{night, eve, time, was_time, earlier} for plans/_to_evening.html when a change moves a
    night (reschedule.Outcome) from the small hours to an evening time: each night is then its
    listed day's evening, almost a day later (Sunday's night at 00:30 becomes Monday's at
    23:00). `earlier` names the weekdays one earlier, which keep the evenings, when the person
    chooses weekdays (not all seven). None when nothing moves that way."""
    was = outcome.was if outcome else None
    if was is None or outcome.apply_at.hour < EVENING_FROM:  # 05:30 or noon: no evening
        return None
    was_at = was.apply_at.astimezone(ZoneInfo(was.zone))
    eve = was.date - dt.timedelta(days=1)
    if was_at.hour >= SMALL_HOURS_END or outcome.date == eve:  # the same evening, earlier
        return None
    if outcome.date != was.date:  # not its listed day's evening: a night left out moved it on
        return None
    days = tuple(weekdays or ())
    earlier = {WEEKDAYS[WEEKDAYS.index(day) - 1] for day in days}
    return {
        "night": outcome,
        "eve": eve,
        "time": f"{at:%H:%M}",
        "was_time": f"{was_at:%H:%M}",
        "earlier": weekday_names(d for d in WEEKDAYS if d in earlier) if len(days) < 7 else "",
    }


DAY = (dt.time(7), dt.time(EVENING_FROM))  # not shortly before anyone's usual sleep


def daytime(at: dt.time | None) -> str:
    """'10:00' when the time chosen is in the daytime, which the previews point out (the label
    has the cream put on shortly before sleep); '' otherwise, or when none was chosen (the
    regimen's usual time). Night-shift workers may mean it, so it is a note, not a refusal."""
    return f"{at:%H:%M}" if at and DAY[0] <= at < DAY[1] else ""
