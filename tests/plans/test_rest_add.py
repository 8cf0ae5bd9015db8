import datetime as dt

import pytest
import time_machine

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")
# Within make_plan's course (2 March to 21 June 2026): after it, a rest is refused outright
# (tests/plans/test_course_over.py).
during = time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)


def url(plan):
    return f"/plans/{plan.public_id}/rest/"


@time_machine.travel(dt.datetime(2026, 3, 2, 23, tzinfo=dt.UTC), tick=False)  # after night 1
def test_a_rest_period_marks_its_sessions_and_keeps_the_end_date(client, owner):
    plan = make_plan(owner)  # Mon+Thu from 2 March
    services.session_mark(session=plan.sessions.get(number=1), status="done")
    client.force_login(owner)
    response = client.post(url(plan), {"first_day": "2026-03-03", "last_day": "2026-03-12"})
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/#main"  # its message, in sight
    statuses = dict(plan.sessions.values_list("number", "status")[:5])
    assert statuses == {1: "done", 2: "rest", 3: "rest", 4: "rest", 5: "planned"}
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2026, 6, 21)
    assert plan.sessions.count() == 32
    assert plan.rest_periods.count() == 1
    assert plan.events.filter(action="rest period").exists()
    page = client.get(response["Location"]).content.decode()
    # Dated as the page lists its rests ("3 Mar"), not "03 Mar".
    assert (
        "Rest from Tue 3 Mar to Thu 12 Mar: 3 applications rested. "
        "Your end date stays Sun 21 Jun 2026."
    ) in page
    assert "the course still ends on\n     Sun 21 Jun 2026 (label;" in page  # the rest form's words


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-03-12", "2026-03-02", "cannot be before"),
        ("2026-02-01", "2026-03-02", "within the course"),
        ("2026-06-20", "2026-07-01", "within the course"),
        ("not-a-date", "2026-03-02", "valid date"),
    ],
)
@during
def test_bad_ranges_are_refused_with_a_message(client, owner, first, last, message):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), {"first_day": first, "last_day": last})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="feed"' in response.content.decode()  # the whole plan page, feed section too
    assert f'action="{url(plan)}#rest-heading"' in response.content.decode()  # errors in sight
    assert not plan.rest_periods.exists()


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert (
        client.post(url(plan), {"first_day": "2026-03-02", "last_day": "2026-03-05"}).status_code
        == 404
    )


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


def test_anonymous_is_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    assert client.post(url(plan), {}).status_code == 302


@during
def test_a_rest_cannot_cover_a_night_recorded_as_done(client, owner):
    plan = make_plan(owner)
    services.session_mark(session=plan.sessions.get(number=2), status="done")  # Thu 5 March
    client.force_login(owner)
    response = client.post(
        url(plan), {"first_day": "2026-03-02", "last_day": "2026-03-12"}, follow=True
    )
    assert "Thu 5 Mar (application 2) is recorded as done" in response.content.decode()
    assert not plan.rest_periods.exists()
    assert not plan.sessions.filter(status="rest").exists()


@during
def test_rest_periods_cannot_overlap(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan), {"first_day": "2026-03-09", "last_day": "2026-03-15"})
    response = client.post(
        url(plan), {"first_day": "2026-03-15", "last_day": "2026-03-20"}, follow=True
    )
    assert "That overlaps your rest from Mon 9 Mar to Sun 15 Mar." in response.content.decode()
    assert plan.rest_periods.count() == 1


@time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC), tick=False)
def test_a_rest_that_has_not_begun_can_be_removed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan), {"first_day": "2026-03-09", "last_day": "2026-03-15"})
    rest = plan.rest_periods.get()
    assert "Remove</button>" in client.get(f"/plans/{plan.public_id}/").content.decode()
    response = client.post(f"/plans/{plan.public_id}/rest/{rest.pk}/remove/", follow=True)
    assert "Rest period removed; 2 applications planned again." in response.content.decode()
    assert not plan.rest_periods.exists()
    assert not plan.sessions.filter(status="rest").exists()
    assert plan.events.filter(action="rest period removed").exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_a_rest_that_has_begun_stays(client, owner):
    plan = make_plan(owner)
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 15)
    )
    rest = plan.rest_periods.get()
    client.force_login(owner)
    assert "Remove</button>" not in client.get(f"/plans/{plan.public_id}/").content.decode()
    response = client.post(f"/plans/{plan.public_id}/rest/{rest.pk}/remove/", follow=True)
    assert "Only a rest period that has not begun can be removed." in response.content.decode()
    assert plan.rest_periods.exists()


def test_another_person_s_rest_cannot_be_removed(client, owner, outsider):
    plan = make_plan(owner)
    services.rest_period_add(plan=plan, first_day=dt.date(2026, 6, 1), last_day=dt.date(2026, 6, 5))
    client.force_login(outsider)
    rest = plan.rest_periods.get()
    assert client.post(f"/plans/{plan.public_id}/rest/{rest.pk}/remove/").status_code == 404
    assert plan.rest_periods.exists()


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-03-03", "2026-03-03", "Rest on Tue 3 Mar: no application falls on that day."),
        ("2026-03-03", "2026-03-04", "Rest from Tue 3 Mar to Wed 4 Mar: no application falls"),
        ("2026-03-05", "2026-03-05", "Rest on Thu 5 Mar: 1 application rested."),
    ],
)
@time_machine.travel(dt.datetime(2026, 3, 2, 23, tzinfo=dt.UTC), tick=False)
def test_the_message_says_how_many_applications_the_rest_covers(
    client, owner, first, last, message
):
    """A rest over days without an application (Mon and Thu plan, Tuesday) changes no
    night: the message says so rather than leave the person thinking one was rested."""
    plan = make_plan(owner)  # Mon+Thu from 2 March
    client.force_login(owner)
    response = client.post(url(plan), {"first_day": first, "last_day": last}, follow=True)
    body = " ".join(response.content.decode().split())
    assert message in body
    # The list of rests names a one-day rest once, not "3 Mar to 3 Mar".
    day, month = dt.date.fromisoformat(first).day, "Mar"
    if first == last:
        assert f"<li>{day} {month} 2026 · " in body
        assert f'aria-label="Remove the rest on {day} {month}"' in body
    else:
        assert f"<li>{day} {month} to {dt.date.fromisoformat(last).day} {month} 2026 · " in body


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_list_of_rests_counts_the_nights_each_still_rests(client, owner):
    """A begun rest stays, but a night in it can be taken back and applied after all: the list
    then says how many of its nights are rested now, not only its dates."""
    import re

    plan = make_plan(owner)  # Mon+Thu from 2 March
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 15)
    )
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 17), last_day=dt.date(2026, 3, 17)
    )
    client.force_login(owner)

    def rests() -> list[str]:
        body = client.get(f"/plans/{plan.public_id}/").content.decode()
        items = re.findall(r'<ul class="rests">(.*?)</ul>', body, re.S)[0]
        return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in items.split("<li>")[1:]]

    assert rests()[0] == "9 Mar to 15 Mar 2026 · 2 applications rested"
    assert rests()[1].startswith("17 Mar 2026 · no application on that day")
    services.session_mark(session=plan.sessions.get(date=dt.date(2026, 3, 12)), status="planned")
    assert rests()[0] == "9 Mar to 15 Mar 2026 · 1 application rested"


@time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC), tick=False)
def test_a_rest_still_ahead_is_not_listed_as_taken(client, owner):
    plan = make_plan(owner)
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 15)
    )
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "Rest periods taken" not in body
    assert "<h3>Your rest periods</h3>" in body
