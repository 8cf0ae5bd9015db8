"""A late bedtime: a time after midnight puts each application in the night before the day
it is listed on (00:30 on Monday is the night from Sunday), which the previews say."""

from __future__ import annotations

import datetime as dt

SMALL_HOURS_END = 5  # a time before 05:00 is a late bedtime, not an early morning


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
