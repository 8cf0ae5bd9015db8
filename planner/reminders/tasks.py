"""The worker's tasks, on Huey (settings.HUEY). Imported only by the worker
(`manage.py reminders`), so web processes never open the queue.

Every consumer runs `tick` each minute: it finds what fell due (idempotent, so several
machines may run it in the same minute) and hands the sending to `deliver` tasks, one per
batch, which any consumer on any machine may take; each claims its own rows with SKIP LOCKED.
The worker is the app's one background process, so the nightly session clean-up runs here too.
"""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from planner.reminders import claims, services
from planner.reminders.models import Delivery

MAX_BATCHES = 50  # per minute and tick; what is left waits for the next tick


@db_periodic_task(crontab(minute="*"))
def tick() -> int:
    services.find_due()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_try_at__lte=timezone.now())
    pending = due.count()
    batches = min(MAX_BATCHES, -(-pending // claims.BATCH))
    for _ in range(batches):
        deliver()
    return batches


@db_task()
def deliver() -> dict:
    return dict(services.deliver_due())


@db_periodic_task(crontab(hour="3", minute="17"))
def clear_expired_sessions() -> None:
    """Django keeps expired log-in sessions (and those of deleted accounts, once they expire)
    in the database until `clearsessions` removes them; a DELETE, so several machines may."""
    call_command("clearsessions")
