"""Education versions written at once on PostgreSQL: new drafts get distinct numbers and
racing approvals leave exactly one approved version (the entry row is locked first, as
regimens/versions.py locks the regimen). SQLite runs one writer at a time: PostgreSQL only."""

import pytest
from django.db import connection
from education_kit import approved
from races import at_once

from factories import make_user
from regimens import review_steps
from regimens.education import review
from regimens.education.models import Entry, EntryVersion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
PARALLEL = 8


def edited_copy(n: int) -> EntryVersion:
    copy = approved(Entry.Kind.QUESTION, "sun")
    copy.title = f"Sun question, edit {n}"
    return copy


def test_drafts_saved_at_once_get_distinct_numbers():
    editors = [make_user(f"editor-{i}", is_staff=True) for i in range(PARALLEL)]
    outcomes = at_once(
        lambda i: review.save_as_new_version(edited_copy(i), user=editors[i]), PARALLEL
    )
    assert all(isinstance(v, EntryVersion) for v in outcomes), outcomes
    numbers = sorted(v.version for v in outcomes)
    assert numbers == list(range(2, PARALLEL + 2))


def test_approvals_at_once_leave_exactly_one_approved_version():
    drafts = [review.save_as_new_version(edited_copy(i)) for i in range(PARALLEL)]
    for draft in drafts:
        review.submit_for_review(draft)
    reviewer = make_user("root", is_staff=True, is_superuser=True)  # groups: flushed here
    outcomes = at_once(lambda i: review.approve(drafts[i], user=reviewer), PARALLEL)
    # All drafted from v1: the first approved wins; each other would undo it, so is refused
    # (review_steps.Workflow.base_problem), not approved over it.
    refused = [o for o in outcomes if isinstance(o, review_steps.ApprovalRefused)]
    assert len(refused) == PARALLEL - 1, outcomes
    assert all("has been approved since" in str(o) for o in refused)
    entry = drafts[0].entry
    assert entry.versions.filter(status="approved").count() == 1
    assert entry.versions.filter(status="retired").count() == 1  # the seed's
