"""The "Regimen editors" group edits rules and education content, and nothing else; the
"Regimen reviewers" group approves rule versions, and nothing else."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from review_roles import make_reviewer
from test_admin import form_data

from factories import approved_rule, make_plan, make_user
from regimens import versions

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
        for model in (
            "regimen",
            "ruleversion",
            "product",
            "productlimits",
            "jurisdiction",
            "jurisdictionversion",
            "reference",
            "referenceversion",
            "entry",
            "entryversion",
        )
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


def test_the_reviewers_group_has_exactly_view_on_the_catalogue_and_approve(db):
    group = Group.objects.get(name="Regimen reviewers")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("regimens", "view_regimen"),
        ("regimens", "view_ruleversion"),
        ("regimens", "approve_ruleversion"),
        ("regimens", "view_product"),
        ("regimens", "view_productlimits"),
        ("regimens", "view_jurisdiction"),
        ("regimens", "view_jurisdictionversion"),
        ("regimens", "view_reference"),
        ("regimens", "view_referenceversion"),
        ("regimens", "view_entry"),
        ("regimens", "view_entryversion"),
        ("regimens", "approve_entryversion"),
    }


def test_only_the_reviewers_group_may_approve(db):
    approve = Permission.objects.get(codename="approve_ruleversion")
    assert list(approve.group_set.values_list("name", flat=True)) == ["Regimen reviewers"]
    assert not approve.user_set.exists()


def test_an_editor_cannot_approve(client, editor):
    draft = versions.submit_for_review(versions.save_as_new_version(approved_rule()))
    url = f"/admin/regimens/ruleversion/{draft.pk}/workflow/approve/"
    assert client.post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "review"


def test_a_reviewer_reads_the_catalogue_but_changes_nothing(client, db):
    client.force_login(make_reviewer())
    rule = approved_rule()
    url = f"/admin/regimens/ruleversion/{rule.pk}/change/"
    assert client.get("/admin/regimens/ruleversion/").status_code == 200
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(rule, timing_note="Changed.")).status_code == 403
    assert client.get("/admin/regimens/ruleversion/add/").status_code == 403
    response = client.post(f"/admin/regimens/ruleversion/{rule.pk}/workflow/submit/")
    assert response.status_code == 403  # retiring the approved version is a reviewer's step
    assert approved_rule().timing_note == rule.timing_note
    assert client.get("/admin/auth/user/").status_code == 403


def test_an_editor_cannot_retire_the_approved_version(client, editor):
    """Retiring it withdraws the regimen from new plans: a reviewer's step, as approving is."""
    rule = approved_rule()
    page = f"/admin/regimens/ruleversion/{rule.pk}/change/"
    assert 'value="Retire"' not in client.get(page).content.decode()
    assert client.post(f"/admin/regimens/ruleversion/{rule.pk}/workflow/retire/").status_code == 403
    response = client.post(
        "/admin/regimens/ruleversion/", {"action": "retire_selected", "_selected_action": [rule.pk]}
    )
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Version 1 of aldara-ak cannot be retired by you: retiring an approved version needs a "
        "regimen reviewer."
    ]
    with pytest.raises(versions.ApprovalRefused, match="cannot be retired by you"):
        versions.retire(rule, user=editor)
    assert approved_rule().pk == rule.pk


def test_an_editor_still_retires_a_draft(client, editor):
    draft = versions.save_as_new_version(approved_rule(), user=editor)
    client.post(f"/admin/regimens/ruleversion/{draft.pk}/workflow/retire/", {"post": "yes"})
    draft.refresh_from_db()
    assert draft.status == "retired"


def test_a_reviewer_retires_the_approved_version(client):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    rule = approved_rule()
    page = f"/admin/regimens/ruleversion/{rule.pk}/change/"
    assert 'value="Retire"' in client.get(page).content.decode()
    client.post(f"/admin/regimens/ruleversion/{rule.pk}/workflow/retire/", {"post": "yes"})
    rule.refresh_from_db()
    assert rule.status == "retired"


def test_nobody_retires_an_approved_version_they_last_edited(db):
    both = make_reviewer("both")
    both.groups.add(Group.objects.get(name="Regimen editors"))
    draft = versions.submit_for_review(versions.save_as_new_version(approved_rule(), user=both))
    versions.approve(draft, user=make_reviewer())
    with pytest.raises(versions.ApprovalRefused, match="another reviewer must retire it"):
        versions.retire(draft, user=both)
    assert approved_rule().pk == draft.pk
