import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from planner.plans.models import Plan


def test_it_creates_the_demo_user_once(catalogue, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    assert Plan.objects.filter(user__username="demo").count() == 1


def test_the_demo_user_can_turn_email_reminders_on(catalogue, settings, client):
    """It has a confirmed address, so email reminders go out; `make run` prints the mail."""
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="demo"))
    page = client.get("/reminders/").content.decode()
    assert "has no email address" not in page and "is not confirmed yet" not in page


def test_it_refuses_to_run_in_production(catalogue, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development"):
        call_command("demo", stdout=io.StringIO())
