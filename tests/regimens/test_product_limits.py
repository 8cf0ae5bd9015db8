"""Product limits (how far a clinician's own schedule may go): seeded, round-tripped by
dumpregimens, and edited in the admin through the rules' review workflow (draft -> in review
-> approved, four eyes, digest)."""

import io
import json
import tomllib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from review_roles import make_editor, make_reviewer

from regimens import versions
from regimens.catalogue import LIMITS_FIELDS, SEED_FILE
from regimens.models import Product, ProductLimits, RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
CHANGELIST = "/admin/regimens/productlimits/"
EDITABLE = [
    "contact_hours_min", "contact_hours_max", "longest_course_weeks", "allowed_weeks",
    "min_hours_between",
]  # fmt: skip


def approved_limits(slug="aldara-5") -> ProductLimits:
    return ProductLimits.objects.approved().select_related("product").get(product__slug=slug)


def form_data(limits, **changes) -> dict:
    data = {name: str(getattr(limits, name)) for name in EDITABLE}
    data["sources"] = data["initial-sources"] = json.dumps(limits.sources)
    return {**data, **changes}


def change_url(limits) -> str:
    return f"{CHANGELIST}{limits.pk}/change/"


def workflow_url(limits, step) -> str:
    return f"{change_url(limits).removesuffix('change/')}workflow/{step}/"


def test_the_seeds_give_each_product_its_approved_limits():
    rows = {row.product.slug: row.spec() for row in ProductLimits.objects.approved()}
    assert set(rows) == {"aldara-5", "zyclara-3-75", "zyclara-2-5"}
    assert (rows["aldara-5"].contact_hours_min, rows["aldara-5"].contact_hours_max) == (6, 10)
    assert rows["aldara-5"].product == "Aldara 5%"
    assert [rows[slug].max_weeks for slug in ("aldara-5", "zyclara-3-75", "zyclara-2-5")] == [
        16,
        8,
        6,
    ]


def test_the_seeded_limits_are_those_of_their_products_label_regimens():
    """The range and the longest course are derived from the label rules: they agree."""
    for limits in ProductLimits.objects.approved().select_related("product"):
        product = limits.product
        rules = RuleVersion.objects.approved().filter(
            product=product.product, strength=product.strength
        )
        assert rules, product
        assert limits.contact_hours_min == min(rule.contact_hours_min for rule in rules)
        assert limits.contact_hours_max == max(rule.contact_hours_max for rule in rules)
        assert limits.longest_course_weeks * 7 == max(rule.cap_days for rule in rules)


def test_loading_again_changes_nothing_and_keeps_an_admin_edit():
    out = io.StringIO()
    call_command("loadregimens", stdout=out)
    assert "aldara-5 limits: unchanged" in out.getvalue()
    approve(approved_limits(), allowed_weeks=20)
    call_command("loadregimens", stdout=(out := io.StringIO()))
    assert "aldara-5 limits: kept" in out.getvalue()
    assert "allowed_weeks: 20 -> 0" in out.getvalue()


def test_a_dump_loaded_into_an_empty_database_gives_the_same_limits(tmp_path):
    approve(approved_limits(), allowed_weeks=20, contact_hours_max=Decimal("9.5"))
    before = {row.product.slug: values(row) for row in ProductLimits.objects.approved()}
    dump = tmp_path / "regimens.toml"
    call_command("dumpregimens", "--output", str(dump), stdout=io.StringIO())
    ProductLimits.objects.all().delete()
    Product.objects.all().delete()
    call_command("loadregimens", "--file", str(dump), stdout=io.StringIO())
    after = {row.product.slug: values(row) for row in ProductLimits.objects.approved()}
    assert after == before
    assert after["aldara-5"]["allowed_weeks"] == 20


def test_a_dump_of_the_seeds_has_the_seed_files_limits():
    out = io.StringIO()
    call_command("dumpregimens", stdout=out)
    assert tomllib.loads(out.getvalue())["limits"] == tomllib.loads(SEED_FILE.read_text())["limits"]


def values(row) -> dict:
    return {name: getattr(row, name) for name in LIMITS_FIELDS}


def approve(limits, **changes) -> ProductLimits:
    for name, value in changes.items():
        setattr(limits, name, value)
    draft = versions.submit_for_review(versions.save_as_new_version(limits, user=make_editor()))
    versions.approve(draft, user=make_reviewer())
    return draft


def test_an_approved_allowance_replaces_the_old_limits_for_new_plans_only():
    old = approved_limits()
    new = approve(approved_limits(), allowed_weeks=20)
    old.refresh_from_db()
    assert old.status == "retired"
    assert approved_limits().pk == new.pk
    assert approved_limits().spec().max_weeks == 20
    assert versions.name(new) == "Version 2 of aldara-5 limits"


def test_limits_are_approved_by_a_reviewer_who_did_not_make_the_edit():
    editor = make_editor()
    limits = approved_limits()
    limits.allowed_weeks = 20
    draft = versions.submit_for_review(versions.save_as_new_version(limits, user=editor))
    editor.groups.add(*make_reviewer().groups.all())
    with pytest.raises(versions.ApprovalRefused, match="you made its last edit"):
        versions.approve(draft, user=editor)
    ProductLimits.objects.filter(pk=draft.pk).update(allowed_weeks=30)
    with pytest.raises(versions.ApprovalRefused, match="not what was submitted"):
        versions.approve(draft, user=make_reviewer("second"))


def test_the_digest_and_the_review_list_cover_every_limit():
    limits = approved_limits()
    digest = versions.content_digest(limits)
    limits.contact_hours_max = Decimal("9")
    assert versions.content_digest(limits) != digest
    old = approved_limits()
    assert versions.field_changes(old, limits) == [("Longest contact hours", "10", "9")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_hours_min": Decimal("11")}, "contact_hours_min"),
        ({"allowed_weeks": 16}, "allowed_weeks"),
        ({"longest_course_weeks": 0}, "longest_course_weeks"),
        ({"min_hours_between": 23}, "min_hours_between"),
        ({"min_hours_between": 9}, "min_hours_between"),  # below the longest contact, 10
    ],
)
def test_limits_that_cannot_hold_are_refused(changes, field):
    limits = approved_limits()
    for name, value in changes.items():
        setattr(limits, name, value)
    with pytest.raises(ValidationError) as caught:
        limits.full_clean()
    assert field in caught.value.message_dict


# --- the admin --------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def test_an_editor_sees_the_limits_and_what_the_labels_say(client, editor):
    assert client.get(CHANGELIST).status_code == 200
    body = client.get(change_url(approved_limits())).content.decode()
    assert "6 to 10 hours; the longest course 16 weeks" in body
    assert "Version 1: Approved" in body


def test_an_editors_change_to_approved_limits_is_a_new_draft_they_submit(client, editor):
    limits = approved_limits()
    response = client.post(change_url(limits), form_data(limits, allowed_weeks="20"))
    draft = ProductLimits.objects.get(product__slug="aldara-5", version=2)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert (draft.status, draft.allowed_weeks, draft.last_edited_by) == ("draft", 20, editor)
    assert approved_limits().allowed_weeks == 0
    body = client.get(change_url(draft)).content.decode()
    assert "What this version changes from the approved version 1" in body
    assert "Submit for review" in body and ">Approve<" not in body
    client.post(workflow_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == "review" and draft.submitted_digest
    assert client.post(workflow_url(draft, "approve")).status_code == 403


def test_a_reviewer_approves_limits_in_the_admin(client, editor):
    limits = approved_limits()
    limits.allowed_weeks = 20
    draft = versions.submit_for_review(versions.save_as_new_version(limits, user=editor))
    client.force_login(make_reviewer())
    assert 'value="Approve"' in client.get(change_url(draft)).content.decode()
    response = client.post(workflow_url(draft, "approve"), follow=True)
    assert "Version 2 of aldara-5 limits is now approved." in response.content.decode()
    assert approved_limits().pk == draft.pk


def test_an_invalid_allowance_is_explained_by_its_field(client, editor):
    limits = approved_limits()
    response = client.post(change_url(limits), form_data(limits, allowed_weeks="12"))
    assert response.status_code == 200
    assert "allowed_weeks" in response.context["adminform"].form.errors
    assert ProductLimits.objects.filter(product__slug="aldara-5").count() == 1
