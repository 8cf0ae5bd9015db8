"""The plan's history: the plan page shows the latest changes, the history page every one, a
page at a time (a plan gathers an event for every tick, so neither page grows with it)."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan
from planner.plans import services
from planner.plans.models import PlanEvent
from planner.plans.views import EVENTS_PER_PAGE, RECENT_EVENTS

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan, page=None):
    return f"/plans/{plan.public_id}/history/" + (f"?page={page}" if page else "")


def ticked(owner, times: int):
    """A plan whose first night was ticked done and back `times` times: one event each."""
    plan = make_plan(owner)
    night = plan.sessions.get(number=1)
    with time_machine.travel(dt.datetime(2026, 3, 2, 22, tzinfo=dt.UTC), tick=False):
        for turn in range(times):
            night = services.session_mark(session=night, status="rest" if turn % 2 else "missed")
    return plan


def shown_events(html: str) -> int:
    listed = html.split('<ol class="history"', 1)[1].split(">", 1)[1]
    return listed.split("</ol>", 1)[0].count("<li>")


def test_the_plan_page_shows_only_the_latest_changes_and_links_them_all(client, owner):
    plan = ticked(owner, RECENT_EVENTS + 5)
    client.force_login(owner)
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert shown_events(page) == RECENT_EVENTS
    assert url(plan) in page
    newest = plan.history().first()
    assert newest.text in page


def test_the_history_page_lists_every_change_newest_first_a_page_at_a_time(client, owner):
    plan = ticked(owner, EVENTS_PER_PAGE + 3)
    total = plan.events.count()  # the ticks and the plan's creation
    client.force_login(owner)
    first = client.get(url(plan)).content.decode()
    assert shown_events(first) == EVENTS_PER_PAGE
    assert f"({total})" in first and "?page=2" in first
    second = client.get(url(plan, 2)).content.decode()
    assert shown_events(second) == total - EVENTS_PER_PAGE
    oldest = PlanEvent.objects.filter(plan=plan).order_by("at", "id").first()
    assert oldest.text in second and oldest.text not in first
    assert f'<ol class="history" start="{EVENTS_PER_PAGE + 1}">' in second  # numbers run on


def test_a_page_past_the_end_shows_the_last_one(client, owner):
    plan = ticked(owner, 3)
    client.force_login(owner)
    response = client.get(url(plan, 99))
    assert response.status_code == 200
    assert shown_events(response.content.decode()) == plan.events.count()


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    response = client.get(url(make_plan(owner)))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_both_pages_say_which_zone_their_times_are_in(client, owner):
    plan = make_plan(owner, timezone="America/New_York")
    with time_machine.travel(dt.datetime(2026, 3, 2, 22, 5, tzinfo=dt.UTC), tick=False):
        services.session_mark(session=plan.sessions.get(number=1), status="missed")
    client.force_login(owner)
    for page, says in (
        (url(plan), "Times in America/New_York, the plan's zone now."),
        (f"/plans/{plan.public_id}/", '<p class="hint">Times in America/New_York.</p>'),
    ):
        html = client.get(page).content.decode()
        assert says in html, page
        assert ">2 Mar 2026, 17:05</time>: Marked missed" in html, page  # 22:05 UTC


def test_each_line_reads_in_plain_words(client, owner):
    """What a person or their clinician reads: days as the pages name them, "applications"
    as everywhere else; no ISO dates, "sessions" or arrows."""
    from planner.plans import changes

    with time_machine.travel(dt.datetime(2026, 3, 2, 22, tzinfo=dt.UTC), tick=False):
        plan = make_plan(owner, application_time=dt.time(21, 30))  # Mon+Thu from Mon 2 March
        services.session_mark(session=plan.sessions.get(number=1), status="done")
        rest, _ = services.rest_period_add(
            plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 15)
        )
        services.rest_period_remove(rest=rest, today=dt.date(2026, 3, 2))
        changes.plan_change(
            plan=plan,
            today=dt.date(2026, 3, 3),
            now=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
            from_date=dt.date(2026, 4, 6),
            application_time=dt.time(22, 15),
            timezone="America/New_York",
            weekdays=["tue", "fri"],
        )
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 6, 1))
    client.force_login(owner)
    lines = [event.text for event in plan.history()]
    assert lines == [
        "Stopped: 6 applications cancelled",
        "Changed from Mon 6 Apr 2026: time 21:30 to 22:15, zone Europe/London to "
        "America/New_York, weekdays Mon, Thu to Tue, Fri; 22 moved, 0 cancelled, 0 new",
        "Rest period removed: Mon 9 Mar to Sun 15 Mar 2026, 2 applications planned again",
        "Rest period: Mon 9 Mar to Sun 15 Mar 2026, 2 applications",
        "Marked done: Mon 2 Mar (application 1), was planned",
        "Created: from version 1 of the rules for this regimen",
    ]
    page = client.get(url(plan)).content.decode()
    assert all(line in page for line in lines)


def test_a_night_done_at_a_time_says_when_in_its_history(client, owner):
    """A clinician reading the history sees when the cream went on, not only when someone
    ticked it: each mark keeps its own time, in the plan's zone as the page says."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, tzinfo=dt.UTC), tick=False):
        plan = make_plan(owner, application_time=dt.time(21, 30))  # Mon+Thu from Mon 2 March
        first, second = plan.sessions.get(number=1), plan.sessions.get(number=2)
        for minute in (40, 50):
            services.session_mark(
                session=first,
                status="done",
                done_at=dt.datetime(2026, 3, 2, 22, minute, tzinfo=dt.UTC),
            )
    with time_machine.travel(dt.datetime(2026, 3, 6, 2, tzinfo=dt.UTC), tick=False):
        services.session_mark(
            session=second, status="done", done_at=dt.datetime(2026, 3, 6, 0, 30, tzinfo=dt.UTC)
        )
        services.session_mark(session=second, status="missed")
    client.force_login(owner)
    page = " ".join(client.get(url(plan)).content.decode().split())
    stamp = '<time datetime="2026-03-0{}T{}+00:00">{}</time>'
    for line in [
        "Marked missed: Thu 5 Mar (application 2), was done </li>",
        "Marked done: Thu 5 Mar (application 2), was planned; applied "
        + stamp.format(6, "00:30", "Fri 6 Mar, 00:30"),
        "Marked done: Mon 2 Mar (application 1), was done; applied "
        + stamp.format(2, "22:50", "Mon 2 Mar, 22:50"),
        "Marked done: Mon 2 Mar (application 1), was planned; applied "
        + stamp.format(2, "22:40", "Mon 2 Mar, 22:40"),
    ]:
        assert line in page


def test_an_applied_time_is_in_its_night_s_zone_after_the_plan_moves(client, owner):
    """The night's list says 'Done at 22:30' in London; after a move to New York the history
    must not say 'applied 17:30' (the plan's zone now) for a 21:30 night: it names the zone."""
    from planner.plans import changes

    with time_machine.travel(dt.datetime(2026, 3, 2, 23, tzinfo=dt.UTC), tick=False):
        plan = make_plan(owner, application_time=dt.time(21, 30))  # London, Mon+Thu
        at = dt.datetime(2026, 3, 2, 22, 30, tzinfo=dt.UTC)
        services.session_mark(session=plan.sessions.get(number=1), status="done", done_at=at)
        changes.plan_change(
            plan=plan,
            today=dt.date(2026, 3, 3),
            now=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
            from_date=dt.date(2026, 3, 9),
            application_time=dt.time(21, 30),
            timezone="America/New_York",
            weekdays=["mon", "thu"],
        )
    client.force_login(owner)
    for page in (url(plan), f"/plans/{plan.public_id}/"):
        body = " ".join(client.get(page).content.decode().split())
        assert (
            'was planned; applied <time datetime="2026-03-02T22:30+00:00">Mon 2 Mar, 22:30</time>'
            " (Europe/London)"
        ) in body, page
