"""Reference versions written at once on PostgreSQL, as entry versions are
(test_education_concurrency.py): distinct numbers, and racing approvals leave one approved
text (the reference row is locked first). SQLite runs one writer at a time: PostgreSQL only."""

import pytest
from django.db import connection
from races import at_once
from test_education_concurrency import PARALLEL

from factories import make_user
from regimens import review_steps
from regimens.education import review
from regimens.education.models import ReferenceVersion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]


def edited_copy(n: int) -> ReferenceVersion:
    copy = ReferenceVersion.objects.approved().get(reference__key="seed-002")
    copy.title = f"Patient page, edit {n}"
    return copy


def test_reference_drafts_saved_at_once_get_distinct_numbers():
    editors = [make_user(f"editor-{i}", is_staff=True) for i in range(PARALLEL)]
    outcomes = at_once(
        lambda i: review.save_as_new_version(edited_copy(i), user=editors[i]), PARALLEL
    )
    assert all(isinstance(v, ReferenceVersion) for v in outcomes), outcomes
    assert sorted(v.version for v in outcomes) == list(range(2, PARALLEL + 2))


def test_reference_approvals_at_once_leave_exactly_one_approved_text():
    drafts = [review.save_as_new_version(edited_copy(i)) for i in range(PARALLEL)]
    for draft in drafts:
        review.submit_for_review(draft)
    reviewer = make_user("root", is_staff=True, is_superuser=True)  # groups: flushed here
    outcomes = at_once(lambda i: review.approve(drafts[i], user=reviewer), PARALLEL)
    # All drafted from v1: the first approved wins, the others are refused as out of date.
    refused = [o for o in outcomes if isinstance(o, review_steps.ApprovalRefused)]
    assert len(refused) == PARALLEL - 1, outcomes
    versions = drafts[0].reference.versions
    assert versions.filter(status="approved").count() == 1
    assert versions.filter(status="retired").count() == 1  # the seed's
