"""The regimens of seeds/regimens.toml as the engine's RuleSpecs, read without Django or a
database, so the engine tests run on the rules the app loads rather than on copies."""

import datetime as dt
import tomllib
from pathlib import Path

from regimens.engine import Phase, RuleSpec, parse_weekdays

SEED_FILE = Path(__file__).parents[2] / "seeds" / "regimens.toml"


def rule_spec(entry: dict) -> RuleSpec:
    """One `[[regimen]]` table -> what RuleVersion.spec() gives once loadregimens stored it."""
    return RuleSpec(
        slug=entry["slug"],
        applications_per_week=entry["applications_per_week"],
        default_weekdays=parse_weekdays(entry["default_weekdays"]),
        min_days_between=entry["min_days_between"],
        course_days=entry["course_days"],
        cap_days=entry["cap_days"],
        until_cleared=entry["until_cleared"],
        cycles=tuple(Phase(on=p["phase"] == "on", days=p["days"]) for p in entry["cycles"]),
        contact_hours_default=float(entry["contact_hours_default"]),
        contact_hours_min=float(entry["contact_hours_min"]),
        contact_hours_max=float(entry["contact_hours_max"]),
        default_time=dt.time.fromisoformat(entry["default_time"]),
        done_hours_before=entry["done_hours_before"],
        done_hours_after=entry["done_hours_after"],
        min_hours_between=entry["min_hours_between"],
        assessment_weeks_off=entry["assessment_weeks_off"],
        repeat_course_weeks=entry["repeat_course_weeks"],
    )


with open(SEED_FILE, "rb") as handle:
    SEED_RULES = {entry["slug"]: rule_spec(entry) for entry in tomllib.load(handle)["regimen"]}


def test_the_seed_rules_are_what_the_app_loads(catalogue):
    """rule_spec() repeats the app's translation (catalogue.seed_to_fields, then
    RuleVersion.spec()); this keeps the two the same."""
    from regimens.models import RuleVersion  # here, so the engine tests import no models

    loaded = RuleVersion.objects.approved().select_related("regimen")
    assert {version.regimen.slug: version.spec() for version in loaded} == SEED_RULES
