"""Honest done times: a typed time is read in the night's window from the rule (03:00 for a
21:30 night is the next morning), one outside it or still to come is refused with a message
saying why, and so is one that would put two applications closer than once a day. "Done now"
goes through the same checks."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")
NEW_YORK = ZoneInfo("America/New_York")


def ny(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK)


def ny_plan(owner, slug="aldara-ak", **overrides):
    """Mon 2 March 2026 on, at 21:30 in New York: aldara-ak's 2nd night is Thu 5 March."""
    return make_plan(
        owner, slug, timezone="America/New_York", application_time=dt.time(21, 30), **overrides
    )


def mark(client, plan, number, follow=True, **data):
    data.setdefault("status", "done")
    url = f"/plans/{plan.public_id}/sessions/{number}/"
    return client.post(url, data, follow=follow)


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def done(plan, number: int) -> list[str]:
    """The message for a night marked done: its date and number, and the time it counts from
    in its zone."""
    night = plan.sessions.get(number=number)
    at = (night.done_at or night.apply_at).astimezone(night.zone)
    day = night.date
    return [f"{day:%a} {day.day} {day:%b} (application {number}): done at {at:%H:%M}."]


@time_machine.travel(ny(2026, 3, 6, 9), tick=False)
def test_03_00_for_a_21_30_night_is_read_as_the_next_morning(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    response = mark(client, plan, 2, done_time="03:00")
    assert said(response) == done(plan, 2)
    night = plan.sessions.get(number=2)
    assert night.done_at == ny(2026, 3, 6, 3)
    assert night.wash_off_at == ny(2026, 3, 6, 11)  # 8 hours after it was applied


@time_machine.travel(ny(2026, 3, 6, 9), tick=False)
def test_a_time_outside_the_window_is_refused_with_the_window(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    response = mark(client, plan, 2, done_time="12:00")
    assert said(response) == [
        "12:00 does not fit this night, planned for 21:30 on Thu 5 Mar. "
        "Between 15:30 on Thu 5 Mar and 09:30 on Fri 6 Mar, please."
    ]
    assert plan.sessions.get(number=2).status == "planned"
    assert not plan.events.filter(action="marked done").exists()


@time_machine.travel(ny(2026, 3, 6, 9), tick=False)
def test_a_refused_time_is_shown_again_in_its_row_with_the_reason(client, owner):
    """The row's typed time is kept, its list unfolded and the field focused (the browser
    scrolls to it), the reason beside it: not the top of the page with the time gone."""
    plan = ny_plan(owner)
    client.force_login(owner)
    url = f"/plans/{plan.public_id}/sessions/2/"
    refused = client.post(url, {"status": "done", "done_time_2": "12:00"})
    assert refused.status_code == 400
    html = " ".join(refused.content.decode().split())
    assert '<details class="fold" id="applications" open>' in html
    field = re.search(r'<input type="time" id="time-2"[^>]*>', html).group(0)
    assert 'value="12:00"' in field
    assert "autofocus" in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="time-error-2"' in field
    reason = re.search(r'<p class="errorlist" id="time-error-2">(.*?)</p>', html).group(1)
    assert reason.startswith("12:00 does not fit this night, planned for 21:30 on Thu 5 Mar.")
    assert html.count("autofocus") == 1 and html.count("aria-invalid") == 1  # that row only
    assert [str(m) for m in refused.context["messages"]] == [  # at the top, pointing to it
        "Thu 5 Mar (application 2) is not recorded: the reason is by its time."
    ]
    assert plan.sessions.get(number=2).status == "planned"
    recorded = client.post(url, {"status": "done", "done_time_2": "22:00"})
    assert recorded["Location"] == f"/plans/{plan.public_id}/#session-2"


@time_machine.travel(ny(2026, 3, 5, 7, 30), tick=False)
def test_a_refusal_without_a_typed_time_goes_to_the_top_where_its_message_shows(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    refused = mark(client, plan, 2, follow=False, now="1", next=f"/plans/{plan.public_id}/#tonight")
    assert refused["Location"] == f"/plans/{plan.public_id}/"
    refused = mark(client, plan, 2, follow=False, now="1")
    assert refused["Location"] == f"/plans/{plan.public_id}/#main"


@time_machine.travel(ny(2026, 3, 5, 22), tick=False)
def test_a_time_still_to_come_is_refused_even_when_it_is_tomorrow_morning(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    for typed in ("23:00", "03:00"):
        response = mark(client, plan, 2, done_time=typed)
        assert said(response) == ["A done time cannot be in the future."]
    assert plan.sessions.get(number=2).status == "planned"


@time_machine.travel(ny(2026, 3, 5, 7, 30), tick=False)
def test_done_now_fourteen_hours_before_the_planned_time_is_refused(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    response = mark(client, plan, 2, now="1", next="/today/")
    assert response.redirect_chain[-1][0] == "/today/"
    assert said(response) == [
        "07:30 does not fit this night, planned for 21:30 on Thu 5 Mar. "
        "Between 15:30 on Thu 5 Mar and 09:30 on Fri 6 Mar, please."
    ]
    assert plan.sessions.get(number=2).status == "planned"


@time_machine.travel(ny(2026, 3, 5, 16), tick=False)
def test_done_now_inside_the_window_before_the_planned_time_is_kept(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    mark(client, plan, 2, now="1")
    assert plan.sessions.get(number=2).done_at == ny(2026, 3, 5, 16)


@time_machine.travel(ny(2026, 3, 4, 9), tick=False)
def test_two_applications_closer_than_the_rule_allows_are_refused(client, owner):
    plan = ny_plan(owner, "zyclara-egw", weekdays=())  # every day at 21:30
    client.force_login(owner)
    mark(client, plan, 1, done_time="09:30")  # Mon's, at 09:30 on Tue: the window's end
    response = mark(client, plan, 2, done_time="15:30")  # Tue's, 6 hours later
    assert said(response) == [
        "That would put two applications 6 hours apart; this treatment is used at most once a "
        "day (at least 16 hours apart)."
    ]
    assert plan.sessions.get(number=2).status == "planned"
    assert said(mark(client, plan, 2, done_time="01:30")) == done(plan, 2)
    assert plan.sessions.get(number=2).done_at == ny(2026, 3, 4, 1, 30)  # 16 hours on


@time_machine.travel(ny(2026, 3, 4, 9), tick=False)
def test_spacing_counts_either_side_and_not_the_night_itself(client, owner):
    plan = ny_plan(owner, "zyclara-egw", weekdays=())
    client.force_login(owner)
    mark(client, plan, 2, done_time="16:00")  # Tue's, early
    response = mark(client, plan, 1, done_time="04:00")  # Mon's, late: 12 hours before it
    assert "12 hours apart" in said(response)[0]
    assert said(mark(client, plan, 2, done_time="17:00")) == done(plan, 2)


@time_machine.travel(ny(2026, 3, 12, 10), tick=False)
def test_a_night_nobody_recorded_can_still_be_recorded_later(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    assert plan.sessions.get(number=2).unrecorded
    assert said(mark(client, plan, 2)) == done(plan, 2)  # time not given
    assert plan.sessions.get(number=2).done_at is None
    assert said(mark(client, plan, 1, done_time="22:15")) == done(plan, 1)
    assert plan.sessions.get(number=1).done_at == ny(2026, 3, 2, 22, 15)


@time_machine.travel(ny(2026, 3, 12, 10), tick=False)
def test_done_now_days_after_a_night_is_refused_and_says_its_window(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    response = mark(client, plan, 2, now="1")
    assert "Between 15:30 on Thu 5 Mar and 09:30 on Fri 6 Mar, please." in said(response)[0]
    assert plan.sessions.get(number=2).unrecorded


@time_machine.travel(ny(2026, 3, 6, 9), tick=False)
def test_the_service_refuses_a_done_time_outside_the_window(owner):
    plan = ny_plan(owner)
    night = plan.sessions.get(number=2)
    with pytest.raises(services.Refused, match="Between 15:30 on Thu 5 Mar"):
        services.session_mark(session=night, status="done", done_at=ny(2026, 3, 4, 21, 30))
    done = services.session_mark(session=night, status="done", done_at=ny(2026, 3, 5, 21, 35))
    again = services.session_mark(session=night, status="done", done_at=ny(2026, 3, 5, 21, 35))
    assert again.sequence == done.sequence == 1  # the same time again changes nothing


@time_machine.travel(ny(2026, 11, 2, 9), tick=False)
def test_a_time_in_the_hour_the_clock_repeats_is_read_in_the_window(client, owner):
    plan = ny_plan(owner, "zyclara-egw", weekdays=(), start_date=dt.date(2026, 10, 26))
    client.force_login(owner)
    night = plan.sessions.get(date=dt.date(2026, 10, 31))  # Sat 21:30; clocks go back at 02:00
    assert said(mark(client, plan, night.number, done_time="01:30")) == done(plan, night.number)
    night.refresh_from_db()
    assert night.done_at == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # the first 01:30


@time_machine.travel(dt.datetime(2026, 4, 3, 12, tzinfo=dt.UTC), tick=False)
def test_a_night_before_a_trip_reads_its_time_in_its_own_zone(client, owner):
    plan = make_plan(owner, application_time=dt.time(21, 30))  # London, Mon+Thu
    client.force_login(owner)
    trip = {"from_date": "2026-04-06", "application_time": "21:30", "timezone": "America/New_York"}
    client.post(
        f"/plans/{plan.public_id}/change/", {**trip, "weekdays": ["mon", "thu"]}, follow=True
    )
    plan.refresh_from_db()
    assert plan.timezone == "America/New_York"
    night = plan.sessions.get(date=dt.date(2026, 4, 2))  # Thu 21:30 in London, before the trip
    assert said(mark(client, plan, night.number, done_time="22:00")) == done(plan, night.number)
    night.refresh_from_db()
    assert night.done_at == dt.datetime(2026, 4, 2, 21, tzinfo=dt.UTC)  # 22:00 in London


@time_machine.travel(ny(2026, 3, 6, 9), tick=False)
@pytest.mark.parametrize("typed", ["25:00", "abc", "<b>"])
def test_a_time_that_is_no_time_is_refused_as_such(client, owner, typed):
    """A browser's time field cannot send these, a crafted request can: the answer names the
    time, not the status, which was fine."""
    plan = ny_plan(owner)
    client.force_login(owner)
    response = mark(client, plan, 2, done_time=typed)
    assert said(response) == ["Enter the time it was applied as HH:MM, such as 22:15."]
    assert plan.sessions.get(number=2).status == "planned"
