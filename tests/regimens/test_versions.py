"""Review steps on rule versions, and what a plan made with an older version is told."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from review_roles import make_editor, make_reviewer

from factories import approved_rule, make_plan, make_user
from regimens import versions
from regimens.catalogue import HOURS_FIELDS
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = dt.date(2026, 12, 1)


def new_draft(slug="aldara-ak", *, user=None, **changes) -> RuleVersion:
    """An edited copy of the approved version, saved as the next draft (what the admin does)."""
    rule = approved_rule(slug)
    for name, value in changes.items():
        setattr(rule, name, value)
    return versions.save_as_new_version(rule, user=user)


def approved_draft(slug="aldara-ak", **changes) -> RuleVersion:
    draft = versions.submit_for_review(new_draft(slug, user=make_editor(), **changes))
    versions.approve(draft, user=make_reviewer("pharmacist"), today=TODAY)
    return draft


def in_review(**changes) -> RuleVersion:
    return versions.submit_for_review(new_draft(user=make_editor(), **changes))


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
    rule = versions.retire(approved_rule(), user=make_reviewer())
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


def test_a_change_deep_in_a_long_text_is_the_part_shown():
    """A line added at the end of Missed doses: both columns showed the same first 300
    characters; they now show the lines that differ, the rest left out as "…"."""
    old = approved_rule()
    assert len(old.missed_doses) > 300
    added = "Never put on two applications to make up for a missed one (new line)."
    approved_draft(missed_doses=old.missed_doses + "\n\n" + added)
    html = render_to_string("regimens/_newer_version.html", {"rule": old})
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert added in row
    assert "…" in row and old.missed_doses.splitlines()[0] not in row
    [(label, before, after)] = versions.changed_passages(
        versions.field_changes(old, approved_rule())
    )
    assert (before, after) == ("…", f"…\n{added}")


def test_the_include_says_nothing_when_the_plan_is_on_the_current_version():
    html = render_to_string("regimens/_newer_version.html", {"rule": approved_rule()})
    assert html.strip() == ""


# The review step is a control: a separate reviewer, never the last editor, approving exactly
# what was submitted, and the approval recorded.


def test_an_editor_who_is_also_a_reviewer_cannot_approve_their_own_edit():
    both = make_reviewer("both")
    both.groups.add(*make_editor().groups.all())
    draft = versions.submit_for_review(new_draft(user=both, timing_note="Mine."))
    with pytest.raises(
        versions.ApprovalRefused,
        match="Version 2 of aldara-ak cannot be approved by you: you made its last edit",
    ):
        versions.approve(draft, user=both, today=TODAY)
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by, draft.approved_digest) == ("review", None, "")
    assert approved_rule().version == 1


def test_a_superuser_cannot_approve_their_own_edit():
    root = make_user("root", is_staff=True, is_superuser=True)
    draft = versions.submit_for_review(new_draft(user=root, timing_note="Mine."))
    with pytest.raises(versions.ApprovalRefused, match="you made its last edit"):
        versions.approve(draft, user=root, today=TODAY)
    assert RuleVersion.objects.get(pk=draft.pk).status == "review"
    versions.approve(draft, user=make_reviewer(), today=TODAY)  # another reviewer can
    assert approved_rule().pk == draft.pk


@pytest.mark.parametrize("who", ["editor", "patient", "nobody"])
def test_approving_needs_the_reviewer_role(who):
    draft = in_review(timing_note="Changed.")
    user = {"editor": make_editor("other-editor"), "patient": make_user("patient"), "nobody": None}
    with pytest.raises(
        versions.ApprovalRefused,
        match="Version 2 of aldara-ak cannot be approved by you: approving needs a regimen",
    ):
        versions.approve(draft, user=user[who], today=TODAY)
    assert RuleVersion.objects.get(pk=draft.pk).status == "review"
    assert approved_rule().version == 1


def test_the_approval_records_the_approver_the_date_and_a_digest_of_exactly_that_content():
    draft = in_review(contact_hours_default=Decimal("7"), contact_hours_min=Decimal("7"))
    reviewer = make_reviewer()
    versions.approve(draft, user=reviewer, today=TODAY)
    stored = RuleVersion.objects.get(pk=draft.pk)
    assert (stored.status, stored.reviewed_by, stored.last_reviewed) == (
        "approved",
        reviewer,
        TODAY,
    )
    assert stored.approved_digest == stored.submitted_digest == sha256_of_content(stored)
    assert stored.approved_digest != versions.content_digest(approved_rule("aldara-sbcc"))
    stored.contact_hours_default = Decimal("8")
    assert versions.content_digest(stored) != stored.approved_digest


def sha256_of_content(rule) -> str:
    """Every content field but the review date (approval sets it), as JSON with sorted keys;
    hours in their shortest spelling, the time as HH:MM:SS."""
    content = {name: getattr(rule, name) for name in versions.CHANGE_FIELDS}
    content.update({name: f"{content[name].normalize():f}" for name in HOURS_FIELDS})
    content["default_time"] = rule.default_time.isoformat()
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def test_approval_is_refused_when_the_content_changed_after_submission():
    draft = in_review(timing_note="As submitted.")
    RuleVersion.objects.filter(pk=draft.pk).update(
        contact_hours_default=Decimal("16"), apply_steps="Changed after submission."
    )
    with pytest.raises(
        versions.ApprovalRefused,
        match="Version 2 of aldara-ak cannot be approved: its content is not what was submitted",
    ):
        versions.approve(draft, user=make_reviewer(), today=TODAY)
    assert RuleVersion.objects.get(pk=draft.pk).status == "review"
    assert approved_rule().version == 1


def test_what_is_approved_is_the_stored_version_not_an_object_edited_in_memory():
    draft = in_review(timing_note="As submitted.")
    draft.timing_note = "Typed in after submission, never saved."
    versions.approve(draft, user=make_reviewer(), today=TODAY)
    assert approved_rule().timing_note == "As submitted."
    assert draft.timing_note == "As submitted."


def test_a_new_draft_starts_with_its_editor_and_no_digests():
    editor = make_editor()
    draft = new_draft(user=editor, timing_note="Changed.")
    assert (draft.last_edited_by, draft.submitted_digest, draft.approved_digest) == (editor, "", "")
    seeded = approved_rule()  # approved as loaded from seeds/: its digest records what that was
    assert seeded.approved_digest == versions.content_digest(seeded)


def test_a_new_done_window_or_spacing_is_a_listed_change_covered_by_the_digest():
    old = approved_rule()
    draft = in_review(done_hours_after=10, min_hours_between=18)
    assert draft.submitted_digest != versions.content_digest(old)
    assert versions.field_changes(old, draft) == [
        ("Done up to (hours after)", "12", "10"),
        ("Hours between applications", "16", "18"),
    ]
    RuleVersion.objects.filter(pk=draft.pk).update(done_hours_before=2)
    with pytest.raises(versions.ApprovalRefused, match="not what was submitted"):
        versions.approve(draft, user=make_reviewer("pharmacist"), today=TODAY)


def test_a_new_jurisdiction_or_assessment_is_a_listed_change_covered_by_the_digest():
    old = approved_rule()
    draft = in_review(jurisdiction="eu-uk", assessment_weeks_off=4, repeat_course_weeks=4)
    assert draft.submitted_digest != versions.content_digest(old)
    assert versions.field_changes(old, draft) == [
        ("Jurisdiction", "US", "EU/UK"),
        ("Assessment after (weeks off)", "0", "4"),
        ("Second course (weeks)", "0", "4"),
    ]
    RuleVersion.objects.filter(pk=draft.pk).update(jurisdiction="us")
    with pytest.raises(versions.ApprovalRefused, match="not what was submitted"):
        versions.approve(draft, user=make_reviewer("pharmacist"), today=TODAY)


def test_a_source_added_is_the_source_shown():
    """The sources were one line joined with "; ": an alert cut both sides at 120 characters,
    before the source added, and showed the same text either side of the arrow."""
    old = approved_rule()
    added = {"title": "A source added in review, 2026", "ref": "label"}
    approved_draft(sources=[*old.sources, added])
    [(label, before, after)] = versions.changed_passages(
        versions.field_changes(old, approved_rule())
    )
    assert (label, before, after) == ("Sources", "…", "…\nA source added in review, 2026")


def test_a_patient_reads_each_change_under_a_name_they_can_act_on():
    """The admin's field names ("Cap (days)", "Done up to (hours after)") meant nothing to a
    patient; the plan page's comparison and the alert use plain ones. The admin keeps its own."""
    old = approved_rule()
    approved_draft(course_days=98, cap_days=98, done_hours_after=10)
    html = " ".join(render_to_string("regimens/_newer_version.html", {"rule": old}).split())
    for plain in (
        "Course length (days)",
        "Longest the course may last, rest periods included (days)",
        "Hours after its time that a night can still be recorded as done",
    ):
        assert f'<th scope="row">{plain}</th>' in html
    assert "Cap (days)" not in html and "Done up to" not in html
    admin = [label for label, _, _ in versions.field_changes(old, approved_rule())]
    assert "Cap (days)" in admin
