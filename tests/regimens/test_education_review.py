"""Education versions go through the rules' review: draft -> in review -> approved, four
eyes, a digest of what was approved, and the approver shown by role."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from education_kit import approved, make_draft_question, page
from review_roles import make_editor, make_reviewer

from factories import make_user
from regimens.education import review
from regimens.education.models import Entry, EntryVersion

pytestmark = pytest.mark.usefixtures("catalogue")
DAY = dt.date(2026, 12, 10)


def test_a_reviewer_approves_a_submitted_draft_and_the_page_names_their_role(client):
    draft = make_draft_question()
    review.submit_for_review(draft)
    retired = review.approve(draft, user=make_reviewer("dr-jones"), today=DAY)
    assert retired == []
    body = page(client, "/questions/new-question/")
    assert "Approved by: Clinical reviewer" in body
    assert "dr-jones" not in body  # by role, never by name
    assert '<time datetime="2026-12-10">10 December 2026</time>' in body


def test_approving_retires_the_version_it_replaces(client):
    current = approved(Entry.Kind.QUESTION, "shower")
    current.body = current.body + " Dry the skin before the application [@seed-000]."
    draft = review.save_as_new_version(current, user=make_editor())
    review.submit_for_review(draft)
    retired = review.approve(draft, user=make_reviewer(), today=DAY)
    assert [old.version for old in retired] == [1]
    assert "Dry the skin before the application" in page(client, "/questions/shower/")


def test_nobody_approves_their_own_edit():
    reviewer = make_reviewer()
    draft = review.save_as_new_version(approved(Entry.Kind.QUESTION, "sun"), user=reviewer)
    review.submit_for_review(draft)
    with pytest.raises(review.ApprovalRefused, match="you made its last edit"):
        review.approve(draft, user=reviewer)


def test_only_reviewers_approve():
    draft = make_draft_question()
    review.submit_for_review(draft)
    for user in (make_editor(), make_user("patient")):
        with pytest.raises(review.ApprovalRefused, match="needs a regimen reviewer"):
            review.approve(draft, user=user)


def test_content_changed_after_submission_is_not_approved():
    draft = make_draft_question()
    review.submit_for_review(draft)
    EntryVersion.objects.filter(pk=draft.pk).update(body="Sneaked in [@seed-000].")
    with pytest.raises(review.ApprovalRefused, match="not what was submitted"):
        review.approve(draft, user=make_reviewer())


def test_only_a_draft_is_submitted_and_only_a_submitted_version_approved():
    version = approved(Entry.Kind.QUESTION, "eyes")
    with pytest.raises(review.TransitionError, match="it is approved, not draft"):
        review.submit_for_review(version)
    with pytest.raises(review.TransitionError, match="not in review"):
        review.approve(make_draft_question(), user=make_reviewer())


def test_a_superuser_is_named_as_the_site_administrator():
    draft = make_draft_question()
    review.submit_for_review(draft)
    review.approve(draft, user=make_user("root", is_superuser=True, is_staff=True))
    draft.refresh_from_db()
    assert draft.reviewer_role == review.ADMINISTRATOR
    assert draft.reviewed_by.username == "root"  # kept for the audit, never shown


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"body": "No source at all."}, "cites at least one reference"),
        ({"body": "Cites [@no-such-source]."}, "No reference has the key no-such-source"),
        ({"body": "Unbalanced {you [@seed-000]."}, "Braces are only for"),
        ({"symptoms": "sneezing"}, "Not a side-effect log item: sneezing"),
        ({"indications": "psoriasis"}, "Not an indication: psoriasis"),
        ({"related": "no-such-question"}, "No question has the slug no-such-question"),
        ({"related": "new-question"}, "not related to itself"),
        ({"clinician": "Cites [@nowhere]."}, "No reference has the key nowhere"),
    ],
)
def test_content_that_would_not_make_a_sound_page_is_refused(fields, error):
    with pytest.raises(ValidationError, match=error):
        make_draft_question(**fields)


def test_a_regimen_section_names_an_existing_regimen():
    entry = Entry.objects.create(kind=Entry.Kind.REGIMEN, slug="no-such-regimen")
    version = EntryVersion(entry=entry, version=1, title="x", body="y [@seed-000]")
    with pytest.raises(ValidationError, match="No regimen has the slug no-such-regimen"):
        version.full_clean()


def test_the_regimen_page_shows_the_rules_standing_with_the_policy(client):
    body = page(client, "/regimens/aldara-ak/")
    assert "Review status: <strong>Approved</strong>" in body
    assert "Approved by: Editorial team" in body
    assert 'href="/editorial-policy/"' in body


def test_a_page_needs_an_address_of_its_own():
    entry = Entry.objects.create(kind=Entry.Kind.PAGE, slug="nowhere")
    version = EntryVersion(entry=entry, version=1, title="x", body="y [@seed-000]")
    with pytest.raises(ValidationError, match="A page is one of about-imiquimod"):
        version.full_clean()
