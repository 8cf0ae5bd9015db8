"""The reminder on a plan's assessment day (issue 23: a course with an assessment after weeks
off, planner/plans/assessment.py): one message that morning asking the person to record the
result on the plan page. Sent by the channels of their reminder settings for that plan, found
and sent like a night's reminder (planner.reminders.due and .sending), one row per plan.

Nothing is sent for a plan that has ended or been deleted, once the result is recorded, before
the person turned reminders on, or after the assessment day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from planner.calendars.words import words_for
from planner.plans.models import Plan
from planner.reminders.links import LinkMaker, absolute
from planner.reminders.message import Message, message_id
from planner.reminders.models import Delivery, ReminderSettings
from regimens import assessment as rules
from regimens.engine import day_name
from regimens.models import RuleVersion

Kind = Delivery.Kind
MORNING = dt.time(9, 0)  # local time on the assessment day: before most clinics open


def due_at(plan: Plan) -> dt.datetime:
    """9:00 on the assessment day, in the plan's zone."""
    return dt.datetime.combine(plan.assessment_on, MORNING, tzinfo=plan.zone)


def deadline(plan: Plan) -> dt.datetime:
    """The end of the assessment day: a reminder of it is no use the day after."""
    day_after = plan.assessment_on + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=plan.zone)


def offer_due(now: dt.datetime) -> int:
    """Insert a row for each plan whose assessment reminder is due by `now` and has none yet
    (the unique constraint keeps one if two machines offer it at once); how many it offered."""
    plans = list(assessment_today(now))
    if not plans:
        return 0
    prefs = ReminderSettings.objects.effective_for(plans)
    known = set(
        Delivery.objects.filter(kind=Kind.ASSESSMENT, plan__in=plans).values_list("plan", flat=True)
    )
    rows = [
        Delivery(kind=Kind.ASSESSMENT, plan=plan, due_at=due_at(plan), next_try_at=due_at(plan))
        for plan in plans
        if plan.pk not in known and _due_now(plan, prefs.get(plan.pk), now)
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def assessment_today(now: dt.datetime):
    """Running plans awaiting an assessment that may fall on today somewhere (a day either
    side of UTC's date, for the zones). The date is a fixed number of days after the start for
    each rule version (regimens.assessment), so this is a range of start dates per version:
    plans without an assessment, or long past it, are never read."""
    today, near = now.date(), dt.timedelta(days=1)
    windows = Q()
    for rule in RuleVersion.objects.filter(assessment_weeks_off__gt=0, repeat_course_weeks__gt=0):
        offset = rules.assessment_date(rule.spec(), today) - today
        windows |= Q(rule=rule, start_date__range=(today - offset - near, today - offset + near))
    if not windows:
        return Plan.objects.none()
    running = Plan.objects.filter(
        status=Plan.Status.ACTIVE, user__is_active=True, assessment_result=""
    )
    return running.filter(windows).select_related("user", "rule").order_by()


def _due_now(plan: Plan, prefs: ReminderSettings | None, now: dt.datetime) -> bool:
    if plan.assessment_on is None or due_at(plan) > now:
        return False
    if prefs is not None and prefs.on_since and due_at(plan) < prefs.on_since:
        return False  # it fell due before they turned reminders on
    return _why_not(plan, prefs, now) is None


def why_not(row: Delivery, prefs: ReminderSettings | None, now: dt.datetime) -> str | None:
    """Why a claimed assessment reminder should not go out at `now`; None when it should."""
    return _why_not(row.plan, prefs, now)


def _why_not(plan: Plan, prefs: ReminderSettings | None, now: dt.datetime) -> str | None:
    if plan.status != Plan.Status.ACTIVE:
        return "the plan has ended"
    if not plan.user.is_active:
        return "the account is closed"
    if plan.assessment_result:
        return "the result is recorded"
    if prefs is None or not prefs.channels:
        return "turned off"
    if now >= deadline(plan):
        return "too late to be useful"
    return None


def compose(row: Delivery, maker: LinkMaker | None = None) -> Message:
    """ "Record the result of your assessment", with a link to the plan page's assessment part.
    A discreet plan's names no drug, condition or area (the calendar's discreet words)."""
    maker = maker or LinkMaker()
    plan = row.plan
    what = words_for(plan).apply.removeprefix("Apply ")  # "Aldara 5% (left cheek)"
    day = plan.assessment_on
    page = absolute(plan.get_absolute_url() + "#assessment")
    return Message(
        subject=f"Assessment today: {what}",
        lines=(
            f"Today, {day_name(day)}, is the assessment after your first course.",
            "Once you know its result, record it on your plan's page: cleared ends the plan, "
            "not cleared adds the second course's nights.",
        ),
        actions=(),
        push_actions=(),
        today_url=maker.today_url,
        settings_url=absolute(reverse("plan-reminders", args=[plan.public_id])),
        unsubscribe_url=maker.unsubscribe_url(plan.user),
        message_id=message_id(row),
        template="assessment",
        url=page,
    )
