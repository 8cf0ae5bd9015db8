"""Property-based fuzzing of the rule admin's forms: whatever an editor types, never a 500,
and a rejected edit saves nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_admin import EDITABLE, change_url, form_data

from factories import approved_rule, make_user
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion
from regimens.models import Regimen, RuleVersion
from tests.planner.test_fuzz_forms import each_fuzzed_form_is_cleaned  # noqa: F401 (autouse)

pytestmark = pytest.mark.usefixtures("catalogue")
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "0", "-1", "9" * 30, "NaN", "Infinity", "1e999", "[]", "{}", "[1, 2]", "null",
         '[{"url": 1}]', '"x"', "25:61", "x" * 5000, "\x00", "ünïcödé"]
    ),
)  # fmt: skip
FIELDS = [*EDITABLE, "default_time", "sources", "until_cleared"]


@pytest.fixture
def staff(client, db):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))


def rows():
    return list(RuleVersion.objects.order_by("pk").values())


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), junk, min_size=1, max_size=4))
def test_the_rule_change_form_never_fails_and_saves_nothing_it_rejects(client, staff, changes):
    rule = approved_rule()
    before = rows()
    response = client.post(change_url(rule), form_data(rule, **changes))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["adminform"].form.errors
        assert rows() == before
    else:  # accepted: the approved version is untouched, an edit is a new draft
        assert list(RuleVersion.objects.filter(pk=rule.pk).values()) == [
            row for row in before if row["id"] == rule.pk
        ]
        added = RuleVersion.objects.exclude(pk__in=[row["id"] for row in before])
        # None when the junk was the stored value again (a blank cycles field left blank):
        # test_saving_an_approved_version_unchanged_makes_no_draft
        assert [draft.status for draft in added] in ([RuleVersion.Status.DRAFT], [])
        added.delete()  # the next example starts from the catalogue again


@FUZZ
@given(start=junk)
def test_the_schedule_previews_start_date_never_fails(client, staff, start):
    response = client.get(change_url(approved_rule()), {"preview_start": start})
    assert response.status_code == (400 if "\x00" in start else 200)  # planner.middleware


@FUZZ
@given(slug=junk)
def test_the_regimen_add_form_never_fails(client, staff, slug):
    before = list(Regimen.objects.values_list("slug", flat=True))
    response = client.post("/admin/regimens/regimen/add/", {"slug": slug})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(Regimen.objects.values_list("slug", flat=True)) == before
    else:
        Regimen.objects.filter(slug=slug).delete()


# Jurisdictions (regimens/jurisdictions.py): the same promise for their two admin forms.
JURISDICTION_FIELDS = ["name", "authority", "position", "in_titles", "time_zones", "sources"]


def jurisdiction_rows():
    return list(JurisdictionVersion.objects.order_by("pk").values())


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(JURISDICTION_FIELDS), junk, min_size=1, max_size=3))
def test_the_jurisdiction_change_form_never_fails_and_saves_nothing_it_rejects(
    client, staff, changes
):
    row = JurisdictionVersion.objects.approved().get(jurisdiction__code="eu-uk")
    data = {"name": row.name, "authority": row.authority, "position": str(row.position)}
    data.update(in_titles="on", time_zones=row.time_zones)
    data["sources"] = data["initial-sources"] = json.dumps(row.sources)
    before = jurisdiction_rows()
    response = client.post(
        f"/admin/regimens/jurisdictionversion/{row.pk}/change/", {**data, **changes}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert jurisdiction_rows() == before
    else:  # accepted: a new draft (or nothing, for the same values), the approved one untouched
        added = JurisdictionVersion.objects.exclude(pk__in=[r["id"] for r in before])
        assert [draft.status for draft in added] in (["draft"], [])
        assert [r for r in jurisdiction_rows() if r["id"] in {b["id"] for b in before}] == before
        added.delete()


@FUZZ
@given(code=junk)
def test_the_jurisdiction_add_form_never_fails(client, staff, code):
    before = list(Jurisdiction.objects.values_list("code", flat=True))
    response = client.post("/admin/regimens/jurisdiction/add/", {"code": code})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(Jurisdiction.objects.values_list("code", flat=True)) == before
    Jurisdiction.objects.exclude(code__in=before).delete()
