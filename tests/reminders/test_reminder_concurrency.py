"""Workers racing each other on PostgreSQL, as several machines would: each reminder goes out
exactly once, and a link tapped many times at once acts once. (SQLite runs one writer at a
time, so these run on PostgreSQL only: CI's second run.)"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from races import at_once

from factories import make_plan, make_user
from planner.reminders import services
from planner.reminders.models import Delivery, ReminderSettings
from reminder_kit import daily_plan, links_in, opt_in, run_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
START = dt.date(2026, 4, 6)
PEOPLE = 40
WORKERS = 4


def test_workers_racing_send_each_reminder_exactly_once():
    nights = []
    for i in range(PEOPLE):
        person = make_user(f"person{i}")
        opt_in(person)
        nights.append(daily_plan(person, START).sessions.get(date=START))
    due = nights[0].apply_at - dt.timedelta(minutes=15)
    # Every worker both finds and sends, as each machine's minute tick does, in small batches
    # so that they interleave.
    results = at_once(
        lambda i: (services.find_due(now=due), services.deliver_due(now=due, batch=3)), WORKERS
    )
    assert all(found <= PEOPLE for found, _ in results)  # each offers at most all of them
    assert Delivery.objects.count() == PEOPLE  # and the constraint kept one row each
    assert sum(sent["sent"] for _, sent in results) == PEOPLE
    addresses = sorted(message.to[0] for message in mail.outbox)
    assert addresses == sorted(f"person{i}@example.org" for i in range(PEOPLE))
    assert Delivery.objects.filter(status="sent").count() == PEOPLE
    assert services.run_once(now=due)["sent"] == 0


def test_a_link_tapped_many_times_at_once_acts_once(owner):
    opt_in(owner)
    night = daily_plan(owner, START).sessions.get(date=START)
    [message] = run_at(night.apply_at - dt.timedelta(minutes=15))
    links = links_in(message)
    paths = [links["done"], links["skip"], links["snooze"]] * 4

    def tap(index: int) -> int:
        with time_machine.travel(night.apply_at, tick=False):
            return Client().post(paths[index]).status_code

    statuses = at_once(tap, len(paths))
    records = [s for path, s in zip(paths, statuses, strict=True) if path != links["snooze"]]
    snoozes = [s for path, s in zip(paths, statuses, strict=True) if path == links["snooze"]]
    # The night is recorded once (done or skipped); a snooze that came first may have acted
    # too, since the email's Done now and Skip tonight outlast it (actions._current).
    assert records.count(200) == 1 and snoozes.count(200) <= 1, statuses
    assert set(statuses) == {200, 410}
    row = Delivery.objects.get(session=night, kind="apply")
    night.refresh_from_db()
    assert row.acted in ("done", "skip") and night.status in ("done", "missed")
    assert night.plan.events.filter(session=night).count() == 1


def test_racing_approvals_and_workers_send_one_rule_change_alert_per_plan():
    from factories import approved_rule, make_plan
    from planner.reminders.models import RuleWatch
    from regimens import versions

    plans = [make_plan(make_user(f"watcher{i}"), start_date=START) for i in range(PEOPLE // 4)]
    RuleWatch.objects.bulk_create(RuleWatch(plan=plan, email=True) for plan in plans)
    editor = make_user("editor", is_staff=True)
    # Superusers may approve (the groups the migrations make are flushed in these tests).
    reviewers = [make_user(f"reviewer{i}", is_superuser=True) for i in range(WORKERS)]
    rule = approved_rule()
    rule.timing_note = "Changed."
    draft = versions.submit_for_review(versions.save_as_new_version(rule, user=editor))

    def approve(index: int) -> str:  # four reviewers press Approve at once
        try:
            versions.approve(draft, user=reviewers[index])
        except versions.TransitionError:
            return "refused"
        return "approved"

    assert sorted(at_once(approve, WORKERS)) == ["approved"] + ["refused"] * (WORKERS - 1)
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    sent = at_once(lambda i: services.deliver_due(now=now, batch=2)["sent"], WORKERS)
    assert sum(sent) == len(plans)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in plans)
    assert Delivery.objects.filter(kind="rule_changed", status="sent").count() == len(plans)


@pytest.mark.parametrize("own_plan", [False, True])
def test_the_first_save_of_settings_tapped_many_times_at_once_keeps_one_row(owner, own_plan):
    """A double tap on "Save reminders", before any settings were saved: every request is
    answered (no 500 from the unique constraint) and one row holds the settings."""
    client = Client()
    client.force_login(owner)
    plan = make_plan(owner, start_date=START)
    if own_plan:
        path, data = f"/reminders/plans/{plan.public_id}/", {"own": "1"}
    else:
        path, data = "/reminders/", {}
    data.update(email="on", lead_minutes="15", wash_off="on", nudge_minutes="")

    def save(_):
        other = Client()
        other.cookies = client.cookies
        return other.post(path, data).status_code

    assert at_once(save, 10) == [302] * 10
    row = ReminderSettings.objects.get(user=owner, plan=plan if own_plan else None)
    assert row.email and row.lead_minutes == 15
