import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan
from planner.plans.models import PlanEvent

pytestmark = pytest.mark.usefixtures("catalogue")
THURSDAY_NIGHT = dt.datetime(2026, 3, 5, 23, tzinfo=dt.UTC)


def url(plan, number):
    return f"/plans/{plan.public_id}/sessions/{number}/"


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_it_marks_a_session_done_with_the_actual_time(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan, 2), {"status": "done", "done_time": "22:40"})
    assert response.status_code == 302
    session = plan.sessions.get(number=2)
    assert session.status == "done"
    assert session.done_at == dt.datetime(2026, 3, 5, 22, 40, tzinfo=dt.UTC)
    assert session.sequence == 1
    assert PlanEvent.objects.filter(plan=plan, action="marked done").exists()


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_missed_shows_the_missed_dose_rule_and_keeps_the_end_date(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan, 1), {"status": "missed"})
    response = client.get(f"/plans/{plan.public_id}/")
    body = response.content.decode()
    assert "Never apply two doses at once" in body
    assert "The end date does not move" in body
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2026, 6, 21)
    assert plan.sessions.count() == 32


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_it_sets_a_session_back_and_records_both_changes(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan, 1), {"status": "rest"})
    client.post(url(plan, 1), {"status": "planned"})
    session = plan.sessions.get(number=1)
    assert session.status == "planned"
    assert session.sequence == 2
    assert plan.events.filter(session=session).count() == 2


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("done", "Thu 5 Mar (application 2): done at 22:00."),
        ("missed", "Thu 5 Mar (application 2): missed."),
        ("rest", "Thu 5 Mar (application 2): a rest night."),
        ("planned", "Thu 5 Mar (application 2): undone."),  # the Undo button
    ],
)
@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_the_message_names_the_night_by_its_date(client, owner, status, said):
    """People know their nights by date; the number alone ("Application 2 marked planned")
    said little."""
    plan = make_plan(owner)  # Mon+Thu from Mon 2 March
    client.force_login(owner)
    response = client.post(url(plan, 2), {"status": status}, follow=True)
    assert [str(message) for message in response.context["messages"]] == [said]


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_a_future_session_cannot_be_marked_done(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan, 5), {"status": "done"})
    assert plan.sessions.get(number=5).status == "planned"


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_a_bad_status_is_refused_without_change(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    for status in ("cancelled", "deleted", ""):
        assert client.post(url(plan, 1), {"status": status}).status_code == 302
    assert plan.sessions.get(number=1).status == "planned"


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan, 1)).status_code == 405


def test_another_user_gets_404_and_changes_nothing(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.post(url(plan, 1), {"status": "missed"}).status_code == 404
    assert plan.sessions.get(number=1).status == "planned"


def test_anonymous_is_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    response = client.post(url(plan, 1), {"status": "missed"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_session_number_is_404(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.post(url(plan, 99), {"status": "missed"}).status_code == 404


@time_machine.travel(THURSDAY_NIGHT, tick=False)
def test_the_plan_page_posts_each_nights_time_under_its_own_name(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    # A night's time and its Done are a form of their own (Enter in the field sends that
    # night); the list's other buttons share one form, not one per night (48); the first
    # card's buttons and the page's other forms are a handful.
    row = page.split('id="session-2"', 1)[1].split("</tr>", 1)[0]
    assert re.search(
        rf'<form method="post" action="/plans/{plan.public_id}/sessions/2/">.*'
        r'name="done_time_2">.*value="done".*</form>',
        row,
        re.S,
    )
    assert page.count("csrfmiddlewaretoken") < 15
    data = {"status": "done", "done_time_1": "", "done_time_2": "22:10"}
    client.post(url(plan, 2), data)
    assert plan.sessions.get(number=2).done_at == dt.datetime(2026, 3, 5, 22, 10, tzinfo=dt.UTC)


@time_machine.travel(dt.datetime(2026, 3, 5, 16, 20, tzinfo=dt.UTC), tick=False)
def test_tonight_cannot_be_marked_done_at_its_time_before_that_time_comes(client, owner):
    """A list row's "Done" with no time counts the night at its planned time: at 16:20 that
    would record 22:00, still to come, and its wash-off with it."""
    plan = make_plan(owner)  # Thursday 5 March at 22:00, UTC
    client.force_login(owner)
    response = client.post(url(plan, 2), {"status": "done"}, follow=True)
    night = plan.sessions.get(number=2)
    assert night.status == "planned"
    assert [str(message) for message in response.context["messages"]] == [
        "Thu 5 Mar (application 2) is planned for 22:00, still to come: type the time you "
        "applied it, or tap “Done now” on Today."
    ]
    client.post(url(plan, 2), {"status": "missed"})  # skipping tonight ahead stays possible
    assert plan.sessions.get(number=2).status == "missed"
