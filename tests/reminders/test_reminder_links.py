"""The one-tap links in a reminder: they work without logging in, opening one changes nothing
(mail scanners open every link), the button acts once on that night only, and every other use
gets a clear page and changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client

from factories import make_user
from planner.plans import services as plan_services
from planner.plans.models import Plan, Session
from planner.reminders.links import ACTION_SALT
from planner.reminders.models import Delivery
from reminder_kit import daily_plan, links_in, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def night(owner):
    plan = daily_plan(owner, START)
    opt_in(owner)
    return plan.sessions.get(date=START + dt.timedelta(days=1))


@pytest.fixture
def reminder(night):
    [message] = run_at(night.apply_at - 15 * MINUTE)
    return links_in(message)


def tap(path: str, at: dt.datetime, method: str = "post"):
    """Open (get) or press (post) a link as someone not logged in, with the clock at `at`."""
    with time_machine.travel(at, tick=False):
        return getattr(Client(), method)(path)


def state(night):
    night.refresh_from_db()
    return night.status, night.done_at, night.wash_off_at


def test_opening_a_link_asks_and_changes_nothing(night, reminder):
    before = state(night)
    response = tap(reminder["done"], night.apply_at, "get")
    assert response.status_code == 200
    assert b"Done now?" in response.content and b'<form method="post">' in response.content
    assert "no-store" in response["Cache-Control"]
    assert state(night) == before


def test_the_link_pages_show_the_night_in_its_own_zone_after_the_plan_s_changed(night, reminder):
    """As the email did: a change of zone leaves this night at 21:30 in New York."""
    Plan.objects.filter(pk=night.plan_id).update(timezone="Europe/London")
    Session.objects.filter(pk=night.pk).update(timezone="America/New_York")
    asked = " ".join(tap(reminder["done"], night.apply_at, "get").content.decode().split())
    assert "planned for <time" in asked and ">Tue 7 Apr, 21:30</time>" in asked
    assert "(America/New_York)" in asked and "London" not in asked
    acted = " ".join(tap(reminder["done"], night.apply_at).content.decode().split())
    assert ">Wed 8 Apr, 05:30</time></strong>, 8 hours later (America/New_York)" in acted


def test_snooze_says_when_in_the_night_s_own_zone(night, reminder):
    Plan.objects.filter(pk=night.plan_id).update(timezone="Europe/London")
    Session.objects.filter(pk=night.pk).update(timezone="America/New_York")
    response = tap(reminder["snooze"], night.apply_at - 10 * MINUTE)
    assert b"comes again at 21:50" in response.content  # not 02:50 in London


def test_done_now_records_the_night_at_the_tap_and_moves_the_wash_off(night, reminder):
    at = night.apply_at + 5 * MINUTE
    response = tap(reminder["done"], at)
    assert response.status_code == 200
    assert b"Tue 7 Apr (application 2): done at 21:35." in response.content
    assert b'Changed your mind? <a href="/today/">Today</a> can undo it.' in response.content
    assert state(night) == ("done", at, at + dt.timedelta(hours=8))
    page = " ".join(response.content.decode().split())
    # What to do next, from the tap: 21:35 in New York, wash off 8 hours later.
    assert ">21:35</time>; wash it off at <strong><time" in page
    assert ">Wed 8 Apr, 05:35</time></strong>, 8 hours later (America/New_York)." in page


def test_skip_tonight_records_the_night_as_missed(night, reminder):
    response = tap(reminder["skip"], night.apply_at)
    assert response.status_code == 200
    assert state(night)[0] == "missed"


def test_a_link_works_once(night, reminder):
    assert tap(reminder["done"], night.apply_at).status_code == 200
    after = state(night)
    again = tap(reminder["skip"], night.apply_at + MINUTE)  # its other link: never tapped
    assert again.status_code == 410
    assert b"This reminder was answered with \xe2\x80\x9cDone now\xe2\x80\x9d" in again.content
    same = tap(reminder["done"], night.apply_at + MINUTE)
    assert same.status_code == 410 and b"already been used" in same.content
    assert tap(reminder["done"], night.apply_at + MINUTE, "get").status_code == 410
    assert state(night) == after


def test_snooze_sends_the_reminder_again_thirty_minutes_later_with_new_links(night, reminder):
    at = night.apply_at - 10 * MINUTE
    response = tap(reminder["snooze"], at)
    assert response.status_code == 200
    assert b"comes again at 21:50" in response.content
    assert b"can undo it" not in response.content  # nothing to undo: the night is as it was
    assert b'Applied it meanwhile? Record it on <a href="/today/">Today</a>.' in response.content
    assert state(night)[0] == "planned"
    assert run_at(at + 29 * MINUTE) == []
    [again] = run_at(at + 30 * MINUTE)
    assert again.subject == "Apply Zyclara 3.75% (left cheek) at 21:30"
    old = tap(reminder["snooze"], at + 31 * MINUTE)  # that reminder was replaced
    assert old.status_code == 410 and b"later reminder replaced" in old.content
    assert tap(links_in(again)["done"], at + 31 * MINUTE).status_code == 200
    assert state(night)[0] == "done"
    row = Delivery.objects.get(session=night, kind="apply")
    assert (row.round, row.acted_round, row.acted) == (1, 1, "done")


def test_after_a_snooze_the_same_email_still_records_the_night(night, reminder):
    """Snoozed at 21:20, applied at 21:35, before the repeat comes: the first email's "Done
    now" is at hand, and it names the night, not the reminder."""
    at = night.apply_at - 10 * MINUTE
    assert tap(reminder["snooze"], at).status_code == 200
    response = tap(reminder["done"], at + 15 * MINUTE)
    assert response.status_code == 200, response.content.decode()
    assert state(night)[0] == "done"
    assert run_at(at + 30 * MINUTE) == []  # the repeat is not sent for a night done
    again = tap(reminder["done"], at + 16 * MINUTE)
    assert again.status_code == 410 and b"already been used" in again.content


def test_a_snoozed_wash_off_reminder_asks_nothing_about_applying(night):
    [washing] = run_at(night.wash_off_at)
    response = tap(links_in(washing)["snooze"], night.wash_off_at)
    assert b"comes again at 06:00" in response.content
    assert b"Applied it meanwhile?" not in response.content
    assert b"can undo it" not in response.content


def test_a_link_moved_to_another_night_is_refused(night, reminder):
    other = night.plan.sessions.get(number=night.number + 1)
    path = reminder["done"].replace(f"/{night.number}/", f"/{other.number}/")
    response = tap(path, night.apply_at)
    assert response.status_code == 400
    assert b"for another night" in response.content
    assert response.content.count(b"Open Today") == 1  # the page's own way on, said once
    assert state(other)[0] == state(night)[0] == "planned"


def test_a_link_moved_to_another_persons_night_is_refused(night, reminder):
    stranger = daily_plan(make_user("stranger"), START)
    path = reminder["done"].replace(str(night.plan.public_id), str(stranger.public_id))
    assert tap(path, night.apply_at).status_code == 400
    assert not stranger.sessions.exclude(status="planned").exists()


def test_an_expired_link_is_refused(night, reminder):
    late = night.apply_at + dt.timedelta(hours=19)
    response = tap(reminder["skip"], late)
    assert response.status_code == 410 and b"expired" in response.content
    assert state(night)[0] == "planned"


@pytest.mark.parametrize("change", ["flip", "cut", "forge"])
def test_a_tampered_link_is_refused(night, reminder, change):
    prefix, token, _ = reminder["done"].rsplit("/", 2)
    if change == "flip":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif change == "cut":
        token = token[:-5]
    else:  # a well-formed token signed with another key
        forged = signing.TimestampSigner(key="not-the-key", salt=ACTION_SALT)
        token = forged.sign_object({"p": str(night.plan.public_id), "n": night.number})
    response = tap(f"{prefix}/{token}/", night.apply_at)
    assert response.status_code == 400 and b"not valid" in response.content
    assert state(night)[0] == "planned"


def test_a_link_of_an_ended_plan_does_nothing(night, reminder):
    plan_services.plan_end(plan=night.plan, status="stopped", today=START)
    response = tap(reminder["done"], night.apply_at)
    assert response.status_code == 410
    assert state(night)[0] == "cancelled"


@pytest.mark.parametrize("prefix", ["/reminders/act/", "/reminders/push/act/"])
def test_a_link_of_a_deactivated_account_does_nothing(night, reminder, prefix):
    """As its feeds and reminders stop: an account turned off keeps no working link."""
    type(night.plan.user).objects.filter(pk=night.plan.user_id).update(is_active=False)
    before = state(night)
    for action in ("done", "snooze", "skip"):
        path = reminder[action].replace("/reminders/act/", prefix)
        opened = tap(path, night.apply_at, "get").status_code
        assert opened == (405 if "push" in prefix else 404)  # a button's address takes POST
        assert tap(path, night.apply_at).status_code == 404
    assert state(night) == before
    assert not Delivery.objects.filter(session=night).exclude(acted="").exists()


def test_done_from_a_link_outside_the_nights_window_is_refused(night, reminder):
    response = tap(reminder["done"], night.apply_at + dt.timedelta(hours=13))
    assert response.status_code == 410
    assert state(night)[0] == "planned"


def test_a_night_already_recorded_is_not_recorded_again(night, reminder):
    plan_services.session_mark(session=night, status="done", done_at=night.apply_at)
    before = state(night)
    response = tap(reminder["done"], night.apply_at + 30 * MINUTE)
    assert response.status_code == 400
    assert b"Tue 7 Apr (application 2) is already recorded as done" in response.content
    # Today shows tonight's night only; every night can be changed on its plan's page.
    assert b"change it on its plan's page if that is wrong" in response.content.replace(
        b"&#x27;", b"'"
    )
    assert state(night) == before


def test_done_from_a_wash_off_reminder_counts_the_night_at_its_planned_time(night, reminder):
    [wash] = run_at(night.wash_off_at)
    before = state(night)
    response = tap(links_in(wash)["done"], night.wash_off_at + MINUTE)
    assert response.status_code == 200 and b": done at 21:30, its planned time." in response.content
    assert state(night) == ("done", None, before[2])  # the wash-off time does not move


def test_a_batchs_link_maker_makes_the_links_reverse_makes(owner, settings):
    """LinkMaker reverses each route once per batch, with stand-in values swapped afterwards:
    its links are reverse()'s, for email and push."""
    from planner.reminders import links

    settings.SITE_URL = "https://planner.example.org/sub/"
    plan = daily_plan(owner, START)
    maker = links.LinkMaker()
    for night in plan.sessions.all()[:3]:
        row = Delivery(session=night, kind="apply", round=2)
        token = links.action_token(row, "done")
        for push in (False, True):
            expected = links.action_url(row, "done", push=push, token=token)
            assert maker.action_url(row, token, push=push) == expected
    assert maker.unsubscribe_url(owner) == links.unsubscribe_url(owner)
    assert maker.today_url == "https://planner.example.org/sub/today/"


def test_a_link_that_can_no_longer_act_says_so_when_opened(night, reminder):
    """Not a button that then does nothing: the page says why before anyone taps."""
    late = tap(reminder["done"], night.apply_at + dt.timedelta(hours=13), "get")
    assert late.status_code == 410
    assert b"can no longer be recorded from a reminder: record it on its plan" in late.content
    # Today shows tonight's night only: a reminder from days ago needs the way to its plan.
    assert b'<a href="/plans/">My plans</a>' in late.content
    assert b"<form" not in late.content.split(b"<main")[1]
    plan_services.session_mark(session=night, status="done", done_at=night.apply_at)
    recorded = tap(reminder["skip"], night.apply_at + 30 * MINUTE, "get")
    assert recorded.status_code == 400 and b"is already recorded as done" in recorded.content
    too_late = tap(reminder["snooze"], night.wash_off_at - 10 * MINUTE, "get")
    assert too_late.status_code == 410 and b"Too late to snooze" in too_late.content


def test_a_link_opened_before_the_nights_window_says_it_is_too_early(night, reminder):
    """409, not 410 (Gone, for good): the same link works once the window opens."""
    response = tap(reminder["done"], night.apply_at - dt.timedelta(hours=7))
    assert response.status_code == 409
    assert b"Too early: this night can be recorded from 15:30 on Tue 7 Apr." in response.content
    assert b"no longer" not in response.content
    assert state(night)[0] == "planned"
    assert tap(reminder["done"], night.apply_at).status_code == 200
    assert state(night)[0] == "done"
