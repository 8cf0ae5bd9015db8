"""A draft made from a version that is no longer the approved one is not approved: approving
it would silently undo the changes approved since, and, being numbered lower than the
approved version, would hide the next approval from plans on the latest one (both
`versions.newer_approved` and the alerts compare version numbers)."""

import contextlib
import datetime as dt

import pytest
from django.contrib.auth.models import User
from review_roles import make_editor, make_reviewer
from test_admin import CHANGELIST, change_url, form_data, messages_of

from factories import approved_rule, make_plan
from planner.reminders.models import Delivery, RuleWatch
from regimens import versions
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def staff(db):
    return {"editor": make_editor(), "reviewer": make_reviewer()}


def user(role: str):
    return User.objects.get(username=role)


def draft_from(rule, **changes) -> RuleVersion:
    """An editor's edit of `rule` (any locked version), saved as the next draft."""
    for name, value in changes.items():
        setattr(rule, name, value)
    return versions.save_as_new_version(rule, user=user("editor"))


def submitted(rule, **changes) -> RuleVersion:
    return versions.submit_for_review(draft_from(rule, **changes))


def approve(rule) -> RuleVersion:
    versions.approve(rule, user=user("reviewer"), today=TODAY)
    rule.refresh_from_db()
    return rule


@pytest.fixture
def walked(db):
    """The admin walk: v2 approved; v3 drafted from v2 and submitted; v4 drafted from v2 and
    v5 from v4 (in review); v4 then v5 approved. v3 still waits in review."""
    v2 = approve(submitted(approved_rule(), timing_note="v2"))
    v3 = submitted(approved_rule(), timing_note="v3, from v2")
    v4 = submitted(approved_rule(), timing_note="v4, from v2")
    v5 = submitted(RuleVersion.objects.get(pk=v4.pk), amount="v5, from v4")
    approve(v4)
    approve(v5)
    assert [rule.version for rule in (v2, v3, v4, v5)] == [2, 3, 4, 5]
    return v3


def test_a_draft_of_a_version_since_replaced_is_not_approved(walked):
    with pytest.raises(
        versions.ApprovalRefused,
        match=(
            "Version 3 of aldara-ak cannot be approved: it was drafted from v2, and v5 has "
            "been approved since"
        ),
    ):
        approve(walked)
    assert RuleVersion.objects.get(pk=walked.pk).status == "review"
    current = approved_rule()
    assert (current.version, current.timing_note, current.amount) == (
        5,
        "v4, from v2",
        "v5, from v4",
    )


def test_a_draft_of_a_draft_of_the_approved_version_is_approved():
    v2 = submitted(approved_rule(), timing_note="v2")
    v3 = submitted(RuleVersion.objects.get(pk=v2.pk), amount="v3")
    assert approve(v3).status == "approved"  # v3 holds v2's changes and the approved v1's rest


def test_an_edit_of_a_retired_version_is_not_even_submitted():
    """Its editor hears it at once, not the reviewer later."""
    v1 = approved_rule()
    approve(submitted(approved_rule(), timing_note="v2"))
    v3 = draft_from(RuleVersion.objects.get(pk=v1.pk), amount="From the retired v1.")
    with pytest.raises(
        versions.TransitionError,
        match="Version 3 of aldara-ak cannot be submitted for review: it was drafted from v1, "
        "and v2 has been approved since",
    ):
        versions.submit_for_review(v3)
    assert RuleVersion.objects.get(pk=v3.pk).status == "draft"
    assert approved_rule().version == 2


def test_the_admin_tells_the_editor_before_and_after_the_edit(client):
    v1 = approved_rule()
    approve(submitted(approved_rule(), timing_note="v2"))
    client.force_login(user("editor"))
    retired = " ".join(client.get(change_url(v1)).content.decode().split())
    assert "Version 2 is the approved version now: edit that one." in retired
    v3 = draft_from(RuleVersion.objects.get(pk=v1.pk), amount="From the retired v1.")
    page = " ".join(client.get(change_url(v3)).content.decode().split())
    assert "cannot be submitted for review: it was drafted from v1, and v2 has been" in page
    assert 'value="Submit for review"' not in page


def test_a_plan_on_the_latest_approved_version_is_told_of_the_next(walked, owner):
    plan = make_plan(owner, "aldara-ak")
    assert plan.rule.version == 5
    RuleWatch.objects.create(plan=plan, email=True)
    with contextlib.suppress(versions.ApprovalRefused):
        approve(walked)  # refused: v5 stays the approved version
    v6 = approve(submitted(approved_rule(), timing_note="v6, from v5"))
    assert v6.amount == "v5, from v4"
    assert versions.newer_approved(plan.rule).pk == v6.pk
    assert Delivery.objects.filter(plan=plan, rule=v6, kind=Delivery.Kind.RULE_CHANGED).exists()


def test_the_admin_refuses_it_with_the_reason_and_offers_no_approve_button(client, walked):
    client.force_login(user("reviewer"))
    body = client.get(change_url(walked)).content.decode()
    assert 'value="Approve"' not in body
    assert "drafted from v2, and v5 has been approved since" in body
    response = client.post(f"{CHANGELIST}{walked.pk}/workflow/approve/")
    assert messages_of(response)[-1].startswith(
        "Version 3 of aldara-ak cannot be approved: it was drafted from v2, and v5 has been "
        "approved since"
    )
    assert RuleVersion.objects.get(pk=walked.pk).status == "review"
    assert approved_rule().version == 5


def test_a_version_added_in_the_admin_replaces_only_the_version_approved_then(client):
    pending = submitted(approved_rule(), amount="v2, from v1")
    rule = approved_rule()
    client.force_login(user("editor"))
    data = form_data(rule, regimen=str(rule.regimen_id), timing_note="Typed anew.")
    assert client.post(f"{CHANGELIST}add/", data).status_code == 302
    added = RuleVersion.objects.get(regimen__slug="aldara-ak", version=3)
    assert added.drafted_from == 1
    approve(pending)
    with pytest.raises(versions.TransitionError, match="drafted from v1, and v2 has been"):
        versions.submit_for_review(added)
