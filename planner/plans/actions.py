"""What the plan page's and Today's buttons do (POST only): record a night, take or remove a
rest period, end a plan. Each goes through planner.plans.services and comes back with a
message."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planner.accounts.access import (
    button_login_required,
    form_login_required,
    path_on_this_site,
)
from planner.plans import services
from planner.plans.access import owned_plan
from planner.plans.forms import PlanEndForm, RestPeriodForm, SessionForm
from planner.plans.models import Plan, RestPeriod, Session
from planner.plans.today import is_tonight, record_opens_at
from planner.plans.views import RefusedTime, render_plan_page
from regimens.engine import ScheduleError, day_name, read_done_time

Status = Session.Status


@require_POST
@button_login_required
def session_update(request, public_id, number):
    plan = owned_plan(request, public_id)
    session = get_object_or_404(plan.sessions, number=number)
    # The plan page's buttons share one form, so each night's time field carries its number.
    time = request.POST.get(f"done_time_{number}", request.POST.get("done_time", ""))
    form = SessionForm({"status": request.POST.get("status", ""), "done_time": time})
    done_at, error = checked_change(request, plan, session, form)
    if error:
        return refused(request, plan, session, error)
    status = form.cleaned_data["status"]
    try:
        session = services.session_mark(session=session, status=status, done_at=done_at)
    except services.Refused as refusal:
        return refused(request, plan, session, str(refusal))
    messages.success(request, session.marked(status))
    return redirect(back_to(request, plan, number))


def refused(request, plan: Plan, session: Session, error: str):
    """A time typed in a row of the plan page's list comes back in that row, focused, with the
    reason beside it (the page is shown again, as a form with errors is; the browser scrolls
    to the field); any other refusal goes back where the button was, its message at the top."""
    number = session.number
    typed = request.POST.get(f"done_time_{number}", "")
    if typed and "now" not in request.POST:
        messages.error(request, f"{session.named} is not recorded: the reason is by its time.")
        row = RefusedTime(number=number, typed=typed, error=error)
        return render_plan_page(request, plan, None, status=400, refused_time=row)
    messages.error(request, error)
    return redirect(back_to(request, plan, number, refused=True))


def checked_change(request, plan: Plan, session: Session, form: SessionForm):
    """(the done time asked for, why the change is refused or None)."""
    if not form.is_valid():
        if "status" in form.errors:
            return None, "Choose done, missed, rest or planned."
        return None, "Enter the time it was applied as HH:MM, such as 22:15."
    now = timezone.now()
    try:
        done_at = actual_time(request, plan, session, form, now)
    except ScheduleError as bad_time:
        return None, bad_time.message
    return done_at, session_error(plan, session, form.cleaned_data["status"], done_at, now)


def session_error(
    plan: Plan, session: Session, status: str, done_at: dt.datetime | None, now
) -> str | None:
    """Why this change is not allowed, in plain words; None when it is. A night with a done
    time is judged by its window (services.session_mark), which may begin the evening before
    its date; without one, by whether it is tonight yet (its date, or for a night after
    midnight its open window: planner.plans.today)."""
    undated = status == Status.MISSED or (status == Status.DONE and done_at is None)
    opens_at = record_opens_at(plan, session)
    if undated and not is_tonight(session, plan.today(now), opens_at, now):
        return "An application in the future cannot be marked done or missed yet."
    if done_at is not None and done_at > now:
        return "A done time cannot be in the future."
    if status == Status.DONE and done_at is None and session.apply_at > now:  # counted then
        at = session.apply_at.astimezone(session.zone)
        return (
            f"{session.named} is planned for {at:%H:%M}, still to come: type the time you "
            "applied it, or tap “Done now” on Today."
        )
    return None


def actual_time(request, plan: Plan, session: Session, form: SessionForm, now):
    """When it was applied: now ("Done now"), the local time the person gave read in the
    night's window (03:00 for a 21:30 night is the next morning), or None (done, time not
    given). A typed time outside the window or still to come raises ScheduleError; "Done now"
    is checked against the window by services.session_mark."""
    if form.cleaned_data["status"] != Status.DONE:
        return None
    if "now" in request.POST:
        return now
    at = form.cleaned_data.get("done_time")
    if at is None:
        return None
    # In the night's own zone, as its row shows it (a night keeps its zone after travel).
    return read_done_time(plan.rule.spec(), session.apply_at, at, session.zone, now=now)


def back_to(request, plan: Plan, number: int, *, refused: bool = False) -> str:
    """Where the button was pressed: Today, the plan page's tonight card, or the night's row
    on the plan page; a refusal goes to the top of that page instead, where its message shows
    (a phone scrolled to the card or the row would not show it)."""
    if wanted := path_on_this_site(request, request.POST.get("next", "")):
        return wanted.partition("#")[0] if refused else wanted
    return f"{plan.get_absolute_url()}#{'main' if refused else f'session-{number}'}"


def rest_form_page(public_id) -> str:
    """Where the rest form is: on the plan page, at its heading."""
    return f"{reverse('plan-detail', args=[public_id])}#rest-heading"


@require_POST
@form_login_required(shown_on=rest_form_page)
def rest_add(request, public_id):
    plan = owned_plan(request, public_id)
    form = RestPeriodForm(request.POST, plan=plan)
    # Its messages show at the top; "#main" keeps the browser from carrying the form's
    # "#rest-heading" over to the redirect, which would scroll them out of sight.
    top = f"{plan.get_absolute_url()}#main"
    if refusal := services.change_refusal(plan, plan.today(timezone.now())):
        messages.error(request, refusal)
        return redirect(top)
    if not form.is_valid():
        return render_plan_page(request, plan, form, status=400)
    try:
        rest, count = services.rest_period_add(plan=plan, **form.cleaned_data)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect(top)
    end = day_name(plan.end_date, year=True)
    messages.success(request, f"{rest_added(rest, count)} Your end date stays {end}.")
    return redirect(top)


def rest_added(rest: RestPeriod, count: int) -> str:
    """'Rest from Tue 3 Mar to Thu 12 Mar: 3 applications rested.' A rest over days without
    an application says so, rather than leave the person thinking a night was rested."""
    if rest.one_day:
        when = f"on {day_name(rest.first_day)}"
    else:
        when = f"from {day_name(rest.first_day)} to {day_name(rest.last_day)}"
    if count:
        return f"Rest {when}: {services.applications(count)} rested."
    return f"Rest {when}: no application falls on {'that day' if rest.one_day else 'those days'}."


@require_POST
@button_login_required
def rest_remove(request, public_id, rest_id):
    plan = owned_plan(request, public_id)
    rest = get_object_or_404(plan.rest_periods, pk=rest_id)
    try:
        count = services.rest_period_remove(rest=rest, today=plan.today(timezone.now()))
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"Rest period removed; {services.applications(count)} planned again."
        )
    return redirect(f"{plan.get_absolute_url()}#main")  # its message, in sight


@require_POST
@button_login_required
def plan_end(request, public_id):
    plan = owned_plan(request, public_id)
    form, now = PlanEndForm(request.POST), timezone.now()
    if refusal := services.change_refusal(plan, plan.today(now)):
        messages.error(request, refusal)
    elif not form.is_valid():
        messages.error(request, end_refused(form))
    elif form.cleaned_data["status"] == "cleared" and not plan.rule.until_cleared:
        messages.error(request, "Only an until-cleared treatment can be ended as cleared.")
    elif form.cleaned_data["status"] == "cleared" and plan.today(now) < plan.start_date:
        first = day_name(plan.start_date, year=True)
        messages.error(
            request,
            f"Its first application is on {first}: a course not begun cannot have cleared. "
            "Stop the plan instead, or delete it.",
        )
    else:
        end_plan(request, plan, form.cleaned_data["status"])
    return redirect(plan)


def end_refused(form: PlanEndForm) -> str:
    if "status" in form.errors:  # nothing is chosen for them: cleared is a clinical finding
        return "Choose how the plan ends: cleared, or stopped for another reason."
    return "Tick the box to confirm that you want to end this plan."


def end_plan(request, plan: Plan, status: str) -> None:
    try:
        count = services.plan_end(plan=plan, status=status, today=plan.today(timezone.now()))
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"Plan ended; {services.applications(count, 'remaining ')} cancelled."
        )
