"""A form sent after the session ended (a side-effect entry typed at night on a phone left
logged in for two weeks, a plan change): nothing is saved, the log-in page says why, and
once its owner has logged in the page shows the form again, filled in as typed and not yet
saved. Only that owner ever sees it, and only once."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from factories import PASSWORD, make_plan, make_user
from planner.accounts.access import KEPT_FORM
from planner.plans.models import Plan
from planner.symptoms.models import ITEMS, SymptomEntry

pytestmark = pytest.mark.usefixtures("catalogue")
FRIDAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)  # the plan runs 2 Mar to 21 Jun 2026
pinned = time_machine.travel(FRIDAY, tick=False)
NOTE = "Itchy after the third night; asked the pharmacist"


def entry_url(plan, day="2026-03-19"):
    return f"/plans/{plan.public_id}/log/{day}/"


def entry(**given):
    data = {item: "0" for item in ITEMS}
    data.update({"erythema": "2", "note": NOTE, **given})
    return data


def log_in(client, username, next_url):
    credentials = {"username": username, "password": PASSWORD, "next": next_url}
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302, "the log-in failed"
    return client.get(response["Location"])


@pinned
def test_an_entry_sent_after_the_session_ended_comes_back_filled_in_after_the_log_in(owner):
    plan = make_plan(owner)
    browser = Client()  # its session has ended: the server no longer knows it
    response = browser.post(entry_url(plan), entry())
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={entry_url(plan)}"
    assert not SymptomEntry.objects.exists()

    login_page = browser.get(response["Location"]).content.decode()
    assert "Your session had ended, so nothing was saved" in login_page

    page = log_in(browser, owner.username, entry_url(plan))
    body = page.content.decode()
    assert page.status_code == 200
    assert NOTE in body
    assert 'name="erythema" value="2" id="id_erythema_2" required checked' in body
    assert "Not saved yet" in body
    assert not SymptomEntry.objects.exists()  # showing it saves nothing

    again = browser.get(entry_url(plan)).content.decode()
    assert NOTE not in again and "Not saved yet" not in again  # shown once

    browser.post(entry_url(plan), entry())
    assert SymptomEntry.objects.get().note == NOTE


@pinned
def test_only_the_page_it_was_sent_from_shows_it(owner):
    plan = make_plan(owner)
    browser = Client()
    browser.post(entry_url(plan), entry())
    other_day = log_in(browser, owner.username, entry_url(plan, "2026-03-18"))
    assert NOTE not in other_day.content.decode()
    assert NOTE in browser.get(entry_url(plan)).content.decode()


@pinned
def test_someone_else_logging_in_on_that_browser_never_sees_it(owner):
    plan = make_plan(owner)
    make_user("flatmate")
    browser = Client()
    browser.post(entry_url(plan), entry())
    response = log_in(browser, "flatmate", entry_url(plan))
    assert response.status_code == 404
    assert NOTE not in response.content.decode()
    for url in ("/today/", "/plans/", "/plans/new/", "/accounts/profile/"):
        assert NOTE not in browser.get(url).content.decode()


@pinned
def test_logging_out_drops_it(owner):
    plan = make_plan(owner)
    browser = Client()
    browser.post(entry_url(plan), entry())
    assert KEPT_FORM in browser.session
    browser.force_login(owner)
    browser.post("/accounts/logout/")
    assert KEPT_FORM not in browser.session


@pinned
def test_a_form_too_large_for_a_session_is_not_kept(owner):
    plan = make_plan(owner)
    browser = Client()
    response = browser.post(entry_url(plan), entry(note="x" * 30_000))
    assert response.status_code == 302
    assert KEPT_FORM not in browser.session
    assert (
        "Your session had ended, so nothing was saved"
        not in browser.get(response["Location"]).content.decode()
    )


@pinned
def test_the_token_of_the_form_is_not_kept(owner):
    plan = make_plan(owner)
    browser = Client()
    browser.post(entry_url(plan), entry(csrfmiddlewaretoken="secret-token"))
    kept = browser.session[KEPT_FORM]
    assert "csrfmiddlewaretoken" not in {name for name, _ in kept["fields"]}


@pinned
def test_a_plan_change_sent_after_the_session_ended_comes_back_as_its_preview(owner):
    plan = make_plan(owner)
    url = f"/plans/{plan.public_id}/change/"
    browser = Client()
    typed = {
        "from_date": "2026-03-23",
        "application_time": "21:30",
        "timezone": plan.timezone,
        "weekdays": plan.weekdays.split(","),
    }
    response = browser.post(url, typed)
    assert response["Location"] == f"/accounts/login/?next={url}"
    page = log_in(browser, owner.username, url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="21:30"' in body
    assert "Not saved yet" in body
    assert Plan.objects.get().application_time == plan.application_time  # nothing changed


@pinned
def test_rest_dates_sent_after_the_session_ended_come_back_on_the_plan_page(owner):
    """The rest form posts to .../rest/ but lives on the plan page: the log-in leads there,
    to the form, filled in and not yet saved."""
    plan = make_plan(owner)
    page_url = f"/plans/{plan.public_id}/"
    browser = Client()
    typed = {"first_day": "2026-03-23", "last_day": "2026-03-29"}
    response = browser.post(f"{page_url}rest/", typed)
    assert response["Location"] == f"/accounts/login/?next={page_url}%23rest-heading"
    credentials = {"username": owner.username, "password": PASSWORD, "next": page_url}
    assert browser.post("/accounts/login/", credentials).status_code == 302
    body = browser.get(page_url).content.decode()
    assert 'name="first_day" value="2026-03-23"' in body
    assert 'name="last_day" value="2026-03-29"' in body
    assert "Not saved yet" in body
    assert not plan.rest_periods.exists()  # showing it saves nothing
    assert 'value="2026-03-23"' not in browser.get(page_url).content.decode()  # shown once
