"""Times as the pages write them inside long loops (every night of a course): Django's `date`
filter parses its format on every call, about ten times the cost of these. Like `date`, they
show the instant in the current time zone ({% timezone plan.timezone %})."""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def hm(instant: dt.datetime | None) -> str:
    """21:30"""
    return f"{timezone.localtime(instant):%H:%M}" if instant else ""


@register.filter
def day_hm(instant: dt.datetime | None) -> str:
    """Tue 8 Dec, 21:30"""
    if not instant:
        return ""
    local = timezone.localtime(instant)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
