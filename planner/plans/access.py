"""The one way views fetch a plan: the owner's, or 404 for anyone else."""

from django.shortcuts import get_object_or_404

from planner.plans.models import Plan


def owned_plan(request, public_id) -> Plan:
    plans = Plan.objects.select_related("rule__regimen")
    return get_object_or_404(plans, public_id=public_id, user=request.user)
