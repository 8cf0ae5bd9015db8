"""Reminder email through a real SMTP server (aiosmtpd) started by the test: the message read
back carries the RFC 8058 unsubscribe headers, names no drug for a discreet plan, and its
links work when followed."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client

from planner.reminders.models import Delivery, ReminderSettings
from reminder_kit import daily_plan, html_of, opt_in, readable, run_at, text_of

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)


def send_one(owner, discreet=False):
    plan = daily_plan(owner, START, discreet_titles=discreet)
    opt_in(owner)
    night = plan.sessions.get(date=START)
    run_at(night.apply_at - 15 * MINUTE)
    return night


def test_the_message_read_back_has_one_click_unsubscribe_headers(smtp, owner):
    send_one(owner)
    [message] = smtp.messages
    unsubscribe = message["List-Unsubscribe"].strip()  # Django folds the long line before "<"
    assert re.fullmatch(
        r"<https://planner\.example\.org/reminders/unsubscribe/[^>\s]+/>", unsubscribe
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == "Apply Zyclara 3.75% (left cheek) at 21:30"
    assert message["To"] == "owner@example.org"
    assert message["From"] == "Planner <noreply@localhost>"
    assert "Educational aid, not medical advice" in text_of(message)
    # A mail client's one-click POST, with no session and no CSRF token, turns email off.
    mailer = Client(enforce_csrf_checks=True)
    response = mailer.post(
        urlsplit(unsubscribe.strip("<>")).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not ReminderSettings.objects.get(user=owner).email


def test_its_links_followed_from_the_message_act_on_the_night(smtp, owner):
    night = send_one(owner)
    [message] = smtp.messages
    links = re.findall(
        r'href="(https://planner\.example\.org/reminders/act/[^"]+)"', html_of(message)
    )
    assert len(links) == 3
    assert set(links) <= set(re.findall(r"https://\S+", text_of(message)))
    # And the way to the night's steps on Today, in both parts.
    today = "https://planner.example.org/today/"
    assert f"The steps, on Today: {today}" in text_of(message)
    assert f'<a href="{today}">The steps, on Today</a>' in html_of(message)
    done = urlsplit(links[0]).path
    person = Client()
    with time_machine.travel(night.apply_at, tick=False):
        page = person.get(done)
        assert page.status_code == 200 and b"Done now?" in page.content
        assert person.post(done).status_code == 200
    night.refresh_from_db()
    assert night.status == "done"


def test_a_discreet_plans_message_names_no_drug_condition_or_area(smtp, owner):
    night = send_one(owner, discreet=True)
    [message] = smtp.messages
    rule = night.plan.rule
    everything = readable(message)
    for word in (
        "imiquimod",
        "zyclara",
        "aldara",
        "left cheek",
        "keratos",
        "carcinoma",
        "wart",
        rule.regimen.slug,
        rule.title.lower(),
        rule.get_indication_display().lower(),
        rule.indication_label.lower(),
    ):
        assert word not in everything, word
    assert message["Subject"] == "Skin treatment at 21:30"


def test_the_pages_a_discreet_plans_links_open_name_no_drug_condition_or_area(smtp, owner):
    """Opened on a phone someone else can see: the action page, its answer, a used link's
    refusal and the unsubscribe pages keep the message's neutral 'Planner' (title, header,
    description and disclaimer: 'Imiquimod Planner' named the drug)."""
    night = send_one(owner, discreet=True)
    [message] = smtp.messages
    html = html_of(message)
    done = urlsplit(re.findall(r'href="(https://[^"]+/reminders/act/[^"]+)"', html)[0]).path
    unsubscribe = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path
    person = Client()
    with time_machine.travel(night.apply_at, tick=False):
        pages = [person.get(done), person.post(done), person.get(done)]  # the last: used
    pages += [person.get(unsubscribe), person.post(unsubscribe)]
    assert [page.status_code for page in pages] == [200, 200, 410, 200, 200]
    for page in pages:
        text = page.content.decode().lower()
        assert "planner" in text
        for word in ("imiquimod", "zyclara", "aldara", "left cheek", "wart"):
            assert word not in text, (page.request["PATH_INFO"], word)


def test_a_busy_server_is_tried_again_a_minute_later(smtp, owner):
    smtp.busy = 1
    night = send_one(owner)
    assert smtp.messages == []
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.note) == ("pending", 1, "try 1: email: SMTP 451")
    run_at(night.apply_at - 14 * MINUTE)
    assert len(smtp.messages) == 1
    assert Delivery.objects.get().status == "sent"
    # The second try carries the Message-ID the first would have: one per delivery and round.
    assert smtp.messages[0]["Message-ID"] == f"<apply.{row.pk}.0@planner.example.org>"


def test_many_reminders_of_a_batch_go_over_one_connection(smtp, owner):
    from factories import make_user

    for i in range(3):
        person = make_user(f"person{i}")
        opt_in(person)
        daily_plan(person, START)
    run_at(daily_plan(owner, START).sessions.get(date=START).apply_at - 15 * MINUTE)
    assert len(smtp.messages) == 3
    assert smtp.connections == 1


def test_its_parts_go_as_plain_8bit_text_not_quoted_printable(smtp, owner):
    """Django quoted-printables a whole part once one of its lines passes 998 characters, which
    makes the message larger and slower to build; the templates keep every line shorter."""
    send_one(owner)
    [message] = smtp.messages
    parts = [part for part in message.walk() if not part.is_multipart()]
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert {part["Content-Transfer-Encoding"] for part in parts} <= {"7bit", "8bit"}
    assert html_of(message).count('href="https://planner.example.org/reminders/act/') == 3
