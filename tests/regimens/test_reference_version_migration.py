"""The migration that put references through review (regimens 0011): every reference keeps
its text as an approved version 1, and going back restores it on the reference."""

import pytest
from migrating import migrate, old_schema

from regimens.education import review
from regimens.education.models import ReferenceVersion

BEFORE = [("regimens", "0010_jurisdictions")]
AFTER = [("regimens", "0011_reference_versions")]
TEXT = {
    "title": "A label, as édited ²",
    "source": "label",
    "url": "https://example.org/label",
    "note": "What it covers.",
}


@pytest.fixture
def old_apps(transactional_db):
    yield from old_schema(BEFORE)


def test_each_reference_keeps_its_text_approved_and_can_go_back(old_apps):
    old_apps.get_model("regimens", "Reference").objects.create(key="label-x", **TEXT)

    apps = migrate(AFTER)

    version = apps.get_model("regimens", "ReferenceVersion").objects.get(reference__key="label-x")
    assert (version.version, version.status, version.reviewer_role) == (
        1,
        "approved",
        "Editorial team",
    )
    assert {name: getattr(version, name) for name in TEXT} == TEXT
    assert version.approved_digest == review.content_digest(ReferenceVersion(**TEXT))
    editors = apps.get_model("auth", "Group").objects.get(name="Regimen editors")
    codes = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_referenceversion", "change_referenceversion"} <= codes

    apps = migrate(BEFORE)
    reference = apps.get_model("regimens", "Reference").objects.get(key="label-x")
    assert {name: getattr(reference, name) for name in TEXT} == TEXT
