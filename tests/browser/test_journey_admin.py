"""Journey 6: a regimen editor changes a rule; the earlier plan keeps its version."""

import datetime as dt

import pytest
from conftest import visit
from django.contrib.auth.models import Group

from factories import PASSWORD, make_plan, make_user
from regimens.models import RuleVersion

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def test_an_editor_edits_previews_and_approves_without_touching_plans(page):
    patient = make_user("patient")
    plan = make_plan(patient, start_date=dt.date(2026, 3, 2))
    editor = make_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Regimen editors"))
    approved = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")

    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"/admin/regimens/ruleversion/{approved.pk}/change/")
    page.fill("#id_timing_note", "Apply about an hour before bed (edited in review).")
    page.click("input[name=_continue]")
    page.get_by_text("Version 2: Draft").wait_for()
    assert page.locator("#schedule-preview").get_by_text("32 applications").is_visible()

    page.click("input[value='Submit for review']")
    page.get_by_text("Version 2: In review").wait_for()
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
    assert page.get_by_text("A newer version of this regimen's rule exists").is_visible()
    assert page.get_by_text("edited in review").first.is_visible()
