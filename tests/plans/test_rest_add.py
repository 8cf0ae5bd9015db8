import datetime as dt

import pytest

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/rest/"


def test_a_rest_period_marks_its_sessions_and_keeps_the_end_date(client, owner):
    plan = make_plan(owner)  # Mon+Thu from 2 March
    services.session_mark(session=plan.sessions.get(number=1), status="done")
    client.force_login(owner)
    response = client.post(url(plan), {"first_day": "2026-03-02", "last_day": "2026-03-12"})
    assert response.status_code == 302
    statuses = dict(plan.sessions.values_list("number", "status")[:5])
    assert statuses == {1: "done", 2: "rest", 3: "rest", 4: "rest", 5: "planned"}
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2026, 6, 21)
    assert plan.sessions.count() == 32
    assert plan.rest_periods.count() == 1
    assert plan.events.filter(action="rest period").exists()


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-03-12", "2026-03-02", "cannot be before"),
        ("2026-02-01", "2026-03-02", "within the course"),
        ("2026-06-20", "2026-07-01", "within the course"),
        ("not-a-date", "2026-03-02", "valid date"),
    ],
)
def test_bad_ranges_are_refused_with_a_message(client, owner, first, last, message):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), {"first_day": first, "last_day": last})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="feed"' in response.content.decode()  # the whole plan page, feed section too
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
