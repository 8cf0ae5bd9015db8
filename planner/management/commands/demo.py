"""A demo account with one plan, so a fresh `make run` has something to show."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planner.accounts.models import ConfirmedEmail
from planner.plans.services import plan_create
from regimens.models import RuleVersion

USERNAME = "demo"
EMAIL = "demo@example.com"  # reserved for examples; the development server prints its mail
PASSWORD = "imiquimod-demo"  # noqa: S105 (development only: refused when DEBUG is off)


class Command(BaseCommand):
    help = "Create the demo user and a sample plan (development only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo account is for development (DEBUG=1) only.")
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": EMAIL}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            ConfirmedEmail.objects.create(user=user, email=EMAIL)  # example.com reads nothing
            self.make_plan(user)
        self.stdout.write(f"Demo login: {USERNAME} / {PASSWORD}")

    def make_plan(self, user):
        rule = RuleVersion.objects.approved().filter(regimen__slug="aldara-ak").first()
        if rule is None:
            raise CommandError("Load the catalogue first: manage.py loadregimens")
        today = timezone.localdate()
        spec = rule.spec()
        plan_create(
            user=user,
            rule=rule,
            start_date=today - dt.timedelta(days=today.weekday()),
            weekdays=spec.default_weekdays,
            application_time=spec.default_time,
            timezone="Europe/London",
            contact_hours=spec.contact_hours_default,
            label="Demo: forehead",
        )
