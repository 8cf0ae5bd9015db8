from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Planner"

    def ready(self):
        from planner.accounts.throttle import create_cache_table
        from planner.middleware import renewed_at_log_in

        # Connects the receiver that queues rule-change alerts when a version is approved.
        from planner.reminders import alerts  # noqa: F401

        # Every migrate makes the password throttle's cache table (planner/accounts/throttle.py).
        post_migrate.connect(create_cache_table, sender=self)
        # A log-in is its day's session renewal (planner/middleware.py, RenewSessions).
        user_logged_in.connect(renewed_at_log_in)
