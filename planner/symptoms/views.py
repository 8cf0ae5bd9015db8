"""The side-effect log: the timeline page, one day's entry, the CSV and the clinician's report.

Each page loads the plan, its sessions, rest periods and entries: a fixed number of queries
whatever the course length. The pure work happens in planner.symptoms and planner.symptoms.guidance.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planner.accounts.access import button_login_required, form_login_required, kept_form
from planner.calendars.words import DISCLAIMER
from planner.plans.access import owned_plan
from planner.plans.models import Plan
from planner.plans.progress import progress
from planner.plans.zones import other_zones
from planner.symptoms import chart, export, scale, summary, table
from planner.symptoms.forms import DayForm, SymptomForm
from planner.symptoms.guidance import Advice, advice_for
from planner.symptoms.models import lock_log
from planner.symptoms.timeline import Day, timeline
from planner.symptoms.window import default_day, last_day, log_window
from regimens import versions
from regimens.engine import day_name

ENTRIES_PER_PAGE = 14


@dataclass(frozen=True)
class Log:
    sessions: list
    rest_periods: list
    days: list[Day]

    @property
    def logged(self) -> list[Day]:
        return [day for day in self.days if day.logged]

    def on(self, date: dt.date) -> Day | None:
        return next((day for day in self.days if day.date == date), None)


def load_log(plan: Plan) -> Log:
    """Three queries: sessions, rest periods, entries. The days run from the course's first
    to the last of treatment (the first, for a plan stopped before it), or on to the last day
    logged after it."""
    sessions = list(plan.sessions.all())
    rests = list(plan.rest_periods.all())
    entries = list(plan.symptom_entries.all())
    end = max([plan.start_date, plan.last_treated_day(), *(entry.date for entry in entries)])
    days = timeline(
        plan.start_date,
        end,
        sessions=sessions,
        rest_periods=rests,
        entries=entries,
        rest_until=plan.last_treated_day(),
    )
    return Log(sessions, rests, days)


def chart_of(plan: Plan, log: Log) -> SafeString:
    title = f"Skin reactions and symptoms, {plan.rule.title}"
    end = plan.last_treated_day()
    desc = chart.describe(log.days, end)
    svg = chart.chart_svg(log.days, title=title, desc=desc, course_end=end)
    return mark_safe(svg)  # noqa: S308 -- built by ElementTree, which escapes every text


def shared_context(plan: Plan, log: Log, today: dt.date) -> dict:
    """What the log page and the report both show."""
    return {
        "plan": plan,
        "rule": plan.rule,
        "chart": chart_of(plan, log),
        "chart_rows": chart.rows(),
        "chart_axis": chart.axis_labels(log.days),
        "summary": summary.summarize(log.days, today),
        "table_body": table.table_body(log.days),
        "item_labels": [scale.label(item) for item in scale.ITEMS],
        "shown_until": log.days[-1].date,  # the last day of treatment, or a later one logged
        "treated_until": plan.last_treated_day(),
        # A course over two years (Nov 2026 to Feb 2027) gives each date its year.
        "day_format": "j M Y" if plan.start_date.year != plan.calendar_end.year else "j M",
    }


def saved_day(log: Log, saved: str | None) -> Day | None:
    """The logged day just saved (?saved=<date>), if any."""
    return next((day for day in log.logged if saved and day.date.isoformat() == saved), None)


def entries_page(log: Log, number: str | None) -> Page:
    """The logged days, newest first, a page at a time: a daily log over a 16-week course is
    over a hundred cards, and the chart and its table above already show every day."""
    page = Paginator(list(reversed(log.logged)), ENTRIES_PER_PAGE).get_page(number)
    page.object_list = [(day, scale.reported(day.grades)) for day in page.object_list]
    return page


def advices(log: Log, saved: Day | None) -> list[Advice]:
    """Advice for the day just saved (if any) and for the latest entry."""
    logged = log.logged
    picks = [saved] if saved else []
    if logged and logged[-1] not in picks:
        picks.append(logged[-1])
    return [advice for day in picks if (advice := advice_for(day.date, day.grades))]


@never_cache
@login_required
@require_safe
def symptom_log(request, public_id):
    plan = owned_plan(request, public_id)
    today = plan.today(timezone.now())
    log = load_log(plan)
    picker, day = pick_day(request, plan, today)
    context = shared_context(plan, log, today)
    saved = saved_day(log, request.GET.get("saved"))
    context.update(
        today=today,
        last_day=last_day(plan),
        open_to_change=plan.open_to_change(today),  # its advice may offer a rest
        picker=picker,
        day=day,
        form=entry_form(plan, today, day, log),
        advices=advices(log, saved),
        entries=entries_page(log, request.GET.get("entries")),
        # the questions about what the day just saved recorded
        saved=[(saved, scale.reported(saved.grades))] if saved else [],
    )
    return render(request, "symptoms/log.html", context)


def pick_day(request, plan: Plan, today: dt.date) -> tuple[DayForm, dt.date]:
    """The day picker, and the day the form is for: the one picked, else today (clamped)."""
    fallback = default_day(plan, today)
    data = request.GET if "day" in request.GET else None
    picker = DayForm(data, plan=plan, today=today, initial={"day": fallback})
    return picker, picker.cleaned_data["day"] if data and picker.is_valid() else fallback


def entry_form(plan: Plan, today: dt.date, day: dt.date, log: Log) -> SymptomForm | None:
    """The form for one day, prefilled from its entry; None before the course starts."""
    if log_window(plan, today) is None:
        return None
    known = log.on(day)
    if not (known and known.logged):
        return SymptomForm(plan=plan, day=day)
    initial = dict(known.grades, note=known.note)
    return SymptomForm(initial=initial, plan=plan, day=day, saved=known.grades)


@never_cache
@form_login_required
@require_http_methods(["GET", "HEAD", "POST"])
def symptom_edit(request, public_id, day):
    plan = owned_plan(request, public_id)
    today = plan.today(timezone.now())
    window = log_window(plan, today)
    if window is None or not window[0] <= day <= window[1]:
        raise Http404("Only days from the course's first up to today can be logged.")
    entry = plan.symptom_entries.filter(date=day).first()
    sent = request.method == "POST"
    data = request.POST if sent else kept_form(request)  # a kept form is shown, not saved
    form = SymptomForm(data, instance=entry, plan=plan, day=day)
    if sent and form.is_valid():
        form.save()
        messages.success(request, f"Saved your log for {day_name(day, year=True)}.")
        url = reverse("symptom-log", kwargs={"public_id": plan.public_id})
        return redirect(f"{url}?saved={day.isoformat()}#advice")
    context = {
        "plan": plan,
        "rule": plan.rule,
        "day": day,
        "today": today,
        "open_to_change": plan.open_to_change(today),  # its advice may offer a rest
        "form": form,
        "advice": advice_for(day, entry.grades()) if entry else None,
        "saved": entry is not None,  # which the page offers to delete
    }
    return render(request, "symptoms/edit.html", context, status=400 if sent else 200)


@require_POST
@button_login_required
def symptom_delete(request, public_id, day):
    """A day logged by mistake, deleted from its edit page. A second tap finds nothing to
    delete and says so: the log page is where both land."""
    plan = owned_plan(request, public_id)
    if day < plan.start_date:
        raise Http404("The log has no days before the course's first.")
    with transaction.atomic():
        lock_log(plan)  # in turn with saves of the same log
        deleted, _ = plan.symptom_entries.filter(date=day).delete()
    said = day_name(day, year=True)
    if deleted:
        messages.success(request, f"Deleted your log for {said}.")
    else:
        messages.info(request, f"There was no log for {said} to delete.")
    return redirect(reverse("symptom-log", kwargs={"public_id": plan.public_id}) + "#main")


@never_cache
@login_required
@require_safe
def symptom_csv(request, public_id):
    plan = owned_plan(request, public_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"side-effect-log-{plan.start_date.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a byte-order mark: without one Excel misreads accents
    notices = [text for text in (plan.prescribed_text(), DISCLAIMER) if text]
    csv.writer(response).writerows(export.rows(load_log(plan).days, notices))
    return response


@never_cache
@login_required
@require_safe
def plan_report(request, public_id):
    plan = owned_plan(request, public_id)
    log = load_log(plan)
    now = timezone.now()
    today = plan.today(now)
    context = shared_context(plan, log, today)
    rest_until = min(today, plan.last_treated_day())  # as the rest days: none ahead or after a stop
    context.update(
        # counted as progress counts; rest as the rest days
        adherence=summary.adherence(log.sessions, now, rest_until),
        rested_afterwards=summary.rested_afterwards(log.sessions, rest_until),
        progress=progress(plan, log.sessions, now),  # done of due, as the plan page
        notes=[day for day in log.logged if day.note],
        course_days=(plan.end_date - plan.start_date).days + 1,
        sessions_count=len(log.sessions),
        other_zones=other_zones(plan, log.sessions),
        newer=versions.newer_approved(plan.rule),  # the plan keeps its version: say so
        generated=now,
        generated_in=plan.zone_at(now).key,  # the zone it is in now, a trip saved ahead or not
    )
    return render(request, "symptoms/report.html", context)
