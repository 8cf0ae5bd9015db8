"""Private calendar feeds: calendar apps cannot log in, so a long random token is the key."""

import secrets

from django.conf import settings
from django.db import models

from planner.plans.models import Plan


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 32 random bytes -> 43 URL-safe characters


class FeedTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class FeedToken(models.Model):
    """One live token per plan (plan set) or per user (plan empty: all active plans)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(revoked_at__isnull=True, plan__isnull=False),
                name="one_live_token_per_plan",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True, plan__isnull=True),
                name="one_live_token_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Feed of {self.plan or 'all plans'} ({'revoked' if self.revoked_at else 'live'})"
