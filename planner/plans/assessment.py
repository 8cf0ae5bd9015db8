"""The assessment after a first course (a rule with `assessment_weeks_off`, such as the EU/UK
Aldara AK regimen): its result, recorded on the assessment date or later.

"Cleared" ends the plan as plan_end does. "Not cleared" adds the second course's nights from
that day, or from the next when that night's time has passed (new numbers, so new calendar
events) and sets the end date once, for that course; the
date then never moves again. One transaction under the plan's lock, so two results racing each
other (a double tap, two devices) apply exactly once.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from planner.accounts.access import button_login_required
from planner.plans import services
from planner.plans.access import owned_plan
from planner.plans.models import AssessmentResult, Plan, PlanEvent
from regimens import assessment, engine

Result = AssessmentResult
NO_ASSESSMENT = "This plan's regimen has no assessment."
RECORDED = "The assessment's result is recorded already."
CONFIRM = "Choose cleared or not cleared, and tick the box to confirm."


class AssessmentForm(forms.Form):
    """The plan page's two buttons (result=cleared or result=not-cleared) and a tick."""

    result = forms.ChoiceField(choices=Result.choices)
    confirm = forms.BooleanField(
        label="Yes, I have had the assessment: record this result", required=True
    )


@transaction.atomic
def assessment_record(
    *, plan: Plan, outcome: str, today: dt.date, start: dt.date | None = None
) -> int:
    """Record the assessment's result on `today` (the plan's local date); returns the nights
    the second course added (0 when cleared), from `start` (default: today). Refused before
    the assessment date, after a result, or once the plan has ended."""
    if outcome not in Result.values:
        raise ValueError(f"Cannot record an assessment as {outcome!r}.")
    plan = services.lock_active_plan(plan.pk)
    _check_due(plan, today)
    plan.assessment_result, plan.assessed_on = outcome, today
    if outcome == Result.CLEARED:
        plan.save(update_fields=["assessment_result", "assessed_on", "updated_at"])
        PlanEvent.objects.create(
            plan=plan, action="assessed", detail=f"cleared on {engine.day_name(today, year=True)}"
        )
        services.plan_end(plan=plan, status=Plan.Status.CLEARED, today=today)
        return 0
    return _add_second_course(plan, today, start or today)


def _check_due(plan: Plan, today: dt.date) -> None:
    due = plan.assessment_on
    if due is None:
        raise services.Refused(NO_ASSESSMENT)
    if plan.assessment_result:
        raise services.Refused(RECORDED)
    if today < due:
        raise services.Refused(
            f"The assessment is on {engine.day_name(due, year=True)}: record its result on "
            "that day or later."
        )


def _add_second_course(plan: Plan, today: dt.date, start: dt.date) -> int:
    """The second course from `start`, its nights numbered after the plan's last one."""
    last = plan.sessions.aggregate(last=Max("number"))["last"] or 0
    inputs = services.plan_inputs(
        start_date=start,
        weekdays=plan.weekdays.split(","),
        application_time=plan.application_time,
        timezone=plan.timezone,
        contact_hours=plan.contact_hours,
    )
    try:
        course = assessment.repeat_course(plan.rule.spec(), inputs, first_number=last + 1)
    except engine.ScheduleError as error:
        raise services.Refused(error.message) from None
    services.add_nights(plan, course.sessions)
    plan.end_date = course.end
    plan.save(update_fields=["assessment_result", "assessed_on", "end_date", "updated_at"])
    PlanEvent.objects.create(
        plan=plan,
        action="assessed",
        detail=f"not cleared on {engine.day_name(today, year=True)}: second course of "
        f"{services.applications(len(course.sessions))}, {services.days(course.start, course.end)}",
    )
    return len(course.sessions)


@require_POST
@button_login_required
def assessment_view(request, public_id):
    """The plan page's assessment buttons; back to the plan page with a message."""
    plan = owned_plan(request, public_id)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, CONFIRM)
        return redirect(plan)
    outcome, now = form.cleaned_data["result"], timezone.now()
    # Not tonight once tonight's time has passed: its night would start the course unrecorded.
    start = engine.first_night(now, plan.application_time, plan.zone)
    try:
        added = assessment_record(plan=plan, outcome=outcome, today=plan.today(now), start=start)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _done(plan, outcome, added))
    return redirect(plan)


def _done(plan: Plan, outcome: str, added: int) -> str:
    if outcome == Result.CLEARED:
        return "Recorded as cleared: the plan has ended."
    plan.refresh_from_db(fields=["end_date", "assessment_result"])
    opens, ends = plan.second_course_first_day, engine.day_name(plan.end_date, year=True)
    first = plan.sessions.order_by("-number")[added - 1].date if added else opens
    # As the card then says: the course's days, which may open a day before its first night.
    later = f", the first on {engine.day_name(first)}" if first != opens else ""
    return (
        f"Recorded as not cleared: the second course runs from {engine.day_name(opens)} "
        f"to {ends}: {services.applications(added)}{later}."
    )
