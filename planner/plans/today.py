"""What each active plan asks of the person now: tonight's application (or the next one), and
recent nights that passed without being recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from planner.plans.bedtimes import SMALL_HOURS_END, evening
from planner.plans.models import Plan, Session
from planner.plans.overlaps import on_from, overlapping_nights
from regimens.engine import done_window

ASK_ABOUT_DAYS = 7  # unrecorded nights older than this are left to the plan page
TICK_LATE = dt.timedelta(minutes=30)
NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)  # Today puts a plan with no night left last


@dataclass(frozen=True)
class PlanToday:
    plan: Plan
    today: dt.date  # in the plan's zone
    night: Session | None  # the first night not yet washed off; None when none is left
    unrecorded: list[Session]  # recent nights still "planned" after their wash-off, newest first
    opens_at: dt.datetime | None = None  # from when the night can be recorded as done
    now: dt.datetime | None = None
    overlaps: tuple[Session, ...] = ()  # other plans' nights on the skin at the same time
    next_night: Session | None = None  # the next still to apply (the night itself if planned)
    settling: tuple[dt.date, dt.date] | None = None  # today and the log's last day, after it

    @property
    def tonight(self) -> bool:
        return is_tonight(self.night, self.today, self.opens_at, self.now)

    @property
    def can_record_now(self) -> bool:
        return can_record(self.opens_at, self.now)

    @property
    def last_night(self) -> bool:
        return self.tonight and went_on_before_today(self.night, self.now)

    @property
    def nothing_tonight(self) -> bool:
        return nothing_tonight(self.night, self.tonight, self.today)

    @property
    def ticked_late(self) -> bool:
        return self.night is not None and ticked_late(self.night, self.now)

    @property
    def course_over(self) -> bool:
        return self.plan.course_over(self.today)


def is_tonight(
    night: Session | None, today: dt.date, opens_at: dt.datetime | None, now: dt.datetime | None
) -> bool:
    """The night is today's, last night's still on the skin after midnight, or one after
    midnight (a late bedtime: Thursday's 00:30 is Wednesday's night) once it can be recorded."""
    return night is not None and (night.date <= today or can_record(opens_at, now))


def nothing_tonight(night: Session | None, tonight: bool, today: dt.date) -> bool:
    """The night a card shows is a later evening's: nothing is to be applied tonight (a night
    in the small hours is the evening before's, bedtimes.evening)."""
    return night is not None and not tonight and evening(night) > today


def went_on_before_today(night: Session, now: dt.datetime) -> bool:
    """Its planned time fell on an earlier day than now's, in the night's own zone, or it was
    a late bedtime and the small hours are over: at 05:20, Thursday's 21:30 is last night's;
    Friday's 00:30 is still tonight's at 00:50, and last night's at 07:30."""
    planned, local = night.apply_at.astimezone(night.zone), now.astimezone(night.zone)
    if planned.date() < local.date():
        return True
    return planned.hour < SMALL_HOURS_END <= local.hour and planned.date() == local.date()


def ticked_late(night: Session, now: dt.datetime) -> bool:
    """Long enough after its planned time that "Done now" would move its wash-off noticeably:
    the cards offer "Done at 21:30" as well (at 21:31 it would be the same as "Done now")."""
    return night.apply_at + TICK_LATE <= now


def current_night(sessions: list[Session], now: dt.datetime) -> Session | None:
    """The first night not yet washed off: tonight's, last night's still on the skin after
    midnight, or the next one. A night cancelled by a change of plan is none of them. Today
    and the plan page's first card both show this one."""
    upcoming = (s for s in sessions if s.wash_off_at > now and s.status != Session.Status.CANCELLED)
    return next(upcoming, None)


def next_planned(sessions: list[Session], now: dt.datetime) -> Session | None:
    """The next night still to apply: planned and not yet washed off."""
    return next(
        (s for s in sessions if s.status == Session.Status.PLANNED and s.wash_off_at > now), None
    )


def record_opens_at(plan: Plan, night: Session | None) -> dt.datetime | None:
    """From when the night can be recorded as "done now": its window opens some hours before
    the planned time (the rule says how many)."""
    return done_window(plan.rule.spec(), night.apply_at)[0] if night else None


def can_record(opens_at: dt.datetime | None, now: dt.datetime | None) -> bool:
    return opens_at is not None and opens_at <= now


def plan_today(plan: Plan, sessions: list[Session], now: dt.datetime) -> PlanToday:
    today = plan.today(now)
    night = current_night(sessions, now)
    if not is_tonight(night, today, record_opens_at(plan, night), now):
        night = next_planned(sessions, now)  # a rest ahead is not the next application
    oldest = today - dt.timedelta(days=ASK_ABOUT_DAYS)
    unrecorded = [
        s
        for s in sessions
        if s.status == Session.Status.PLANNED and s.date >= oldest and s.wash_off_at <= now
    ]
    opens_at = record_opens_at(plan, night)
    return PlanToday(
        plan, today, night, unrecorded[::-1], opens_at, now, next_night=next_planned(sessions, now)
    )


def still_asks(item: PlanToday) -> bool:
    """Whether the plan has something for Today: a course not over, or one just over whose last
    night's cream is still on (after midnight) or whose last nights were never recorded."""
    return not item.plan.is_finished(item.today) or bool(item.night or item.unrecorded)


def soonest(item: PlanToday) -> dt.datetime:
    """When the person next has something to do: its night's cream goes (or went) on, or,
    for a night rested or missed, which asks nothing more, the next application its card
    names; a plan with no night left last."""
    night = item.night
    if night is not None and night.status in (Session.Status.REST, Session.Status.MISSED):
        night = item.next_night
    return on_from(night) if night is not None else NEVER


def plans_today(plans, now: dt.datetime) -> list[PlanToday]:
    """Today for each active plan (its sessions prefetched), the soonest night first (then the
    plans with none left), each night marked with the other plans' nights it overlaps."""
    items = [plan_today(plan, list(plan.sessions.all()), now) for plan in plans]
    items = [item for item in items if still_asks(item)]
    items.sort(key=soonest)
    overlaps = overlapping_nights(item.night for item in items if item.night)
    return [
        replace(item, overlaps=tuple(overlaps.get(item.night.pk, ()))) if item.night else item
        for item in items
    ]
