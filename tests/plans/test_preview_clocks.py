"""The new-plan preview says when the clocks change while the cream is on, as the plan page,
the month, the tick-sheet and the calendar do: 22:00 to 07:00 is still 8 hours that night."""

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.usefixtures("catalogue")


def daily_in_new_york(url: str, *, start: str, at: str) -> dict:
    """A preview of Zyclara 3.75% every day in New York: the label's plan, or two weeks as
    prescribed."""
    data = {
        "regimen": "zyclara-ak-3-75",
        "start_date": start,
        "application_time": at,
        "timezone": "America/New_York",
        "contact_hours": "8",
        "preview": "1",
    }
    if "prescribed" in url:
        data.update(pattern="weekly", per_week="7", weeks="2")
    return data


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("url", ["/plans/new/", "/plans/new/prescribed/"])
def test_the_preview_names_the_clock_change_of_a_night(client, owner, url):
    # Saturday: the clocks go forward early on Sunday
    data = daily_in_new_york(url, start="2026-03-07", at="22:00")
    client.force_login(owner)
    response = client.post(url, data)
    assert response.status_code == 200
    rows = " ".join(response.content.decode().split()).split("<tbody>", 1)[1]
    first = rows.split("</tr>", 1)[0]
    assert ">Sun 8 Mar, 07:00</time> <small>(clocks forward 1 hour)</small>" in first
    assert "clocks" not in rows.split("</tr>", 2)[1]  # the next night has no change


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_change_preview_gives_each_new_time_its_wash_off_and_clock_change(client, owner):
    from factories import make_plan

    plan = make_plan(
        owner,
        "zyclara-ak-3-75",
        start_date=dt.date(2026, 3, 2),
        application_time=dt.time(22),
        timezone="America/New_York",
    )
    change = {
        "from_date": "2026-03-07",
        "application_time": "21:00",
        "timezone": "America/New_York",
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "preview": "1",
    }
    client.force_login(owner)
    response = client.post(f"{plan.get_absolute_url()}change/", change)
    rows = " ".join(response.content.decode().split()).split("<tbody>", 1)[1]
    first, second = rows.split("</tr>", 2)[:2]
    # 21:00 on Saturday to 06:00 on Sunday is 8 hours: the clocks go forward that night
    assert ">Sat 7 Mar, 21:00</time>" in first
    assert (
        "off <time" in first and ">Sun 06:00</time> <small>(clocks forward 1 hour)</small>" in first
    )
    assert ">Mon 05:00</time>" in second and "clocks" not in second


@time_machine.travel(dt.datetime(2026, 2, 20, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("url", ["/plans/new/", "/plans/new/prescribed/"])
def test_a_clock_change_after_the_first_nights_shown_is_named_too(client, owner, url):
    """The clocks go forward on Sun 8 Mar, the 14th night of a daily course from 23 Feb: the
    preview shows the first six and then that night, with its skipped time."""
    data = daily_in_new_york(url, start="2026-02-23", at="02:30")  # no 02:30 on 8 Mar
    client.force_login(owner)
    body = " ".join(client.post(url, data).content.decode().split())
    rows = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 8  # six nights, a heading, the night of the change
    assert '<th colspan="3" scope="rowgroup">Later, the night the clocks change</th>' in rows
    last = rows.rsplit("<tr>", 1)[1]
    assert last.startswith("<td>14</td>")
    assert ">Sun 8 Mar, 03:30</time> <small>(no 02:30: clocks go forward)</small>" in last
    more = 7 if "prescribed" in url else 21  # of 14 or 28 (two cycles): 7 shown
    assert f"… and {more} more." in body
