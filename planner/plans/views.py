"""The plan pages: Today, the list, the form, one plan's page, its months and its print sheet.
Their buttons post to planner.plans.actions."""

import datetime as dt
from dataclasses import dataclass, replace
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from planner.accounts.access import kept_form
from planner.accounts.models import Profile
from planner.calendars.views import plan_feed_links, user_feed_links
from planner.calendars.words import DISCLAIMER, DISCREET
from planner.plans.access import owned_plan
from planner.plans.bedtimes import after_midnight, daytime, evening
from planner.plans.clocks import clocks_move, time_skipped
from planner.plans.forms import PlanForm, RestPeriodForm, SessionForm, approved_rules
from planner.plans.models import Plan, Session
from planner.plans.months import current_month, month_grid, month_last_day, months_between
from planner.plans.progress import progress
from planner.plans.services import applications, create_unless_overlapping, plan_create
from planner.plans.today import plans_today
from planner.plans.zones import other_zones
from planner.reminders.reach import reminder_reach
from planner.symptoms.guidance import latest_advice
from planner.symptoms.window import AFTER_COURSE, last_day, logs_today, skin_settling
from regimens import engine
from regimens.assessment import assessment_date
from regimens.zones import available_zone_names

PREVIEW_SESSIONS = 6
RECENT_EVENTS = 10  # on the plan page; the history page has them all, a page at a time
EVENTS_PER_PAGE = 50


@never_cache
@require_safe
@login_required
def today(request):
    """Where log-in lands: tonight's application of every active plan, one tap to record it."""
    now = timezone.now()
    # The active plans, and those ended lately, whose log may still ask about the skin (two
    # days' margin: the plans' zones are not UTC, and an assessment may come a day after).
    since = now.date() - AFTER_COURSE - dt.timedelta(days=2)
    lately = Q(status=Plan.Status.ACTIVE) | Q(end_date__gte=since)
    mine = Plan.objects.for_user(request.user).filter(lately).select_related("rule__regimen")
    mine = list(mine.prefetch_related("sessions"))
    plans = [plan for plan in mine if plan.status == Plan.Status.ACTIVE]
    # A course just over asks how the skin settles: on its own card when it has one (an
    # assessment to come, nights to record), else on the "After the course" card.
    settling = {
        plan: (day, last_day(plan)) for plan in mine if skin_settling(plan, day := plan.today(now))
    }
    items = [replace(item, settling=settling.get(item.plan)) for item in plans_today(plans, now)]
    on_cards = {item.plan for item in items}
    context = {
        "items": items,
        "settling": [(plan, *days) for plan, days in settling.items() if plan not in on_cards],
        "my_zone": settings_zone(request.user),
        "reach": reminder_reach(request.user, plans),
        # Nothing tonight: courses all over (their records are on My plans), or no plan yet.
        "had_plans": not items and (plans or Plan.objects.for_user(request.user).exists()),
    }
    return render(request, "plans/today.html", context)


@never_cache
@require_safe
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
            "sections_with_messages": "feed",  # its own messages show in it (messages.html)
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan_add(request):
    profile = Profile.objects.filter(user=request.user).first()
    # The person's region's label regimens first (their profile); the US labels when unset.
    rules = list(approved_rules().region_first(getattr(profile, "region", "")))
    if request.method != "POST":
        form = PlanForm(initial=initial_plan_values(request, rules, profile), rules=rules)
        return render_plan_form(request, form)
    form = PlanForm(request.POST, rules=rules)
    if not form.is_valid():
        return render_plan_form(request, form)
    data = form.cleaned_data
    plan, conflicts = create_unless_overlapping(
        user=request.user,
        rule=data["rule"],
        label=data["label"],
        schedule=form.schedule,
        preview="preview" in request.POST,
        confirmed=form.confirmed_overlaps(),
        create=lambda: plan_create(
            user=request.user,
            rule=data["rule"],
            label=data["label"],
            discreet_titles=data["discreet_titles"],
            **PlanForm.plan_inputs(data),
        ),
    )
    if plan is None:
        return render_plan_form(request, form, preview=form.schedule, conflicts=conflicts)
    messages.success(request, ready_message(form.schedule.sessions))
    return redirect(plan)


def initial_plan_values(request, rules, profile: Profile | None) -> dict:
    """Defaults: the chosen (or first) rule's, then the person's profile."""
    by_slug = {rule.regimen.slug: rule for rule in rules}
    rule = by_slug.get(request.GET.get("regimen")) or (rules[0] if rules else None)
    initial = {"timezone": getattr(profile, "timezone", "")}
    if rule:
        spec = rule.spec()
        initial.update(
            regimen=rule.regimen.slug,
            weekdays=list(spec.default_weekdays),
            application_time=getattr(profile, "bedtime", None) or spec.default_time,
            contact_hours=rule.contact_hours_default,
        )
    initial["start_date"] = first_day(profile, initial.get("application_time"))
    return initial


def first_day(profile: Profile | None, at: dt.time | None) -> dt.date:
    """A new plan's first day by default: today where the person is, or tomorrow once the
    form's application time has passed there."""
    return (profile or Profile()).first_night(timezone.now(), at)


def first_nights(sessions, at: dt.time | None = None) -> dict:
    """What a new plan's preview lists (plans/_first_nights.html): its first nights, the later
    ones when the clocks change, how many more there are, and the first one when its time is
    after midnight (00:30 on Monday is the night from Sunday, which the page says)."""
    later = [s for s in sessions[PREVIEW_SESSIONS:] if clocks_move(s) or time_skipped(s, at)]
    return {
        "preview_sessions": sessions[:PREVIEW_SESSIONS],
        "clock_nights": later,  # each said as the first nights are: a changed time, 8 hours
        "more": max(0, len(sessions) - PREVIEW_SESSIONS - len(later)),
        "after_midnight": after_midnight(sessions[0] if sessions else None, at),
        "daytime": daytime(at),
    }


def ready_message(sessions, how: str = "") -> str:
    """What a new plan's page first says: its applications, and those already past (as its
    preview said), which wait to be ticked on that page."""
    said = f"Your plan is ready: {applications(len(sessions))}{how}."
    past = len(already_past(sessions))
    if not past:
        return said
    if past == 1:
        return f"{said} Application 1 is already past: tick it done if you applied it."
    which = "Every application is" if past == len(sessions) else f"The first {past} are"
    return f"{said} {which} already past: tick those you applied."


def already_past(sessions) -> list:
    """The previewed nights whose time has passed: a plan made tonight after its application
    time, or dated back, starts with them unrecorded (the preview says so)."""
    now = timezone.now()
    return [session for session in sessions if session.apply_at <= now]


def course_notes(form, preview) -> dict:
    """What the preview says of the chosen regimen's course beyond its nights
    (plans/_preview_course.html): whether it lasts until cleared, its breaks and its
    assessment's day."""
    if preview is None:
        return {}
    chosen = form.cleaned_data["rule"]
    spec = chosen.spec()
    return {
        "chosen": chosen,
        "breaks": engine.breaks(spec, preview.start),
        "assessment_on": assessment_date(spec, preview.start),
    }


def render_plan_form(request, form, preview=None, conflicts=()):
    sessions = preview.sessions if preview else ()
    at = form.cleaned_data["application_time"] if preview else None
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "conflicts": conflicts,
            "rules": form.rules.values(),
            "preview": preview,
            **first_nights(sessions, at),
            **course_notes(form, preview),
            "past": already_past(sessions),
            "zone_names": available_zone_names(),
        },
    )


@never_cache
@require_safe
@login_required
def plan_detail(request, public_id):
    plan = owned_plan(request, public_id)
    kept = kept_form(request)  # rest dates sent after the session ended: shown, not saved
    return render_plan_page(request, plan, RestPeriodForm(kept, plan=plan) if kept else None)


@dataclass(frozen=True)
class RefusedTime:
    """A done time typed in the list's row `number` and refused: shown again in that row."""

    number: int
    typed: str
    error: str


def render_plan_page(
    request,
    plan: Plan,
    rest_form: RestPeriodForm | None,
    status: int = 200,
    refused_time: RefusedTime | None = None,
):
    """The plan page; the rest form and the list's time fields show it again with their
    errors."""
    context = plan_context(plan)
    context.update(
        refused_time=refused_time,
        session_form=SessionForm(),
        rest_form=RestPeriodForm(plan=plan) if rest_form is None else rest_form,
        rest_periods=rests_with_counts(plan, context["sessions"]),
        feed=plan_feed_links(request, plan),
        sections_with_messages="feed",  # its own messages show in it (messages.html)
        recent_events=plan.history()[:RECENT_EVENTS],
        reach=reminder_reach(request.user, [plan]),  # the owner's: owned_plan checked it
        my_zone=settings_zone(request.user),
    )
    return render(request, "plans/detail.html", context, status=status)


def rests_with_counts(plan: Plan, sessions) -> list:
    """The plan's rest periods, each with `rested`: how many of its nights are rested now (a
    night in a begun rest can be taken back and applied after all)."""
    rests = list(plan.rest_periods.all())
    for rest in rests:
        rest.rested = sum(
            1
            for s in sessions
            if s.status == Session.Status.REST and rest.first_day <= s.date <= rest.last_day
        )
    return rests


def settings_zone(user) -> str:
    """The zone in the person's Settings ('' when none). A first card whose times are in
    another zone names it, on Today and on the plan page."""
    return Profile.objects.filter(user=user).values_list("timezone", flat=True).first() or ""


def plan_context(plan: Plan) -> dict:
    """What the plan page shows above and beside its forms."""
    now = timezone.now()
    sessions = list(plan.sessions.all())
    entries = list(plan.symptom_entries.all())
    today = plan.today(now)
    last = plan.calendar_end  # the course's end, or its assessment's day after it
    shown = current_month(today, plan.start_date, last)
    return {
        "plan": plan,
        "rule": plan.rule,
        "sessions": sessions,
        "other_zones": other_zones(plan, sessions),
        "second_course_first_night": plan.second_course_first_night(sessions),
        "followup_on": plan.followup_on(sessions),  # the calendars' follow-up, if any
        "today": today,
        "finished": plan.is_finished(today),  # ended, or its course over: no reminders
        "course_over": plan.course_over(today),
        "open_to_change": plan.open_to_change(today),  # a rest, a change, an early end
        "progress": progress(plan, sessions, now),
        "month_list": [
            dt.date(year, month, 1) for year, month in months_between(plan.start_date, last)
        ],
        # One grid, this month's (or the course's nearest): the others are a link away.
        "months": [
            month_grid(
                shown,
                plan,
                {s.date: s for s in sessions},
                today,
                frozenset(entry.date for entry in entries),
            )
        ],
        "log_advice": latest_advice(entries),
        "logs_today": logs_today(plan, today),
    }


@never_cache
@require_safe
@login_required
def plan_history(request, public_id):
    """Every change to the plan and its nights, newest first, a page at a time."""
    plan = owned_plan(request, public_id)
    events = Paginator(plan.history(), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "plans/history.html", {"plan": plan, "rule": plan.rule, "events": events}
    )


@never_cache
@require_safe
@login_required
def plan_print(request, public_id):
    plan = owned_plan(request, public_id)
    sessions = list(plan.sessions.all())
    context = {"plan": plan, "rule": plan.rule, "sessions": sessions}
    # A discreet plan's sheet, like its calendar, names no drug, condition or treated area.
    named = " · ".join(filter(None, [plan.rule.title, plan.label]))
    context["sheet_title"] = DISCREET.calendar if plan.discreet_titles else named
    context["discreet_disclaimer"] = DISCLAIMER
    context["open_to_change"] = plan.open_to_change(plan.today(timezone.now()))
    context["other_zones"] = other_zones(plan, sessions)
    context["second_course_first_night"] = plan.second_course_first_night(sessions)
    # A time after midnight: each night is the evening before's, as the previews say. Only
    # when every night is (after a change to an evening time, each row names its own).
    if sessions and all(evening(s) < s.date for s in sessions):
        first = sessions[0]
        local = SimpleNamespace(
            number=first.number, date=first.date, apply_at=first.apply_at.astimezone(first.zone)
        )
        context["after_midnight"] = after_midnight(local)
    return render(request, "plans/print.html", context)


@never_cache
@require_safe
@login_required
def plan_month(request, public_id, year, month):
    """One month of the course: a small page that loads only that month's sessions."""
    plan = owned_plan(request, public_id)
    months = months_between(plan.start_date, plan.calendar_end)
    if (year, month) not in months:
        raise Http404("That month is outside the course.")
    month_start = dt.date(year, month, 1)
    month_end = month_last_day(month_start)
    sessions = list(plan.sessions.filter(date__range=(month_start, month_end)))
    logged = plan.symptom_entries.filter(date__range=(month_start, month_end))
    grid = month_grid(
        month_start,
        plan,
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
            "other_zones": other_zones(plan, sessions),
        },
    )
