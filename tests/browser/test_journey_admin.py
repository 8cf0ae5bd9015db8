"""Journey 6: a regimen editor changes a rule and a regimen reviewer approves it; the earlier
plan keeps its version."""

import datetime as dt
import importlib

import pytest
from conftest import visit
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from regimens.models import RuleVersion

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def admin_log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def assert_below_the_form(page, selector: str) -> None:
    """The box starts under the change form (the admin floats it), so its heading's colour
    does not show through the gaps between the form's fieldsets."""
    form = page.locator("#content-main").bounding_box()
    box = page.locator(selector).bounding_box()
    assert box["y"] >= form["y"] + form["height"]


def test_an_editor_edits_and_previews_a_reviewer_approves_without_touching_plans(page):
    importlib.import_module("regimens.migrations.0005_regimen_reviewers_group").create_group(
        apps, None
    )  # the site fixture makes the editors group only
    patient = make_user("patient")
    plan = make_plan(patient, start_date=dt.date(2026, 3, 2))
    editor = make_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Regimen editors"))
    reviewer = make_user("reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Regimen reviewers"))
    approved = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")

    admin_log_in(page, "editor")
    page.goto(f"/admin/regimens/ruleversion/{approved.pk}/change/")
    page.fill("#id_timing_note", "Apply about an hour before bed (edited in review).")
    page.click("input[name=_continue]")
    page.get_by_text("Version 2: Draft").wait_for()
    expect(page.locator("#schedule-preview").get_by_text("32 applications")).to_be_visible()
    assert_below_the_form(page, "#schedule-preview")

    page.click("input[value='Submit for review']")
    page.get_by_text("Version 2: In review").wait_for()
    assert page.locator("input[value='Approve']").count() == 0  # editors do not approve
    draft = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)

    admin_log_in(page, "reviewer")
    visit(page, f"/admin/regimens/ruleversion/{draft.pk}/change/", "admin-review-desktop")
    changes = page.locator("#review-changes")
    expect(
        changes.get_by_text("What this version changes from the approved version 1")
    ).to_be_visible()
    expect(changes.get_by_text("edited in review")).to_be_visible()
    page.click("input[value='Approve']")
    page.get_by_text("Version 2: Approved").wait_for()

    plan.refresh_from_db()
    assert plan.rule_id == approved.pk
    assert plan.sessions.count() == 32
    assert plan.end_date == dt.date(2026, 6, 21)

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", "patient")
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Log in')")
    visit(page, f"/plans/{plan.public_id}/", "plan-newer-version-desktop")
    expect(page.get_by_text("A newer version of this regimen's rule exists")).to_be_visible()
    expect(page.get_by_text("edited in review").first).to_be_visible()
