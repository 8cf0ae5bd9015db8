"""Today and the plan page say when no reminder of a plan can reach its owner (no channel on,
for it or for all plans; an email address not confirmed; notifications on with no device) and
link to its reminders page: after "Your plan is ready" nothing told a new person that
reminders start off."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan, make_user
from planner.plans import services
from planner.reminders.models import PushSubscription
from reminder_kit import opt_in

pytestmark = pytest.mark.usefixtures("catalogue")
EVENING = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)  # the plan runs 2 Mar to 21 Jun 2026
pinned = time_machine.travel(EVENING, tick=False)
NOTE = "No reminder will reach you for this plan."
PAGES = ["/today/", "/plans/{}/"]


def shown(client, plan) -> list[str]:
    """The page's main text on Today and on the plan page."""
    bodies = [client.get(page.format(plan.public_id)).content.decode() for page in PAGES]
    return [body.split("<main")[1] for body in bodies]


@pinned
def test_with_no_reminders_on_both_pages_say_so_and_link_to_them(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    for main in shown(client, plan):
        assert NOTE in main
        assert f'href="/reminders/plans/{plan.public_id}/"' in main


def subscribe(user) -> None:
    PushSubscription.objects.create(
        user=user, endpoint="https://push.example/sub/1", p256dh="key", auth="secret"
    )


@pinned
@pytest.mark.parametrize("channel", ["email", "push"])
def test_a_channel_on_for_all_plans_or_for_this_one_hides_it(client, owner, channel):
    other = {"email": "push", "push": "email"}[channel]
    plan = make_plan(owner)
    subscribe(owner)
    client.force_login(owner)
    everything = opt_in(owner, **{channel: True, other: False})
    assert all(NOTE not in main for main in shown(client, plan))
    everything.delete()
    opt_in(owner, plan, **{channel: True, other: False})
    assert all(NOTE not in main for main in shown(client, plan))


@pinned
def test_the_plan_s_own_settings_win_over_those_for_all_plans(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    opt_in(owner, email=True)
    opt_in(owner, plan, email=False, push=False)
    assert all(NOTE in main for main in shown(client, plan))


@pinned
def test_an_ended_plan_says_nothing_about_reminders(client, owner):
    plan = make_plan(owner)
    services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 5))
    client.force_login(owner)
    assert NOTE not in client.get(f"/plans/{plan.public_id}/").content.decode()


UNCONFIRMED = "Reminders by email are on, but none will reach you until you confirm {}"
NO_DEVICE = "Notifications are on, but no phone or browser receives them yet"


@pinned
def test_email_on_with_the_address_not_confirmed_says_what_is_missing(client):
    """A person who just turned email on was told "No reminder will reach you ... Set up
    reminders", as if they had not: the note names what is missing, and where to fix it."""
    person = make_user("newcomer", confirmed=False)
    plan = make_plan(person)
    opt_in(person, email=True)
    client.force_login(person)
    for main in shown(client, plan):
        assert NOTE not in main
        assert UNCONFIRMED.format(person.email) in main
        assert 'href="/accounts/profile/#account"' in main
        assert NO_DEVICE not in main


@pinned
def test_notifications_on_with_no_device_subscribed_reach_nobody(client, owner):
    plan = make_plan(owner)
    opt_in(owner, email=False, push=True)
    client.force_login(owner)
    for main in shown(client, plan):
        assert NOTE not in main
        assert NO_DEVICE in main
        assert 'href="/reminders/#push"' in main
    subscribe(owner)
    assert all(NO_DEVICE not in main for main in shown(client, plan))


@pinned
def test_email_on_with_no_address_asks_for_one(client):
    person = make_user("addressless", email="")
    plan = make_plan(person)
    opt_in(person, email=True)
    client.force_login(person)
    for main in shown(client, plan):
        assert "Reminders by email are on, but your account has no email address:" in main
        assert 'href="/accounts/email/">add one</a>' in main
        assert "until you confirm" not in main


@pinned
def test_both_channels_on_and_neither_working_names_both(client):
    person = make_user("newcomer", confirmed=False)
    plan = make_plan(person)
    opt_in(person, email=True, push=True)
    client.force_login(person)
    for main in shown(client, plan):
        assert UNCONFIRMED.format(person.email) in main
        assert NO_DEVICE in main
        assert NOTE not in main


@pinned
def test_a_working_channel_hides_the_other_s_trouble(client):
    person = make_user("newcomer", confirmed=False)
    plan = make_plan(person)
    subscribe(person)
    opt_in(person, email=True, push=True)
    client.force_login(person)
    for main in shown(client, plan):
        assert UNCONFIRMED.format(person.email) not in main
        assert NO_DEVICE not in main
