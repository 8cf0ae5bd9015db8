"""The one way views fetch a plan: the owner's, or 404 for anyone else."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from planner.lookups import PlanStamp, plan_stamp
from planner.models import Plan


def owned_plan(request, public_id) -> Plan:
    plans = Plan.objects.select_related("rule__regimen")
    return get_object_or_404(plans, public_id=public_id, user=request.user)


def owned_stamp(request, public_id) -> PlanStamp:
    """The owner's plan as cached pages name it (one light query), or 404 for anyone else."""
    stamp = plan_stamp(request.user.pk, public_id)
    if stamp is None:
        raise Http404("No Plan matches the given query.")
    return stamp
