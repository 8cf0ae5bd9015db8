"""Jurisdictions (whose label a regimen follows): seeded, round-tripped by dumpregimens, and
edited in the admin through the rules' review workflow (draft -> in review -> approved by
someone other than the last editor). Only approved versions reach the pages and forms: the
profile's region choice, the plan form's order, and what a rule says of its label."""

import io
import json
import re
import tomllib

import pytest
from django.core.management import call_command
from review_roles import make_editor, make_reviewer

from factories import PASSWORD, approved_rule
from planner.accounts.models import Profile
from regimens import jurisdictions, versions
from regimens.catalogue import JURISDICTION_FIELDS, SEED_FILE
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
CHANGELIST = "/admin/regimens/jurisdictionversion/"
EU_FIRST = ["aldara-ak-eu", "aldara-egw-eu", "aldara-sbcc-eu", "aldara-ak"]
US_FIRST = ["aldara-ak", "aldara-egw", "aldara-sbcc", "zyclara-ak-2-5"]


def approved(code="eu-uk") -> JurisdictionVersion:
    return JurisdictionVersion.objects.approved().get(jurisdiction__code=code)


def form_data(row, **changes) -> dict:
    data = {"name": row.name, "authority": row.authority, "position": str(row.position)}
    data["time_zones"] = row.time_zones
    if row.in_titles:
        data["in_titles"] = "on"
    data["sources"] = data["initial-sources"] = json.dumps(row.sources)
    return {**data, **changes}


def change_url(row) -> str:
    return f"{CHANGELIST}{row.pk}/change/"


def workflow_url(row, step) -> str:
    return f"{CHANGELIST}{row.pk}/workflow/{step}/"


def approve(row, **changes) -> JurisdictionVersion:
    for name, value in changes.items():
        setattr(row, name, value)
    editor = make_editor(f"editor-{row.pk}")
    draft = versions.submit_for_review(versions.save_as_new_version(row, user=editor))
    versions.approve(draft, user=make_reviewer(f"reviewer-{row.pk}"))
    return draft


def new_jurisdiction(code="ca", **fields) -> JurisdictionVersion:
    values = {"name": "Canada", "authority": "product monograph", "position": 3, **fields}
    values.setdefault("sources", [{"title": "Canadian product monograph", "ref": "ca-pm"}])
    return JurisdictionVersion.objects.create(
        jurisdiction=Jurisdiction.objects.create(code=code), version=1, **values
    )


def regimen_order(client) -> list[str]:
    body = client.get("/plans/new/").content.decode()
    select = re.search(r'<select name="regimen".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="([a-z0-9-]+)"', select)


def region_options(client) -> list[tuple[str, str]]:
    body = client.get("/accounts/profile/").content.decode()
    select = re.search(r'<select name="region".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="([a-z0-9-]*)"[^>]*>([^<]*)</option>', select)


# --- seeds -----------------------------------------------------------------------------------


def test_the_seeds_give_two_approved_jurisdictions_that_the_rules_name():
    assert jurisdictions.choices() == [("us", "US"), ("eu-uk", "EU/UK")]
    rule = approved_rule("aldara-ak-eu")
    assert rule.title == "Aldara 5%: Actinic keratosis (EU/UK)"
    assert rule.jurisdiction_text == "EU/UK: summary of product characteristics (SmPC)"
    assert approved_rule("aldara-ak").title == "Aldara 5%: Actinic keratosis"
    assert approved_rule("aldara-ak").jurisdiction_text == "US: FDA prescribing information"


def test_loading_again_changes_nothing_and_keeps_an_admin_edit():
    call_command("loadregimens", stdout=(out := io.StringIO()))
    assert "eu-uk jurisdiction: unchanged" in out.getvalue()
    approve(approved(), name="EU and UK")
    call_command("loadregimens", stdout=(out := io.StringIO()))
    assert "eu-uk jurisdiction: kept" in out.getvalue()
    assert "name: 'EU and UK' -> 'EU/UK'" in out.getvalue()


def test_a_dump_of_the_seeds_has_the_seed_files_jurisdictions():
    call_command("dumpregimens", stdout=(out := io.StringIO()))
    dumped = tomllib.loads(out.getvalue())["jurisdiction"]
    assert dumped == tomllib.loads(SEED_FILE.read_text())["jurisdiction"]


def test_a_dump_loaded_into_an_empty_database_gives_the_same_jurisdictions(tmp_path):
    approve(approved(), name="EU and UK", position=5)
    approve(new_jurisdiction())
    before = {row.code: values(row) for row in jurisdictions.approved()}
    dump = tmp_path / "regimens.toml"
    call_command("dumpregimens", "--output", str(dump), stdout=io.StringIO())
    JurisdictionVersion.objects.all().delete()
    Jurisdiction.objects.all().delete()
    call_command("loadregimens", "--file", str(dump), stdout=io.StringIO())
    after = {row.code: values(row) for row in jurisdictions.approved()}
    assert after == before
    assert after["eu-uk"]["name"] == "EU and UK" and after["ca"]["authority"] == "product monograph"


def values(row) -> dict:
    return {name: getattr(row, name) for name in JURISDICTION_FIELDS}


def test_a_renamed_jurisdiction_reaches_the_seed_regimens_with_their_next_version():
    approve(approved(), name="EU and UK")
    call_command("loadregimens", stdout=(out := io.StringIO()))
    assert "aldara-ak-eu: updated" in out.getvalue()
    assert approved_rule("aldara-ak-eu").title == "Aldara 5%: Actinic keratosis (EU and UK)"
    old = RuleVersion.objects.get(regimen__slug="aldara-ak-eu", version=1)
    assert old.title == "Aldara 5%: Actinic keratosis (EU/UK)"  # what its plans keep


# --- the review workflow ------------------------------------------------------------------------


def test_an_approved_edit_replaces_the_old_version_and_is_named_in_messages():
    old = approved()
    new = approve(approved(), authority="SmPC")
    old.refresh_from_db()
    assert (old.status, approved().pk) == ("retired", new.pk)
    assert versions.name(new) == f"Version {old.version + 1} of the eu-uk jurisdiction"
    assert versions.field_changes(old, new) == [
        ("Label document", "summary of product characteristics (SmPC)", "SmPC")
    ]


def test_a_jurisdiction_is_approved_by_a_reviewer_who_did_not_make_the_edit():
    editor = make_editor()
    row = approved()
    row.name = "EU and UK"
    draft = versions.submit_for_review(versions.save_as_new_version(row, user=editor))
    editor.groups.add(*make_reviewer().groups.all())
    with pytest.raises(versions.ApprovalRefused, match="you made its last edit"):
        versions.approve(draft, user=editor)
    JurisdictionVersion.objects.filter(pk=draft.pk).update(name="Europe")
    with pytest.raises(versions.ApprovalRefused, match="not what was submitted"):
        versions.approve(draft, user=make_reviewer("second"))


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def test_an_editors_change_is_a_draft_that_no_page_or_form_uses(client, editor):
    row = approved()
    response = client.post(change_url(row), form_data(row, name="EU and UK", position="0"))
    draft = JurisdictionVersion.objects.get(jurisdiction__code="eu-uk", status="draft")
    assert response["Location"] == change_url(draft)
    assert (draft.status, draft.name, draft.last_edited_by) == ("draft", "EU and UK", editor)
    assert approved().name == "EU/UK"
    assert ("eu-uk", "EU/UK") in region_options(client)
    assert regimen_order(client)[:4] == US_FIRST  # the draft's order is not used
    body = client.get(change_url(draft)).content.decode()
    assert "Submit for review" in body and ">Approve<" not in body
    client.post(workflow_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == "review" and draft.submitted_digest
    assert client.post(workflow_url(draft, "approve")).status_code == 403
    assert approved().pk == row.pk


def test_an_editor_who_is_also_a_reviewer_cannot_approve_their_own_edit(client, editor):
    editor.groups.add(*make_reviewer().groups.all())
    row = approved()
    client.post(change_url(row), form_data(row, name="EU and UK"))
    draft = JurisdictionVersion.objects.get(jurisdiction__code="eu-uk", status="draft")
    client.post(workflow_url(draft, "submit"))
    assert 'value="Approve"' not in client.get(change_url(draft)).content.decode()
    response = client.post(workflow_url(draft, "approve"), follow=True)
    assert "you made its last edit" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by) == ("review", None)


def test_once_another_reviewer_approves_the_forms_use_it(client, editor, owner):
    row = approved()
    client.post(change_url(row), form_data(row, name="EU and UK", position="0"))
    draft = JurisdictionVersion.objects.get(jurisdiction__code="eu-uk", status="draft")
    client.post(workflow_url(draft, "submit"))
    client.force_login(make_reviewer())
    assert client.post(workflow_url(draft, "approve")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_digest == versions.content_digest(draft)
    client.force_login(owner)  # no region set: the first jurisdiction's regimens come first
    assert regimen_order(client)[:4] == EU_FIRST
    assert region_options(client)[:3] == [
        ("", "Not set (EU and UK labels first)"),
        ("eu-uk", "EU and UK"),
        ("us", "US"),
    ]


def test_the_jurisdiction_code_is_fixed_and_never_deleted(client, editor):
    jurisdiction = Jurisdiction.objects.get(code="eu-uk")
    url = f"/admin/regimens/jurisdiction/{jurisdiction.pk}/change/"
    assert "eu-uk" in client.get(url).content.decode()
    client.post(url, {"code": "eu"})
    jurisdiction.refresh_from_db()
    assert jurisdiction.code == "eu-uk"
    assert client.get(f"{url.removesuffix('change/')}delete/").status_code == 403


# --- the forms: only approved jurisdictions ---------------------------------------------------


def test_a_new_jurisdiction_is_offered_for_a_region_only_once_approved(client, owner):
    draft = new_jurisdiction()
    client.force_login(owner)
    assert "ca" not in dict(region_options(client))
    response = client.post("/accounts/profile/", {"region": "ca"})
    assert "Select a valid choice" in response.content.decode()
    assert not Profile.objects.filter(user=owner, region="ca").exists()
    versions.submit_for_review(draft)
    versions.approve(draft, user=make_reviewer("canada-reviewer"))
    assert dict(region_options(client))["ca"] == "Canada"
    assert client.post("/accounts/profile/", {"region": "ca"}).status_code == 302
    assert Profile.objects.get(user=owner).region == "ca"


def test_the_region_puts_its_regimens_first_in_the_approved_order(client, owner):
    Profile.objects.create(user=owner, region="eu-uk")
    client.force_login(owner)
    assert regimen_order(client)[:4] == EU_FIRST
    Profile.objects.filter(user=owner).update(region="us")
    assert regimen_order(client)[:4] == US_FIRST


def test_a_withdrawn_region_stays_with_whoever_has_it(client, owner):
    Profile.objects.create(user=owner, region="eu-uk")
    versions.retire(approved(), user=make_reviewer("retirer"))
    client.force_login(owner)
    assert ("eu-uk", "eu-uk (no longer listed)") in region_options(client)
    assert "eu-uk" not in dict(jurisdictions.choices())
    client.post("/accounts/profile/", {"timezone": "", "bedtime": "", "region": "eu-uk"})
    assert Profile.objects.get(user=owner).region == "eu-uk"


def test_a_rule_may_only_name_an_approved_jurisdiction(client, editor):
    new_jurisdiction()  # a draft
    body = client.get(f"/admin/regimens/ruleversion/{approved_rule().pk}/change/").content
    select = re.search(r'<select name="jurisdiction".*?</select>', body.decode(), re.S).group(0)
    assert re.findall(r'<option value="([a-z-]+)"', select) == ["us", "eu-uk"]


def test_a_rule_draft_copies_its_jurisdictions_approved_name_and_document():
    approve(approved(), name="EU and UK", authority="SmPC")
    rule = approved_rule("aldara-sbcc")
    rule.jurisdiction = "eu-uk"
    draft = versions.save_as_new_version(rule, user=make_editor())
    assert draft.title == "Aldara 5%: Superficial basal cell carcinoma (EU and UK)"
    assert draft.jurisdiction_text == "EU and UK: SmPC"
    assert versions.field_changes(approved_rule("aldara-sbcc"), draft) == [
        ("Jurisdiction", "US", "EU and UK")
    ]


# --- time zones: the region sign-up chooses ----------------------------------------------------


@pytest.mark.parametrize(
    "zone, code",
    [("Europe/Paris", "eu-uk"), ("Atlantic/Madeira", "eu-uk"), ("America/Denver", None),
     ("Australia/Sydney", None), ("Europe", None), ("Atlantic/Bermuda", None)],
)  # fmt: skip
def test_the_seeds_place_europe_and_its_islands_under_the_eu_uk_labels(zone, code):
    found = jurisdictions.for_zone(zone)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    "typed", ["Europe", "Mars/", "Europe/Atlantis", "Europe/, Nowhere/Town", "Europe/*"]
)
def test_the_time_zones_are_names_or_areas_the_zone_database_knows(client, editor, typed):
    row = approved()
    response = client.post(change_url(row), form_data(row, time_zones=typed))
    assert response.status_code == 200
    assert "is neither a time zone name" in response.content.decode()
    assert not JurisdictionVersion.objects.filter(
        jurisdiction__code="eu-uk", status="draft"
    ).exists()


def test_an_approved_change_of_time_zones_chooses_the_region_at_sign_up(client):
    approve(approved(), time_zones="Europe/, America/Toronto")
    data = {"username": "newbie", "email": "n@example.org", "password1": PASSWORD}
    data.update(password2=PASSWORD, timezone="America/Toronto")
    client.post("/accounts/signup/", data)
    assert Profile.objects.get(user__username="newbie").region == "eu-uk"
    assert regimen_order(client)[:4] == EU_FIRST


def test_the_jurisdiction_list_names_each_code_s_approved_jurisdiction(client, editor):
    """Staff look for 'EU/UK', not only its code; a code with no approved version says so."""
    Jurisdiction.objects.create(code="ca")
    body = client.get("/admin/regimens/jurisdiction/").content.decode()
    rows = dict(
        re.findall(
            r'<a href="/admin/regimens/jurisdiction/\d+/change/">([^<]+)</a>'
            r'</th><td class="field-name_approved">([^<]+)</td>',
            body,
        )
    )
    assert rows == {"us": "US", "eu-uk": "EU/UK", "ca": "none approved"}
