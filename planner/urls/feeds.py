"""Calendar export and feeds (included at the site root: see planner/urls/__init__.py)."""

from django.urls import path, register_converter

from planner.views import feeds


class FeedTokenConverter:
    """secrets.token_urlsafe characters; anything else is no match (404) without a query."""

    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedTokenConverter, "feedtoken")

urlpatterns = [
    path("feeds/<feedtoken:token>.ics", feeds.feed, name="feed"),  # the most requested URL
    path("plans/<uuid:public_id>/calendar.ics", feeds.plan_ics, name="plan-ics"),
    path("plans/<uuid:public_id>/feed/rotate/", feeds.feed_rotate, name="feed-rotate"),
    path("plans/<uuid:public_id>/feed/revoke/", feeds.feed_revoke, name="feed-revoke"),
    path("plans/<uuid:public_id>/discreet/", feeds.plan_discreet, name="plan-discreet"),
    path("feeds/all/rotate/", feeds.user_feed_rotate, name="user-feed-rotate"),
    path("feeds/all/revoke/", feeds.user_feed_revoke, name="user-feed-revoke"),
]
