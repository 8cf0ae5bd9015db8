"""What the plan page's and Today's buttons do (POST only): record a night, take or remove a
rest period, end a plan. Each goes through planner.plans.services and comes back with a
message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from planner.plans import services
from planner.plans.access import owned_plan
from planner.plans.forms import PlanEndForm, RestPeriodForm, SessionForm
from planner.plans.models import Plan, Session
from planner.plans.views import render_plan_page
from regimens.engine import local_instant

Status = Session.Status


@require_POST
@login_required
def session_update(request, public_id, number):
    plan = owned_plan(request, public_id)
    session = get_object_or_404(plan.sessions, number=number)
    # The plan page's buttons share one form, so each night's time field carries its number.
    time = request.POST.get(f"done_time_{number}", request.POST.get("done_time", ""))
    form = SessionForm({"status": request.POST.get("status", ""), "done_time": time})
    now = timezone.now()
    done_at = actual_time(request, plan, session, form, now) if form.is_valid() else None
    error = session_error(plan, session, form, done_at, now)
    if error:
        messages.error(request, error)
        return redirect(back_to(request, plan, number))
    status = form.cleaned_data["status"]
    try:
        services.session_mark(session=session, status=status, done_at=done_at)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Application {number} marked {status}.")
    return redirect(back_to(request, plan, number))


def session_error(
    plan: Plan, session: Session, form: SessionForm, done_at: dt.datetime | None, now
) -> str | None:
    """Why this change is not allowed, in plain words; None when it is."""
    if not form.is_valid():
        return "Choose done, missed, rest or planned."
    today = plan.today(now)
    if form.cleaned_data["status"] in (Status.DONE, Status.MISSED) and session.date > today:
        return "An application in the future cannot be marked done or missed yet."
    if done_at is not None and done_at > now:
        return "A done time cannot be in the future."
    return None


def actual_time(request, plan: Plan, session: Session, form: SessionForm, now):
    """When it was applied: now ("Done now"), the local time the person gave on the night's
    date, or None (done, time not given)."""
    if form.cleaned_data["status"] != Status.DONE:
        return None
    if "now" in request.POST:
        return now
    at = form.cleaned_data.get("done_time")
    return local_instant(session.date, at, plan.zone) if at else None


def back_to(request, plan: Plan, number: int) -> str:
    """Where the button was pressed: Today, or the night's row on the plan page."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return f"{plan_url(plan)}#session-{number}"


@require_POST
@login_required
def rest_add(request, public_id):
    plan = owned_plan(request, public_id)
    form = RestPeriodForm(request.POST, plan=plan)
    if plan.status != Plan.Status.ACTIVE:
        messages.error(request, services.ENDED)
        return redirect(plan_url(plan))
    if not form.is_valid():
        return render_plan_page(request, plan, form, status=400)
    try:
        rest = services.rest_period_add(plan=plan, **form.cleaned_data)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect(plan_url(plan))
    messages.success(
        request,
        f"Rest from {rest.first_day:%d %b} to {rest.last_day:%d %b}. "
        f"Your end date stays {plan.end_date:%d %b %Y}.",
    )
    return redirect(plan_url(plan))


@require_POST
@login_required
def rest_remove(request, public_id, rest_id):
    plan = owned_plan(request, public_id)
    rest = get_object_or_404(plan.rest_periods, pk=rest_id)
    try:
        count = services.rest_period_remove(rest=rest, today=plan.today(timezone.now()))
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Rest period removed; {count} applications planned again.")
    return redirect(f"{plan_url(plan)}#rest-heading")


@require_POST
@login_required
def plan_end(request, public_id):
    plan = owned_plan(request, public_id)
    form = PlanEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm that you want to end this plan.")
    elif form.cleaned_data["status"] == "cleared" and not plan.rule.until_cleared:
        messages.error(request, "Only an until-cleared treatment can be ended as cleared.")
    else:
        end_plan(request, plan, form.cleaned_data["status"])
    return redirect(plan_url(plan))


def end_plan(request, plan: Plan, status: str) -> None:
    try:
        count = services.plan_end(plan=plan, status=status, today=plan.today(timezone.now()))
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Plan ended; {count} remaining applications cancelled.")


def plan_url(plan: Plan) -> str:
    return reverse("plan-detail", kwargs={"public_id": plan.public_id})
