from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Planner"

    def ready(self):
        # Connects the receiver that queues rule-change alerts when a version is approved.
        from planner.reminders import alerts  # noqa: F401
