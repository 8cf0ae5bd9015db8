"""Changing a plan from a chosen day (its time, zone or weekdays) and deleting a plan: a page
with a form each, writing through planner.plans.changes."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from planner.accounts.access import form_login_required, kept_form
from planner.plans import changes
from planner.plans.access import owned_plan
from planner.plans.bedtimes import after_midnight, daytime, to_evening
from planner.plans.forms import PlanChangeForm, PlanDeleteForm
from planner.plans.models import Plan, Session
from planner.plans.services import Refused, applications, change_refusal
from regimens import reschedule
from regimens.engine import ScheduleError, day_name
from regimens.zones import available_zone_names, zone_name

PREVIEW_NIGHTS = 8


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@form_login_required
def plan_update(request, public_id):
    plan = owned_plan(request, public_id)
    now = timezone.now()
    today = plan.today(now)
    refusal = change_refusal(plan, today)
    if refusal:
        messages.error(request, refusal)
        return redirect(plan)
    if request.method != "POST":
        kept = kept_form(request)  # shown with its preview; saved only by the button
        initial = current_values(plan, today) | zone_from_device(request)
        form = PlanChangeForm(kept, initial=initial, plan=plan, today=today, now=now)
        return render_change(request, plan, form)
    form = PlanChangeForm(request.POST, plan=plan, today=today, now=now)
    if not form.is_valid() or "preview" in request.POST:
        return render_change(request, plan, form)
    try:
        result = changes.plan_change(plan=plan, today=today, now=now, **form.cleaned_data)
    except Refused as refused:
        form.add_error(None, str(refused))
        return render_change(request, plan, form)
    messages.success(request, changed_message(result, plan))
    return redirect(plan)


def current_values(plan: Plan, today: dt.date) -> dict:
    """The form as the plan stands on its first From day: a change saved ahead begins later,
    so pressing Save as shown must not bring it forward."""
    day = max(today, plan.start_date)
    time, zone = changes.in_force(plan, day)
    return {
        "from_date": day,
        "application_time": time,
        "timezone": zone,
        "weekdays": plan.weekdays.split(","),
    }


def zone_from_device(request) -> dict:
    """The device's zone, which the link in a card's device-clock note carries (?timezone=,
    timezone.js): put in the form when it is one, as a typed zone would be; nothing is
    saved until the person previews and saves."""
    try:
        return {"timezone": zone_name(request.GET["timezone"])}
    except (KeyError, ScheduleError):
        return {}


def render_change(request, plan: Plan, form: PlanChangeForm):
    result = form.reschedule if form.is_bound and form.is_valid() else None
    nights = result.changes[:PREVIEW_NIGHTS] if result else ()
    at = form.cleaned_data["application_time"] if result else None
    rests = changes.rests_of(plan) if nights else []
    return render(
        request,
        "plans/change.html",
        {
            "plan": plan,
            "rule": plan.rule,
            "form": form,
            "preview": result,
            "preview_nights": nights,
            # a night landing in a rest period is a rest night once saved (changes._status)
            "resting": {o.number for o in nights if changes.in_rest(o.date, rests)},
            "more": max(0, len(result.changes) - PREVIEW_NIGHTS) if result else 0,
            "after_midnight": after_midnight(first_moved(result), at),
            "to_evening": to_evening(
                first_of(result, reschedule.MOVED), at, chosen_weekdays(plan, form)
            ),
            "daytime": daytime(at),
            "counts": counts(result) if result else {},
            "keep_apart": keep_apart(plan),
            # a change saved ahead, which the form's first From day does not show yet
            "ahead": changes.change_ahead(plan, max(form.today, plan.start_date)),
            "zone_names": available_zone_names(),
        },
    )


def first_moved(result: reschedule.Reschedule | None) -> reschedule.Outcome | None:
    """The first night the change moves or adds, at its new time; None without one."""
    return first_of(result, reschedule.MOVED, reschedule.NEW)


def first_of(result: reschedule.Reschedule | None, *kinds: str) -> reschedule.Outcome | None:
    if result is None:
        return None
    return next((o for o in result.changes if o.kind in kinds), None)


def chosen_weekdays(plan: Plan, form: PlanChangeForm) -> tuple[str, ...]:
    """The weekdays the person chose, () where they choose none (every N days)."""
    if changes.weekdays_fixed(plan) or not form.is_valid():
        return ()
    return tuple(form.cleaned_data["weekdays"])


def keep_apart(plan: Plan) -> str:
    """How far a changed night keeps from those that stay: the rule's days and hours (a new
    zone can bring two nights on different days within hours), or (as prescribed) the
    limits'."""
    if plan.is_prescribed:
        return f"nights one a day, and at least {plan.limits.min_hours_between} hours apart,"
    days, hours = plan.rule.min_days_between, plan.rule.min_hours_between
    apart = f"{days} day{'' if days == 1 else 's'}"
    return f"nights at least {apart} apart, and at least {hours} hours apart,"


def counts(result: reschedule.Reschedule) -> dict[str, int]:
    kinds = (reschedule.MOVED, reschedule.CANCELLED, reschedule.NEW)
    return {kind: len(result.of_kind(kind)) for kind in kinds}


def changed_message(result: reschedule.Reschedule, plan: Plan) -> str:
    done = counts(result)
    return (
        f"Plan changed from {day_name(result.from_date)}: {applications(done['moved'])} moved, "
        f"{done['new']} added, {done['cancelled']} cancelled. Nights before it, and any whose "
        "time had passed, stay as they were; the course still ends on "
        f"{day_name(plan.end_date, year=True)}."
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan_delete(request, public_id):
    plan = owned_plan(request, public_id)
    form = PlanDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        changes.plan_delete(plan=plan)
        messages.success(request, f"Plan deleted: {plan.rule.title}, with all its records.")
        return redirect("plan-list")
    return render(
        request,
        "plans/delete.html",
        {
            "plan": plan,
            "rule": plan.rule,
            "form": form,
            "nights": plan.sessions.exclude(status=Session.Status.CANCELLED).count(),
            "entries": plan.symptom_entries.count(),
            "feeds": plan.feed_tokens.filter(revoked_at__isnull=True).count(),
        },
    )
