"""/plans/<id>/change/ for a plan made as the clinician prescribed: a new time, zone or
weekdays from a chosen day, checked against the limits version the plan was made under (a
later version never changes it), the end never moving; fuzzed with Hypothesis."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from prescribed_plans import make_prescribed

from factories import make_user
from planner.plans.models import Plan, PlanEvent
from regimens import versions
from regimens.engine import WEEKDAYS
from regimens.models import ProductLimits

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)  # a Tuesday in the course's second week
TODAY = NOW.date()
END = dt.date(2026, 3, 29)


def url(plan) -> str:
    return f"/plans/{plan.public_id}/change/"


def change(**overrides) -> dict:
    data = {
        "from_date": "2026-03-16",
        "application_time": "20:00",
        "timezone": "Europe/London",
        "weekdays": ["mon", "wed", "fri"],
        "save": "1",
    }
    return {**data, **overrides}


def state(plan) -> tuple:
    plan = Plan.objects.get(pk=plan.pk)
    nights = list(plan.sessions.values_list("number", "date", "apply_at", "status", "sequence"))
    choices = (plan.application_time, plan.timezone, plan.weekdays, plan.end_date)
    return choices, nights, plan.events.count(), plan.limits_id


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def local_times(plan, first: dt.date) -> set[str]:
    nights = plan.sessions.filter(date__gte=first).exclude(status="cancelled")
    return {night.apply_at.astimezone(plan.zone).strftime("%H:%M") for night in nights}


# --- who may see it -----------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in_and_nothing_changes(client, owner):
    plan = make_prescribed(owner)
    before = state(plan)
    response = client.post(url(plan), change())
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert state(plan) == before


def test_another_user_gets_404_and_nothing_changes(client, owner, outsider):
    plan = make_prescribed(owner)
    before = state(plan)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), change()).status_code == 404
    assert state(plan) == before


@time_machine.travel(NOW, tick=False)
def test_the_owner_sees_the_form_with_the_limits_it_is_checked_against(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "As your clinician prescribed (3 times a week (Monday, Wednesday, Friday)" in body
    assert f"Aldara 5% (version {plan.limits.version})" in body
    assert "3 days a week, as your clinician prescribed (one a day at most)." in body


# --- changes ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_change_of_one_night_says_one_application(client, owner):
    plan = make_prescribed(owner)  # Mon, Wed, Fri to Fri 27 Mar
    client.force_login(owner)
    response = client.post(url(plan), change(from_date="2026-03-27"))
    assert said(response) == [
        "Plan changed from Fri 27 Mar: 1 application moved, 0 added, 0 cancelled. Nights "
        "before it, and any whose time had passed, stay as they were; the course still ends on "
        "Sun 29 Mar 2026."
    ]


@time_machine.travel(NOW, tick=False)
def test_a_new_time_from_a_day_moves_the_nights_from_then_and_keeps_the_end(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    response = client.post(url(plan), change())
    assert response.status_code == 302
    assert said(response) == [
        "Plan changed from Mon 16 Mar: 6 applications moved, 0 added, 0 cancelled. Nights "
        "before it, and any whose time had passed, stay as they were; the course still ends on "
        "Sun 29 Mar 2026."
    ]
    plan.refresh_from_db()
    assert (plan.application_time, plan.end_date) == (dt.time(20, 0), END)
    assert local_times(plan, dt.date(2026, 3, 16)) == {"20:00"}
    assert local_times(plan, plan.start_date) - {"20:00"} == {"21:30"}
    [event] = PlanEvent.objects.filter(plan=plan, action="changed")
    assert event.detail.startswith("from Mon 16 Mar 2026: time 21:30 to 20:00")


@time_machine.travel(NOW, tick=False)
def test_new_weekdays_keep_the_prescribed_count(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    weekdays = ["tue", "thu", "sat"]
    assert client.post(url(plan), change(weekdays=weekdays)).status_code == 302
    plan.refresh_from_db()
    assert plan.weekdays == "tue,thu,sat" and plan.end_date == END
    later = plan.sessions.filter(date__gte=dt.date(2026, 3, 16)).exclude(status="cancelled")
    assert {WEEKDAYS[night.date.weekday()] for night in later} == set(weekdays)
    assert later.count() == 6
    assert plan.sessions.exclude(status="cancelled").count() == 12


@time_machine.travel(NOW, tick=False)
def test_another_count_of_weekdays_is_refused_naming_the_prescription(client, owner):
    plan = make_prescribed(owner)
    before = state(plan)
    client.force_login(owner)
    response = client.post(url(plan), change(weekdays=["mon", "tue", "wed", "thu"]))
    assert response.status_code == 200
    assert "Your clinician prescribed 3 times a week: choose 3 days (you chose 4)." in (
        response.content.decode()
    )
    assert state(plan) == before


@time_machine.travel(NOW, tick=False)
def test_every_n_days_keeps_its_dates_and_changes_time_and_zone(client, owner):
    plan = make_prescribed(owner, per_week=0, every_days=2)
    dates = list(plan.sessions.values_list("date", flat=True))
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "Every 2 days from the start, as prescribed: those days stay." in body
    # No weekday boxes: all seven showed ticked (and greyed), which read as every day.
    assert 'name="weekdays"' not in body and "Days of the week" not in body
    data = change(timezone="America/New_York", weekdays=["sun"])  # the days are not asked
    assert client.post(url(plan), data).status_code == 302
    plan.refresh_from_db()
    assert plan.timezone == "America/New_York" and plan.end_date == END
    kept = plan.sessions.exclude(status="cancelled")
    assert list(kept.values_list("date", flat=True)) == dates
    assert local_times(plan, dt.date(2026, 3, 16)) == {"20:00"}


@time_machine.travel(NOW, tick=False)
def test_a_change_is_checked_against_the_plans_own_limits_version(client, owner):
    """A 20-week course made while an editor's allowance stood stays changeable after a later
    version withdraws it, and keeps pointing at the version it was made under."""
    editor, reviewer = make_user("editor"), make_user("reviewer", is_superuser=True)
    old = ProductLimits.objects.approved().get(product__slug="aldara-5")
    allowing = ProductLimits.objects.get(pk=old.pk)
    allowing.allowed_weeks = 20
    allowing = versions.submit_for_review(versions.save_as_new_version(allowing, user=editor))
    versions.approve(allowing, user=reviewer)
    plan = make_prescribed(owner, weeks=20)
    withdrawn = ProductLimits.objects.get(pk=allowing.pk)
    withdrawn.allowed_weeks = 0
    withdrawn = versions.submit_for_review(versions.save_as_new_version(withdrawn, user=editor))
    versions.approve(withdrawn, user=reviewer)
    client.force_login(owner)
    assert client.post(url(plan), change()).status_code == 302
    plan.refresh_from_db()
    assert plan.limits_id == allowing.pk
    assert plan.end_date == dt.date(2026, 7, 19)  # 20 weeks, still
    assert local_times(plan, dt.date(2026, 3, 16)) == {"20:00"}


@time_machine.travel(NOW, tick=False)
def test_recorded_nights_and_the_past_stay_as_they_were(client, owner):
    plan = make_prescribed(owner)
    first_after = plan.sessions.filter(date__gte=dt.date(2026, 3, 16)).first()
    first_after.status = "done"
    first_after.save()
    past = list(plan.sessions.filter(date__lt=TODAY).values_list("number", "apply_at"))
    client.force_login(owner)
    assert client.post(url(plan), change(from_date="2026-03-10")).status_code == 302
    first_after.refresh_from_db()
    assert first_after.apply_at.astimezone(plan.zone).time() == dt.time(21, 30)
    assert list(plan.sessions.filter(date__lt=TODAY).values_list("number", "apply_at")) == past


# --- fuzz ---------------------------------------------------------------------------------

junk = st.one_of(st.text(max_size=20), st.sampled_from(["", "2026-03-02", "25:61", "UTC"]))


three_days = st.permutations(WEEKDAYS).map(lambda days: list(days[:3]))
ZONE_NAMES = ["Europe/London", "America/Santiago", "Asia/Kolkata", "Pacific/Kiritimati"]


@st.composite
def fields(draw) -> dict:
    """A change a person could make, with at most one field (of four) replaced by junk, so
    that about half of them are saved."""
    data = {
        "from_date": str(draw(st.dates(TODAY, END + dt.timedelta(days=2)))),
        "application_time": draw(st.times()).strftime("%H:%M"),
        "timezone": draw(st.sampled_from(ZONE_NAMES)),
        "weekdays": draw(three_days),
    }
    spoilt = draw(st.sampled_from([None, None, None, None, *data]))
    if spoilt == "weekdays":
        data[spoilt] = draw(st.lists(junk, max_size=8))
    elif spoilt:
        data[spoilt] = draw(junk)
    return data


def live_nights_keep_the_limits(plan, before_end: dt.date, limits) -> None:
    nights = list(plan.sessions.exclude(status="cancelled").order_by("date"))
    assert len({night.date for night in nights}) == len(nights)
    assert all(plan.start_date <= night.date <= before_end for night in nights)
    for a, b in zip(nights, nights[1:], strict=False):
        assert b.apply_at - a.apply_at >= dt.timedelta(hours=limits.min_hours_between)


@time_machine.travel(NOW, tick=False)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=fields(), every=st.booleans(), action=st.sampled_from(["preview", "save"]))
def test_the_change_form_never_fails_and_a_saved_change_keeps_the_limits(
    client, owner, data, every, action
):
    plan = Plan.objects.filter(user=owner, prescription__startswith="every" if every else "3")
    plan = plan.first() or make_prescribed(
        owner, **({"per_week": 0, "every_days": 2} if every else {})
    )
    client.force_login(owner)
    before = state(plan)
    response = client.post(url(plan), {**data, action: "1"})
    assert response.status_code in (200, 302)
    event(f"{action} {'every 2 days' if every else 'weekly'}: {response.status_code}")
    if response.status_code == 200 or action == "preview":
        assert state(plan) == before
    plan.refresh_from_db()
    assert plan.end_date == END
    live_nights_keep_the_limits(plan, END, plan.limits)
