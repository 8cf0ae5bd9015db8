"""Review steps on rule versions, and what a plan made with an older version is told."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from factories import approved_rule, make_plan, make_user
from regimens import versions
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = dt.date(2026, 12, 1)


def new_draft(slug="aldara-ak", **changes) -> RuleVersion:
    """An edited copy of the approved version, saved as the next draft (what the admin does)."""
    rule = approved_rule(slug)
    for name, value in changes.items():
        setattr(rule, name, value)
    return versions.save_as_new_version(rule)


def approved_draft(slug="aldara-ak", **changes) -> RuleVersion:
    draft = versions.submit_for_review(new_draft(slug, **changes))
    versions.approve(draft, user=make_user("pharmacist"), today=TODAY)
    return draft


def test_an_edit_becomes_the_next_draft_and_leaves_the_approved_version_alone():
    before = approved_rule()
    draft = new_draft(timing_note="Changed.")
    assert (draft.version, draft.status, draft.origin) == (2, "draft", "admin")
    assert draft.pk != before.pk
    after = approved_rule()
    assert after.pk == before.pk
    assert after.timing_note == before.timing_note
    assert after.updated_at == before.updated_at


def test_approval_stores_the_reviewer_and_date_and_retires_the_old_version():
    old = approved_rule()
    draft = approved_draft(timing_note="Changed.")
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert draft.reviewed_by.username == "pharmacist"
    assert draft.last_reviewed == TODAY
    old.refresh_from_db()
    assert old.status == "retired"
    assert approved_rule().pk == draft.pk


def test_existing_plans_keep_their_version_after_an_approval(owner):
    plan = make_plan(owner, "aldara-ak")
    sessions_before = list(plan.sessions.values_list("date", "apply_at", "wash_off_at"))
    approved_draft(
        min_days_between=2, contact_hours_default=Decimal("7"), contact_hours_min=Decimal("7")
    )
    plan.refresh_from_db()
    assert plan.rule.version == 1
    assert plan.rule.status == "retired"
    assert plan.rule.min_days_between == 3
    assert list(plan.sessions.values_list("date", "apply_at", "wash_off_at")) == sessions_before


def test_only_a_draft_can_be_submitted_for_review():
    with pytest.raises(
        versions.TransitionError,
        match="Version 1 of aldara-ak cannot be submitted for review: it is approved, not draft",
    ):
        versions.submit_for_review(approved_rule())


def test_only_a_version_in_review_can_be_approved():
    draft = new_draft()
    with pytest.raises(
        versions.TransitionError,
        match="Version 2 of aldara-ak cannot be approved: it is draft, not in review",
    ):
        versions.approve(draft, user=None, today=TODAY)
    assert approved_rule().version == 1


def test_an_invalid_draft_cannot_be_submitted():
    draft = new_draft(cap_days=1)
    with pytest.raises(ValidationError):
        versions.submit_for_review(draft)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_retiring_withdraws_a_version_once():
    rule = versions.retire(approved_rule())
    assert rule.status == "retired"
    assert not RuleVersion.objects.approved().filter(regimen__slug="aldara-ak").exists()
    with pytest.raises(versions.TransitionError, match="Version 1 of aldara-ak is retired already"):
        versions.retire(rule)


def test_there_is_no_newer_version_for_the_current_one():
    assert versions.newer_approved(approved_rule()) is None


def test_a_newer_draft_is_not_announced():
    old = approved_rule()
    new_draft(timing_note="Changed.")
    assert versions.newer_approved(old) is None


def test_it_finds_the_newer_approved_version_in_one_query(django_assert_num_queries):
    old = approved_rule()
    newer = approved_draft(timing_note="Changed.")
    with django_assert_num_queries(1):
        found = versions.newer_approved(old)
        assert found.regimen.slug == "aldara-ak"
    assert found.pk == newer.pk


def test_field_changes_lists_each_changed_field_for_patients():
    old = approved_rule()
    new = new_draft(
        min_days_between=2,
        contact_hours_default=Decimal("7.50"),
        until_cleared=True,
        indication="genital-warts",
        sources=[{"title": "New label", "ref": "label"}],
        last_reviewed=None,
    )
    changes = versions.field_changes(old, new)
    assert ("Days between applications", "3", "2") in changes
    assert ("Default contact hours", "8", "7.5") in changes
    assert ("Until cleared", "No", "Yes") in changes
    assert (
        "Indication",
        "Actinic keratosis",
        "External genital and perianal warts",
    ) in changes
    assert any(label == "Sources" and new == "New label" for label, _, new in changes)
    assert len(changes) == 5  # the review date is not a change


def test_field_changes_ignores_line_ending_differences():
    old = approved_rule()
    new = new_draft(apply_steps=old.apply_steps.replace("\n", "\r\n"))
    assert versions.field_changes(old, new) == []


def test_the_plan_page_include_says_what_changed(django_assert_num_queries):
    old = approved_rule()
    approved_draft(timing_note="Apply at bedtime.")
    with django_assert_num_queries(1):
        html = render_to_string("regimens/_newer_version.html", {"rule": old})
    assert "A newer version of this regimen's rule exists" in html
    assert "Version 2 was approved on" in html
    assert "1 December 2026" in html
    assert "Your plan keeps the version it was made with (version 1)" in html
    assert "Apply at bedtime." in html
    assert "/regimens/aldara-ak/v1/" in html


def test_the_include_says_nothing_when_the_plan_is_on_the_current_version():
    html = render_to_string("regimens/_newer_version.html", {"rule": approved_rule()})
    assert html.strip() == ""
