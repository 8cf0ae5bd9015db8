"""What each active plan asks of the person now: tonight's application (or the next one), and
recent nights that passed without being recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.plans.models import Plan, Session

ASK_ABOUT_DAYS = 7  # unrecorded nights older than this are left to the plan page


@dataclass(frozen=True)
class PlanToday:
    plan: Plan
    today: dt.date  # in the plan's zone
    night: Session | None  # the first night not yet washed off; None when none is left
    unrecorded: list[Session]  # recent nights still "planned" after their wash-off, newest first

    @property
    def tonight(self) -> bool:
        """The night is today's, or last night's still on the skin after midnight."""
        return self.night is not None and self.night.date <= self.today


def plan_today(plan: Plan, sessions: list[Session], now: dt.datetime) -> PlanToday:
    today = plan.today(now)
    night = next((s for s in sessions if s.wash_off_at > now), None)
    oldest = today - dt.timedelta(days=ASK_ABOUT_DAYS)
    unrecorded = [
        s
        for s in sessions
        if s.status == Session.Status.PLANNED and s.date >= oldest and s.wash_off_at <= now
    ]
    return PlanToday(plan, today, night, unrecorded[::-1])
