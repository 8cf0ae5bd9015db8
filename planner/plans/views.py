"""Making a plan, seeing it and printing it; ticking nights off, rest periods and ending a plan
early (POST only)."""

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from planner.accounts.models import Profile
from planner.calendars.views import plan_feed_links, user_feed_links
from planner.plans import services
from planner.plans.access import owned_plan
from planner.plans.forms import (
    PlanEndForm,
    PlanForm,
    RestPeriodForm,
    SessionForm,
    approved_rules,
)
from planner.plans.models import Plan, Session
from planner.plans.months import month_grids, months_between
from planner.plans.progress import progress
from planner.plans.services import plan_create
from planner.plans.today import plan_today
from planner.symptoms.guidance import latest_advice
from regimens.engine import available_zone_names, local_instant

PREVIEW_SESSIONS = 6
Status = Session.Status


@never_cache
@login_required
def today(request):
    """Where log-in lands: tonight's application of every active plan, one tap to record it."""
    now = timezone.now()
    plans = Plan.objects.for_user(request.user).active().select_related("rule__regimen")
    plans = plans.prefetch_related("sessions")
    items = [plan_today(plan, list(plan.sessions.all()), now) for plan in plans]
    items = [item for item in items if not item.plan.is_finished(item.today)]
    return render(request, "plans/today.html", {"items": items})


@never_cache
@login_required
def plan_list(request):
    plans = Plan.objects.for_user(request.user).select_related("rule__regimen")
    now = timezone.now()
    finished = {plan: plan.is_finished(plan.today(now)) for plan in plans}  # each in its zone
    return render(
        request,
        "plans/list.html",
        {
            "active": [plan for plan, done in finished.items() if not done],
            "finished": [plan for plan, done in finished.items() if done],
            "user_feed": user_feed_links(request),
        },
    )


@never_cache
@login_required
def plan_add(request):
    rules = list(approved_rules())
    if request.method != "POST":
        form = PlanForm(initial=initial_plan_values(request, rules), rules=rules)
        return render_plan_form(request, form)
    form = PlanForm(request.POST, rules=rules)
    if not form.is_valid() or "preview" in request.POST:
        return render_plan_form(request, form, preview=form.schedule if form.is_valid() else None)
    data = form.cleaned_data
    plan = plan_create(
        user=request.user,
        rule=data["rule"],
        label=data["label"],
        discreet_titles=data["discreet_titles"],
        **PlanForm.plan_inputs(data),
    )
    messages.success(request, f"Your plan is ready: {len(form.schedule.sessions)} applications.")
    return redirect("plan-detail", public_id=plan.public_id)


def initial_plan_values(request, rules) -> dict:
    """Defaults: the chosen (or first) rule's, then the person's profile."""
    by_slug = {rule.regimen.slug: rule for rule in rules}
    rule = by_slug.get(request.GET.get("regimen")) or (rules[0] if rules else None)
    profile = Profile.objects.filter(user=request.user).first()
    initial = {"start_date": timezone.localdate(), "timezone": getattr(profile, "timezone", "")}
    if rule:
        spec = rule.spec()
        initial.update(
            regimen=rule.regimen.slug,
            weekdays=list(spec.default_weekdays),
            application_time=getattr(profile, "bedtime", None) or spec.default_time,
            contact_hours=rule.contact_hours_default,
        )
    return initial


def render_plan_form(request, form, preview=None):
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "rules": form.rules.values(),
            "preview": preview,
            "preview_sessions": preview.sessions[:PREVIEW_SESSIONS] if preview else (),
            "zone_names": available_zone_names(),
        },
    )


@never_cache
@login_required
def plan_detail(request, public_id):
    return render_plan_page(request, owned_plan(request, public_id), rest_form=None)


def render_plan_page(request, plan: Plan, rest_form: RestPeriodForm | None, status: int = 200):
    """The plan page; the rest-period view shows it again with its form's errors."""
    context = plan_context(plan)
    context.update(
        session_form=SessionForm(),
        rest_form=RestPeriodForm(plan=plan) if rest_form is None else rest_form,
        rest_periods=list(plan.rest_periods.all()),
        feed=plan_feed_links(request, plan),
    )
    return render(request, "plans/detail.html", context, status=status)


def plan_context(plan: Plan) -> dict:
    """What the plan page and the print sheet share."""
    now = timezone.now()
    sessions = list(plan.sessions.all())
    entries = list(plan.symptom_entries.all())
    logged = frozenset(entry.date for entry in entries)
    today = plan.today(now)
    return {
        "plan": plan,
        "rule": plan.rule,
        "sessions": sessions,
        "today": today,
        "progress": progress(plan, sessions, now),
        "months": month_grids(
            plan.start_date, plan.end_date, {s.date: s for s in sessions}, today, logged
        ),
        "log_advice": latest_advice(entries),
    }


@never_cache
@login_required
def plan_print(request, public_id):
    plan = owned_plan(request, public_id)
    return render(request, "plans/print.html", plan_context(plan))


@never_cache
@login_required
def plan_month(request, public_id, year, month):
    """One month of the course: a small page that loads only that month's sessions."""
    plan = owned_plan(request, public_id)
    months = months_between(plan.start_date, plan.end_date)
    if (year, month) not in months:
        raise Http404("That month is outside the course.")
    month_start = dt.date(year, month, 1)
    month_end = dt.date(year, month, calendar.monthrange(year, month)[1])
    sessions = plan.sessions.filter(date__range=(month_start, month_end))
    logged = plan.symptom_entries.filter(date__range=(month_start, month_end))
    [grid] = month_grids(
        max(plan.start_date, month_start),
        min(plan.end_date, month_end),
        {s.date: s for s in sessions},
        plan.today(timezone.now()),
        frozenset(logged.values_list("date", flat=True)),
    )
    index = months.index((year, month))
    return render(
        request,
        "plans/month.html",
        {
            "plan": plan,
            "rule": plan.rule,
            "months": [grid],
            "previous": months[index - 1] if index else None,
            "next": months[index + 1] if index + 1 < len(months) else None,
        },
    )


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
    if form.cleaned_data["status"] in (Status.DONE, Status.MISSED) and session.date > plan.today(
        now
    ):
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
