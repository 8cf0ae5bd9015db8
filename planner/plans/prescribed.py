"""A plan "as my clinician prescribed": the page (`/plans/new/prescribed/`) and its write path.

The schedule is the clinician's, checked against the product's hard limits
(regimens/prescribed.py) instead of a label's rules. The plan still points at the label
regimen it stands in for (the person's choice): the steps, the education, the supply and
the done-time window come from that rule version, and the plan stores the limits version
it was checked against, the prescription in words and the label rules it departs from.
Once made, its nights are ordinary nights: Today, the plan page, the calendars and the
done-time checks need nothing else.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from planner.accounts.models import Profile
from planner.plans.forms import PrescribedPlanForm, approved_rules
from planner.plans.models import Plan
from planner.plans.services import (
    Refused,
    create_unless_overlapping,
    save_new_plan,
)
from planner.plans.views import already_past, first_day, first_nights, ready_message
from regimens import prescribed
from regimens.models import ProductLimits, RuleVersion
from regimens.zones import available_zone_names

LIMITS_CHANGED = (
    "The limits for {name} changed while you were filling in the form: press Preview to "
    "check your plan against them."
)


def offers(region: str = "") -> list[tuple[RuleVersion, ProductLimits]]:
    """Each approved regimen whose product and strength have approved limits, with them;
    the person's region's labels first. Two queries."""
    limits = {
        (row.product.product, row.product.strength): row
        for row in ProductLimits.objects.approved().select_related("product")
    }
    rules = approved_rules().region_first(region)
    return [
        (rule, limits[rule.product, rule.strength])
        for rule in rules
        if (rule.product, rule.strength) in limits
    ]


@transaction.atomic
def prescribed_plan_create(
    *,
    user,
    rule: RuleVersion,
    limits: ProductLimits,
    prescription: prescribed.Prescription,
    label: str = "",
    discreet_titles: bool = False,
) -> Plan:
    """Make the plan and its nights. Refused when `limits` stopped being the approved
    version meanwhile (its row is locked, so an approval waits or comes first); ScheduleError
    when the prescription passes a limit: nothing is saved either way."""
    locked = ProductLimits.objects.select_for_update().get(pk=limits.pk)
    if locked.status != ProductLimits.Status.APPROVED:
        raise Refused(LIMITS_CHANGED.format(name=limits.name))
    result = prescribed.build(locked.spec(), prescription, rule.spec(), rule.label_name)
    schedule = result.schedule
    plan = Plan(
        user=user,
        rule=rule,
        kind=Plan.Kind.PRESCRIBED,
        limits=locked,
        prescription=prescribed.describe(prescription, result.weekdays),
        every_days=prescription.every_days,  # None: so many times a week
        departures="\n".join(result.departures),
        label=label,
        start_date=schedule.start,
        end_date=schedule.end,
        weekdays=",".join(result.weekdays),
        application_time=prescription.time,
        timezone=schedule.zone,
        contact_hours=Decimal(str(schedule.contact_hours)),
        discreet_titles=discreet_titles,
    )
    product = f"{limits.product.product} {limits.product.strength}"
    detail = (
        f"as prescribed, within version {locked.version} of the limits of {product} "
        f"(regimen rules version {rule.version})"
    )
    return save_new_plan(plan, schedule.sessions, detail)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan_add_prescribed(request):
    profile = Profile.objects.filter(user=request.user).first()
    on_offer = offers(getattr(profile, "region", ""))
    if request.method != "POST":
        initial = initial_values(request, on_offer, profile)
        return render_form(request, PrescribedPlanForm(initial=initial, offers=on_offer))
    form = PrescribedPlanForm(request.POST, offers=on_offer)
    if not form.is_valid():
        return render_form(request, form)
    data, schedule = form.cleaned_data, form.result.schedule
    try:
        plan, conflicts = create_unless_overlapping(
            user=request.user,
            rule=data["rule"],
            label=data["label"],
            schedule=schedule,
            preview="preview" in request.POST,
            confirmed=form.confirmed_overlaps(),
            create=lambda: prescribed_plan_create(
                user=request.user,
                rule=data["rule"],
                limits=data["limits"],
                prescription=form.prescription,
                label=data["label"],
                discreet_titles=data["discreet_titles"],
            ),
        )
    except Refused as refused:
        form.add_error(None, str(refused))
        return render_form(request, form)
    if plan is None:
        return render_form(request, form, preview=form.result, conflicts=conflicts)
    messages.success(request, ready_message(schedule.sessions, ", as prescribed"))
    return redirect(plan)


def initial_values(request, on_offer, profile: Profile | None) -> dict:
    """The chosen (or first) regimen's label schedule, as a starting point to change."""
    by_slug = {rule.regimen.slug: rule for rule, _ in on_offer}
    rule = by_slug.get(request.GET.get("regimen")) or (on_offer[0][0] if on_offer else None)
    initial = {
        "timezone": getattr(profile, "timezone", ""),
        "pattern": PrescribedPlanForm.WEEKLY,
    }
    if rule:
        initial.update(
            regimen=rule.regimen.slug,
            per_week=rule.applications_per_week,
            weeks=max(1, rule.course_days // 7),
            application_time=getattr(profile, "bedtime", None) or rule.default_time,
            contact_hours=rule.contact_hours_default,
        )
    initial["start_date"] = first_day(profile, initial.get("application_time"))
    return initial


def render_form(request, form, preview=None, conflicts=()):
    sessions = preview.schedule.sessions if preview else ()
    at = form.cleaned_data.get("application_time") if preview else None  # None: the rule's
    return render(
        request,
        "plans/prescribed_form.html",
        {
            "form": form,
            "conflicts": conflicts,
            "products": list({limits.pk: limits for _, limits in form.offers.values()}.values()),
            "preview": preview,
            **first_nights(sessions, at),
            "past": already_past(sessions),
            "zone_names": available_zone_names(),
        },
    )
