import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from regimens.education.models import Reader
from regimens.engine import ScheduleError, first_night, get_zone


class Profile(models.Model):
    """A person's defaults for new plans."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    timezone = models.CharField(
        max_length=64, blank=True, help_text="IANA time zone, e.g. Europe/London."
    )
    bedtime = models.TimeField(null=True, blank=True, help_text="Usual time to apply the cream.")
    # A jurisdiction's code (regimens/jurisdictions.py); the form offers the approved ones.
    region = models.CharField(
        max_length=10,
        blank=True,
        help_text="Where the cream was prescribed: the plan form lists that region's label "
        "regimens first. Empty: the first jurisdiction's labels first.",
    )

    # The education pages' wording (regimens/education/reader.py); visitors keep it in a cookie.
    reader = models.CharField(
        "the education pages are for",
        max_length=12,
        choices=Reader.choices,
        blank=True,
        help_text="Education pages speak to you, to a carer, or to a healthcare professional "
        "(who also sees the clinical details). Empty: asked on the first education page.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def first_night(self, now: dt.datetime, at: dt.time | None = None) -> dt.date:
        """A new plan's first day by default: today where the person is (the server's zone
        when theirs is unknown), or tomorrow once today's application time `at` has passed
        there, so that the plan does not start with a night already over."""
        try:
            zone = get_zone(self.timezone)
        except ScheduleError:
            zone = timezone.get_current_timezone()
        return now.astimezone(zone).date() if at is None else first_night(now, at, zone)


class ConfirmedEmail(models.Model):
    """The address a person showed they read, by opening a link sent to it. Reminders and
    alerts go only to the account's address while it is this one: an address changed by any
    path (the email page, the admin, a shell) is unconfirmed until its own link is opened."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="confirmed_email",
    )
    email = models.EmailField(max_length=254)
    confirmed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.email} (confirmed {self.confirmed_at:%Y-%m-%d})"
