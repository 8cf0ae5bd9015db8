"""The reminder pages' other state changes sent many times at once, as a double tap, two
devices or a mail scanner would, on PostgreSQL: every request is answered (never a 500) and
the result is what one request alone would leave. (SQLite runs one writer at a time: CI's
PostgreSQL run.)"""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from races import at_once

from planner.reminders.links import unsubscribe_url
from planner.reminders.models import PushSubscription, ReminderSettings, RuleWatch
from reminder_kit import daily_plan, opt_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
PARALLEL = 10
START = dt.date(2026, 4, 6)


def posted_at_once(person, path: str, bodies: list, **kwargs) -> list:
    """POST each body at once, each from its own thread and connection; the responses. With
    no person, as someone not logged in (a link in an email)."""
    logged_in = Client()
    if person:
        logged_in.force_login(person)

    def post(index: int):
        client = Client()
        client.cookies = logged_in.cookies
        return client.post(path, bodies[index], **kwargs)

    return at_once(post, len(bodies))


def test_rule_alerts_asked_for_many_times_at_once_keep_one_wish(owner):
    plan = daily_plan(owner, START)
    path = f"/reminders/plans/{plan.public_id}/rule-alerts/"
    forms = [{"alerts-email": "on"} if i % 2 else {"alerts-push": "on"} for i in range(PARALLEL)]
    answers = posted_at_once(owner, path, forms)
    assert {answer.status_code for answer in answers} == {302}
    [watch] = RuleWatch.objects.filter(plan=plan)
    assert watch.channels in {("email",), ("push",)}  # one request's choice, whole


def test_an_unsubscribe_link_pressed_many_times_at_once_turns_email_off_for_all_plans(owner):
    first, second = daily_plan(owner, START), daily_plan(owner, START, label="other")
    opt_in(owner)
    opt_in(owner, plan=second)
    RuleWatch.objects.create(plan=first, email=True, push=True)
    path = urlsplit(unsubscribe_url(owner)).path
    answers = posted_at_once(None, path, [{}] * PARALLEL)
    assert {answer.status_code for answer in answers} == {200}
    assert not ReminderSettings.objects.filter(email=True).exists()
    assert ReminderSettings.objects.count() == 2  # off, not gone: the other choices stay
    assert RuleWatch.objects.get().channels == ("push",)


def test_a_device_turned_off_many_times_at_once_is_gone_and_every_answer_says_so(owner):
    endpoint = "https://push.example.net/send/device"
    PushSubscription.objects.create(user=owner, endpoint=endpoint, p256dh="key", auth="auth")
    body = json.dumps({"endpoint": endpoint})
    answers = posted_at_once(
        owner, "/reminders/push/unsubscribe/", [body] * PARALLEL, content_type="application/json"
    )
    assert [answer.json()["ok"] for answer in answers] == [True] * PARALLEL
    assert not PushSubscription.objects.exists()
