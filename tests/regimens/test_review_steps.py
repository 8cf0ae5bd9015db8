"""The catalogue and education share one set of review steps (regimens/review_steps.py):
what each keeps of its own after the merge."""

import pytest
from education_kit import make_draft_question
from review_roles import make_editor, make_reviewer

from factories import approved_rule
from regimens import versions
from regimens.education import review

pytestmark = pytest.mark.usefixtures("catalogue")


def test_both_modules_raise_the_same_exception_classes():
    assert versions.TransitionError is review.TransitionError
    assert versions.ApprovalRefused is review.ApprovalRefused
    assert issubclass(review.ApprovalRefused, versions.TransitionError)


def test_only_a_rule_approval_sends_version_approved():
    sent = []

    def record(sender, version, replaced, **kwargs):
        sent.append((sender, version.version))

    reviewer = make_reviewer()
    versions.version_approved.connect(record)
    try:
        draft = review.submit_for_review(make_draft_question())
        review.approve(draft, user=reviewer)
        rule = versions.save_as_new_version(approved_rule("aldara-ak"), user=make_editor())
        versions.submit_for_review(rule)
        versions.approve(rule, user=reviewer)
    finally:
        versions.version_approved.disconnect(record)
    assert sent == [(type(rule), rule.version)]


def test_only_an_education_approval_records_the_reviewers_role():
    question = review.submit_for_review(make_draft_question())
    review.approve(question, user=make_reviewer())
    question.refresh_from_db()
    assert question.reviewer_role == review.CLINICAL_REVIEWER
    again = review.save_as_new_version(question, user=make_editor())
    assert (again.reviewer_role, again.reviewed_by, again.last_reviewed) == ("", None, None)
    assert not hasattr(approved_rule("aldara-ak"), "reviewer_role")
