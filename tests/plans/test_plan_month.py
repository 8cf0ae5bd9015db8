import re

import pytest

from factories import make_plan
from queries import rendered_queries

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan, year=2026, month=4):
    return f"/plans/{plan.public_id}/calendar/{year}-{month}/"


def test_it_shows_one_month_with_its_application_nights(client, owner):
    plan = make_plan(owner)  # Mon+Thu, 2 March to 21 June 2026
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    [month] = response.context["months"]
    nights = [d.date.day for w in month.weeks for d in w if d.session]
    assert nights == [2, 6, 9, 13, 16, 20, 23, 27, 30]
    assert response.context["previous"] == (2026, 3)
    assert response.context["next"] == (2026, 5)
    assert "<p>Times in Europe/London.</p>" in response.content.decode()  # its times' zone


def test_a_month_outside_the_course_is_404(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan, 2026, 7)).status_code == 404
    assert client.get(url(plan, 2026, 13)).status_code == 404


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    assert client.get(url(make_plan(owner))).status_code == 302


def test_it_runs_a_fixed_number_of_queries(client, owner):
    short = make_plan(owner, "aldara-ak")
    daily = make_plan(owner, "zyclara-egw", weekdays=())
    client.force_login(owner)
    rendered_queries(client, url(short))  # warm the content-type cache
    assert rendered_queries(client, url(short)) == rendered_queries(client, url(daily))


def test_the_plan_page_shows_this_month_and_links_every_month_of_the_course(client, owner):
    import datetime as dt

    import time_machine

    plan = make_plan(owner)  # 2 March to 21 June 2026
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(f"/plans/{plan.public_id}/")
    [month] = response.context["months"]
    assert month.first == dt.date(2026, 4, 1)
    page = response.content.decode()
    for number in (3, 4, 5, 6):
        assert url(plan, 2026, number) in page
    assert f'href="{url(plan, 2026, 4)}" aria-current="page"' in page


def test_days_before_and_after_the_course_look_and_read_apart(client, owner):
    """March's first day and June's days after the 21st are no part of the course: greyed, and
    said so to a screen reader, beside the course's days without a night."""
    plan = make_plan(owner)  # Sunday 1 March is the day before its first
    client.force_login(owner)
    for month, outside, inside in ((3, [1], [3, 31]), (6, [22, 30], [1, 21])):
        body = client.get(url(plan, 2026, month)).content.decode()
        cells = {
            int(day): css
            for css, day in re.findall(
                r'<td class="([^"]*)"[^>]*>\s*<span class="day">(\d+)</span>', body
            )
        }
        assert all("off-course" in cells[day] for day in outside), (month, cells)
        assert not any("off-course" in cells[day] for day in inside), (month, cells)
        assert body.count("outside the course</span>") == len(
            [d for d in cells if "off-course" in cells[d]]
        )
    legend = client.get(url(plan, 2026, 3)).content.decode()
    assert "Before or after the course" in legend


def cells(body: str) -> dict[int, tuple[str, str]]:
    """Each day's cell in a month's page: its day number, then its class and its text."""
    found = re.findall(
        r'<td class="([^"]*)"[^>]*>\s*<span class="day">(\d+)</span>(.*?)</td>', body, re.S
    )
    return {
        int(day): (css, " ".join(re.sub(r"<[^>]+>|&shy;", "", rest).split()))
        for css, day, rest in found
    }


def test_the_assessment_day_after_the_course_is_marked_in_its_month(client, owner):
    """The EU/UK AK course (Mon, Wed, Fri from 2 March 2026) ends on 29 March; its assessment,
    4 weeks later, is on Mon 27 April: April is in the calendar, with that day marked."""
    import datetime as dt

    import time_machine

    plan = make_plan(
        owner, "aldara-ak-eu", start_date=dt.date(2026, 3, 2), weekdays=("mon", "wed", "fri")
    )
    client.force_login(owner)
    march = client.get(url(plan, 2026, 3))
    assert march.context["next"] == (2026, 4)
    april = client.get(url(plan, 2026, 4))
    assert april.status_code == 200
    days = cells(april.content.decode())
    assert "assessment" in days[27][0] and "off-course" in days[27][0]
    assert days[27][1] == ", outside the course Assessment with your clinician"
    assert not any("assessment" in css for day, (css, _) in days.items() if day != 27)
    legend = " ".join(re.sub(r"<[^>]+>", "", april.content.decode()).split())
    assert "Assessment with your clinician (after the weeks without treatment)" in legend
    assert client.get(url(plan, 2026, 5)).status_code == 404

    with time_machine.travel(dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC), tick=False):
        page = client.get(f"/plans/{plan.public_id}/")  # between the courses: April's grid
    [month] = page.context["months"]
    assert month.first == dt.date(2026, 4, 1)
    assert f'href="{url(plan, 2026, 4)}" aria-current="page"' in page.content.decode()
    assert cells(page.content.decode())[27][1].endswith("Assessment with your clinician")


def test_a_us_plan_has_no_assessment_in_its_calendar(client, owner):
    plan = make_plan(owner)  # 2 March to 21 June 2026
    client.force_login(owner)
    body = client.get(url(plan, 2026, 6)).content.decode()
    assert "assessment" not in body.lower()
