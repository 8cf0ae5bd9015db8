"""Nights the clocks change: while the cream is on (its wash-off is still the contact time
after the application, elapsed time, so its wall times differ by an hour more or less), or
across the planned time itself (01:30 does not exist the night the clocks go from 01:00 to
02:00, so the night moves to 02:30). The pages and reminders say why."""

import datetime as dt
from zoneinfo import ZoneInfo

from regimens.engine import clock_shift, local_instant


def clocks_move(night) -> str:
    """'forward 1 hour' or 'back 1 hour' when the clocks change while a night's cream is on
    (from its application, or from when it was done, to its wash-off); '' on other nights.
    A saved night, or a preview's (the engine's, in its zone)."""
    start = getattr(night, "done_at", None) or night.apply_at
    shift = clock_shift(start, night.wash_off_at, _zone(night))
    if not shift:
        return ""
    minutes = abs(shift) // dt.timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    amount = f"{minutes} minutes" if rest else f"{hours} hour{'s' * (hours > 1)}"
    return f"{'forward' if shift > dt.timedelta(0) else 'back'} {amount}"


def time_skipped(night, at: dt.time) -> str:
    """'01:30' when `at`, the time the night was planned for, did not exist on its day (the
    clocks went forward across it) and the engine moved the night off it
    (regimens.engine.local_instant); '' on other nights."""
    if not at:  # a form whose time was left to the rule's default
        return ""
    moved = local_instant(night.date, at, _zone(night))
    if moved.time() == at.replace(tzinfo=None) or moved != night.apply_at:
        return ""
    return f"{at:%H:%M}"


def _zone(night) -> dt.tzinfo:
    zone = getattr(night, "zone", None) or night.apply_at.tzinfo  # a saved night, or a preview's
    return ZoneInfo(zone) if isinstance(zone, str) else zone  # a change's preview names zones


def time_skipped_said(night, at: dt.time) -> str:
    """The sentence a saved night's reminder and calendar event add when the clocks skip its
    time (the pages word it in their templates); '' on other nights."""
    if not (skipped := time_skipped(night, at)):
        return ""
    moved = night.apply_at.astimezone(night.zone)
    return f"There is no {skipped} this night: the clocks go forward, so it is {moved:%H:%M}."
