"""Today (/today/): where log-in lands; tonight's application of every active plan, recorded
with one tap, and recent nights nobody recorded."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from factories import PASSWORD, make_plan
from planner.accounts.models import Profile
from planner.calendars import feeds
from planner.calendars.ics import event_uid
from planner.plans import services
from queries import session_queries

pytestmark = pytest.mark.usefixtures("catalogue")
NEW_YORK = ZoneInfo("America/New_York")
# Thursday 5 March 2026, 19:00 in New York: the plan's second night (Mon/Thu) is at 21:30.
EVENING = dt.datetime(2026, 3, 5, 19, tzinfo=NEW_YORK)


def ny_plan(owner, **overrides):
    overrides.setdefault("application_time", dt.time(21, 30))
    return make_plan(owner, timezone="America/New_York", **overrides)


def test_log_in_lands_on_today(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert response["Location"] == "/today/"


def test_it_needs_a_log_in(client):
    assert client.get("/today/")["Location"].startswith("/accounts/login/")


def test_with_no_plan_it_leads_to_making_one(client, owner):
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert "You have no active plan." in body and 'href="/plans/new/"' in body


@time_machine.travel(dt.datetime(2026, 4, 13, 0, 30, tzinfo=dt.UTC), tick=False)
def test_the_last_night_stays_on_today_until_it_is_washed_off(client, owner):
    """Zyclara's course (2 March to Sunday 12 April) ends with a night: after midnight its
    cream is still on, and Today still shows it with its buttons, as any night's."""
    make_plan(owner, "zyclara-ak-3-75", weekdays=(), application_time=dt.time(22))
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert "No course is running now." not in body
    assert "Last night at <strong>" in body and "Sun 12 Apr" not in body.split("Last night")[0]
    assert "wash off at <strong><time" in body and "Mon 13 Apr, 06:00" in body
    assert 'value="missed"' in body


@time_machine.travel(dt.datetime(2026, 6, 23, 12, tzinfo=dt.UTC), tick=False)
def test_a_course_just_over_still_asks_about_its_last_unrecorded_nights(client, owner):
    """The AK course ended on Sunday 21 June; its nights of the last week were never ticked.
    Today asks about them as it would during the course, and says the course is over."""
    make_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert "This course ended on Sun 21 Jun 2026. Times in Europe/London." in body
    assert "Thu 18 Jun, 22:00</time>: not recorded. Did you apply it?" in body
    assert "No course is running now." not in body


@time_machine.travel(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), tick=False)
def test_when_every_course_is_over_it_leads_to_their_records(client, owner):
    """The plan is still there, with nights to record, its log and its report: Today says
    where, not that there is no plan."""
    ended = make_plan(owner, start_date=dt.date(2026, 3, 9))  # stopped by hand
    services.plan_end(plan=ended, status="stopped", today=dt.date(2026, 3, 20))
    make_plan(owner)  # its course ended on 21 June, nobody ended it
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert "You have no active plan." not in body
    assert "No course is running now." in body
    assert '<a href="/plans/">My plans</a> keeps each one' in body
    assert 'href="/plans/new/"' in body


@time_machine.travel(EVENING, tick=False)
def test_it_shows_tonight_s_time_steps_and_wash_off_in_the_plan_s_zone(client, owner, settings):
    settings.TIME_ZONE = "UTC"
    ny_plan(owner)
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert "Tonight" in body
    assert (
        '<strong><time datetime="2026-03-05T21:30-05:00">21:30</time></strong>, wash off at '
        '<strong><time datetime="2026-03-06T05:30-05:00">Fri 6 Mar, 05:30</time></strong>'
    ) in body
    assert "Rub a thin layer into the treatment area only" in body
    assert ">Done now</button>" in body


@pytest.mark.parametrize(
    ("my_zone", "named"), [("Asia/Kolkata", True), ("America/New_York", False), ("", True)]
)
@time_machine.travel(EVENING, tick=False)
def test_a_plan_kept_in_another_zone_than_mine_names_it(client, owner, my_zone, named):
    Profile.objects.create(user=owner, timezone=my_zone)
    ny_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert ("Times in America/New_York." in body) is named


@time_machine.travel(EVENING, tick=False)
def test_done_now_records_the_time_and_moves_the_wash_off(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    night = plan.sessions.get(number=2)
    response = client.post(
        f"/plans/{plan.public_id}/sessions/2/", {"status": "done", "now": "1", "next": "/today/"}
    )
    assert response["Location"] == "/today/"
    night.refresh_from_db()
    assert night.status == "done" and night.done_at == EVENING
    assert night.wash_off_at == EVENING + dt.timedelta(hours=8)  # from when it was applied
    body = client.get("/today/").content.decode()
    assert 'Applied at <strong><time datetime="2026-03-05T19:00-05:00">19:00</time>' in body
    assert '<time datetime="2026-03-06T03:00-05:00">Fri 6 Mar, 03:00</time></strong>, 8' in body
    card = body.split('<section class="card', 1)[1].split("</section>", 1)[0]
    said = " ".join(re.sub(r"<[^>]+>", "", card).split())
    assert said.count("19:00") == 1  # "Applied at 19:00", not again as "Done at 19:00"
    assert "(application 2): done at 19:00.</li>" in body  # the message says which was tapped
    assert "8 hours later. Times in America/New_York. Done Undo" in said


@pytest.mark.parametrize("page", ["/today/", "plan"])
@pytest.mark.parametrize("status", ["done", "missed", "rest"])
def test_a_night_applied_says_what_is_still_to_do_until_it_is_washed_off(
    client, owner, settings, page, status
):
    """Ticked done at 19:00, the card leads to the morning's step, wash off at 03:00, and
    still does at 02:59; a missed or rested night has no step left."""
    settings.TIME_ZONE = "UTC"
    plan = ny_plan(owner)
    client.force_login(owner)
    url = "/today/" if page == "/today/" else f"/plans/{plan.public_id}/"
    with time_machine.travel(EVENING, tick=False):
        client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": status, "now": "1"})
    step = (
        '<strong>Still to do</strong> at <time datetime="2026-03-06T03:00-05:00">03:00</time> '
        "(Fri): wash it off with mild soap and water, then wash your hands."
    )
    for moment in (EVENING, EVENING + dt.timedelta(hours=7, minutes=59)):
        with time_machine.travel(moment, tick=False):
            body = " ".join(client.get(url).content.decode().split())
        assert (step in body) is (status == "done"), moment
        assert "Rub a thin layer" not in body  # the evening's steps are behind it


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("status", ["done", "missed", "rest"])
def test_once_tonight_is_recorded_the_next_night_is_named(client, owner, status):
    """Ticked at 19:00 (Thursday), tonight's card says when the next application is, as the
    plan page's first card does, in the next night's own zone: Monday is after the clocks
    change on Sunday."""
    plan = ny_plan(owner)
    client.force_login(owner)
    before = " ".join(client.get("/today/").content.decode().split())
    assert "Next application" not in before  # tonight's steps come first
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": status, "now": "1"})
    body = " ".join(client.get("/today/").content.decode().split())
    assert (
        'Next application: <strong><time datetime="2026-03-09T21:30-04:00">Mon 9 Mar, 21:30'
        '</time></strong>; wash off at <strong><time datetime="2026-03-10T05:30-04:00">'
        "Tue 10 Mar, 05:30</time></strong>."
    ) in body


DEVICE_NOTE = (
    '<p class="hint device-zone" hidden data-zone="America/New_York" '
    'data-apply-at="2026-03-05T21:30:00-05:00" data-wash-off-at="2026-03-06T05:30:00-05:00">'
)


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("page", ["/today/", "plan"])
def test_a_planned_night_s_card_carries_its_instants_for_a_device_on_another_clock(
    client, owner, page
):
    """The note timezone.js fills and shows (tests/browser/test_journey_device_zone.py):
    hidden, with tonight's zone and instants; once applied, when it was and its wash-off;
    gone once the night is marked missed (nothing to wash off)."""
    plan = ny_plan(owner)
    client.force_login(owner)
    path = plan.get_absolute_url() if page == "plan" else page
    body = " ".join(client.get(path).content.decode().split())
    assert body.count('class="hint device-zone"') == 1 and DEVICE_NOTE in body
    assert "there, apply at <strong" in body
    # The card names its zone (Settings has none), so the note does not say it again.
    when = re.search(r'<p class="when">.*?</p>', body).group()
    assert "Times in America/New_York." in when and "The times on this card" not in body
    assert f'<a class="change-zone" href="/plans/{plan.public_id}/change/">Change the plan' in body
    night = f"/plans/{plan.public_id}/sessions/2/"
    client.post(night, {"status": "done", "now": "1"})  # at 19:00, so off at 03:00
    body = " ".join(client.get(path).content.decode().split())
    assert body.count('class="hint device-zone"') == 1
    assert (
        'data-apply-at="2026-03-05T19:00:00-05:00" data-wash-off-at="2026-03-06T03:00:00-05:00"'
        in body
    )
    assert "there, it was applied at <strong" in body
    client.post(night, {"status": "planned"})
    client.post(night, {"status": "missed"})
    assert "device-zone" not in client.get(path).content.decode()


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("page", ["/today/", "plan"])
def test_the_note_names_the_card_s_zone_when_the_card_does_not(client, owner, page):
    """The plan in the zone of the person's Settings: the card leaves its zone unsaid, so the
    note for a device on another clock starts with it."""
    Profile.objects.update_or_create(user=owner, defaults={"timezone": "America/New_York"})
    plan = ny_plan(owner)
    client.force_login(owner)
    body = " ".join(
        client.get(plan.get_absolute_url() if page == "plan" else page).content.decode().split()
    )
    when = re.search(r'<p class="when">.*?</p>', body).group()
    assert "America/New_York" not in when
    assert DEVICE_NOTE + "The times on this card are in America/New_York. This device" in body


def trip_to_london(owner):
    """The New York plan moved to London from Friday 6 March: tonight (Thursday) stays in New
    York, the next night (Monday) is London's."""
    from planner.plans.changes import plan_change

    plan = ny_plan(owner)
    plan_change(
        plan=plan,
        from_date=dt.date(2026, 3, 6),
        application_time=dt.time(21, 30),
        timezone="Europe/London",
        weekdays=plan.weekdays.split(","),
        today=dt.date(2026, 3, 5),
        now=dt.datetime(2026, 3, 5, tzinfo=dt.UTC),
    )
    return plan


LONDON_NEXT = (
    'Next application: <strong><time datetime="2026-03-09T21:30+00:00">Mon 9 Mar, 21:30'
    '</time></strong>; wash off at <strong><time datetime="2026-03-10T05:30+00:00">'
    "Tue 10 Mar, 05:30</time></strong>. Times in Europe/London."
)


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("my_zone", ["America/New_York", "Europe/London", "Asia/Tokyo"])
def test_a_next_night_in_another_zone_than_tonight_s_names_its_own(client, owner, my_zone):
    """Tonight (New York) recorded, the next application (London) says so, whichever zone
    Settings hold: the card's "Times in" names tonight's zone only, and only when not mine."""
    Profile.objects.create(user=owner, timezone=my_zone)
    plan = trip_to_london(owner)
    client.force_login(owner)
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": "done", "now": "1"})
    body = " ".join(client.get("/today/").content.decode().split())
    assert LONDON_NEXT in body
    assert ("Times in America/New_York." in body) is (my_zone != "America/New_York")


@time_machine.travel(EVENING + dt.timedelta(days=2), tick=False)
@pytest.mark.parametrize("my_zone", ["America/New_York", "Europe/London", "Asia/Tokyo"])
def test_a_night_nobody_recorded_in_another_zone_than_the_card_s_names_its_own(
    client, owner, my_zone
):
    """Saturday after the trip: the card is Monday's, in London; the two New York nights
    nobody recorded keep New York's times and say so, whichever zone Settings hold (the card
    names London or, when London is mine, no zone: either way not theirs)."""
    Profile.objects.create(user=owner, timezone=my_zone)
    trip_to_london(owner)
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    for night in ('2026-03-05T21:30-05:00">Thu 5 Mar', '2026-03-02T21:30-05:00">Mon 2 Mar'):
        assert f"{night}, 21:30</time> (America/New_York): not recorded." in body


@time_machine.travel(EVENING, tick=False)
def test_the_plan_page_names_tonight_s_zone_when_it_is_not_the_plan_s(client, owner):
    """The plan page reads in the plan's zone (its summary names it, below): its first card
    names tonight's own zone when a trip left tonight in another, and the next night's when
    that differs from tonight's."""
    plan = trip_to_london(owner)
    client.force_login(owner)
    url = f"/plans/{plan.public_id}/"
    body = " ".join(client.get(url).content.decode().split())
    assert (
        'Apply at <strong><time datetime="2026-03-05T21:30-05:00">Thu 5 Mar, 21:30</time>'
        '</strong>; wash off at <strong><time datetime="2026-03-06T05:30-05:00">Fri 6 Mar, '
        "05:30</time></strong>. Times in America/New_York."
    ) in body
    client.post(f"{url}sessions/2/", {"status": "done", "now": "1"})
    body = " ".join(client.get(url).content.decode().split())
    assert LONDON_NEXT in body


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("my_zone", ["America/New_York", "America/Los_Angeles", ""])
def test_the_plan_page_names_the_plan_s_zone_when_it_is_not_mine(client, owner, my_zone):
    """No trip: the card's times are the plan's. Like Today's card, it names their zone unless
    it is also the zone in my Settings (none set: named)."""
    Profile.objects.create(user=owner, timezone=my_zone)
    plan = ny_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get(f"/plans/{plan.public_id}/").content.decode().split())
    card = body.split('id="summary-heading"')[0]
    assert "Thu 5 Mar, 21:30" in card
    assert ("Times in America/New_York." in card) is (my_zone != "America/New_York")
    assert card.count("Times in") == (my_zone != "America/New_York")


@time_machine.travel(EVENING, tick=False)
def test_each_mark_can_be_undone_and_the_planned_wash_off_comes_back(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    url = f"/plans/{plan.public_id}/sessions/2/"
    client.post(url, {"status": "done", "now": "1", "next": "/today/"})
    assert ">Undo</button>" in client.get("/today/").content.decode()
    client.post(url, {"status": "planned", "next": "/today/"})
    night = plan.sessions.get(number=2)
    assert night.status == "planned" and night.done_at is None
    assert night.wash_off_at == night.apply_at + dt.timedelta(hours=8)


@time_machine.travel(EVENING + dt.timedelta(days=1), tick=False)
def test_a_recent_night_nobody_recorded_is_asked_about(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert '<time datetime="2026-03-05T21:30-05:00">Thu 5 Mar, 21:30</time>: not' in body
    assert '<time datetime="2026-03-02T21:30-05:00">Mon 2 Mar, 21:30</time>: not' in body
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": "missed", "next": "/today/"})
    assert "Thu 5 Mar, 21:30</time>: not" not in client.get("/today/").content.decode()


@time_machine.travel(EVENING + dt.timedelta(days=1), tick=False)
def test_the_next_night_is_named_as_its_wash_off_is(client, owner, settings):
    """Friday: the next night is Monday's, named in one way in one sentence."""
    settings.TIME_ZONE = "UTC"
    ny_plan(owner)
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert (
        'Next: Mon 9 Mar at <strong><time datetime="2026-03-09T21:30-04:00">21:30</time></strong>'
        ', wash off at <strong><time datetime="2026-03-10T05:30-04:00">Tue 10 Mar, 05:30</time>'
    ) in " ".join(body.split())


@pytest.mark.parametrize(
    ("at", "moment", "free"),
    [
        (dt.time(21, 30), EVENING + dt.timedelta(days=1), True),  # Friday: next is Monday
        (dt.time(21, 30), EVENING - dt.timedelta(days=1), True),  # Wednesday: next Thursday
        (dt.time(21, 30), EVENING - dt.timedelta(hours=12), False),  # Thursday 07:00
        (dt.time(21, 30), EVENING, False),  # tonight's
        # 00:30 on Thursday is Wednesday's night: on Wednesday at 12:00, before its window
        # opens, the card still says "Next", but not that nothing is to apply tonight.
        (dt.time(0, 30), EVENING - dt.timedelta(days=1, hours=7), False),
        (dt.time(0, 30), EVENING - dt.timedelta(days=2), True),  # Tuesday evening
    ],
)
def test_a_day_without_an_application_says_so(client, owner, settings, at, moment, free):
    """On Today and on the plan page's first card."""
    settings.TIME_ZONE = "UTC"
    plan = ny_plan(owner, application_time=at)
    client.force_login(owner)
    with time_machine.travel(moment, tick=False):
        today = " ".join(client.get("/today/").content.decode().split())
        page = " ".join(client.get(f"/plans/{plan.public_id}/").content.decode().split())
    assert ("Nothing to apply tonight. Next:" in today) is free
    assert ("Nothing to apply tonight. Apply at" in page) is free


@time_machine.travel(EVENING, tick=False)
def test_a_done_time_in_the_future_is_refused(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    url = f"/plans/{plan.public_id}/sessions/2/"
    response = client.post(url, {"status": "done", "done_time": "23:00"}, follow=True)
    assert "A done time cannot be in the future." in response.content.decode()
    assert plan.sessions.get(number=2).status == "planned"


@time_machine.travel(EVENING, tick=False)
def test_it_shows_only_the_person_s_own_active_plans(client, owner, outsider):
    ny_plan(owner, label="mine")
    theirs = ny_plan(outsider, label="theirs")
    ended = ny_plan(owner, label="ended one")
    services.plan_end(plan=ended, status="stopped", today=dt.date(2026, 3, 5))
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert "mine" in body and "theirs" not in body and "ended one" not in body
    assert str(theirs.public_id) not in body


@time_machine.travel(EVENING, tick=False)
def test_tonight_s_plans_come_first_in_the_order_of_their_times(client, owner):
    """Not in the plan list's order (the latest first day first), which put a course starting
    next week above tonight's application."""
    ny_plan(owner, label="late tonight", application_time=dt.time(23, 0))
    ny_plan(owner, label="tonight")  # 21:30
    ny_plan(owner, label="next week", start_date=dt.date(2026, 3, 9))
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    shown = [body.index(f"· {label}</small>") for label in ("tonight", "late tonight", "next week")]
    assert shown == sorted(shown)


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("status", ["rest", "missed"])
def test_a_plan_with_nothing_to_do_tonight_comes_after_one_still_to_apply(client, owner, status):
    """21:30 rested (or missed) and 23:00 still to apply: the card with nothing to do came
    first, because it was the earlier time, and pushed tonight's application down the page."""
    rested = ny_plan(owner, label="nothing tonight")  # 21:30
    ny_plan(owner, label="still to apply", application_time=dt.time(23, 0))
    client.force_login(owner)
    client.post(f"/plans/{rested.public_id}/sessions/2/", {"status": status})
    body = client.get("/today/").content.decode()
    shown = [body.index(f"· {label}</small>") for label in ("still to apply", "nothing tonight")]
    assert shown == sorted(shown)


@time_machine.travel(EVENING, tick=False)
def test_a_plan_skipped_tonight_comes_by_its_next_application(client, owner):
    """Its card names the next application (Monday's): it came after a course starting weeks
    later, as if it had nothing more to do."""
    skipped = ny_plan(owner, label="skipped tonight")  # Mon and Thu, 21:30
    ny_plan(owner, label="weeks ahead", start_date=dt.date(2026, 4, 6))
    client.force_login(owner)
    client.post(f"/plans/{skipped.public_id}/sessions/2/", {"status": "missed"})
    body = client.get("/today/").content.decode()
    shown = [body.index(f"· {label}</small>") for label in ("skipped tonight", "weeks ahead")]
    assert shown == sorted(shown)


@time_machine.travel(EVENING, tick=False)
def test_another_page_cannot_be_the_way_back(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    response = client.post(
        f"/plans/{plan.public_id}/sessions/2/", {"status": "rest", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/plans/{plan.public_id}/#session-2"


@pytest.mark.parametrize("wanted", ["0", "today", "logout", "plans/"])
@time_machine.travel(EVENING, tick=False)
def test_a_way_back_that_is_not_a_path_goes_to_the_nights_row(client, owner, wanted):
    """redirect() read a bare word as the name of a view: "0" was a 500."""
    plan = ny_plan(owner)
    client.force_login(owner)
    response = client.post(
        f"/plans/{plan.public_id}/sessions/2/", {"status": "rest", "next": wanted}
    )
    assert response["Location"] == f"/plans/{plan.public_id}/#session-2"


@time_machine.travel(EVENING, tick=False)
def test_it_costs_the_same_queries_for_one_plan_or_three(client, owner, django_assert_num_queries):
    client.force_login(owner)
    ny_plan(owner)
    client.get("/today/")
    # (session); user; plans; their sessions; the person's zone; their reminder settings
    with django_assert_num_queries(5 + session_queries()):
        client.get("/today/")
    ny_plan(owner, start_date=dt.date(2026, 3, 3))
    ny_plan(owner, slug="aldara-sbcc", weekdays=())
    with django_assert_num_queries(5 + session_queries()):
        client.get("/today/")


@time_machine.travel(EVENING, tick=False)
def test_the_calendar_follows_the_actual_wash_off(client, owner):
    plan = ny_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan).token
    client.force_login(owner)
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": "done", "now": "1"})
    calendar = icalendar.Calendar.from_ical(client.get(f"/feeds/{token}.ics").content)
    [wash_off] = [
        event for event in calendar.walk("VEVENT") if event["UID"] == event_uid(plan, "wash-off", 2)
    ]
    assert wash_off.decoded("DTSTART") == EVENING + dt.timedelta(hours=8)


@time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=NEW_YORK), tick=False)
def test_before_the_night_s_window_opens_done_now_waits_and_says_from_when(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    for page in ("/today/", f"/plans/{plan.public_id}/"):  # Today and the plan's tonight card
        body = client.get(page).content.decode()
        # The 21:30 night's window opens 6 hours before it (the rule's done_hours_before).
        assert "You can record it as done from" in body and ">15:30</time>" in body, page
        assert "Done now" not in body, page
        assert 'value="missed"' in body and 'value="rest"' in body, page
        # Not "Missed" before it is due: "Skip tonight", the reminders' word, records the same
        # (the plan page's list of nights has a "Missed" for each night, as it had).
        assert ">Skip tonight</button>" in body, page
    assert ">Missed</button>" not in client.get("/today/").content.decode()


@time_machine.travel(dt.datetime(2026, 3, 5, 15, 30, tzinfo=NEW_YORK), tick=False)
def test_once_the_window_opens_done_now_is_there(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    for page in ("/today/", f"/plans/{plan.public_id}/"):
        body = client.get(page).content.decode()
        assert "Done now" in body and "You can record it as done from" not in body, page
        assert "Skip tonight" not in body, page
    assert ">Missed</button>" in client.get("/today/").content.decode()


@time_machine.travel(dt.datetime(2026, 3, 6, 0, 30, tzinfo=NEW_YORK), tick=False)
def test_after_midnight_last_night_is_still_tonight_on_both_pages(client, owner):
    """Thursday's 21:30 night is on the skin until 05:30: at 00:30 on Friday both Today and
    the plan page's first card offer to record it, as last night's, not a 'next application'
    in the past."""
    plan = ny_plan(owner)
    client.force_login(owner)
    thursday = '<time datetime="2026-03-05T21:30-05:00">'
    for page in ("/today/", f"/plans/{plan.public_id}/"):
        body = client.get(page).content.decode()
        card = body.split('class="card', 1)[1].split("</section>", 1)[0]
        assert "Last night" in card and thursday in card and "Next application" not in card, page
        assert 'value="done"' in card and "Done now" in card, page
    done = client.post(
        f"/plans/{plan.public_id}/sessions/2/", {"status": "done", "now": "1", "next": "/today/"}
    )
    assert done.status_code == 302 and plan.sessions.get(number=2).status == "done"


@pytest.mark.parametrize(("hour", "tonight"), [(18, False), (22, True)])
def test_a_night_after_midnight_is_tonight_once_its_window_opens(client, owner, hour, tonight):
    """A late bedtime: Thursday's application at 00:30 is Wednesday's night. From 18:30 on
    Wednesday (6 hours before, the rule's window) both pages call it tonight and take "Done
    now", as they do an evening's night; before then it is the next application."""
    plan = ny_plan(owner, application_time=dt.time(0, 30))
    client.force_login(owner)
    thursday = '<time datetime="2026-03-05T00:30-05:00">'
    with time_machine.travel(dt.datetime(2026, 3, 4, hour, tzinfo=NEW_YORK), tick=False):
        for page in ("/today/", f"/plans/{plan.public_id}/"):
            body = client.get(page).content.decode()
            card = body.split('class="card', 1)[1].split("</section>", 1)[0]
            assert thursday in card or "Thu 5 Mar" in card, page
            assert ("Tonight" in card) is tonight, page
            assert ("Done now" in card) is tonight, page
        # The plan page's list of all applications offers its marks too.
        listed = client.get(f"/plans/{plan.public_id}/").content.decode()
        row = listed.split('id="session-2"', 1)[1].split("</tr>", 1)[0]
        assert ('value="missed"' in row) is tonight and ('value="done"' in row) is tonight
        if tonight:  # each of the card's buttons is taken
            url = f"/plans/{plan.public_id}/sessions/2/"
            for status in ("missed", "planned", "rest", "planned", "done"):
                client.post(url, {"status": status, "now": "1"})
                assert plan.sessions.get(number=2).status == status


@time_machine.travel(EVENING, tick=False)
def test_a_night_rested_before_its_time_is_not_said_to_have_been_due(client, owner):
    """19:00, tonight's 21:30 marked rest: the card says when it was planned, in no tense
    that puts 21:30 in the past."""
    plan = ny_plan(owner)
    client.force_login(owner)
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": "rest"})
    body = " ".join(client.get(f"/plans/{plan.public_id}/").content.decode().split())
    card = body.split('id="tonight"', 1)[1].split("</section>", 1)[0]
    assert "Tonight: rest" in card and "It was planned for <time" in card
    assert "was due" not in card


def today_card(client) -> str:
    body = " ".join(client.get("/today/").content.decode().split())
    return body.split('class="card today"', 1)[1].split("</section>", 1)[0]


@time_machine.travel(EVENING - dt.timedelta(days=1), tick=False)
def test_a_rest_ahead_is_not_the_next_application(client, owner):
    """Wednesday; a rest from Thursday to Sunday. Today showed Thursday's night as "Next",
    with its wash-off, a "Rest" badge and an Undo, then "Next application: Mon 9 Mar": the
    next application is Monday's, as on the plan page."""
    plan = ny_plan(owner)
    services.rest_period_add(plan=plan, first_day=dt.date(2026, 3, 5), last_day=dt.date(2026, 3, 8))
    client.force_login(owner)
    card = today_card(client)
    assert "Next: Mon 9 Mar at <strong>" in card
    assert "Thu 5 Mar" not in card and "Undo" not in card and "Rest" not in card


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("status", ["rest", "missed"])
def test_a_night_rested_or_missed_tonight_has_no_wash_off(client, owner, status):
    """Nothing went on the skin: Today said "Tonight at 21:30, wash off at Fri 6 Mar, 05:30"
    above the "Rest" badge."""
    plan = ny_plan(owner)
    client.force_login(owner)
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": status})
    card = today_card(client)
    assert "Tonight's application was planned for <strong><time" in card
    assert 'wash off at <strong><time datetime="2026-03-06' not in card
    assert f"status-{status}" in card and ">Undo</button>" in card
    assert "Next application: <strong>" in card


@time_machine.travel(EVENING, tick=False)
def test_a_refusal_from_the_tonight_card_lands_where_its_message_shows(client, owner):
    plan = ny_plan(owner)
    client.force_login(owner)
    url, page = f"/plans/{plan.public_id}/sessions/2/", f"/plans/{plan.public_id}/"
    data = {"status": "done", "done_time": "23:00", "next": f"{page}#tonight"}
    refused = client.post(url, data)
    assert refused["Location"] == page  # the top, where the message is; not past it
    skipped = client.post(url, {"status": "missed", "next": f"{page}#tonight"})
    assert skipped["Location"] == f"{page}#tonight"


# Friday 6 March, 05:20 in New York: Thursday's 21:30 night is still on the skin, unticked.
NEXT_MORNING = dt.datetime(2026, 3, 6, 5, 20, tzinfo=NEW_YORK)


@pytest.mark.parametrize("page", ["/today/", "/plans/{}/"])
@time_machine.travel(NEXT_MORNING, tick=False)
def test_after_midnight_an_unticked_night_is_last_night_and_can_be_done_at_its_time(
    client, owner, page
):
    """At 05:20 "Tonight at 21:30" would read as this evening's; and "Done now" alone would
    put a night applied at 21:30 and not ticked at 05:20, its wash-off at 13:20. The first
    button, the one a sleepy thumb finds, is the night's own time: "Done now" would have the
    card say to keep the cream on until 13:20, some 16 hours."""
    plan = ny_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get(page.format(plan.public_id)).content.decode().split())
    assert_last_night_done_at_first(body, "2026-03-05T21:30-05:00")
    response = client.post(
        f"/plans/{plan.public_id}/sessions/2/", {"status": "done", "next": "/today/"}
    )
    assert response["Location"] == "/today/"
    night = plan.sessions.get(number=2)
    assert (night.status, night.done_at) == ("done", None)  # at its planned time
    assert night.wash_off_at == dt.datetime(2026, 3, 6, 5, 30, tzinfo=NEW_YORK)


@pytest.mark.parametrize("page", ["/today/", "/plans/{}/"])
@time_machine.travel(EVENING, tick=False)
def test_before_its_time_tonight_offers_no_done_at_its_time(client, owner, page):
    plan = ny_plan(owner)
    client.force_login(owner)
    body = " ".join(client.get(page.format(plan.public_id)).content.decode().split())
    assert "Tonight" in body and ">Rest tonight</button>" in body and "Last night" not in body
    assert ">Done now</button>" in body and ">Done at" not in body


@pytest.mark.parametrize("page", ["/today/", "/plans/{}/"])
@time_machine.travel(dt.datetime(2026, 3, 5, 1, 10, tzinfo=NEW_YORK), tick=False)
def test_a_night_after_midnight_is_still_tonight(client, owner, page):
    """A late bedtime: Thursday's application at 00:30 is "tonight" at 01:10, not "last
    night": it went on after midnight."""
    plan = ny_plan(owner, application_time=dt.time(0, 30))
    client.force_login(owner)
    body = " ".join(client.get(page.format(plan.public_id)).content.decode().split())
    assert "Tonight" in body and "Last night" not in body
    assert '>Done at <time datetime="2026-03-05T00:30-05:00">00:30</time></button>' in body


@pytest.mark.parametrize("page", ["/today/", "/plans/{}/"])
@time_machine.travel(dt.datetime(2026, 3, 5, 7, 34, tzinfo=NEW_YORK), tick=False)
def test_the_morning_after_a_night_after_midnight_it_is_last_night(client, owner, page):
    """Thursday's 00:30 (Wednesday's late bedtime), unticked at 07:34, its cream on until
    08:30: not "Tonight" with "Done now" first, which would keep it on into the afternoon."""
    plan = ny_plan(owner, application_time=dt.time(0, 30))
    client.force_login(owner)
    body = " ".join(client.get(page.format(plan.public_id)).content.decode().split())
    assert_last_night_done_at_first(body, "2026-03-05T00:30-05:00")


def assert_last_night_done_at_first(body: str, planned: str) -> None:
    """The card is last night's, its first button "Done at" the planned time (`planned`, as
    its <time> element gives it), "Done now" after it."""
    assert "Tonight" not in body and "Rest tonight" not in body
    assert "Last night" in body and ">Rest last night</button>" in body
    hm = planned[11:16]
    done_at = f'value="done">Done at <time datetime="{planned}">{hm}</time></button>'
    done_now = 'value="done" class="secondary">Done now</button>'
    assert done_at in body and done_now in body
    assert body.index(done_at) < body.index(done_now)


@pytest.mark.parametrize("page", ["/today/", "/plans/{}/"])
@time_machine.travel(NEXT_MORNING, tick=False)
def test_a_night_done_at_its_planned_time_keeps_its_wash_off_on_the_card(client, owner, page):
    """Still on the skin until 05:30: the card says when to wash it off, as for "Done now"."""
    plan = ny_plan(owner)
    client.force_login(owner)
    client.post(f"/plans/{plan.public_id}/sessions/2/", {"status": "done"})
    body = " ".join(client.get(page.format(plan.public_id)).content.decode().split())
    card = body.split('class="card', 1)[1].split("</section>", 1)[0]
    assert 'wash off at <strong><time datetime="2026-03-06T05:30-05:00">Fri 6 Mar, 05:30' in card


@pytest.mark.parametrize(("late", "offered"), [(29, False), (30, True)])
def test_done_at_its_time_is_offered_once_now_would_move_the_wash_off(client, owner, late, offered):
    """At 21:31 "Done at 21:30" would be "Done now" again; from 22:00 the two differ."""
    plan = ny_plan(owner)
    client.force_login(owner)
    planned = dt.datetime(2026, 3, 5, 21, 30, tzinfo=NEW_YORK)
    with time_machine.travel(planned + dt.timedelta(minutes=late), tick=False):
        for page in ("/today/", f"/plans/{plan.public_id}/"):
            body = client.get(page).content.decode()
            assert (">Done at <time" in body) is offered, page
            assert ">Done now</button>" in body


AFTER_THE_COURSE = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)  # the AK course ended 21 June


@time_machine.travel(AFTER_THE_COURSE, tick=False)
def test_for_four_weeks_after_a_course_today_asks_how_the_skin_settles(client, owner):
    """Over by its last day or stopped by hand: for four weeks from then Today, where the
    person lands, asks how the skin settles, with a link to log today."""
    over = make_plan(owner, label="left cheek")  # its last day: Sunday 21 June
    stopped = make_plan(owner, start_date=dt.date(2026, 3, 9), label="forehead")
    with time_machine.travel(dt.datetime(2026, 6, 25, 12, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=stopped, status="stopped", today=dt.date(2026, 6, 25))
    long_ago = make_plan(owner, start_date=dt.date(2026, 3, 9), label="scalp")
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=long_ago, status="stopped", today=dt.date(2026, 3, 20))
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    assert "After the course" in body
    for plan in (over, stopped):
        assert f'<a href="/plans/{plan.public_id}/log/2026-06-30/">Log today</a>' in body
    assert "until Sun 19 Jul 2026" in body and "until Thu 23 Jul 2026" in body
    assert f"/plans/{long_ago.public_id}/log/" not in body  # stopped in March
    never = make_plan(owner, start_date=dt.date(2026, 7, 20), label="chin")
    with time_machine.travel(dt.datetime(2026, 6, 26, 12, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=never, status="stopped", today=dt.date(2026, 6, 26))
    body = " ".join(client.get("/today/").content.decode().split())
    assert f"/plans/{never.public_id}/" not in body  # stopped before its first day
    assert "No course is running now." in body


@time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC), tick=False)
def test_a_course_awaiting_its_assessment_asks_about_the_skin_on_its_own_card(client, owner):
    """The EU/UK AK course (2 to 29 March) waits for its assessment on 27 April: Today showed
    it twice, on a card of its own (the assessment) and again under "After the course"."""
    plan = make_plan(owner, "aldara-ak-eu")
    client.force_login(owner)
    body = " ".join(client.get("/today/").content.decode().split())
    card = today_card(client)
    assert body.count(f'href="/plans/{plan.public_id}/"') == 1
    assert "Its assessment is on <strong>Mon 27 Apr</strong>" in card
    assert "treated until Sun 29 Mar; the log asks until Mon 27 Apr 2026." in card
    assert f'<a href="/plans/{plan.public_id}/log/2026-04-20/">Log today</a>' in card
    assert "After the course" not in body


@time_machine.travel(dt.datetime(2026, 7, 20, 12, tzinfo=dt.UTC), tick=False)
def test_four_weeks_after_a_course_today_asks_no_more(client, owner):
    make_plan(owner)
    client.force_login(owner)
    body = client.get("/today/").content.decode()
    assert "After the course" not in body and "Log today" not in body


@time_machine.travel(EVENING, tick=False)
def test_during_a_course_today_asks_nothing_of_after_it(client, owner):
    ny_plan(owner)
    client.force_login(owner)
    assert "After the course" not in client.get("/today/").content.decode()


@pytest.mark.parametrize("page", ["/today/", "plan"])
def test_a_night_days_away_keeps_its_steps_folded_and_tonight_s_are_open(client, owner, page):
    """Wednesday evening (Mon+Thu plan): the card's news is "Nothing to apply tonight"; the
    steps for Thursday are there, folded under "How to apply it". Thursday's are open."""
    plan = ny_plan(owner)
    client.force_login(owner)
    url = page if page.startswith("/") else f"/plans/{plan.public_id}/"
    with time_machine.travel(EVENING - dt.timedelta(days=1), tick=False):
        ahead = client.get(url).content.decode()
    with time_machine.travel(EVENING, tick=False):
        tonight = client.get(url).content.decode()
    assert '<details class="steps-ahead"><summary>How to apply it</summary>' in ahead
    assert 'class="steps"' in ahead  # still there for a first-timer to read ahead
    assert "steps-ahead" not in tonight and 'class="steps"' in tonight
