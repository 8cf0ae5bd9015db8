"""Where a plan stands: counts, the next application and what to do tonight."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from planner.plans.models import Plan, Session
from planner.plans.supply import Supply, supply_for
from planner.plans.today import (
    can_record,
    current_night,
    is_tonight,
    next_planned,
    nothing_tonight,
    record_opens_at,
    ticked_late,
    went_on_before_today,
)

Status = Session.Status


@dataclass(frozen=True)
class Progress:
    counts: dict[str, int]
    left: int
    unrecorded: int  # nights still "planned" after their wash-off time
    next_session: Session | None
    tonight: Session | None  # as on Today: tonight's, or last night's still on the skin
    supply_total: Supply
    supply_left: Supply
    opens_at: dt.datetime | None  # from when tonight can be recorded as done
    now: dt.datetime
    today: dt.date  # in the plan's zone

    @property
    def nothing_tonight(self) -> bool:
        return nothing_tonight(self.next_session, self.tonight is not None, self.today)

    @property
    def can_record_now(self) -> bool:
        return can_record(self.opens_at, self.now)

    @property
    def last_night(self) -> bool:
        return self.tonight is not None and went_on_before_today(self.tonight, self.now)

    @property
    def ticked_late(self) -> bool:
        return self.tonight is not None and ticked_late(self.tonight, self.now)

    @property
    def applications(self) -> int:
        """The plan's nights, those cancelled (by an end or a change) aside."""
        return sum(self.counts.values()) - self.counts[Status.CANCELLED]

    @property
    def due(self) -> int:
        """Nights whose time has come and gone, rests and cancelled ones aside."""
        return self.counts[Status.DONE] + self.counts[Status.MISSED] + self.unrecorded

    @property
    def adherence(self) -> int | None:
        """Nights done out of nights due so far, in percent; None before the first is due."""
        return round(100 * self.counts[Status.DONE] / self.due) if self.due else None


def progress(plan: Plan, sessions: list[Session], now: dt.datetime) -> Progress:
    today = plan.today(now)
    counts = Counter(s.status for s in sessions)
    planned = [s for s in sessions if s.status == Status.PLANNED]
    upcoming = [s for s in planned if s.wash_off_at > now]
    rule = plan.rule
    boxes = rule.box_size_list()
    current = current_night(sessions, now)
    tonight = current if is_tonight(current, today, record_opens_at(plan, current), now) else None
    return Progress(
        counts={status: counts.get(status, 0) for status in Status.values},
        left=len(upcoming),
        unrecorded=len(planned) - len(upcoming),
        next_session=next_planned(sessions, now),
        tonight=tonight,
        supply_total=supply_for(
            len(sessions) - counts.get(Status.CANCELLED, 0), rule.packets_per_application, boxes
        ),
        supply_left=supply_for(len(upcoming), rule.packets_per_application, boxes),
        opens_at=record_opens_at(plan, tonight),
        now=now,
        today=today,
    )
