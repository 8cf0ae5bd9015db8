"""The migration that brings in confirmed addresses (planner 0016): addresses given before it
count as confirmed, so nobody's reminders stop at the deploy; accounts without one get none."""

import pytest
from migrating import migrate, old_schema

from planner.accounts.models import ConfirmedEmail

BEFORE = [("planner", "0015_delivery_round_help")]


@pytest.fixture
def old_apps(transactional_db):
    yield from old_schema(BEFORE)


def test_addresses_in_use_are_trusted_and_empty_ones_are_not(old_apps):
    OldUser = old_apps.get_model("auth", "User")
    OldUser.objects.create(username="with", email="with@example.org")
    OldUser.objects.create(username="without", email="")
    migrate([("planner", "0016_confirmed_email")])
    rows = ConfirmedEmail.objects.values_list("user__username", "email")
    assert list(rows) == [("with", "with@example.org")]
