"""What the new plan's preview and the plan page say about how long the course lasts, beyond
its fixed end: a course until cleared may stop sooner, and a course with an assessment is
followed by one (the label's rules, in regimens/engine.py and regimens/assessment.py)."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan
from planner.plans import services
from planner.plans.models import Plan

pytestmark = pytest.mark.usefixtures("catalogue")
MONDAY = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)


def text(response) -> str:
    """The page as read: tags dropped, white space collapsed."""
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def preview(client, owner, regimen: str, weekdays: list[str]) -> str:
    client.force_login(owner)
    form = {
        "regimen": regimen,
        "start_date": "2026-12-07",
        "weekdays": weekdays,
        "application_time": "22:00",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "preview": "1",
    }
    return text(client.post("/plans/new/", form))


@time_machine.travel(MONDAY, tick=False)
def test_a_course_until_cleared_is_previewed_as_at_most_its_nights(client, owner):
    page = preview(client, owner, "aldara-egw", ["mon", "wed", "fri"])
    assert (
        "At most 48 applications from Mon 7 Dec 2026: until the treated area has cleared, "
        "and no later than Sun 28 Mar 2027, a date that never moves." in page
    )
    assert (
        "Once your clinician confirms it has cleared, end the plan as cleared on its page." in page
    )


@time_machine.travel(MONDAY, tick=False)
def test_a_fixed_course_is_previewed_as_all_its_nights(client, owner):
    page = preview(client, owner, "aldara-sbcc", ["mon", "tue", "wed", "thu", "fri"])
    assert "30 applications from Mon 7 Dec 2026; the course ends on Sun 17 Jan 2027" in page
    assert "At most" not in page and "end the plan as cleared" not in page
    assert "an assessment with your clinician on" not in page


@time_machine.travel(MONDAY, tick=False)
def test_a_course_with_an_assessment_is_previewed_with_its_day(client, owner):
    page = preview(client, owner, "aldara-ak-eu", ["mon", "wed", "fri"])
    assert (
        "After the course, 4 weeks without treatment, then an assessment with your clinician "
        "on Mon 1 Feb 2027: if the treated area has not cleared, the label allows one more "
        "course of 4 weeks." in page
    )


@time_machine.travel(MONDAY, tick=False)
def test_the_plan_page_says_a_course_until_cleared_may_end_sooner(client, owner):
    plan = make_plan(owner, "aldara-egw", start_date=dt.date(2026, 12, 7))
    client.force_login(owner)
    said = (
        "Sun 28 Mar 2027 is the latest day: once your clinician confirms the treated area has "
        "cleared, end the plan as cleared."
    )
    page = text(client.get(plan.get_absolute_url()))
    assert said in page
    assert (
        '<a href="#end-heading">end the plan as cleared</a>'
        in client.get(plan.get_absolute_url()).content.decode()
    )

    sheet = "the end date never moves; stop sooner once your clinician confirms the treated area"
    assert sheet in text(client.get(f"{plan.get_absolute_url()}print/"))

    services.plan_end(plan=plan, status=Plan.Status.CLEARED, today=dt.date(2026, 12, 7))
    assert said not in text(client.get(plan.get_absolute_url()))  # no longer to be done
    assert sheet not in text(client.get(f"{plan.get_absolute_url()}print/"))


def test_a_course_until_cleared_that_is_over_says_nothing_of_stopping_sooner(client, owner):
    """Past its latest day, still active (not yet ended as cleared): there is no sooner left,
    on the plan page or on the sheet."""
    plan = make_plan(owner, "aldara-egw", start_date=dt.date(2026, 12, 7))
    with time_machine.travel(dt.datetime(2027, 4, 5, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(owner)
        assert plan.status == Plan.Status.ACTIVE
        assert "is the latest day" not in text(client.get(plan.get_absolute_url()))
        assert "stop sooner" not in text(client.get(f"{plan.get_absolute_url()}print/"))


@time_machine.travel(MONDAY, tick=False)
def test_the_plan_page_of_a_fixed_course_says_nothing_of_clearing(client, owner):
    plan = make_plan(owner, "aldara-sbcc", start_date=dt.date(2026, 12, 7))
    client.force_login(owner)
    assert "is the latest day" not in text(client.get(plan.get_absolute_url()))
    assert "stop sooner" not in text(client.get(f"{plan.get_absolute_url()}print/"))


@time_machine.travel(MONDAY, tick=False)
def test_the_plan_page_names_the_follow_up_its_calendars_mark(client, owner):
    """sBCC, Monday to Friday from Mon 7 Dec 2026: the course ends on Sun 17 Jan 2027, its
    last application is on Fri 15 Jan, and the calendars' educational follow-up is 12 weeks
    after that application (as the note says), on Fri 9 Apr 2027."""
    plan = make_plan(owner, "aldara-sbcc", start_date=dt.date(2026, 12, 7))
    client.force_login(owner)
    page = text(client.get(plan.get_absolute_url()))
    assert (
        "After the course: Context from clinical trials, not a label instruction: the treated "
        "site was assessed about 12 weeks after the last application (label). Your clinician "
        "decides when you are seen. Your calendar file and feed mark Fri 9 Apr 2027 for it."
    ) in page
    ics = client.get(f"{plan.get_absolute_url()}calendar.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270409" in ics

    warts = make_plan(owner, "aldara-egw", start_date=dt.date(2026, 12, 7), label="other")
    assert "After the course:" not in text(client.get(warts.get_absolute_url()))


def test_the_plan_page_names_a_break_between_cycles(client, owner):
    """Zyclara AK, 2 weeks on, 2 off, 2 on, from Sun 21 Mar 2027: two blank weeks in April
    with nothing to say why read as a fault."""
    plan = make_plan(owner, "zyclara-ak-3-75", start_date=dt.date(2027, 3, 21))
    client.force_login(owner)
    page = text(client.get(plan.get_absolute_url()))
    assert (
        "A break between its cycles of treatment (label): no cream from Sun 4 Apr to "
        "Sat 17 Apr 2027; the applications start again the day after."
    ) in page
    aldara = make_plan(owner, start_date=dt.date(2027, 3, 21), label="other")
    assert "A break between" not in text(client.get(aldara.get_absolute_url()))


def test_the_preview_names_a_break_between_cycles(client, owner):
    client.force_login(owner)
    data = {
        "regimen": "zyclara-ak-3-75",
        "start_date": "2027-03-21",
        "application_time": "22:00",
        "timezone": "Pacific/Auckland",
        "preview": "1",
    }
    page = text(client.post("/plans/new/", data))
    assert "28 applications from Sun 21 Mar 2027" in page
    assert "no cream from Sun 4 Apr to Sat 17 Apr 2027; the applications start again" in page
