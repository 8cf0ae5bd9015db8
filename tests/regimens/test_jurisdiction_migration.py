"""The migration that made jurisdictions data (regimens 0010, planner 0013): every rule version
and every profile keeps its jurisdiction, now an approved one with the name and document the
former choices gave it."""

import datetime as dt
from decimal import Decimal

import pytest
from migrating import latest, migrate, old_schema

BEFORE = [("regimens", "0009_education"), ("planner", "0012_assessment_reminder")]
RULE = {
    "product": "Aldara (imiquimod) and generics",
    "strength": "5%",
    "indication": "actinic-keratosis",
    "indication_label": "Actinic keratosis",
    "applications_per_week": 3,
    "default_weekdays": "mon,wed,fri",
    "min_days_between": 2,
    "course_days": 28,
    "cap_days": 28,
    "contact_hours_default": Decimal(8),
    "contact_hours_min": Decimal(8),
    "contact_hours_max": Decimal(8),
    "default_time": dt.time(22),
    "box_sizes": "12,24",
    "status": "approved",
}


@pytest.fixture
def old_apps(transactional_db):
    yield from old_schema(BEFORE)


def test_rules_and_profiles_keep_their_jurisdictions(old_apps):
    Regimen = old_apps.get_model("regimens", "Regimen")
    RuleVersion = old_apps.get_model("regimens", "RuleVersion")
    User = old_apps.get_model("auth", "User")
    Profile = old_apps.get_model("planner", "Profile")
    for slug, code in (("ak", "us"), ("ak-eu", "eu-uk"), ("ak-xx", "xx")):
        regimen = Regimen.objects.create(slug=slug)
        RuleVersion.objects.create(regimen=regimen, version=1, jurisdiction=code, **RULE)
    for name, region in (("a", "eu-uk"), ("b", ""), ("c", "zz")):
        Profile.objects.create(user=User.objects.create(username=name), region=region)

    apps = migrate(latest())

    rules = apps.get_model("regimens", "RuleVersion").objects.order_by("regimen__slug")
    assert [
        (r.jurisdiction, r.jurisdiction_name, r.jurisdiction_authority, r.jurisdiction_in_title)
        for r in rules
    ] == [
        ("us", "US", "FDA prescribing information", False),
        ("eu-uk", "EU/UK", "summary of product characteristics (SmPC)", True),
        ("xx", "XX", "label", True),
    ]
    regions = apps.get_model("planner", "Profile").objects.order_by("user__username")
    assert [p.region for p in regions] == ["eu-uk", "", "zz"]
    approved = apps.get_model("regimens", "JurisdictionVersion").objects.filter(status="approved")
    assert [(v.jurisdiction.code, v.name, v.position) for v in approved.order_by("position")] == [
        ("us", "US", 1),
        ("eu-uk", "EU/UK", 2),
        ("xx", "XX", 3),
        ("zz", "ZZ", 4),
    ]
