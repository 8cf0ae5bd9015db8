"""Plans that overlap: a new plan for an area or regimen already being treated, and nights of
two plans whose creams would be on the skin at the same time.

Neither is forbidden (a clinician may prescribe two areas on one night), so the plan form asks
for a confirmation and Today and the all-plans feed say so; nothing here refuses anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from planner.plans.models import Plan, Session
from regimens.models import RuleVersion

ON_SKIN = (Session.Status.PLANNED, Session.Status.DONE)


def area_key(label: str) -> str:
    """'Left  Cheek ' and 'left cheek' name the same area."""
    return " ".join(label.split()).casefold()


def conflicting_plans(
    *, user, rule: RuleVersion, label: str, start: dt.date, end: dt.date, now: dt.datetime
) -> list[Plan]:
    """The person's active plans whose course overlaps [start, end] and that treat the same
    area (by its label) or use the same regimen."""
    plans = Plan.objects.for_user(user).active().select_related("rule__regimen")
    plans = plans.filter(start_date__lte=end, end_date__gte=start)
    area = area_key(label)
    return [
        plan
        for plan in plans
        if not plan.is_finished(plan.today(now))
        and (plan.rule.regimen_id == rule.regimen_id or (area and area_key(plan.label) == area))
    ]


def repeats(plan: Plan, *, rule: RuleVersion, label: str, schedule) -> bool:
    """`plan` is the new one again: the same regimen and area on the same nights (a double tap,
    the form sent twice). That would be two doses a night, so it is never made, even confirmed."""
    if plan.rule.regimen_id != rule.regimen_id or area_key(plan.label) != area_key(label):
        return False
    nights = plan.sessions.exclude(status=Session.Status.CANCELLED).order_by("number")
    return [night.apply_at for night in nights] == [night.apply_at for night in schedule.sessions]


def overlapping_nights(sessions: Iterable[Session]) -> dict[int, list[Session]]:
    """For each night (by pk) whose cream would be on the skin while another plan's is too,
    those other nights. A night is on from when it was applied (done) or is planned, to its
    wash-off. Rest, missed and cancelled nights put nothing on the skin."""
    nights = sorted((s for s in sessions if s.status in ON_SKIN), key=on_from)
    found: dict[int, list[Session]] = {}
    for i, night in enumerate(nights):
        for later in nights[i + 1 :]:
            if on_from(later) >= night.wash_off_at:
                break
            if later.plan_id != night.plan_id:
                found.setdefault(night.pk, []).append(later)
                found.setdefault(later.pk, []).append(night)
    return found


def on_from(night: Session) -> dt.datetime:
    """When the cream went on (a night done early or late), else when it is planned to."""
    return night.done_at or night.apply_at
