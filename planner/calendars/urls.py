"""Calendars: a plan's download and feed link, the private feeds, and the all-plans feed."""

from django.urls import path, register_converter

from planner.calendars import views
from planner.plans.urls import PLAN


class FeedTokenConverter:
    """secrets.token_urlsafe characters; anything else is no match (404) without a query."""

    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedTokenConverter, "feedtoken")

urlpatterns = [
    path("feeds/<feedtoken:token>.ics", views.feed, name="feed"),
    path("feeds/all/rotate/", views.user_feed_rotate, name="user-feed-rotate"),
    path("feeds/all/revoke/", views.user_feed_revoke, name="user-feed-revoke"),
    path(PLAN + "calendar.ics", views.plan_ics, name="plan-ics"),
    path(PLAN + "feed/rotate/", views.feed_rotate, name="feed-rotate"),
    path(PLAN + "feed/revoke/", views.feed_revoke, name="feed-revoke"),
    path(PLAN + "discreet/", views.plan_discreet, name="plan-discreet"),
]
