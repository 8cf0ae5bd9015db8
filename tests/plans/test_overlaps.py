"""Overlapping plans: the plan form asks before a second course for the same area or regimen,
and Today and the all-plans feed say when two plans' creams would be on at once."""

import datetime as dt

import icalendar
import pytest
import time_machine

from factories import make_plan
from planner.calendars import feeds
from planner.plans import services
from planner.plans.models import Plan, Session
from planner.plans.overlaps import area_key, overlapping_nights
from tests.plans.test_plan_add import form_data as plan_form_data

pytestmark = pytest.mark.usefixtures("catalogue")
URL = "/plans/new/"
# Sunday 1 March 2026, noon UTC: the factory's plans start on Monday 2 March.
SUNDAY = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
# Monday 2 March 2026, 18:00 in London: the first night of every factory plan is tonight.
MONDAY_EVENING = dt.datetime(2026, 3, 2, 18, tzinfo=dt.UTC)


def form_data(**overrides):
    """The plan form's usual answers (test_plan_add's), a week after the factory's plans start."""
    return plan_form_data(**{"start_date": "2026-03-09", **overrides})


@time_machine.travel(SUNDAY, tick=False)
def test_a_second_course_of_the_same_regimen_asks_first_and_saves_nothing(client, owner):
    first = make_plan(owner, label="scalp")
    client.force_login(owner)
    response = client.post(URL, form_data(label="forehead"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This plan overlaps 1 active plan" in body
    assert f'href="/plans/{first.public_id}/"' in body
    assert Plan.objects.count() == 1


@time_machine.travel(SUNDAY, tick=False)
def test_once_confirmed_the_plan_is_made(client, owner):
    first = make_plan(owner)
    client.force_login(owner)
    asked = client.post(URL, form_data()).content.decode()
    assert f'name="overlap_seen" value="{first.public_id} "' in asked
    response = client.post(URL, form_data(confirm_overlap="on", overlap_seen=f"{first.public_id} "))
    assert response.status_code == 302
    assert Plan.objects.count() == 2


@time_machine.travel(SUNDAY, tick=False)
def test_a_confirmation_holds_only_for_the_plans_it_was_given_for(client, owner):
    """Ticked for the first plan, while another overlapping plan came meanwhile (another
    device, a double tap): asked again, listing both; a tick with no plan listed confirms none."""
    first = make_plan(owner)
    client.force_login(owner)
    second = make_plan(owner, label="right cheek")
    for seen in (str(first.public_id), ""):
        response = client.post(URL, form_data(confirm_overlap="on", overlap_seen=seen))
        assert "This plan overlaps 2 active plans" in response.content.decode()
    assert Plan.objects.count() == 2
    both = f"{first.public_id} {second.public_id}"
    assert client.post(URL, form_data(confirm_overlap="on", overlap_seen=both)).status_code == 302


@time_machine.travel(SUNDAY, tick=False)
def test_the_same_plan_again_is_never_made_even_when_confirmed(client, owner):
    """The same regimen and area on the same nights (a double tap, the form sent again) would
    be two doses a night: the question names the plan already made and offers no tick, and a
    tick sent anyway makes nothing."""
    client.force_login(owner)
    assert client.post(URL, form_data()).status_code == 302
    [first] = Plan.objects.all()
    body = client.post(URL, form_data()).content.decode()
    assert "You already have this plan" in body and f'href="/plans/{first.public_id}/"' in body
    assert 'name="confirm_overlap"' not in body
    seen = form_data(confirm_overlap="on", overlap_seen=str(first.public_id))
    assert "You already have this plan" in client.post(URL, seen).content.decode()
    other_days = form_data(
        confirm_overlap="on", overlap_seen=str(first.public_id), weekdays=["tue", "fri"]
    )
    assert client.post(URL, other_days).status_code == 302  # other nights: a choice, once confirmed
    assert Plan.objects.count() == 2


@time_machine.travel(SUNDAY, tick=False)
def test_the_same_area_under_another_regimen_also_asks(client, owner):
    make_plan(owner, "aldara-sbcc", weekdays=(), label="Left  Cheek")
    client.force_login(owner)
    response = client.post(URL, form_data())
    assert "This plan overlaps 1 active plan" in response.content.decode()
    assert Plan.objects.count() == 1


@time_machine.travel(SUNDAY, tick=False)
def test_the_preview_shows_the_overlap_too(client, owner):
    make_plan(owner)
    client.force_login(owner)
    body = client.post(URL, form_data(create="", preview="1")).content.decode()
    assert "This plan overlaps 1 active plan" in body and "Preview" in body


@time_machine.travel(SUNDAY, tick=False)
@pytest.mark.parametrize(
    "overrides",
    [
        {"regimen": "aldara-sbcc", "weekdays": [], "label": "scalp"},  # other area and regimen
        {"start_date": "2026-07-01"},  # after the first course has ended
    ],
    ids=["other-area-and-regimen", "after-the-course"],
)
def test_it_does_not_ask_when_nothing_overlaps(client, owner, overrides):
    make_plan(owner)
    client.force_login(owner)
    assert client.post(URL, form_data(**overrides)).status_code == 302
    assert Plan.objects.count() == 2


@time_machine.travel(SUNDAY, tick=False)
def test_ended_plans_and_other_people_s_plans_do_not_count(client, owner, outsider):
    stopped = make_plan(owner)
    services.plan_end(plan=stopped, status="stopped", today=dt.date(2026, 3, 1))
    make_plan(outsider)
    client.force_login(owner)
    assert client.post(URL, form_data()).status_code == 302


def test_area_names_match_whatever_their_case_and_spacing():
    assert area_key("  Left   cheek ") == area_key("left CHEEK")
    assert area_key("") == ""


def test_nights_overlap_only_while_both_creams_are_on(owner):
    at_2130 = make_plan(owner)
    at_0500 = make_plan(owner, application_time=dt.time(5, 0), label="scalp")  # 05:00 to 13:00
    at_2300 = make_plan(owner, application_time=dt.time(23, 0), label="chin")
    nights = Session.objects.filter(number=1)
    found = overlapping_nights(nights)
    first = {plan.pk: plan.sessions.get(number=1) for plan in (at_2130, at_0500, at_2300)}
    # 21:30-05:30 overlaps 23:00-07:00; 05:00-13:00 (the same date, earlier) overlaps neither
    # ... except 21:30's night, which is the evening of that date: it starts after 13:00.
    assert {s.pk for s in found[first[at_2130.pk].pk]} == {first[at_2300.pk].pk}
    assert {s.pk for s in found[first[at_2300.pk].pk]} == {first[at_2130.pk].pk}
    assert first[at_0500.pk].pk not in found


def test_a_rest_or_missed_night_overlaps_nothing(owner):
    make_plan(owner)
    other = make_plan(owner, label="scalp")
    night = other.sessions.get(number=1)
    services.session_mark(session=night, status="rest")
    assert overlapping_nights(Session.objects.filter(number=1)) == {}


@time_machine.travel(MONDAY_EVENING, tick=False)
def test_today_says_when_two_plans_are_on_at_once(client, owner):
    make_plan(owner)
    make_plan(owner, "aldara-sbcc", weekdays=(), label="scalp")
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert body.count("Overlaps your") == 2
    assert "the two are on the skin at the same time" in body


@time_machine.travel(MONDAY_EVENING - dt.timedelta(days=2), tick=False)
def test_an_overlap_on_the_next_night_is_not_said_to_be_tonight(client, owner):
    """Saturday: both cards show Monday's night, the first of each plan."""
    make_plan(owner)
    make_plan(owner, "aldara-sbcc", weekdays=(), label="scalp")
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert body.count("Check with your clinician that both are meant for that night.") == 2
    assert body.count("tonight") == body.count("Nothing to apply tonight.") == 2


@time_machine.travel(MONDAY_EVENING, tick=False)
def test_today_gives_the_other_plans_time_with_its_day_in_this_plans_zone(client, owner):
    make_plan(owner)  # London, 22:00 to 06:00
    at_2300 = dt.time(23, 0)  # New York: 04:00 to 12:00 in London, the next day
    make_plan(
        owner,
        "aldara-sbcc",
        weekdays=(),
        timezone="America/New_York",
        application_time=at_2300,
        label="scalp",
    )
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    london = '<time datetime="2026-03-03T04:00+00:00">Tue 3 Mar, 04:00</time>'
    new_york = '<time datetime="2026-03-02T17:00-05:00">Mon 2 Mar, 17:00</time>'
    assert f"(scalp) application at {london}" in body
    assert f"(left cheek) application at {new_york}" in body


@time_machine.travel(MONDAY_EVENING, tick=False)
def test_a_night_done_early_overlaps_from_when_it_was_applied(client, owner):
    evening = make_plan(owner)  # London, planned 22:00 to 06:00
    make_plan(owner, "aldara-sbcc", weekdays=(), application_time=dt.time(13, 0), label="scalp")
    night = evening.sessions.get(number=1)  # the 13:00 to 21:00 night is over before 22:00
    assert overlapping_nights(Session.objects.filter(number=1)) == {}
    applied = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)  # early, in its window: on till 01:00
    services.session_mark(session=night, status="done", done_at=applied)
    assert len(overlapping_nights(Session.objects.filter(number=1))) == 2
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    at_17 = '<time datetime="2026-03-02T17:00+00:00">Mon 2 Mar, 17:00</time>'
    assert f"(left cheek) application at {at_17}" in body  # when it went on, not 22:00


@time_machine.travel(MONDAY_EVENING, tick=False)
def test_today_says_nothing_for_plans_on_different_nights(client, owner):
    make_plan(owner)
    make_plan(owner, label="scalp", application_time=dt.time(9, 0))
    client.force_login(owner)
    assert "Overlaps your" not in client.get("/today/").content.decode()


def test_the_all_plans_feed_marks_overlapping_applications(client, owner):
    make_plan(owner)
    make_plan(owner, "aldara-sbcc", weekdays=(), label="scalp")
    token = feeds.feed_rotate(user=owner)
    cal = icalendar.Calendar.from_ical(client.get(f"/feeds/{token.token}.ics").content)
    applies = [e for e in cal.walk("VEVENT") if "-apply@" in str(e["UID"])]
    marked = [e for e in applies if "(overlaps another plan)" in str(e["SUMMARY"])]
    assert all(
        "both would be on the skin at the same time" in str(e["DESCRIPTION"]) for e in marked
    )
    # The AK plan's Mon/Thu nights fall on sBCC nights (Mon-Fri) for the 6 weeks both run:
    # each such night is marked in both plans, and no other night is.
    ak, sbcc = (
        Session.objects.filter(plan__rule__regimen__slug=s) for s in ("aldara-ak", "aldara-sbcc")
    )
    shared = set(ak.values_list("date", flat=True)) & set(sbcc.values_list("date", flat=True))
    assert len(shared) == 12
    assert sorted(e.decoded("DTSTART").date() for e in marked) == sorted(2 * list(shared))


def test_a_single_plan_s_feed_marks_nothing(client, owner):
    plan = make_plan(owner)
    make_plan(owner, "aldara-sbcc", weekdays=(), label="scalp")
    token = feeds.feed_rotate(user=owner, plan=plan)
    body = client.get(f"/feeds/{token.token}.ics").content.decode()
    assert "overlaps another plan" not in body
