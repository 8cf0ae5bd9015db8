"""`manage.py reminders --once` sends whatever is due now and exits (cron, tests);
`manage.py reminders` runs the worker (Huey's consumer with the reminder tasks) until stopped:
`make worker` in production, started beside the development server by `make run`."""

from django.core.management.base import BaseCommand

from planner.reminders import services


class Command(BaseCommand):
    help = "Send the reminders that are due: once (--once), or as a worker until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send what is due now and exit")
        parser.add_argument("--workers", type=int, help="worker threads (default: settings)")

    def handle(self, *args, once=False, workers=None, **options):
        if once:
            outcomes = services.run_once()
            summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
            self.stdout.write(f"Reminders: {summary or 'nothing due'}.")
            return
        self.run_worker(workers)

    def run_worker(self, workers):
        from django.conf import settings
        from huey.consumer_options import ConsumerConfig
        from huey.contrib.djhuey import HUEY

        import planner.reminders.tasks  # noqa: F401  (registers the tasks)

        options = {**settings.HUEY.get("consumer", {}), **({"workers": workers} if workers else {})}
        config = ConsumerConfig(**options)
        config.validate()  # Huey logs through the root logger of settings.LOGGING
        self.stdout.write(f"Reminder worker: {type(HUEY).__name__}, {config.workers} workers.")
        HUEY.create_consumer(**config.values).run()
