import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from planner.plans.models import Plan


def test_it_creates_the_demo_user_once(catalogue, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    assert Plan.objects.filter(user__username="demo").count() == 1


def test_it_refuses_to_run_in_production(catalogue, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development"):
        call_command("demo", stdout=io.StringIO())
