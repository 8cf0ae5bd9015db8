"""The one way views fetch a plan: the owner's, or 404 for anyone else."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from planner.lookups import PlanStamp, plan_stamp
from planner.models import Plan


def owned_plan(request, public_id) -> Plan:
    plans = Plan.objects.select_related("rule__regimen")
    return get_object_or_404(plans, public_id=public_id, user=request.user)


def plan_login_required(view):
    """login_required for the cached pages of one plan: the login check reads the plan's
    stamp in the same statement as the session and its user (planner.login_sessions.db), for
    owned_stamp() to take."""
    checked = login_required(view)

    @functools.wraps(view)
    def wrapped(request, public_id, **kwargs):
        if hasattr(request.session, "read_plan_too"):  # not with the cached_db engine
            request.session.read_plan_too(public_id)
        return checked(request, public_id, **kwargs)

    return wrapped


def owned_stamp(request, public_id) -> PlanStamp:
    """The owner's plan as cached pages name it, or 404 for anyone else: read with the login
    when the view asked for it (plan_login_required), else with one light query."""
    login = getattr(request.session, "login", None)
    if login and login.plan_asked == public_id and login.user_id == request.user.pk:
        stamp = login.plan
    else:
        stamp = plan_stamp(request.user.pk, public_id)
    if stamp is None:
        raise Http404("No Plan matches the given query.")
    return stamp
