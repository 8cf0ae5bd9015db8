from django.conf import settings
from django.db import models

from regimens.models import Jurisdiction


class Profile(models.Model):
    """A person's defaults for new plans."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    timezone = models.CharField(
        max_length=64, blank=True, help_text="IANA time zone, e.g. Europe/London."
    )
    bedtime = models.TimeField(null=True, blank=True, help_text="Usual time to apply the cream.")
    region = models.CharField(
        max_length=10,
        choices=Jurisdiction.choices,
        blank=True,
        help_text="Where the cream was prescribed: the plan form lists that region's label "
        "regimens first. Empty: the US labels first.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"
