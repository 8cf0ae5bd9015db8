import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
MID_COURSE = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)


def url(plan):
    return f"/plans/{plan.public_id}/end/"


@time_machine.travel(MID_COURSE, tick=False)
def test_cleared_ends_an_until_cleared_plan_and_cancels_what_is_left(client, owner):
    plan = make_plan(owner, "aldara-egw")
    client.force_login(owner)
    response = client.post(url(plan), {"status": "cleared", "confirm": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "cleared"
    assert plan.ended_at is not None
    past = plan.sessions.filter(date__lt=dt.date(2026, 4, 1))
    future = plan.sessions.filter(date__gte=dt.date(2026, 4, 1))
    assert set(past.values_list("status", flat=True)) == {"planned"}
    assert set(future.values_list("status", flat=True)) == {"cancelled"}
    assert plan.sessions.count() == 48  # nothing deleted
    assert plan.events.filter(action="cleared").exists()


@time_machine.travel(MID_COURSE, tick=False)
def test_a_fixed_course_cannot_be_ended_as_cleared(client, owner):
    plan = make_plan(owner, "aldara-ak")
    client.force_login(owner)
    client.post(url(plan), {"status": "cleared", "confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == "active"


@time_machine.travel(MID_COURSE, tick=False)
def test_any_plan_can_be_stopped_with_confirmation(client, owner):
    plan = make_plan(owner, "aldara-ak")
    client.force_login(owner)
    client.post(url(plan), {"status": "stopped"})
    plan.refresh_from_db()
    assert plan.status == "active"  # no confirmation, no change
    client.post(url(plan), {"status": "stopped", "confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == "stopped"


@time_machine.travel(MID_COURSE, tick=False)
def test_an_ended_plan_takes_no_more_changes(client, owner):
    plan = make_plan(owner, "aldara-ak")
    client.force_login(owner)
    client.post(url(plan), {"status": "stopped", "confirm": "1"})
    client.post(f"/plans/{plan.public_id}/sessions/1/", {"status": "missed"})
    assert plan.sessions.get(number=1).status == "planned"


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.post(url(plan), {"status": "stopped", "confirm": "1"}).status_code == 404


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


@time_machine.travel(MID_COURSE, tick=False)
def test_an_ended_plans_summary_says_when_it_ended_not_that_its_end_is_fixed(client, owner):
    import re

    plan = make_plan(owner, "aldara-egw")  # Mon, Wed, Fri from Mon 2 March 2026
    client.force_login(owner)

    def summary() -> str:
        page = client.get(f"/plans/{plan.public_id}/").content.decode()
        section = page.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
        return " ".join(re.sub(r"<[^>]+>", "", section).split())

    assert "The end date is fixed: missed applications and rests never extend it." in summary()
    assert 'id="supply-heading"' in client.get(f"/plans/{plan.public_id}/").content.decode()
    client.post(url(plan), {"status": "cleared", "confirm": "1"})
    # Nothing is left to buy: no table of packets, whose "whole course" would now say 0.
    assert 'id="supply-heading"' not in client.get(f"/plans/{plan.public_id}/").content.decode()
    said = summary()
    assert "The end date is fixed" not in said
    assert (
        "From Mon 2 Mar 2026 to Sun 21 Jun 2026 (Europe/London), 13 applications and 35 "
        "cancelled, washed off after 8 hours. It ended on Wed 1 Apr 2026: the applications "
        "still planned from that day on were cancelled." in said  # a night done that day stays done
    )


@time_machine.travel(MID_COURSE, tick=False)
def test_a_course_not_begun_cannot_be_cleared_only_stopped(client, owner):
    """'Ended early: cleared on 1 Apr 2026' above 'From Mon 4 May 2026' said the warts
    cleared under a treatment not yet begun."""
    plan = make_plan(owner, "aldara-egw", start_date=dt.date(2026, 5, 4))
    client.force_login(owner)
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert 'value="cleared"' not in page and 'value="stopped"' in page
    response = client.post(url(plan), {"status": "cleared", "confirm": "1"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == "active"
    assert [str(m) for m in response.context["messages"]] == [
        "Its first application is on Mon 4 May 2026: a course not begun cannot have cleared. "
        "Stop the plan instead, or delete it."
    ]
    client.post(url(plan), {"status": "stopped", "confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == "stopped"


@time_machine.travel(MID_COURSE, tick=False)
def test_ending_early_asks_which_and_never_says_cleared_by_itself(client, owner):
    """'Cleared' was ticked in advance: someone stopping for a reaction who ticked only
    'Yes, end this plan' told their clinician the warts had cleared."""
    plan = make_plan(owner, "aldara-egw")
    client.force_login(owner)
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    choices = re.findall(r'<input type="radio" name="status"[^>]*>', page)
    assert len(choices) == 2
    assert not any("checked" in choice for choice in choices)
    assert all("required" in choice for choice in choices)
    response = client.post(url(plan), {"confirm": "1"}, follow=True)  # no choice sent
    plan.refresh_from_db()
    assert plan.status == "active"
    assert [str(m) for m in response.context["messages"]] == [
        "Choose how the plan ends: cleared, or stopped for another reason."
    ]
