"""Journeys in a real Chromium (the fixtures of tests/browser): the reminder pages at phone and
desktop size with axe-core, and a push delivered to the service worker through the DevTools
protocol (ServiceWorker.deliverPushMessage) whose "Done now" button records the night."""

import datetime as dt
import json

import journeys
import pytest
from conftest import DESKTOP, PHONE, check_accessibility, screenshot, visit
from django.utils import timezone
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Session
from planner.reminders import push
from planner.reminders.channels import build_email
from planner.reminders.message import compose
from planner.reminders.models import Delivery, ReminderSettings, RuleWatch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture(params=["phone", "desktop"])
def device(request, browser, live_server, transactional_db):
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    yield request.param, context, context.new_page()
    context.close()


def person_with_a_night_soon(settings, live_server):
    """A person whose plan's next night is an hour from now (its window is open), links
    pointing at the live server."""
    settings.SITE_URL = live_server.url
    user = make_user("nightly")
    soon = timezone.now().astimezone(dt.UTC) + dt.timedelta(hours=1)
    plan = make_plan(
        user,
        slug="zyclara-ak-3-75",
        start_date=soon.date(),
        weekdays=EVERY_DAY,
        application_time=soon.time().replace(second=0, microsecond=0),
        timezone="UTC",
    )
    return user, plan.sessions.get(date=soon.date())


def test_the_reminder_pages_at_phone_and_desktop_size(device, settings, live_server):
    name, _, page = device
    user, night = person_with_a_night_soon(settings, live_server)
    journeys.log_in(page, "nightly", PASSWORD)
    visit(page, "/reminders/", f"reminders-settings-{name}")
    page.check("#id_email")
    page.fill("#id_lead_minutes", "30")
    page.select_option("#id_nudge_minutes", "60")
    page.click("button:has-text('Save reminders')")
    page.get_by_text("Saved. Reminders by email.").wait_for()
    prefs = ReminderSettings.objects.get(user=user)
    assert (prefs.email, prefs.lead_minutes, prefs.nudge_minutes) == (True, 30, 60)
    visit(page, f"/reminders/plans/{night.plan.public_id}/", f"reminders-plan-{name}")
    # The plan's page shows the settings it follows; changing one chooses settings of its own.
    assert page.is_checked("#id_email") and page.is_checked("#id_own_0")
    page.fill("#id_lead_minutes", "45")
    page.locator("#id_lead_minutes").blur()
    assert page.is_checked("#id_own_1")
    page.click("button:has-text('Save reminders')")
    page.get_by_text("Saved. Reminders by email.").wait_for()
    assert ReminderSettings.objects.get(plan=night.plan).lead_minutes == 45
    # Alerts when the plan's rules change: their own form below the plan's reminders.
    alerts = page.locator("section[aria-labelledby=rule-alerts] form")
    alerts.get_by_label("By email").check()
    alerts.get_by_role("button", name="Save alerts").click()
    page.get_by_text("You will be told by email when a newer version").wait_for()
    assert RuleWatch.objects.get(plan=night.plan).email
    check_accessibility(page)
    screenshot(page, f"reminders-rule-alerts-{name}")
    # A reminder's link, opened from the mail app (no session needed): it asks first.
    row = Delivery.objects.create(
        session=night,
        kind="apply",
        due_at=timezone.now(),
        next_try_at=timezone.now(),
        status="sent",
    )
    done = compose(row).actions[0][2].removeprefix(live_server.url)
    visit(page, done, f"reminders-action-{name}")
    page.click("main button:has-text('Done now')")
    page.get_by_text(f"(application {night.number}): done at ").wait_for()
    check_accessibility(page)
    screenshot(page, f"reminders-acted-{name}")
    page.goto(done)
    page.get_by_text("This link has already been used.").wait_for()
    check_accessibility(page)
    screenshot(page, f"reminders-refused-{name}")


def registration_id(page, cdp, scope: str) -> str:
    found = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update(
            {r["scopeURL"]: r["registrationId"] for r in event["registrations"]}
        ),
    )
    cdp.send("ServiceWorker.enable")
    journeys.wait_until(page, lambda: scope in found)
    assert scope in found, f"no service worker registration for {scope}: {found}"
    return found[scope]


NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready)
  .getNotifications()).map((n) => ({title: n.title, actions: n.actions.map((a) => a.title)}))"""
# What a tap on the notification's "Done now" button makes the browser do: a notificationclick
# event with that action, in the worker.
TAP_DONE = """async () => {
  const [notification] = await self.registration.getNotifications();
  const event = new NotificationEvent("notificationclick", {notification, action: "done"});
  try { self.dispatchEvent(event); } catch (error) {}
  return notification.title;
}"""


def deliver_push(context, page, live_server, payload: dict) -> list[dict]:
    """Hand the service worker a push, as the push service would; the notifications shown."""
    cdp = context.new_cdp_session(page)
    push_message = {
        "origin": live_server.url,
        "registrationId": registration_id(page, cdp, f"{live_server.url}/"),
        "data": json.dumps(payload),
    }
    shown = []
    for _ in range(3):  # a busy CI's Chromium once showed nothing in 20 s; the worker's tag
        cdp.send("ServiceWorker.deliverPushMessage", push_message)  # makes a repeat replace it
        shown = journeys.wait_until(page, lambda: page.evaluate(NOTIFICATIONS), seconds=10)
        if shown:
            break
    return shown


def logged_in_with_notifications(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    make_user(username)
    journeys.log_in(page, username, PASSWORD)
    page.evaluate("async () => (await navigator.serviceWorker.ready).active.state")
    return context, page


# A tap on the notification (on a button when `action` is set), in the worker: what it then
# did, windows focused or opened standing in for the browser's (a dispatched event, unlike a
# person's tap, may not focus or open one).
TAP = """async (action) => {
  const did = [];
  WindowClient.prototype.focus = async function () {
    did.push(["focus", new URL(this.url).pathname]);
    return this;
  };
  self.clients.openWindow = async (url) => { did.push(["open", url]); return null; };
  const [notification] = await self.registration.getNotifications();
  const event = new NotificationEvent("notificationclick", {notification, action});
  let handled;
  event.waitUntil = (promise) => { handled = promise; };
  self.dispatchEvent(event);
  await handled;
  return did;
}"""


def test_a_push_without_a_url_opens_today_in_the_window_already_there(
    browser, live_server, transactional_db
):
    """The payload's url is optional: the worker's default, "/today/", is relative, and
    new URL() of it alone threw, so a tap did nothing while a window was open."""
    context, page = logged_in_with_notifications(browser, live_server, "tapper")
    assert deliver_push(context, page, live_server, {"title": "Reminder", "body": "Tonight"})
    [worker] = context.service_workers
    assert worker.evaluate(TAP, "") == [["focus", "/today/"]]
    context.close()


def test_a_pushed_buttons_answer_that_is_not_json_is_told_as_it_is(
    browser, live_server, transactional_db
):
    """A button whose link answers with an HTML page (404 here): the planner was reached, so
    the worker does not say it could not be."""
    context, page = logged_in_with_notifications(browser, live_server, "presser")
    link = {"action": "done", "title": "Done now", "url": f"{live_server.url}/no-such-page/"}
    payload = {"title": "Reminder", "url": f"{live_server.url}/today/", "actions": [link]}
    assert deliver_push(context, page, live_server, payload)
    [worker] = context.service_workers
    worker.evaluate(TAP, "done")
    shown = journeys.wait_until(
        page, lambda: [n["title"] for n in page.evaluate(NOTIFICATIONS) if n["title"] != "Reminder"]
    )
    assert shown == ["That did not work (HTTP 404): open Today to record it."]
    context.close()


# Headless Chromium has no push service: a subscription whose endpoint is over the server's
# request size limit (DATA_UPLOAD_MAX_MEMORY_SIZE), which it answers with an HTML 400 page.
OVERSIZED = """PushManager.prototype.getSubscription = async () => null;
PushManager.prototype.subscribe = async () => ({ toJSON: () => ({
  endpoint: "https://fcm.googleapis.com/" + "x".repeat(3000000),
  keys: { p256dh: "p", auth: "a" },
}) });"""


def test_turning_push_on_says_the_http_status_of_an_answer_that_is_not_json(
    browser, live_server, settings, transactional_db
):
    settings.VAPID_PUBLIC_KEY = "BPlaceholderKeyForTheSwitchOnly"
    context, page = logged_in_with_notifications(browser, live_server, "oversized")
    context.add_init_script(OVERSIZED)
    page.goto("/reminders/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.get_by_role("button", name="Turn on notifications here").click()
    expect(page.locator("[data-push=status]")).to_have_text(
        "Could not turn notifications on (HTTP 400)."
    )
    context.close()


# A push service that does not answer: the browser's subscribe() waits, here for ever.
SILENT = """PushManager.prototype.getSubscription = async () => null;
PushManager.prototype.subscribe = () => new Promise(() => {});"""


def test_turning_push_on_says_it_is_waiting_and_takes_one_tap(
    browser, live_server, settings, transactional_db
):
    """The push service can take seconds; the button said nothing meanwhile, so people
    tapped it again and again."""
    settings.VAPID_PUBLIC_KEY = "BPlaceholderKeyForTheSwitchOnly"
    context, page = logged_in_with_notifications(browser, live_server, "waiting")
    context.add_init_script(SILENT)
    page.goto("/reminders/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    on = page.get_by_role("button", name="Turn on notifications here")
    on.click()
    expect(page.locator("[data-push=status]")).to_have_text("Turning notifications on…")
    expect(on).to_be_disabled()
    context.close()


def test_a_pushed_reminders_done_button_records_the_night(
    browser, settings, live_server, transactional_db
):
    user, night = person_with_a_night_soon(settings, live_server)
    ReminderSettings.objects.create(user=user, push=True)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    journeys.log_in(page, "nightly", PASSWORD)
    page.evaluate("async () => (await navigator.serviceWorker.ready).active.state")
    row = Delivery.objects.create(
        session=night,
        kind="apply",
        due_at=timezone.now(),
        next_try_at=timezone.now(),
        status="sent",
    )
    payload = push.payload(compose(row))  # what the push service would hand the browser
    [notification] = deliver_push(context, page, live_server, payload)
    assert notification["title"] == payload["title"]
    # Chromium shows as many buttons as the platform allows (two on some): the first is Done.
    assert (
        notification["actions"]
        == ["Done now", "Snooze 30 min", "Skip tonight"][: len(notification["actions"])]
    )
    [worker] = context.service_workers
    assert worker.evaluate(TAP_DONE) == payload["title"]
    # Waits for the tap's last write, the row's: on SQLite the live server shares this thread's
    # connection, so the night can read as done while that transaction is still under way.
    journeys.wait_until(page, lambda: Delivery.objects.filter(pk=row.pk, acted="done").exists())
    row.refresh_from_db()
    assert (row.acted, row.acted_round) == ("done", 0)
    assert Session.objects.get(pk=night.pk).status == "done"
    context.close()


# A browser already subscribed here (headless Chromium has no push service to subscribe with).
SUBSCRIBED = """PushManager.prototype.getSubscription = async () => ({
  endpoint: "https://push.example/subscription", unsubscribe: async () => true,
})"""


def test_the_device_switch_offers_only_what_this_browser_can_do(device, settings):
    name, context, page = device
    settings.VAPID_PUBLIC_KEY = "BPlaceholderKeyForTheSwitchOnly"
    make_user("switch")
    journeys.log_in(page, "switch", PASSWORD)
    page.goto("/reminders/")
    on = page.get_by_role("button", name="Turn on notifications here")
    off = page.get_by_role("button", name="Turn them off here")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    expect(on).to_be_visible()
    expect(off).to_be_hidden()

    context.add_init_script(SUBSCRIBED)
    page.reload()
    page.get_by_text("Notifications are on for this device.").wait_for()
    expect(off).to_be_visible()
    expect(on).to_be_hidden()
    check_accessibility(page)
    screenshot(page, f"reminders-device-on-{name}")
    off.click()
    page.get_by_text("Notifications are off for this device.").wait_for()
    expect(on).to_be_visible()
    expect(off).to_be_hidden()


def test_today_says_no_reminder_will_come_and_leads_to_turning_them_on(
    device, settings, live_server
):
    """Reminders start off; Today (and the plan page) says so until a channel is on."""
    name, _, page = device
    _, night = person_with_a_night_soon(settings, live_server)
    journeys.log_in(page, "nightly", PASSWORD)
    card = page.locator("section.today")
    expect(card.get_by_text("No reminder will reach you for this plan.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"today-reminders-off-{name}")
    card.get_by_role("link", name="Set up reminders").click()
    page.wait_for_url(f"**/reminders/plans/{night.plan.public_id}/")
    page.check("#id_email")
    page.click("button:has-text('Save reminders')")
    page.get_by_text("Saved. Reminders by email.").wait_for()
    page.goto("/today/")
    expect(page.get_by_text("No reminder will reach you for this plan.")).to_have_count(0)
    page.goto(f"/plans/{night.plan.public_id}/")
    expect(page.get_by_text("No reminder will reach you for this plan.")).to_have_count(0)


@pytest.mark.parametrize("kind", ["apply", "wash_off", "nudge"])
def test_a_reminder_email_reads_on_a_phone_without_zooming(browser, live_server, settings, kind):
    """A phone's mail app lays out an HTML email as a mobile browser does: without a viewport
    it draws the page 980 px wide and shrinks it, so the text is a third of its size."""
    user, night = person_with_a_night_soon(settings, live_server)
    due = night.apply_at if kind != "wash_off" else night.wash_off_at
    email = build_email(user, compose(Delivery(pk=1, session=night, kind=kind, due_at=due)))
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_content(html)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("window.visualViewport.scale") == 1  # drawn at its size, not shrunk
    check_accessibility(page)
    screenshot(page, f"reminder-email-{kind}-phone")
    context.close()
