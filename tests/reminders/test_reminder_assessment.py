"""The reminder on a plan's assessment day (issue 23: the EU/UK Aldara AK regimen has 4 weeks of
treatment, 4 weeks off, then an assessment): one message at 9:00 local that day, through a real
SMTP server, asking to record the result and linking to the plan page. Discreet plans name no
drug, condition or area; only the channels the person turned on; nothing for ended or deleted
plans, once the result is recorded, or after the day."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.test import Client
from test_reminder_push import Browser, running_push_service, subscribe

from factories import make_plan, make_user
from planner.plans import services as plan_services
from planner.plans.assessment import assessment_record
from planner.reminders import due, sending
from planner.reminders.models import Delivery
from reminder_kit import html_of, opt_in, readable, run_at, text_of

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 3, 2)  # a Monday; the first course ends Sun 29 Mar
DAY = dt.date(2026, 4, 27)  # the assessment, after 4 weeks without treatment
NINE = dt.datetime(2026, 4, 27, 8, tzinfo=dt.UTC)  # 9:00 in London (summer time)
MINUTE = dt.timedelta(minutes=1)
NAMES = ("Aldara", "imiquimod", "keratosis", "cheek", "5%")


def eu_plan(owner, **overrides):
    values = {"start_date": START, "weekdays": ("mon", "wed", "fri"), **overrides}
    return make_plan(owner, "aldara-ak-eu", **values)


def test_at_nine_on_the_day_one_email_asks_to_record_the_result(smtp, owner):
    plan = eu_plan(owner)
    opt_in(owner)
    assert plan.assessment_on == DAY
    assert run_at(NINE - MINUTE) == []
    run_at(NINE)
    run_at(NINE + 3 * 60 * MINUTE)  # later that day: not again
    [message] = smtp.messages
    assert message["Subject"] == "Assessment today: Aldara 5% (left cheek)"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(message)
    assert "Today, Mon 27 Apr, is the assessment after your first course." in text
    assert "Educational aid, not medical advice" in text
    page = f"https://planner.example.org/plans/{plan.public_id}/#assessment"
    assert f"Record the result of your assessment:\n{page}" in text
    assert f'href="{page}"' in html_of(message)
    row = Delivery.objects.get()
    assert (row.kind, row.plan, row.session, row.status) == ("assessment", plan, None, "sent")
    assert message["Message-ID"] == f"<assessment.{row.pk}.0@planner.example.org>"


def test_its_link_opens_the_plan_pages_assessment_for_its_owner_only(smtp, owner):
    eu_plan(owner)
    opt_in(owner)
    run_at(NINE)
    path = urlsplit(text_of(smtp.messages[0]).split("assessment:\n", 1)[1].split()[0]).path
    reader = Client()
    assert reader.get(path).status_code == 302  # anonymous: to the login page
    reader.force_login(make_user("other"))
    assert reader.get(path).status_code == 404
    reader.force_login(owner)
    page = reader.get(path)
    assert page.status_code == 200
    assert 'id="assessment"' in page.content.decode()


def test_a_discreet_plans_reminder_names_no_drug_condition_or_area(smtp, owner):
    eu_plan(owner, discreet_titles=True)
    opt_in(owner)
    run_at(NINE)
    [message] = smtp.messages
    assert message["Subject"] == "Assessment today: Skin treatment"
    everything = readable(message)
    assert not [name for name in NAMES if name.lower() in everything], everything


def test_nothing_is_sent_before_the_person_opts_in_for_that_plan(smtp, owner):
    plan = eu_plan(owner)
    other = eu_plan(owner, label="scalp")
    opt_in(owner, plan=other, email=True)  # that plan's own settings: not this one's
    opt_in(owner, plan=plan, email=False)  # this plan's: email off, push off
    run_at(NINE)
    assert [m["Subject"] for m in smtp.messages] == ["Assessment today: Aldara 5% (scalp)"]


def test_a_channel_turned_on_after_nine_starts_from_then(smtp, owner):
    eu_plan(owner)
    opt_in(owner, on_since=NINE + MINUTE)
    run_at(NINE + 2 * MINUTE)
    assert smtp.messages == []


@pytest.fixture
def service(settings):
    yield from running_push_service(settings)


def test_by_push_only_it_reaches_the_browser_and_no_email_goes(smtp, service, owner):
    plan = eu_plan(owner)
    opt_in(owner, email=False, push=True)
    browser = Browser(service.url("/push/abc"))
    assert subscribe(owner, browser).status_code == 200
    run_at(NINE)
    assert smtp.messages == []
    [(_, _, body)] = service.received
    payload = browser.read(body)
    assert payload["title"] == "Assessment today: Aldara 5% (left cheek)"
    assert payload["url"] == f"https://planner.example.org/plans/{plan.public_id}/#assessment"
    assert payload["actions"] == []


def test_nothing_once_the_result_is_recorded(smtp, owner):
    plan = eu_plan(owner)
    opt_in(owner)
    assessment_record(plan=plan, outcome="not-cleared", today=DAY)  # recorded early that day
    run_at(NINE)
    assert smtp.messages == []


def test_a_result_recorded_after_it_was_found_drops_it(smtp, owner):
    plan = eu_plan(owner)
    opt_in(owner)
    assert due.find_due(now=NINE) == 1
    assessment_record(plan=plan, outcome="cleared", today=DAY)
    assert sending.deliver_due(now=NINE) == {"dropped": 1}
    assert smtp.messages == []
    assert Delivery.objects.get().note == "the plan has ended"  # "cleared" ends it


def test_nothing_for_an_ended_or_deleted_plan(smtp, owner):
    ended, deleted = eu_plan(owner), eu_plan(owner, label="scalp")
    opt_in(owner)
    plan_services.plan_end(plan=ended, status="stopped", today=START)
    deleted.delete()
    run_at(NINE)
    assert smtp.messages == []
    assert not Delivery.objects.exists()


def test_nothing_the_day_after_nor_for_plans_without_an_assessment(smtp, owner):
    eu_plan(owner)
    make_plan(owner)  # the US label: no assessment
    opt_in(owner)
    run_at(NINE + 16 * 60 * MINUTE)  # 01:00 the next day in London
    assert smtp.messages == []
    assert not Delivery.objects.exists()


def test_machines_finding_it_at_once_keep_one_row(owner):
    eu_plan(owner)
    opt_in(owner)
    assert due.find_due(now=NINE) == 1
    assert due.find_due(now=NINE + MINUTE) == 0
    assert Delivery.objects.filter(kind="assessment").count() == 1
