"""Times as the pages write them inside long loops (every night of a course): Django's `date`
filter parses its format on every call, about ten times the cost of these. Like `date`, they
show the instant in the current time zone ({% timezone plan.timezone %}).

Each returns a <time> element whose `datetime` is the instant with the offset of that zone,
so a reader (and tests/planner/test_times_in_pages.py) gets the exact instant beside the wall
time shown. They are HTML: use them in text, never inside an attribute."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from planner.plans.bedtimes import evening
from planner.plans.clocks import clocks_move, time_skipped
from regimens.engine import day_name

register = template.Library()


def _time(local: dt.datetime, text: str) -> SafeString:
    # Minutes unless the instant has seconds (a time recorded by "done now").
    spec = "seconds" if local.second or local.microsecond else "minutes"
    # Only digits, signs and letters of the C locale: nothing to escape.
    return mark_safe(f'<time datetime="{local.isoformat(timespec=spec)}">{text}</time>')  # noqa: S308


@register.filter
def hm(instant: dt.datetime | None) -> str:
    """21:30"""
    if not instant:
        return ""
    local = timezone.localtime(instant)
    return _time(local, f"{local:%H:%M}")


@register.filter
def day_hm(instant: dt.datetime | None) -> str:
    """Tue 8 Dec, 21:30"""
    if not instant:
        return ""
    local = timezone.localtime(instant)
    return _time(local, f"{day_name(local)}, {local:%H:%M}")


@register.filter
def weekday_hm(instant: dt.datetime | None) -> str:
    """Tue 21:30"""
    if not instant:
        return ""
    local = timezone.localtime(instant)
    return _time(local, f"{local:%a} {local:%H:%M}")


register.filter("clocks_move", clocks_move)  # planner.plans.clocks: "back 1 hour", or ""
register.filter("time_skipped", time_skipped)  # its plan's time, "01:30", if the clocks skip it


@register.filter
def night_from(night) -> str:
    """'Mon' for a night listed on Tuesday at 00:30 (Monday night's: bedtimes.evening); ''
    for a night in its own day's evening."""
    eve = evening(night)
    return f"{eve:%a}" if eve != night.date else ""
