"""Calendar feeds, /feeds/... (a plan's download and feed link: planner/urls/plan.py)."""

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
    path("feeds/all/rotate/", feeds.user_feed_rotate, name="user-feed-rotate"),
    path("feeds/all/revoke/", feeds.user_feed_revoke, name="user-feed-revoke"),
]
