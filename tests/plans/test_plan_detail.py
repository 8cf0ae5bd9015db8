import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan
from planner.plans import services
from planner.symptoms.forms import SymptomForm
from planner.symptoms.models import ITEMS
from queries import rendered_queries

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)


def url(plan):
    return f"/plans/{plan.public_id}/"


def test_the_owner_sees_the_plan(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert "Actinic keratosis" in response.content.decode()


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    response = client.get(url(plan))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_or_numeric_id_is_404(client, owner):
    make_plan(owner)
    client.force_login(owner)
    assert client.get("/plans/1/").status_code == 404
    response = client.get("/plans/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "private to the account that made them" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_shows_counts_next_application_and_tonight(client, owner):
    plan = make_plan(owner)  # Mon+Thu from Mon 2 March, 22:00 London
    services.session_mark(session=plan.sessions.get(number=1), status="done")
    client.force_login(owner)
    response = client.get(url(plan))
    progress = response.context["progress"]
    assert progress.counts["done"] == 1
    assert progress.left == 31
    assert progress.next_session.number == 2
    assert progress.tonight.number == 2  # Thursday 5 March
    body = response.content.decode()
    assert "Thu 5 Mar, 22:00" in body
    assert "Fri 6 Mar, 06:00" in body


@time_machine.travel(TODAY, tick=False)
def test_the_calendar_links_every_month_and_shows_this_one_marking_today(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.context["month_list"] == [dt.date(2026, m, 1) for m in (3, 4, 5, 6)]
    [month] = response.context["months"]  # this month's grid; the others are a link away
    assert month.first == dt.date(2026, 3, 1)
    marked = [d for w in month.weeks for d in w if d.session]
    assert len(marked) == 9  # 2 March to 30 March, Mondays and Thursdays
    assert 'aria-current="date"' in response.content.decode()
    assert "Legend" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_supply_counts_packets_and_boxes(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    progress = client.get(url(plan)).context["progress"]
    assert progress.supply_total.packets == 32
    assert progress.supply_total.boxes == {12: 3, 24: 2}
    assert progress.supply_left.packets == 31  # tonight's is still ahead


def test_every_table_header_has_words(client, owner):
    """A screen reader reads a cell's headers with it: an empty one (the supply table's
    corner) reads as nothing. The corner is a plain cell."""
    plan = make_plan(owner)
    client.force_login(owner)
    html = client.get(url(plan)).content.decode()
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S)
    assert headers
    assert all(re.sub(r"<[^>]+>", "", header).strip() for header in headers)


def test_zyclara_uses_two_packets_and_boxes_of_28(client, owner):
    plan = make_plan(owner, "zyclara-ak-3-75", weekdays=())
    client.force_login(owner)
    progress = client.get(url(plan)).context["progress"]
    assert progress.supply_total.packets == 56
    assert progress.supply_total.boxes == {28: 2}


def test_the_page_runs_a_fixed_number_of_queries(client, owner):
    """30 sessions or 56 sessions with log entries: the same queries (no N+1)."""
    short = make_plan(owner, "aldara-sbcc", weekdays=())
    long = make_plan(owner, "zyclara-egw", weekdays=())
    services.session_mark(session=long.sessions.first(), status="done")
    client.force_login(owner)
    rendered_queries(client, url(short))  # warm the content-type cache
    assert rendered_queries(client, url(short)) == rendered_queries(client, url(long))
    assert rendered_queries(client, url(long)) <= 12


@time_machine.travel(TODAY, tick=False)  # March: the month of night 1 is on the page
def test_the_cached_calendar_follows_every_change(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert 'class="apply missed' not in client.get(url(plan)).content.decode()
    services.session_mark(session=plan.sessions.get(number=1), status="missed")
    assert 'class="apply missed' in client.get(url(plan)).content.decode()
    entry = SymptomForm(dict.fromkeys(ITEMS, "0"), plan=plan, day=plan.start_date)
    assert entry.is_valid()
    entry.save()
    assert "has-log" in client.get(url(plan)).content.decode()


# Monday 16 March 2026, noon: the plan (Mon/Thu at 22:00 in London from 2 March) has had four
# nights, all washed off, and tonight's is ahead.
TWO_WEEKS_IN = dt.datetime(2026, 3, 16, 12, tzinfo=dt.UTC)


@time_machine.travel(TWO_WEEKS_IN, tick=False)
def test_past_nights_nobody_ticked_show_as_not_recorded(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "<strong>4</strong> not recorded" in body
    assert "<strong>28</strong> left" in body
    assert body.count('<span class="status status-unrecorded">Not recorded</span>') == 4
    assert body.count(">Not re&shy;cord&shy;ed</span>") == 4  # the month grid
    assert "Done so far: <strong>0 of 4</strong>" in body


@time_machine.travel(TWO_WEEKS_IN, tick=False)
def test_the_summary_gives_nights_done_out_of_nights_due(client, owner):
    plan = make_plan(owner)
    for number, status in ((1, "done"), (2, "done"), (3, "missed"), (4, "rest")):
        services.session_mark(session=plan.sessions.get(number=number), status=status)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "<strong>0</strong> not recorded" in body
    assert "Done so far: <strong>2 of 3</strong>" in body and "(67%)" in body  # rest is not due
