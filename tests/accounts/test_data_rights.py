import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from factories import PASSWORD, make_plan
from planner.accounts.models import Profile
from planner.calendars import feeds
from planner.plans import services
from planner.plans.models import Plan, PlanEvent, Session
from planner.symptoms.models import SymptomEntry

pytestmark = pytest.mark.usefixtures("catalogue")


def test_the_export_holds_plans_sessions_and_logs(client, owner, outsider):
    plan = make_plan(owner)
    make_plan(outsider, label="someone else")
    services.session_mark(session=plan.sessions.first(), status="missed")
    SymptomEntry.objects.create(plan=plan, date=plan.start_date, erythema=2, note="red")
    log_in(client, "owner")  # through the form, so django-axes records it
    response = client.get("/accounts/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "owner"
    [exported] = data["plans"]
    assert exported["regimen"] == "aldara-ak"
    assert len(exported["sessions"]) == 32
    assert exported["sessions"][0]["status"] == "missed"
    assert exported["sessions"][0]["zone_name"] == "Europe/London"
    assert exported["side_effect_log"][0]["erythema"] == 2
    assert any(c["action"] == "marked missed" for c in exported["changes"])
    [login] = data["logins"]  # django-axes' record of the log-in above
    assert login["ip_address"] == "127.0.0.1" and login["logout_time"] is None
    assert data["failed_logins"] == []
    assert "someone else" not in response.content.decode()


def test_the_export_holds_failed_log_ins_as_their_username(client, owner):
    stranger = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Guessing/1.0")
    stranger.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    client.force_login(owner)
    [failed] = json.loads(client.get("/accounts/data.json").content)["failed_logins"]
    assert failed["ip_address"] == "203.0.113.9" and failed["user_agent"] == "Guessing/1.0"
    assert failed["failures_since_start"] == 1


def test_the_export_needs_a_login(client):
    assert client.get("/accounts/data.json").status_code == 302


def test_deleting_the_account_deletes_everything_of_theirs(client, owner, outsider):
    plan = make_plan(owner)
    other = make_plan(outsider)
    SymptomEntry.objects.create(plan=plan, date=plan.start_date, erythema=1)
    client.force_login(owner)
    phone = Client()
    phone.force_login(owner)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert phone.get("/plans/").status_code == 302
    assert not get_user_model().objects.filter(username="owner").exists()
    assert list(Plan.objects.all()) == [other]
    assert not Session.objects.filter(plan__user__username="owner").exists()
    assert not SymptomEntry.objects.exists()
    assert PlanEvent.objects.filter(plan=other).exists()
    assert client.get("/plans/").status_code == 302


def test_deleting_needs_the_password(client, owner):
    make_plan(owner)
    client.force_login(owner)
    response = client.post("/accounts/delete/", {"password": "nope"})
    assert response.status_code == 200
    assert "not your password" in response.content.decode()
    assert Plan.objects.exists()


def test_after_deleting_no_row_anywhere_is_theirs(client, owner, outsider):
    """Every model of every app, by each way a row can belong to a person: a key to the user
    or to one of their plans, or their username (django-axes' login records)."""
    plan = make_plan(owner)
    services.session_mark(session=plan.sessions.first(), status="done")
    SymptomEntry.objects.create(plan=plan, date=plan.start_date, erythema=1)
    feeds.feed_rotate(user=owner, plan=plan)
    feeds.feed_rotate(user=owner)
    Profile.objects.create(user=owner, timezone="Europe/London")
    log_in(client, "owner")  # through the form, so django-axes records it
    make_plan(outsider)
    log_in(Client(), "outsider")
    theirs = rows_of(owner, [plan.pk])
    assert {
        "Plan",
        "Session",
        "PlanEvent",
        "SymptomEntry",
        "FeedToken",
        "Profile",
        "AccessLog",
    } <= {model.__name__ for model, _ in theirs}
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert rows_of(owner, [plan.pk]) == []
    assert rows_of(outsider, list(outsider.plans.values_list("pk", flat=True)))  # theirs stay


def log_in(client, username: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def rows_of(user, plan_ids) -> list:
    """(model, lookup) for each model holding a row of `user`'s."""
    found = []
    for model in apps.get_models():
        for field in model._meta.fields:
            lookup = None
            if field.is_relation and field.related_model is get_user_model():
                lookup = {field.name: user.pk}
            elif field.is_relation and field.related_model is Plan:
                lookup = {f"{field.name}__in": plan_ids}
            elif field.name == "username":
                lookup = {field.name: user.username}
            if lookup and model.objects.filter(**lookup).exists():
                found.append((model, lookup))
    return found
