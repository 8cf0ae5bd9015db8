"""What the plan, prescribed-plan and change forms show around their fields.

Sent with mistakes, a summary at the form's top names each one and links its field, since on
a phone the fields lie below the first screen and a refused Preview would otherwise seem to do
nothing. Previewed, the first nights are listed and the rest counted ("… and 26 more.")."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)
LABEL_PLAN = {
    "regimen": "aldara-ak",
    "start_date": "2026-04-06",
    "weekdays": ["mon", "thu"],
    "application_time": "21:30",
    "timezone": "Europe/London",
    "contact_hours": "8",
}
PRESCRIBED = {
    **LABEL_PLAN,
    "pattern": "weekly",
    "per_week": "3",
    "weekdays": ["mon", "wed", "fri"],
    "weeks": "4",
}
CHANGE = {
    "from_date": "2026-04-06",
    "application_time": "22:15",
    "timezone": "Europe/London",
    "weekdays": ["tue", "fri"],
}


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def summary(html: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return found.group(0) if found else ""


def send(client, owner, form, mistakes, button):
    client.force_login(owner)
    url = {
        "plan": "/plans/new/",
        "prescribed": "/plans/new/prescribed/",
        "change": f"/plans/{make_plan(owner).public_id}/change/" if form == "change" else "",
    }[form]
    data = {"plan": LABEL_PLAN, "prescribed": PRESCRIBED, "change": CHANGE}[form]
    response = client.post(url, {**data, **mistakes, button: "1"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "form, mistakes, fields",
    [
        (
            "plan",
            {"timezone": "Mars/Olympus", "contact_hours": "30"},
            ["timezone", "contact_hours"],
        ),
        ("prescribed", {"weeks": "40", "contact_hours": "12"}, ["weeks", "contact_hours"]),
        ("change", {"weekdays": ["mon"]}, ["weekdays_0"]),
        # A wrong day stops the engine's checks; the weekdays' own are still said at once.
        ("plan", {"start_date": "2031-04-07", "weekdays": ["mon"]}, ["start_date", "weekdays_0"]),
        ("change", {"from_date": "2026-03-30", "weekdays": ["mon"]}, ["from_date", "weekdays_0"]),
    ],
)
@pytest.mark.parametrize("button, heading", [("preview", "Not previewed"), ("create", "Not saved")])
def test_a_refused_form_opens_with_a_summary_linking_each_mistake(
    client, owner, form, mistakes, fields, button, heading
):
    if form == "change" and button == "create":
        button = "save"
    html = send(client, owner, form, mistakes, button)
    box = summary(html)
    assert 'role="alert"' in box and heading in box
    links = re.findall(r'<a href="#id_(\w+)">', box)
    assert links == fields
    # above every field, where the page opens
    assert html.index('class="error-summary"') < html.index(f'id="id_{fields[0]}"')
    for field in fields:  # each message also stays beside its field
        message = re.search(rf'href="#id_{field}">[^<]*</a>: ([^<]+)</li>', box).group(1)
        assert html.count(message) == 2


@pytest.mark.parametrize("form", ["plan", "prescribed", "change"])
def test_a_form_without_mistakes_has_no_summary(client, owner, form):
    html = send(client, owner, form, {}, "preview")
    assert 'class="error-summary"' not in html
    assert "Preview" in html


@pytest.mark.parametrize(
    "form, rows, more",
    [
        ("plan", 6, 26),  # Mon and Thu for 16 weeks: 32 nights
        ("prescribed", 6, 6),  # three a week for 4 weeks: 12 nights
        ("change", 8, 14),  # Tue and Fri from 6 Apr: the 22 nights left move
    ],
)
def test_a_preview_lists_the_first_nights_and_counts_the_rest(client, owner, form, rows, more):
    html = send(client, owner, form, {}, "preview")
    preview = html[html.index('id="preview-heading"') :]
    assert preview.count("<tr><td>") == rows
    assert f"… and {more} more." in preview


@pytest.mark.parametrize(
    ("url", "order"),
    [
        ("/plans/new/", "regimen start_date weekdays application_time timezone contact_hours"),
        (
            "/plans/new/prescribed/",
            "regimen start_date pattern per_week weekdays every_days weeks application_time "
            "timezone contact_hours",
        ),
    ],
)
def test_the_fields_come_in_the_order_a_person_fills_them(client, owner, url, order):
    """Both forms share some fields (NewPlanFields); each puts them among its own."""
    client.force_login(owner)
    body = client.get(url).content.decode()
    names = list(dict.fromkeys(re.findall(r'<(?:input|select)[^>]* name="(\w+)"', body)))
    names = [name for name in names if name != "csrfmiddlewaretoken"]
    assert names == [*order.split(), "label", "discreet_titles"]
