"""Ticking sessions off, rest periods, and ending a plan early. POST only."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planner import services
from planner.forms import PlanEndForm, RestPeriodForm, SessionForm
from planner.models import Plan, Session
from planner.views.access import owned_plan
from planner.views.plans import render_plan_page
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
    error = session_error(plan, session, form)
    if error:
        messages.error(request, error)
    else:
        status = form.cleaned_data["status"]
        done_at = actual_time(plan, session, form.cleaned_data.get("done_time"))
        services.session_mark(session=session, status=status, done_at=done_at)
        messages.success(request, f"Application {number} marked {status}.")
    return redirect(f"{plan_url(plan)}#session-{number}")


def session_error(plan: Plan, session: Session, form: SessionForm) -> str | None:
    """Why this change is not allowed, in plain words; None when it is."""
    if not form.is_valid():
        return "Choose done, missed, rest or planned."
    if plan.status != Plan.Status.ACTIVE or session.status == Status.CANCELLED:
        return "This plan has ended; its sessions can no longer change."
    today = plan.today(timezone.now())
    if form.cleaned_data["status"] in (Status.DONE, Status.MISSED) and session.date > today:
        return "An application in the future cannot be marked done or missed yet."
    return None


def actual_time(plan: Plan, session: Session, at: dt.time | None) -> dt.datetime | None:
    """The local time the person gave, on the session's night, as an instant."""
    if at is None:
        return None
    return local_instant(session.date, at, plan.zone)


@require_POST
@login_required
def rest_add(request, public_id):
    plan = owned_plan(request, public_id)
    form = RestPeriodForm(request.POST, plan=plan)
    if plan.status != Plan.Status.ACTIVE:
        messages.error(request, "This plan has ended.")
        return redirect(plan_url(plan))
    if not form.is_valid():
        return render_plan_page(request, plan, form, status=400)
    rest = services.rest_period_add(plan=plan, **form.cleaned_data)
    messages.success(
        request,
        f"Rest from {rest.first_day:%d %b} to {rest.last_day:%d %b}. "
        f"Your end date stays {plan.end_date:%d %b %Y}.",
    )
    return redirect(plan_url(plan))


@require_POST
@login_required
def plan_end(request, public_id):
    plan = owned_plan(request, public_id)
    form = PlanEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm that you want to end this plan.")
    elif plan.status != Plan.Status.ACTIVE:
        messages.error(request, "This plan has already ended.")
    elif form.cleaned_data["status"] == "cleared" and not plan.rule.until_cleared:
        messages.error(request, "Only an until-cleared treatment can be ended as cleared.")
    else:
        count = services.plan_end(
            plan=plan, status=form.cleaned_data["status"], today=plan.today(timezone.now())
        )
        messages.success(request, f"Plan ended; {count} remaining applications cancelled.")
    return redirect(plan_url(plan))


def plan_url(plan: Plan) -> str:
    return reverse("plan-detail", kwargs={"public_id": plan.public_id})
