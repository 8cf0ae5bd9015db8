"""A plan's links to its regimen's page go to the version the plan follows
(/regimens/<slug>/v<n>/), which says what the plan does, and is still there once the regimen
has a newer version or is retired; the regimen's current page may say otherwise, or be gone."""

import re

import pytest
from django.contrib.auth.models import Group

from factories import approved_rule, make_plan, make_user
from regimens import versions

pytestmark = pytest.mark.usefixtures("catalogue")
SLUG = "aldara-ak-eu"  # has an assessment, whose paragraph links its sources too


def staff(username: str, group: str):
    user = make_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def regimen_links(body: str) -> set[str]:
    return set(re.findall(rf'href="(/regimens/{SLUG}/[^"#]*)', body))


@pytest.fixture
def plan(owner):
    """A plan on v1, then v2 approved and retired: the regimen has no current version."""
    plan = make_plan(owner, SLUG)
    rule = approved_rule(SLUG)
    rule.timing_note = "Says something else."
    draft = versions.submit_for_review(
        versions.save_as_new_version(rule, user=staff("editor", "Regimen editors"))
    )
    reviewer = staff("reviewer", "Regimen reviewers")
    versions.approve(draft, user=reviewer)
    versions.retire(draft, user=reviewer)
    return plan


@pytest.mark.parametrize("page", ["", "log/"])
def test_the_plan_links_to_its_own_version_which_still_answers(client, owner, plan, page):
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/{page}").content.decode()
    assert regimen_links(body) == {f"/regimens/{SLUG}/v1/"}
    response = client.get(f"/regimens/{SLUG}/v1/")
    assert response.status_code == 200
    said = " ".join(response.content.decode().split())
    assert (
        "This is version 1 of this regimen (retired), kept for the plans made with it. This "
        "regimen is no longer offered for new plans." in said
    )
    assert client.get(f"/regimens/{SLUG}/").status_code == 404
