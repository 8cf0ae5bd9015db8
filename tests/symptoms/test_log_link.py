"""The side-effect log's section on the plan page (symptoms/_log_link.html)."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string

from factories import make_plan
from planner.symptoms.guidance import advice_for, latest_advice
from planner.symptoms.models import ITEMS, SymptomEntry
from planner.symptoms.window import logs_today
from queries import rendered_queries

pytestmark = pytest.mark.usefixtures("catalogue")
pinned = time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)


def render(plan, *, today, **context):
    """The section as the plan page's context gives it (plans.views.plan_context)."""
    context.update(
        plan=plan,
        today=today,
        open_to_change=plan.open_to_change(today),
        logs_today=logs_today(plan, today),
    )
    return render_to_string("symptoms/_log_link.html", context)


@pinned
def test_the_plan_page_links_to_the_log_today_and_the_report(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert 'id="log-heading"' in body
    assert f'href="/plans/{plan.public_id}/log/"' in body
    assert f'href="/plans/{plan.public_id}/log/2026-03-20/">Log today' in body
    assert f'href="/plans/{plan.public_id}/report/"' in body


def test_there_is_a_log_today_link_from_the_course_to_four_weeks_after_it(owner):
    plan = make_plan(owner)  # 2 March to 21 June
    assert "Log today" not in render(plan, today=dt.date(2026, 3, 1))
    assert "Log today" in render(plan, today=dt.date(2026, 3, 2))
    assert "Log today" in render(plan, today=dt.date(2026, 7, 19))
    assert "Log today" not in render(plan, today=dt.date(2026, 7, 20))


def test_it_shows_the_latest_entrys_advice_when_given(owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), vesicles=1)
    html = render(
        plan, today=dt.date(2026, 3, 6), log_advice=latest_advice(plan.symptom_entries.all())
    )
    assert "Your log for Thu 5 Mar shows blisters (mild)" in html
    assert f'href="/plans/{plan.public_id}/#rest-heading"' in html


def test_an_ended_plan_gets_the_advice_without_the_rest_link(owner):
    plan = make_plan(owner)
    plan.status = "stopped"
    advice = advice_for(dt.date(2026, 3, 5), {item: 3 for item in ITEMS})
    html = render(plan, today=dt.date(2026, 3, 6), log_advice=advice)
    assert "Contact the clinician" in html and "severe fever" in html.lower()
    assert "#rest-heading" not in html


def test_after_the_course_the_advice_no_longer_speaks_of_a_rest(owner):
    """Its last day (21 June) has passed: no rest can be taken, and the end date is behind."""
    plan = make_plan(owner)
    advice = advice_for(
        dt.date(2026, 6, 20), {item: 3 if item == "erosion" else 0 for item in ITEMS}
    )
    during = render(plan, today=dt.date(2026, 6, 21), log_advice=advice)
    after = render(plan, today=dt.date(2026, 6, 22), log_advice=advice)
    assert "#rest-heading" in during and "A rest does not move your end date" in during
    assert "Contact the clinician" in after and "a clinician's view" in after
    assert "#rest-heading" not in after and "rest" not in after.split("</strong>", 1)[1]


def test_it_shows_no_advice_box_without_advice(owner):
    plan = make_plan(owner)
    assert "advice" not in render(plan, today=dt.date(2026, 3, 6), log_advice=None)


@pinned
def test_the_plan_page_costs_no_extra_query_per_entry(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    counts = []
    for total in (0, 40):
        SymptomEntry.objects.bulk_create(
            SymptomEntry(plan=plan, date=plan.start_date + dt.timedelta(n), erythema=3)
            for n in range(total)
        )
        counts.append(rendered_queries(client, f"/plans/{plan.public_id}/"))
    assert counts[0] == counts[1]


@pinned
def test_the_plan_page_shows_the_latest_entrys_advice(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), erosion=1)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "Your log for Thu 5 Mar shows open sores (mild)" in body
