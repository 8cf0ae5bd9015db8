"""Nights kept in another zone than their plan's. A change of zone leaves the nights before it
at their own local times (Session.timezone), so a page that names the plan's zone for its times
names these too: 'Australia/Adelaide from 7 Dec to 17 Dec'."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class ZoneRun:
    zone: str
    first: dt.date
    last: dt.date


def other_zones(plan, sessions) -> list[ZoneRun]:
    """The runs of nights, in date order, whose zone is not the plan's; [] for most plans."""
    runs = []
    for zone, nights in itertools.groupby(sessions, key=lambda night: night.zone_name):
        dates = [night.date for night in nights]
        if zone != plan.timezone:
            runs.append(ZoneRun(zone, dates[0], dates[-1]))
    return runs
