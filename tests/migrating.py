"""Migration tests: the schema as an older release had it, and back to the latest."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` ([(app, migration)]); the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_schema(targets):
    """For a fixture (`yield from`): the apps at `targets`; afterwards, whatever happened, the
    latest schema again, as the other tests expect."""
    apps = migrate(targets)
    try:
        yield apps
    finally:
        migrate(latest())
