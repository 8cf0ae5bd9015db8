"""Journey: a new person signs up on a phone, is told a link went to their address, opens it
on another device (no session), confirms, and Reminders no longer warn that the address is
unconfirmed."""

import re
from urllib.parse import urlsplit

import pytest
from conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    check_no_horizontal_scroll,
    new_page,
    screenshot,
)
from django.core import mail
from journeys import sign_up
from playwright.sync_api import expect

from planner.accounts.models import ConfirmedEmail

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
LINK = re.compile(r"http://\S+/accounts/email/confirm/\S+/")
UNCONFIRMED = "is not confirmed yet"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_sign_up_then_confirm_the_address_from_the_email(browser, live_server, size):
    viewport = PHONE if size == "phone" else DESKTOP
    context, page = new_page(browser, live_server, viewport)
    sign_up(page, "confirmer")
    page.get_by_text("We sent a link to confirmer@example.org").wait_for()
    expect(page.get_by_text(UNCONFIRMED)).to_be_visible()
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    screenshot(page, f"email-unconfirmed-{size}")

    [message] = mail.outbox
    [url] = LINK.findall(message.body)
    elsewhere, inbox = new_page(browser, live_server, viewport)  # another device: no session
    inbox.goto(urlsplit(url).path)  # the link's path on this test server
    button = inbox.get_by_role("button", name="Confirm this address")
    expect(inbox.get_by_text("confirmer@example.org")).to_be_visible()
    assert button.is_visible() and not ConfirmedEmail.objects.exists()
    check_accessibility(inbox)
    check_no_horizontal_scroll(inbox)
    screenshot(inbox, f"email-confirm-{size}")
    button.click()
    inbox.get_by_role("heading", name="Email address confirmed").wait_for()
    assert ConfirmedEmail.objects.get().email == "confirmer@example.org"
    screenshot(inbox, f"email-confirmed-{size}")
    elsewhere.close()

    page.goto("/reminders/")
    page.get_by_role("heading", name="Reminders").wait_for()
    assert UNCONFIRMED not in page.content()
    context.close()
