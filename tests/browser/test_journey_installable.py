"""Journey: the app installs on a phone's home screen (a manifest and a service worker), Today
and the plan page open offline with what was last loaded, marked as such, and nothing of the
first person's stays on the device for the next one."""

import json
import re

import pytest
from conftest import DESKTOP, PHONE, check_accessibility, screenshot
from journeys import last_monday, log_in, wait_until

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
NO_NETWORK = r"net::ERR_(INTERNET_DISCONNECTED|FAILED)"  # the browser's own, or via the worker
OFFLINE = re.compile(r"Offline: showing what was loaded (at|on \w{3} \d{1,2} \w{3} at) \d\d:\d\d\.")

# Every URL the page's origin holds in Cache Storage, by path.
KEPT_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""


@pytest.fixture(params=["phone", "desktop"])
def device(request, browser, live_server):
    """One browser context: one device, with its service worker and caches, for everyone."""
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield request.param, context, page
    context.close()


def first_persons_plan():
    user = make_user("first")
    return make_plan(user, start_date=last_monday(weeks_back=1), label="left temple")


def personal(paths) -> list[str]:
    return [p for p in paths if not p.startswith("/static/")]


def wait_until_controlled(page) -> None:
    """The worker is active; after a reload it serves this page."""
    state = page.evaluate("async () => (await navigator.serviceWorker.ready).active.state")
    assert state in ("activating", "activated")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def check_manifest(page) -> None:
    """The browser itself reads the linked manifest without an error and finds nothing that
    stops an install but the test's private window."""
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads(page.request.get(href).text())
    assert manifest["start_url"] == "/today/" and manifest["scope"] == "/"
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).headers["content-type"] == "image/png"
    cdp = page.context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")
    assert read["url"].endswith(href) and read["errors"] == []
    assert read["manifest"]["startUrl"].endswith("/today/")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert {error["errorId"] for error in errors} <= {"in-incognito"}


def open_offline(page, path: str, name: str) -> str:
    page.goto(path)
    mark = page.locator(".offline-mark")
    assert OFFLINE.search(mark.inner_text()), mark.inner_text()
    check_accessibility(page)
    screenshot(page, name)
    return page.locator("main").inner_text()


def back_online(context, page, path: str) -> None:
    """Back online, the server's page again. Chromium tells the service worker a moment after
    the page (a CI run once got the kept copy on the first try), so it may take a few."""
    context.set_offline(False)
    for _ in range(20):
        page.goto(path)
        if page.locator(".offline-mark").count() == 0:
            return
        page.wait_for_timeout(250)
    pytest.fail(f"{path} still shows the offline copy after going back online")


def test_today_and_the_plan_open_offline_and_log_out_forgets_them(device):
    size, context, page = device
    plan = first_persons_plan()
    plan_page = f"/plans/{plan.public_id}/"
    log_in(page, "first", PASSWORD)
    check_manifest(page)
    wait_until_controlled(page)
    page.goto(plan_page)
    assert page.locator(".offline-mark").count() == 0

    context.set_offline(True)
    assert "left temple" in open_offline(page, "/today/", f"installable-today-offline-{size}")
    assert "left temple" in open_offline(page, plan_page, f"installable-plan-offline-{size}")
    with pytest.raises(Exception, match=NO_NETWORK):
        page.goto(f"{plan_page}log/")  # never kept: personal, and not tonight's

    back_online(context, page, "/today/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert personal(page.evaluate(KEPT_PATHS)) == []

    second_person_sees_only_their_own(context, page, plan_page, size)


def test_a_second_person_logging_in_never_sees_the_firsts_pages(device):
    """The first person's session ended without a log-out (it expired, say): logging in as
    someone else is enough to drop the kept pages."""
    size, context, page = device
    plan_page = f"/plans/{first_persons_plan().public_id}/"
    log_in(page, "first", PASSWORD)
    wait_until_controlled(page)
    page.goto(plan_page)
    assert "/today/" in page.evaluate(KEPT_PATHS)

    context.clear_cookies()
    page.goto("/today/")  # through the worker, which passes the server's redirect on
    page.wait_for_url("**/accounts/login/?next=/today/")
    second_person_sees_only_their_own(context, page, plan_page, size)


def second_person_sees_only_their_own(context, page, first_plan_page, size) -> None:
    make_user("second")
    log_in(page, "second", PASSWORD)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()  # now through the worker, which keeps this person's Today
    assert personal(page.evaluate(KEPT_PATHS)) == ["/today/"]

    context.set_offline(True)
    today = open_offline(page, "/today/", f"installable-second-person-offline-{size}")
    assert "left temple" not in today
    with pytest.raises(Exception, match=NO_NETWORK):
        page.goto(first_plan_page)
    context.set_offline(False)


def test_the_worker_keeps_today_from_the_very_first_visit(device):
    """Installed and opened once, then offline: the first page was loaded before the worker
    ran, so it asks the worker to keep it."""
    _, context, page = device
    first_persons_plan()
    log_in(page, "first", PASSWORD)
    wait_until(page, lambda: "/today/" in page.evaluate(KEPT_PATHS))  # the worker keeps it
    context.set_offline(True)
    page.goto("/today/")
    assert OFFLINE.search(page.locator(".offline-mark").inner_text())
    context.set_offline(False)


def test_the_content_security_policy_lets_the_manifest_and_the_worker_in(browser, live_server):
    """The other journeys bypass the CSP to inject axe-core; this one keeps it."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    first_persons_plan()
    log_in(page, "first", PASSWORD)
    check_manifest(page)
    wait_until_controlled(page)
    context.close()
    assert not [text for text in console if "Content Security Policy" in text], console
