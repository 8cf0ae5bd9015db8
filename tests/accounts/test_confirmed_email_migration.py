"""The migration that brings in confirmed addresses (planner 0016): addresses given before it
count as confirmed, so nobody's reminders stop at the deploy; accounts without one get none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from planner.accounts.models import ConfirmedEmail

BEFORE = [("planner", "0015_delivery_round_help")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # as the others expect


def test_addresses_in_use_are_trusted_and_empty_ones_are_not(old_apps):
    OldUser = old_apps.get_model("auth", "User")
    OldUser.objects.create(username="with", email="with@example.org")
    OldUser.objects.create(username="without", email="")
    migrate([("planner", "0016_confirmed_email")])
    rows = ConfirmedEmail.objects.values_list("user__username", "email")
    assert list(rows) == [("with", "with@example.org")]
