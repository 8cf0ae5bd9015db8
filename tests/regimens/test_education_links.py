"""Where other pages lead to the questions: the plan page lists those that fit its regimen,
and the side-effect log, after a day is saved, those about what it recorded."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan
from planner.symptoms.models import ITEMS

pytestmark = pytest.mark.usefixtures("catalogue")


def grades(**chosen) -> dict:
    return {**dict.fromkeys(ITEMS, "0"), "note": "", **chosen}


QUESTION = re.compile(r'href="/questions/([a-z0-9-]+)/"')


def question_links(body: str) -> set[str]:
    return set(QUESTION.findall(body))


def test_a_plan_page_lists_the_questions_that_fit_its_regimen(client, owner):
    client.force_login(owner)
    warts = make_plan(owner, "aldara-egw", weekdays=())
    ak = make_plan(owner, "aldara-ak")
    warts_links = question_links(client.get(f"/plans/{warts.public_id}/").content.decode())
    ak_links = question_links(client.get(f"/plans/{ak.public_id}/").content.decode())
    assert {"missed-dose", "why-red", "sex"} <= warts_links
    assert "sex" not in ak_links and "sun" in ak_links and "sun" not in warts_links


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_log_links_the_questions_about_a_reaction_just_logged(client, owner):
    client.force_login(owner)
    plan = make_plan(owner)
    day = "2026-03-09"
    url = f"/plans/{plan.public_id}/log/{day}/"
    response = client.post(url, grades(erythema="2", fever="1"))
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    links = question_links(body.split('id="advice"')[1].split("</section>")[0])
    assert {"why-red", "flu-like"} <= links
    assert "eyes" not in links


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_log_links_no_question_when_nothing_was_logged_or_saved(client, owner):
    client.force_login(owner)
    plan = make_plan(owner)
    client.post(f"/plans/{plan.public_id}/log/2026-03-09/", grades(note="all calm"))
    saved = client.get(f"/plans/{plan.public_id}/log/?saved=2026-03-09").content.decode()
    assert 'id="log-questions"' not in saved
    client.post(f"/plans/{plan.public_id}/log/2026-03-08/", grades(erythema="1"))
    unsaved = client.get(f"/plans/{plan.public_id}/log/").content.decode()
    assert 'id="log-questions"' not in unsaved
