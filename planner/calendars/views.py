"""Calendar export: the owner's .ics download, the private feeds, and managing their links."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from planner.accounts.access import button_login_required
from planner.calendars import feeds
from planner.calendars.ics import plan_calendar, plans_calendar
from planner.calendars.models import FeedToken
from planner.calendars.responses import calendar_response
from planner.plans.access import owned_plan
from planner.plans.models import Plan

ROTATED = "New feed link ready; the earlier link has stopped working."
CREATED = "New feed link ready."
REVOKED = "Feed link turned off: calendars subscribed to it get no more updates."
FEED = "feed"  # these messages are shown in the page's feed section, where their redirect lands


@require_safe
@login_required
def plan_ics(request, public_id):
    """The download: a snapshot without rest or cancelled sessions."""
    plan = owned_plan(request, public_id)
    sessions = list(plan.sessions.all())
    return calendar_response(
        request,
        feeds.calendar_etag(plan.user_id, [(plan, sessions)]),
        lambda: plan_calendar(plan, sessions, keep_cancelled=False),
        filename=download_name(plan),
    )


def download_name(plan: Plan) -> str:
    what = "treatment" if plan.discreet_titles else plan.rule.regimen.slug
    return f"{what}-{plan.start_date:%Y-%m-%d}.ics"


@require_safe
def feed(request, token):
    """No login (calendar apps cannot log in): the token is the key. The ETag is a digest of
    the rows the file is built from, so a revalidation (304) loads them but writes nothing."""
    live = FeedToken.objects.live().filter(user__is_active=True)  # not a deactivated account's
    found = get_object_or_404(live, token=token)
    if found.plan_id:
        plans = Plan.objects.filter(pk=found.plan_id)
    else:
        plans = Plan.objects.for_user(found.user_id).active()
    plans = plans.select_related("rule__regimen").prefetch_related("sessions")
    rows = [(plan, list(plan.sessions.all())) for plan in plans.order_by("start_date", "id")]
    response = calendar_response(
        request, feeds.calendar_etag(found.user_id, rows), lambda: feed_calendar(found, rows)
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_calendar(found: FeedToken, rows) -> bytes:
    if found.plan_id:
        [(plan, sessions)] = rows
        return plan_calendar(plan, sessions, keep_cancelled=True)
    return plans_calendar(found.user_id, rows, keep_cancelled=True)


@require_POST
@button_login_required
def feed_rotate(request, public_id):
    plan = owned_plan(request, public_id)
    token = feeds.feed_rotate(user=request.user, plan=plan)
    messages.success(request, ROTATED if token.replaced else CREATED, extra_tags=FEED)
    return redirect(plan_feed_url(plan))


@require_POST
@button_login_required
def feed_revoke(request, public_id):
    plan = owned_plan(request, public_id)
    feeds.feed_revoke(user=request.user, plan=plan)
    messages.success(request, REVOKED, extra_tags=FEED)
    return redirect(plan_feed_url(plan))


@require_POST
@button_login_required
def user_feed_rotate(request):
    token = feeds.feed_rotate(user=request.user)
    messages.success(request, ROTATED if token.replaced else CREATED, extra_tags=FEED)
    return redirect(f"{reverse('plan-list')}#feed")


@require_POST
@button_login_required
def user_feed_revoke(request):
    feeds.feed_revoke(user=request.user)
    messages.success(request, REVOKED, extra_tags=FEED)
    return redirect(f"{reverse('plan-list')}#feed")


@require_POST
@button_login_required
def plan_discreet(request, public_id):
    plan = owned_plan(request, public_id)
    on = request.POST.get("discreet_titles") == "1"
    feeds.discreet_titles_set(plan=plan, on=on)
    titles = "discreet ('Skin treatment')" if on else "the treatment's name"
    messages.success(request, f"Calendar titles now use {titles}.", extra_tags=FEED)
    return redirect(plan_feed_url(plan))


def plan_feed_url(plan: Plan) -> str:
    return f"{reverse('plan-detail', kwargs={'public_id': plan.public_id})}#feed"


@dataclass(frozen=True)
class FeedLinks:
    """A feed as the page shows it; url is None when there is no live link."""

    url: str | None = None
    webcal: str | None = None
    created_at: dt.datetime | None = None


def feed_links(request, token: FeedToken | None) -> FeedLinks:
    """https (the request's scheme in development) and webcal links, from the request's host."""
    if token is None:
        return FeedLinks()
    url = request.build_absolute_uri(reverse("feed", kwargs={"token": token.token}))
    return FeedLinks(
        url=url, webcal="webcal://" + url.split("://", 1)[1], created_at=token.created_at
    )


def plan_feed_links(request, plan: Plan) -> FeedLinks:
    """For the plan page: one query, whatever the plan's length."""
    return feed_links(request, feeds.feed_of(user=request.user, plan=plan))


def user_feed_links(request) -> FeedLinks:
    """For the plans list: one query."""
    return feed_links(request, feeds.feed_of(user=request.user))
