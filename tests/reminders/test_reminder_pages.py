"""The reminder settings pages (owner, another user, anonymous) and the one-click unsubscribe."""

import datetime as dt
import html

import pytest
import time_machine
from django.test import Client

from factories import make_plan, make_user
from planner.reminders.models import ReminderSettings
from reminder_kit import daily_plan, links_in, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
SETTINGS = {"email": "on", "lead_minutes": "30", "wash_off": "on", "nudge_minutes": "60"}


@pytest.fixture
def plan(owner):
    return make_plan(owner)


def test_anonymous_people_are_sent_to_log_in(client, plan):
    for url in ("/reminders/", f"/reminders/plans/{plan.public_id}/"):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ReminderSettings.objects.exists()


def test_another_users_plan_is_404_and_stays_as_it_was(client, plan):
    client.force_login(make_user("other"))
    url = f"/reminders/plans/{plan.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {**SETTINGS, "own": "1"}).status_code == 404
    assert not ReminderSettings.objects.exists()


def test_the_owner_turns_reminders_on_for_all_plans(client, owner, plan):
    client.force_login(owner)
    page = client.get("/reminders/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert b"Nothing is sent until you turn a channel on" in page.content
    response = client.post("/reminders/", SETTINGS)
    assert response.status_code == 302
    prefs = ReminderSettings.objects.get(user=owner, plan=None)
    assert (prefs.email, prefs.push, prefs.lead_minutes, prefs.nudge_minutes) == (
        True,
        False,
        30,
        60,
    )
    assert prefs.on_since is not None


@time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC), tick=False)  # its course runs
def test_a_running_plans_page_leads_to_its_reminders_and_an_ended_ones_does_not(client, owner):
    from planner.plans import services

    plan = make_plan(owner)
    client.force_login(owner)
    reminders = f'href="/reminders/plans/{plan.public_id}/"'
    assert reminders in client.get(f"/plans/{plan.public_id}/").content.decode()
    assert client.get(f"/reminders/plans/{plan.public_id}/").status_code == 200
    services.plan_end(plan=plan, status="stopped", today=plan.start_date)
    assert reminders not in client.get(f"/plans/{plan.public_id}/").content.decode()


@time_machine.travel(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_course_that_is_over_is_offered_no_reminders(client, owner):
    """Its last night has passed (21 June): nothing is left to remind of, so neither its page
    nor the reminders page offers them; a running course is still listed."""
    over = make_plan(owner)
    running = make_plan(owner, start_date=dt.date(2026, 6, 29), label="right cheek")
    client.force_login(owner)
    link = 'href="/reminders/plans/{}/"'
    assert link.format(over.public_id) not in client.get(f"/plans/{over.public_id}/").text
    assert link.format(running.public_id) in client.get(f"/plans/{running.public_id}/").text
    listed = client.get("/reminders/").text
    assert link.format(over.public_id) not in listed
    assert link.format(running.public_id) in listed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lead_minutes", "61", b"Choose 0 to 60 minutes"),
        ("lead_minutes", "-5", b"Choose 0 to 60 minutes"),
        ("nudge_minutes", "7", b"Choose one of the delays listed"),
    ],
)
def test_bad_settings_are_refused_with_a_message(client, owner, field, value, message):
    client.force_login(owner)
    response = client.post("/reminders/", {**SETTINGS, field: value})
    assert response.status_code == 400 and message in response.content
    assert not ReminderSettings.objects.exists()


def test_a_plan_takes_settings_of_its_own_and_gives_them_back(client, owner, plan):
    client.force_login(owner)
    url = f"/reminders/plans/{plan.public_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {**SETTINGS, "own": "1"}).status_code == 302
    assert ReminderSettings.objects.get(plan=plan).email
    assert client.post(url, {**SETTINGS, "own": "0"}).status_code == 302
    assert not ReminderSettings.objects.filter(plan=plan).exists()


def test_a_plans_page_shows_the_settings_for_all_plans_it_follows(client, owner, plan):
    opt_in(owner, lead_minutes=30)  # email on for all plans
    client.force_login(owner)
    form = client.get(f"/reminders/plans/{plan.public_id}/").context["form"]
    assert form["own"].value() == "0"
    assert (form["email"].value(), form["lead_minutes"].value()) == (True, 30)


def test_changes_made_while_following_all_plans_are_refused_not_thrown_away(client, owner, plan):
    client.force_login(owner)
    url = f"/reminders/plans/{plan.public_id}/"
    response = client.post(url, {**SETTINGS, "own": "0"})  # boxes ticked, "all plans" left
    assert response.status_code == 400
    page = response.content.decode()
    assert "You changed the settings below but chose your settings for all plans" in page
    assert 'name="email" id="id_email" checked' in page  # the ticks are kept for a second try
    assert not ReminderSettings.objects.exists()
    assert client.post(url, {**SETTINGS, "own": "1"}).status_code == 302
    assert ReminderSettings.objects.get(plan=plan).lead_minutes == 30


def test_a_plan_taking_its_own_settings_keeps_when_reminders_were_turned_on(client, owner, plan):
    since = opt_in(owner, on_since=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)).on_since
    client.force_login(owner)
    data = {"own": "1", "email": "on", "lead_minutes": "45", "wash_off": "on"}
    assert client.post(f"/reminders/plans/{plan.public_id}/", data).status_code == 302
    own = ReminderSettings.objects.get(plan=plan)
    assert (own.email, own.lead_minutes, own.on_since) == (True, 45, since)


@pytest.mark.parametrize(
    ("data", "when"),
    [
        (
            {"lead_minutes": "15", "wash_off": "on"},
            "They come 15 minutes before each application and at wash-off time.",
        ),
        ({"lead_minutes": "0"}, "They come at each application's time."),
        (
            {"lead_minutes": "1", "nudge_minutes": "60"},
            "They come 1 minute before each application, and once 1 hour after its time "
            "when the night is not ticked.",
        ),
    ],
)
def test_the_saved_message_says_when_reminders_come(client, owner, data, when):
    client.force_login(owner)
    page = client.post("/reminders/", {"email": "on", **data}, follow=True).content.decode()
    assert f"Saved. Reminders by email. {when}" in html.unescape(" ".join(page.split()))


def test_turning_on_a_channel_that_cannot_reach_anyone_says_so(client, owner, settings):
    from planner.reminders.models import PushSubscription

    settings.VAPID_PUBLIC_KEY = "a-key"
    client.force_login(owner)
    push_on = {"push": "on", "lead_minutes": "15", "wash_off": "on"}

    def said(data):
        return client.post("/reminders/", data, follow=True).content.decode()

    assert "No phone or browser shows your notifications yet" in said(push_on)
    PushSubscription.objects.create(
        user=owner, endpoint="https://fcm.googleapis.com/fcm/send/x", p256dh="k", auth="a"
    )
    page = said(push_on)
    assert "Saved. Reminders by notification." in page and "No phone or browser" not in page
    settings.VAPID_PUBLIC_KEY = ""
    assert "Notifications are not set up on this server" in said(push_on)
    owner.email = ""
    owner.save()
    assert "Your account has no email address" in said({**push_on, "email": "on"})
    assert "Your account has no email address:" not in said(push_on)


def test_one_click_unsubscribe_turns_email_off_for_every_plan(owner, catalogue):
    plan = daily_plan(owner, dt.date(2026, 4, 6))
    opt_in(owner)
    opt_in(owner, plan=plan, push=True)
    [message] = run_at(plan.sessions.first().apply_at - dt.timedelta(minutes=15))
    url = links_in(message)["unsubscribe"]
    mailer = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    assert mailer.get(url).status_code == 200  # a page with a button; nothing changes yet
    assert ReminderSettings.objects.filter(email=True).count() == 2
    response = mailer.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not ReminderSettings.objects.filter(email=True).exists()
    assert ReminderSettings.objects.get(plan=plan).push  # other channels stay


def test_a_bad_unsubscribe_link_changes_nothing(client, owner):
    opt_in(owner)
    response = Client(enforce_csrf_checks=True).post("/reminders/unsubscribe/1:forged/")
    assert response.status_code == 400
    assert ReminderSettings.objects.get().email


def test_the_data_download_holds_the_reminder_settings_and_what_was_sent(client, owner):
    plan = daily_plan(owner, dt.date(2026, 4, 6))
    opt_in(owner, nudge_minutes=60)
    run_at(plan.sessions.first().apply_at - dt.timedelta(minutes=15))
    client.force_login(owner)
    data = client.get("/accounts/data.json").json()["reminders"]
    assert data["settings"][0]["email"] and data["settings"][0]["nudge_minutes"] == 60
    [sent] = data["sent"]
    assert (sent["plan"], sent["application"], sent["kind"], sent["status"]) == (
        str(plan.public_id),
        1,
        "apply",
        "sent",
    )
    assert data["devices"] == []
