"""The name and sender account emails go out under. Someone with a discreet plan gets the
reminders' neutral ones ("Planner", REMINDERS_FROM_EMAIL): an inbox that others see, where
reminders arrive as "Skin treatment", should not then show "Reset your Imiquimod Planner
password". Everyone else gets the site's."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from planner.plans.models import Plan

SITE_NAME, NEUTRAL_NAME = "Imiquimod Planner", "Planner"


@dataclass(frozen=True)
class Brand:
    name: str
    from_email: str


def brand_for(user) -> Brand:
    if user.pk and Plan.objects.filter(user=user, discreet_titles=True).exists():
        return Brand(NEUTRAL_NAME, settings.REMINDERS_FROM_EMAIL)
    return Brand(SITE_NAME, settings.DEFAULT_FROM_EMAIL)
