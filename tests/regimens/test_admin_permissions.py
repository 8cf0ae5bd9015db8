"""The "Regimen editors" group edits rules and education content, and nothing else."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group

from factories import approved_rule, make_plan, make_user

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def editor(client, db):
    user = make_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Regimen editors"))
    client.force_login(user)
    return user


def test_the_group_has_exactly_view_add_and_change_on_the_catalogue(db):
    group = Group.objects.get(name="Regimen editors")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("regimens", f"{action}_{model}")
        for action in ("view", "add", "change")
        for model in ("regimen", "ruleversion")
    }


def test_an_editor_can_open_and_edit_rules(client, editor):
    assert client.get("/admin/regimens/ruleversion/").status_code == 200
    assert (
        client.get(f"/admin/regimens/ruleversion/{approved_rule().pk}/change/").status_code == 200
    )
    assert client.get("/admin/regimens/ruleversion/add/").status_code == 200
    assert client.get("/admin/regimens/regimen/").status_code == 200


def test_an_editor_cannot_delete_rules(client, editor):
    rule = approved_rule()
    assert client.get(f"/admin/regimens/ruleversion/{rule.pk}/delete/").status_code == 403


def test_an_editor_cannot_see_users_groups_or_logs(client, editor):
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403


def test_patients_plans_are_not_in_the_admin_at_all(client, editor, owner):
    plan = make_plan(owner)
    for model in apps.get_app_config("planner").get_models():
        assert not admin.site.is_registered(model), model
    assert client.get("/admin/planner/plan/").status_code == 404
    assert client.get(f"/admin/planner/plan/{plan.pk}/change/").status_code == 404
    app_list = client.get("/admin/").context["app_list"]
    assert [app["app_label"] for app in app_list] == ["regimens"]


def test_a_staff_user_outside_the_group_cannot_see_rules(client, db):
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get("/admin/regimens/ruleversion/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get("/admin/regimens/ruleversion/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_review_step_needs_the_change_permission(client, db):
    user = make_user("viewer", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Regimen editors").permissions.filter(codename__startswith="view")
    )
    client.force_login(user)
    rule = approved_rule()
    assert client.post(f"/admin/regimens/ruleversion/{rule.pk}/workflow/retire/").status_code == 403
    assert approved_rule().pk == rule.pk
