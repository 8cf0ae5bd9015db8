import datetime as dt
import io
import re
import tomllib

import pytest
from django.core.management import call_command

from factories import REGIMEN_SLUGS, approved_rule, make_plan
from regimens import versions
from regimens.catalogue import SEED_FILE
from regimens.models import Regimen, RuleVersion

SLUGS = set(REGIMEN_SLUGS)


def load(*args) -> str:
    out = io.StringIO()
    call_command("loadregimens", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_nine_regimens(db):
    output = load()
    assert set(Regimen.objects.values_list("slug", flat=True)) == SLUGS
    assert RuleVersion.objects.approved().count() == 9
    assert output.count(": added") == 12  # and the 3 products' limits


def test_it_changes_nothing_when_run_twice(db):
    load()
    before = list(RuleVersion.objects.values_list("id", "version", "status", "updated_at"))
    output = load()
    assert output.count(": unchanged") == 14  # and the 3 products' limits, 2 jurisdictions
    assert list(RuleVersion.objects.values_list("id", "version", "status", "updated_at")) == before


def test_it_keeps_a_rule_that_staff_edited(db):
    load()
    staff_edit(min_days_between=4)
    output = load()
    assert "aldara-ak: kept" in output
    assert "use --force" in output
    assert approved_rule("aldara-ak").min_days_between == 4


def test_force_replaces_a_staff_edit_and_lists_the_change(db):
    load()
    staff_edit(min_days_between=4)
    output = load("--force")
    assert "aldara-ak: updated" in output
    assert "min_days_between: 4 -> 3" in output
    rule = approved_rule("aldara-ak")
    assert rule.min_days_between == 3
    assert rule.version == 3
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak", status="retired").count() == 2


def test_every_seeded_version_records_the_digest_of_what_it_approved(db):
    load()
    staff_edit(min_days_between=4)
    load("--force")  # a seed version approved over a staff edit
    seeded = [
        version
        for model in versions.VERSIONED
        for version in model.objects.approved().filter(origin="seed")
    ]
    assert len(seeded) == 14  # 9 rules, 3 products' limits, 2 jurisdictions
    assert all(v.approved_digest == versions.content_digest(v) for v in seeded)


def test_a_changed_seed_makes_a_new_version_and_leaves_plans_alone(db, owner, tmp_path):
    load()
    plan = make_plan(owner, "aldara-ak")
    seed = tmp_path / "regimens.toml"
    seed.write_text(SEED_FILE.read_text().replace('timing_note = "', 'timing_note = "Changed. ', 1))
    output = load("--file", str(seed))
    first_slug = tomllib.loads(seed.read_text())["regimen"][0]["slug"]
    assert f"{first_slug}: updated" in output
    plan.refresh_from_db()
    assert plan.rule.version == 1
    assert approved_rule(first_slug).version == 2


def test_it_reports_an_unreadable_file(db, tmp_path):
    with pytest.raises(Exception, match="Cannot read"):
        load("--file", str(tmp_path / "missing.toml"))


def staff_edit(**changes):
    """What the admin does: a new version, made by staff, replacing the approved one."""
    old = approved_rule("aldara-ak")
    old.status = RuleVersion.Status.RETIRED
    old.save()
    old.pk = None
    old.version += 1
    old.status = RuleVersion.Status.APPROVED
    old.origin = RuleVersion.Origin.ADMIN
    for name, value in changes.items():
        setattr(old, name, value)
    old.save()


def test_a_seed_reviewed_again_moves_its_date_and_makes_no_new_version(db, client, owner, tmp_path):
    """A new review date alone is not a change of the rule: a plan on it must not be told
    "a newer version of this regimen's rule exists". Rules, limits and jurisdictions alike."""
    load()
    loaded = {
        model: list(model.objects.values_list("pk", "version")) for model in versions.VERSIONED
    }
    plan = make_plan(owner, "aldara-ak")
    seed = tmp_path / "regimens.toml"
    seed.write_text(
        re.sub(r'last_reviewed = "[^"]+"', 'last_reviewed = "2026-12-01"', SEED_FILE.read_text())
    )
    output = load("--file", str(seed))
    assert output.count(": reviewed again") == 14 and ": updated" not in output
    for model in versions.VERSIONED:
        assert list(model.objects.values_list("pk", "version")) == loaded[model]
        approved = model.objects.approved().values_list("last_reviewed", flat=True)
        assert set(approved) == {dt.date(2026, 12, 1)}
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "newer version" not in body
    assert (
        'Last reviewed: <time datetime="2026-12-01">'
        in client.get("/regimens/aldara-ak/").content.decode()
    )
