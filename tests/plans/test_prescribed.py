"""A plan as the person's clinician prescribed (/plans/new/prescribed/): the hard limits
refused with a message naming them and nothing saved, the plan made through the engine, and
the notice with the label rules it departs from on the plan page, the printed sheet, the
calendar file, the feed and the data export."""

import datetime as dt
import json

import icalendar
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from races import at_once

from factories import approved_rule, make_plan, make_user
from planner.accounts.models import Profile
from planner.calendars.models import FeedToken
from planner.plans import services
from planner.plans.models import Plan, PlanEvent, Session
from planner.plans.prescribed import prescribed_plan_create
from planner.plans.services import Refused
from regimens import versions
from regimens.models import ProductLimits
from regimens.prescribed import Prescription

URL = "/plans/new/prescribed/"
NOTICE = "This plan follows your clinician's instructions, not a label regimen"
THREE_A_WEEK = "3 times a week (the US AK label says 2)"
FOUR_WEEKS = "4 weeks (the US AK label says 16)"
pytestmark = pytest.mark.usefixtures("catalogue")


def form_data(**overrides) -> dict:
    """Aldara 5% for AK three times a week for 4 weeks, as a UK clinician may prescribe."""
    data = {
        "regimen": "aldara-ak",
        "start_date": "2026-03-02",
        "pattern": "weekly",
        "per_week": "3",
        "weekdays": ["mon", "wed", "fri"],
        "weeks": "4",
        "application_time": "21:30",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "label": "left cheek",
        "create": "1",
    }
    data.update(overrides)
    return data


def nothing_saved() -> bool:
    return not (Plan.objects.exists() or Session.objects.exists() or PlanEvent.objects.exists())


def make_prescribed(user, **values) -> Plan:
    rule = approved_rule("aldara-ak")
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    values = {
        "start": dt.date(2026, 3, 2),
        "weeks": 4,
        "time": dt.time(21, 30),
        "zone": "Europe/London",
        "contact_hours": 8,
        "per_week": 3,
        **values,
    }
    return prescribed_plan_create(
        user=user, rule=rule, limits=limits, prescription=Prescription(**values), label="cheek"
    )


# --- the page -----------------------------------------------------------------------------


def test_it_sends_anonymous_users_to_log_in_and_saves_nothing(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(URL, form_data()).status_code == 302
    assert nothing_saved()


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_it_starts_from_the_chosen_label_regimen_and_the_profile(client, owner):
    Profile.objects.create(user=owner, timezone="America/New_York", bedtime=dt.time(21, 15))
    client.force_login(owner)
    response = client.get(URL, {"regimen": "aldara-sbcc"})
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["regimen"], initial["per_week"], initial["weeks"]) == ("aldara-sbcc", 5, 6)
    assert initial["application_time"] == dt.time(21, 15)
    assert initial["timezone"] == "America/New_York"
    body = response.content.decode()
    assert "Limits no prescription here can pass" in body
    assert "<strong>Zyclara 3.75%</strong>: 8 hours on the skin" in body
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]


def test_the_label_plan_form_links_here(client, owner):
    client.force_login(owner)
    body = client.get("/plans/new/").content.decode()
    assert f'<a href="{URL}">My clinician prescribed something else</a>' in body
    # The choice says what to pick; "As prescribed to you." read as if the list knew.
    assert "The cream and condition on your prescription, under the label where you live." in body


def test_preview_lists_the_departures_and_saves_nothing(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data(create="", preview="1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>12 applications</strong>" in body
    assert "Sun 29 Mar 2026" in body
    assert "Times in Europe/London, the plan's time zone." in body
    assert f"<li>{THREE_A_WEEK}</li>" in body and f"<li>{FOUR_WEEKS}</li>" in body
    assert nothing_saved()


def test_create_makes_the_plan_with_its_nights_limits_and_departures(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data())
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/"
    assert (plan.kind, plan.user, plan.rule.regimen.slug) == ("prescribed", owner, "aldara-ak")
    assert (plan.limits.product.slug, plan.limits.version) == ("aldara-5", 1)
    assert plan.departure_list == [THREE_A_WEEK, FOUR_WEEKS]
    assert plan.prescription == (
        "3 times a week (Monday, Wednesday, Friday) for 4 weeks, 8 hours on the skin"
    )
    assert (plan.weekdays, plan.end_date) == ("mon,wed,fri", dt.date(2026, 3, 29))
    assert plan.sessions.count() == 12
    first = plan.sessions.first()
    assert first.apply_at == dt.datetime(2026, 3, 2, 21, 30, tzinfo=dt.UTC)
    assert first.wash_off_at == dt.datetime(2026, 3, 3, 5, 30, tzinfo=dt.UTC)
    assert plan.events.get().text == (
        "Created: as prescribed, within version 1 of the limits of Aldara (imiquimod) and "
        "generics 5% (regimen rules version 1)"
    )


def test_every_few_days_makes_nights_that_far_apart(client, owner):
    client.force_login(owner)
    client.post(URL, form_data(pattern="interval", every_days="2", per_week="", weekdays=[]))
    plan = Plan.objects.get()
    dates = list(plan.sessions.values_list("date", flat=True))
    assert len(dates) == 14 and {(b - a).days for a, b in zip(dates, dates[1:], strict=False)} == {
        2
    }
    assert "every 2 days (the US AK label says 2 times a week)" in plan.departure_list


# --- the hard limits, each refused naming it, nothing saved --------------------------------


@pytest.mark.parametrize(
    ("entries", "field", "message"),
    [
        (
            {"per_week": "14", "weekdays": []},
            "per_week",
            "Aldara 5% is used at most once a day: at most 7 applications a week (you entered 14).",
        ),
        (
            {"pattern": "interval", "every_days": "0"},
            "every_days",
            "Aldara 5% is used at most once a day: enter every 1 day or more (you entered 0).",
        ),
        (
            {"contact_hours": "12"},
            "contact_hours",
            "Aldara 5% stays on for at most 10 hours: you entered 12.",
        ),
        (
            {"contact_hours": "4"},
            "contact_hours",
            "Aldara 5% stays on for at least 6 hours: you entered 4.",
        ),
        (
            {"weeks": "20"},
            "weeks",
            "A course of Aldara 5% lasts at most 16 weeks, the longest on its labels: "
            "you entered 20.",
        ),
        (
            {"regimen": "zyclara-ak-3-75", "per_week": "7", "weekdays": [], "contact_hours": "10"},
            "contact_hours",
            "Zyclara 3.75% stays on for 8 hours: you entered 10.",
        ),
        (
            {"per_week": "3", "weekdays": ["mon", "thu"]},
            "weekdays",
            "You chose 2 days for 3 applications a week: choose 3, or none to spread them "
            "over the week.",
        ),
        ({"per_week": ""}, "per_week", "Enter how many times a week, as prescribed."),
        (
            {"pattern": "interval", "every_days": "99999999999999999999", "weeks": "4"},
            "every_days",
            "A course of 4 weeks holds 28 days: enter every 28 days or fewer "
            "(you entered 99999999999999999999).",
        ),
    ],
)
def test_an_entry_past_a_limit_is_refused_naming_it(client, owner, entries, field, message):
    client.force_login(owner)
    response = client.post(URL, form_data(**entries))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert nothing_saved()


def test_two_a_day_and_twelve_hours_are_both_refused_at_once(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data(per_week="14", weekdays=[], contact_hours="12"))
    errors = response.context["form"].errors
    assert set(errors) == {"per_week", "contact_hours"}
    assert nothing_saved()


def test_an_approved_allowance_lets_a_longer_course_through(client, owner):
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    limits.allowed_weeks = 20
    draft = versions.submit_for_review(versions.save_as_new_version(limits))
    reviewer = make_user("reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Regimen reviewers"))
    versions.approve(draft, user=reviewer)
    client.force_login(owner)
    client.post(URL, form_data(weeks="20"))
    plan = Plan.objects.get()
    assert (plan.limits.version, plan.sessions.count()) == (2, 60)
    assert "20 weeks (the US AK label says 16)" in plan.departure_list


def test_limits_retired_meanwhile_refuse_the_plan_and_save_nothing(owner):
    rule = approved_rule("aldara-ak")
    old = ProductLimits.objects.approved().get(product__slug="aldara-5")
    ProductLimits.objects.filter(pk=old.pk).update(status="retired")
    prescription = Prescription(
        start=dt.date(2026, 3, 2),
        weeks=4,
        time=dt.time(22),
        zone="UTC",
        contact_hours=8,
        per_week=3,
    )
    with pytest.raises(Refused, match="The limits for Aldara 5% changed"):
        prescribed_plan_create(user=owner, rule=rule, limits=old, prescription=prescription)
    assert nothing_saved()


def test_a_regimen_not_on_offer_is_refused(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data(regimen="no-such-regimen"))
    assert "regimen" in response.context["form"].errors
    assert nothing_saved()


# --- the plan says so everywhere ------------------------------------------------------------


def test_the_plan_page_says_it_follows_the_clinician_and_lists_the_departures(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert NOTICE in body.replace("&#x27;", "'")
    assert "It departs from these rules of the US AK label (Aldara 5%: Actinic keratosis)" in body
    assert f"<li>{THREE_A_WEEK}</li>" in body and f"<li>{FOUR_WEEKS}</li>" in body


def test_a_label_plan_says_nothing_of_the_kind(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert 'id="prescribed"' not in body


def test_the_printed_sheet_says_it_too(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/print/").content.decode().replace("&#x27;", "'")
    assert NOTICE in body
    assert f"<li>{THREE_A_WEEK}</li>" in body
    assert body.count('class="box"') == 12


def test_other_users_get_404_for_a_prescribed_plan(client, owner, outsider):
    plan = make_prescribed(owner)
    client.force_login(outsider)
    for page in ("", "print/", "calendar.ics"):
        assert client.get(f"/plans/{plan.public_id}/{page}").status_code == 404


def descriptions(body: bytes, summary: str = "Apply Aldara 5% (cheek)") -> list[str]:
    """The description of each application event."""
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    return [str(event["DESCRIPTION"]) for event in events if event["SUMMARY"] == summary]


def test_the_calendar_file_and_the_feed_say_it_in_each_application(client, owner):
    plan = make_prescribed(owner)
    client.force_login(owner)
    texts = descriptions(client.get(f"/plans/{plan.public_id}/calendar.ics").content)
    assert len(texts) == 12
    assert all(NOTICE in text and THREE_A_WEEK in text and FOUR_WEEKS in text for text in texts)
    token = FeedToken.objects.create(user=owner, plan=plan).token
    client.logout()
    assert all(NOTICE in text for text in descriptions(client.get(f"/feeds/{token}.ics").content))


def test_a_discreet_calendar_says_whose_plan_it_is_but_names_no_condition(client, owner):
    plan = make_prescribed(owner)
    plan.discreet_titles = True
    plan.save()
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/calendar.ics").content
    texts = descriptions(body, summary="Skin treatment")
    assert len(texts) == 12
    assert all(NOTICE in text and "AK" not in text for text in texts)


def test_the_data_export_says_it_and_lists_the_departures(client, owner):
    make_prescribed(owner)
    client.force_login(owner)
    [exported] = json.loads(client.get("/accounts/data.json").content)["plans"]
    assert exported["kind"] == "prescribed"
    as_prescribed = exported["as_prescribed"]
    assert as_prescribed.pop("limits")["version"] == 1  # tests/accounts/test_export_fields.py
    assert as_prescribed == {
        "notice": NOTICE + ".",
        "prescription": (
            "3 times a week (Monday, Wednesday, Friday) for 4 weeks, 8 hours on the skin"
        ),
        "label_regimen": "Aldara 5%: Actinic keratosis",
        "departs_from": [THREE_A_WEEK, FOUR_WEEKS],
        "product_limits": "aldara-5 v1",
    }


def test_its_nights_are_ticked_with_the_usual_done_time_checks(owner):
    plan = make_prescribed(owner)
    first, second = plan.sessions.all()[:2]
    services.session_mark(session=first, status="done")
    early = second.apply_at - dt.timedelta(hours=20)  # outside the night's window
    with pytest.raises(Refused):
        services.session_mark(session=second, status="done", done_at=early)


# --- racing an approval of new limits (PostgreSQL: row locks) ------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_plans_racing_new_limits_are_made_on_the_old_ones_or_refused():
    """Twenty people's 10-hour plans race an approval that lowers Aldara 5%'s longest contact to 9
    hours: each is made against the limits still approved when it locks them, or refused
    (and saves nothing); none is made against retired limits, and nothing deadlocks."""
    old = ProductLimits.objects.approved().get(product__slug="aldara-5")
    # A superuser approves: the groups the migrations make are flushed in these tests.
    editor, reviewer = make_user("editor"), make_user("reviewer", is_superuser=True)
    edit = ProductLimits.objects.get(pk=old.pk)
    edit.contact_hours_max = 9
    draft = versions.submit_for_review(versions.save_as_new_version(edit, user=editor))
    posts = [form_data(contact_hours="10") for _ in range(20)]  # each from its own person
    statuses = race(posts, approve=lambda: versions.approve(draft, user=reviewer))
    made = Plan.objects.all()
    assert set(statuses) <= {200, 302}  # made, or refused on the form; no exception
    assert statuses.count(302) == made.count()
    assert set(made.values_list("limits_id", flat=True)) <= {old.pk}
    assert Session.objects.count() == 12 * made.count()
    old.refresh_from_db()
    assert old.status == "retired"


def race(posts: list[dict], approve) -> list[int]:
    """POST every form, each by a person of its own (one person's plans are made one at a
    time), and approve, at once, each from its own thread and connection."""
    middle = len(posts) // 2  # the approval's turn, among the posts
    clients = [Client() for _ in posts]
    for number, client in enumerate(clients):
        client.force_login(make_user(f"patient{number}"))

    def post_or_approve(index: int) -> int | None:
        if index == middle:
            return approve()
        post = index - (index > middle)
        return clients[post].post(URL, posts[post]).status_code

    outcomes = at_once(post_or_approve, len(posts) + 1)
    return outcomes[:middle] + outcomes[middle + 1 :]


def test_a_huge_interval_is_refused_on_create_too(client, owner):
    """Preview refused nothing and Create answered 500 (the number did not fit the column)."""
    client.force_login(owner)
    data = form_data(pattern="interval", every_days="99999999999999999999", create="1")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "every_days" in response.context["form"].errors
    assert nothing_saved()
