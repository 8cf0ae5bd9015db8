"""POST /plans/<id>/log/<YYYY-MM-DD>/delete/: a day logged by mistake (the wrong day, say)
is deleted from its edit page, behind a second tap; only its owner can."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.usefixtures("catalogue"), pytest.mark.django_db]
FRIDAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)  # the plan runs 2 Mar to 21 Jun 2026
DAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def plan(owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=DAY, erythema=2, note="wrong day")
    SymptomEntry.objects.create(plan=plan, date=DAY + dt.timedelta(days=1), erythema=1)
    return plan


def delete_url(plan, day=DAY):
    return f"/plans/{plan.public_id}/log/{day}/delete/"


def test_the_edit_page_of_a_saved_day_offers_to_delete_it_and_an_unsaved_one_does_not(client, plan):
    client.force_login(plan.user)
    page = client.get(f"/plans/{plan.public_id}/log/{DAY}/").content.decode()
    assert f'action="{delete_url(plan)}"' in page
    assert "Delete the log for Thu 5 Mar" in page
    empty = client.get(f"/plans/{plan.public_id}/log/2026-03-09/").content.decode()
    assert "/delete/" not in empty


def test_the_owner_deletes_that_day_and_only_that_day(client, plan):
    client.force_login(plan.user)
    response = client.post(delete_url(plan), follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{plan.public_id}/log/#main"
    assert "Deleted your log for Thu 5 Mar 2026." in response.content.decode()
    assert list(plan.symptom_entries.values_list("date", flat=True)) == [DAY + dt.timedelta(1)]
    again = client.post(delete_url(plan), follow=True)  # a second tap, or another tab
    assert "There was no log for Thu 5 Mar 2026 to delete." in again.content.decode()
    assert plan.symptom_entries.count() == 1


def test_another_user_gets_404_and_deletes_nothing(client, plan, outsider):
    client.force_login(outsider)
    assert client.post(delete_url(plan)).status_code == 404
    assert plan.symptom_entries.count() == 2


def test_anonymous_users_are_sent_to_log_in_and_nothing_is_deleted(client, plan):
    response = client.post(delete_url(plan))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert plan.symptom_entries.count() == 2


def test_only_a_post_deletes(client, plan):
    client.force_login(plan.user)
    assert client.get(delete_url(plan)).status_code == 405
    assert plan.symptom_entries.count() == 2


def test_a_day_outside_the_plan_is_404(client, plan):
    client.force_login(plan.user)
    assert client.post(delete_url(plan, "2026-02-01")).status_code == 404
    assert client.post(delete_url(plan, "2026-02-30")).status_code == 404
