"""Where a plan stands: counts, the next application and what to do tonight."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from planner.plans.models import Plan, Session
from planner.plans.supply import Supply, supply_for

Status = Session.Status


@dataclass(frozen=True)
class Progress:
    counts: dict[str, int]
    left: int
    next_session: Session | None
    tonight: Session | None
    supply_total: Supply
    supply_left: Supply


def progress(plan: Plan, sessions: list[Session], now: dt.datetime) -> Progress:
    today = plan.today(now)
    counts = Counter(s.status for s in sessions)
    upcoming = [s for s in sessions if s.status == Status.PLANNED and s.date >= today]
    rule = plan.rule
    boxes = rule.box_size_list()
    return Progress(
        counts={status: counts.get(status, 0) for status in Status.values},
        left=len(upcoming),
        next_session=next((s for s in upcoming if s.wash_off_at > now), None),
        tonight=next((s for s in sessions if s.date == today), None),
        supply_total=supply_for(
            len(sessions) - counts.get(Status.CANCELLED, 0), rule.packets_per_application, boxes
        ),
        supply_left=supply_for(len(upcoming), rule.packets_per_application, boxes),
    )
