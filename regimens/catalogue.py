"""Reading `seeds/regimens.toml` into jurisdictions, rule versions and product limits, and
writing them back.

The TOML keeps lists (weekdays, cycles, box sizes); the database keeps the short
text forms staff edit in the admin. These two functions are the only translation.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from regimens import engine, jurisdictions
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion
from regimens.models import EDUCATION_FIELDS, Product, ProductLimits, Regimen, RuleVersion
from regimens.reviewed import reviewed_again

SEED_FILE = Path(settings.BASE_DIR) / "seeds" / "regimens.toml"
PLAIN_FIELDS = (
    "product",
    "strength",
    "indication",
    "indication_label",
    "jurisdiction",
    "applications_per_week",
    "min_days_between",
    "course_days",
    "cap_days",
    "until_cleared",
    "assessment_weeks_off",
    "repeat_course_weeks",
    "timing_note",
    "amount",
    "packets_per_application",
    "area_note",
    "age_note",
    "followup_note",
    "followup_days_after",
    "done_hours_before",
    "done_hours_after",
    "min_hours_between",
)
HOURS_FIELDS = ("contact_hours_default", "contact_hours_min", "contact_hours_max")
CONTENT_FIELDS = (
    PLAIN_FIELDS
    + HOURS_FIELDS
    + EDUCATION_FIELDS
    + ("default_weekdays", "cycles", "default_time", "box_sizes", "sources", "last_reviewed")
)


def read_seed_file(path: Path = SEED_FILE) -> list[dict]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)["regimen"]


def seed_to_fields(entry: dict) -> dict:
    """One `[[regimen]]` table -> RuleVersion field values."""
    fields = {name: entry[name] for name in PLAIN_FIELDS}
    fields.update({name: Decimal(str(entry[name])) for name in HOURS_FIELDS})
    fields.update({name: entry.get("education", {}).get(name, "") for name in EDUCATION_FIELDS})
    phases = tuple(engine.Phase(p["phase"] == "on", p["days"]) for p in entry["cycles"])
    fields.update(
        default_weekdays=",".join(engine.parse_weekdays(entry["default_weekdays"])),
        cycles=engine.format_cycles(phases),
        default_time=dt.time.fromisoformat(entry["default_time"]),
        box_sizes=",".join(str(n) for n in entry["box_sizes"]),
        sources=list(entry["sources"]),
        last_reviewed=_date(entry.get("last_reviewed")),
    )
    # The jurisdiction's approved name and document, as a draft would copy them: a renamed
    # jurisdiction makes the seed regimens' next versions.
    fields.update(jurisdictions.snapshot(entry["jurisdiction"]) or {})
    return fields


def version_to_seed(version: RuleVersion) -> dict:
    """A RuleVersion -> a `[[regimen]]` table in the seed file's format."""
    entry = {"slug": version.regimen.slug}
    entry.update({name: getattr(version, name) for name in PLAIN_FIELDS})
    entry.update({name: _number(getattr(version, name)) for name in HOURS_FIELDS})
    entry.update(
        default_weekdays=list(engine.parse_weekdays(version.default_weekdays)),
        cycles=[
            {"phase": "on" if p.on else "off", "days": p.days}
            for p in engine.parse_cycles(version.cycles)
        ],
        default_time=version.default_time.strftime("%H:%M"),
        box_sizes=version.box_size_list(),
        sources=list(version.sources),
        last_reviewed=version.last_reviewed.isoformat() if version.last_reviewed else "",
        review_status=version.status,
        education={name: getattr(version, name) for name in EDUCATION_FIELDS},
    )
    return entry


def differences(version, fields: dict, names=CONTENT_FIELDS) -> dict[str, tuple]:
    """Field -> (old, new) for every content field that differs."""
    return {
        name: (getattr(version, name), fields[name])
        for name in names
        if name in fields and getattr(version, name) != fields[name]
    }


@transaction.atomic
def load_entry(entry: dict, *, force: bool = False) -> tuple[str, dict]:
    """Load one seed entry; returns (outcome, differences).

    Outcomes: 'added', 'unchanged', 'updated' (a new approved version), 'reviewed again'
    (only its review date moved) and 'kept' (staff edited the rule in the admin and `force`
    was not given).
    """
    fields = seed_to_fields(entry)
    regimen, _ = Regimen.objects.get_or_create(slug=entry["slug"])
    latest = regimen.versions.order_by("-version").first()
    if latest is None:
        _new_version(regimen, fields, number=1)
        return "added", {}
    current = regimen.versions.approved().first() or latest
    changed = differences(current, fields, (*CONTENT_FIELDS, *jurisdictions.SNAPSHOT.values()))
    if not changed:
        return "unchanged", {}
    if latest.origin == RuleVersion.Origin.ADMIN and not force:
        return "kept", changed
    if reviewed_again(current, changed, fields["last_reviewed"]):
        return "reviewed again", changed
    regimen.versions.approved().update(status=RuleVersion.Status.RETIRED)
    _new_version(regimen, fields, number=latest.version + 1)
    return "updated", changed


def _new_version(regimen: Regimen, fields: dict, number: int) -> RuleVersion:
    version = RuleVersion(
        regimen=regimen,
        version=number,
        status=RuleVersion.Status.APPROVED,
        origin=RuleVersion.Origin.SEED,
        **fields,
    )
    version.full_clean()
    version.save()
    return version


def _date(value) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- Product limits: the `[[limits]]` tables, one per product and strength ------------------

LIMITS_HOURS = ("contact_hours_min", "contact_hours_max")
LIMITS_COUNTS = ("longest_course_weeks", "allowed_weeks", "min_hours_between")
LIMITS_FIELDS = LIMITS_HOURS + LIMITS_COUNTS + ("sources",)


def read_limits_file(path: Path = SEED_FILE) -> list[dict]:
    with open(path, "rb") as handle:
        return tomllib.load(handle).get("limits", [])


def seed_to_limits(entry: dict) -> dict:
    """One `[[limits]]` table -> ProductLimits field values."""
    fields = {name: entry[name] for name in LIMITS_COUNTS}
    fields.update({name: Decimal(str(entry[name])) for name in LIMITS_HOURS})
    fields.update(sources=list(entry["sources"]), last_reviewed=_date(entry.get("last_reviewed")))
    return fields


def limits_to_seed(limits: ProductLimits) -> dict:
    """A ProductLimits version -> a `[[limits]]` table in the seed file's format."""
    product = limits.product
    entry = {"slug": product.slug, "product": product.product, "strength": product.strength}
    entry.update({name: _number(getattr(limits, name)) for name in LIMITS_HOURS})
    entry.update({name: getattr(limits, name) for name in LIMITS_COUNTS})
    entry.update(
        sources=list(limits.sources),
        last_reviewed=limits.last_reviewed.isoformat() if limits.last_reviewed else "",
        review_status=limits.status,
    )
    return entry


@transaction.atomic
def load_limits(entry: dict, *, force: bool = False) -> tuple[str, dict]:
    """Load one `[[limits]]` table; the same outcomes as load_entry."""
    names = {"product": entry["product"], "strength": entry["strength"]}
    product, _ = Product.objects.get_or_create(slug=entry["slug"], defaults=names)
    return _load_version(product, seed_to_limits(entry), LIMITS_FIELDS, force)


def _load_version(identity, fields: dict, names, force: bool) -> tuple[str, dict]:
    """Make `fields` the approved version of `identity` (a Product or a Jurisdiction) unless
    it is already, or staff edited it in the admin and `force` was not given."""
    latest = identity.versions.order_by("-version").first()
    current = identity.versions.approved().first() or latest
    changed = differences(current, fields, (*names, "last_reviewed")) if current else {}
    if current and not changed:
        return "unchanged", {}
    if latest and latest.origin == RuleVersion.Origin.ADMIN and not force:
        return "kept", changed
    if current and reviewed_again(current, changed, fields["last_reviewed"]):
        return "reviewed again", changed
    identity.versions.approved().update(status=RuleVersion.Status.RETIRED)
    version = identity.versions.model(
        **{identity._meta.model_name: identity},
        version=latest.version + 1 if latest else 1,
        status=RuleVersion.Status.APPROVED,
        origin=RuleVersion.Origin.SEED,
        **fields,
    )
    version.full_clean()
    version.save()
    return ("updated" if latest else "added"), changed


# --- Jurisdictions: the `[[jurisdiction]]` tables, loaded before the regimens that name them --

JURISDICTION_PLAIN = ("name", "authority", "position", "in_titles", "time_zones")
JURISDICTION_FIELDS = JURISDICTION_PLAIN + ("sources",)


def read_jurisdictions_file(path: Path = SEED_FILE) -> list[dict]:
    with open(path, "rb") as handle:
        return tomllib.load(handle).get("jurisdiction", [])


def seed_to_jurisdiction(entry: dict) -> dict:
    """One `[[jurisdiction]]` table -> JurisdictionVersion field values."""
    fields = {name: entry[name] for name in JURISDICTION_PLAIN}
    fields.update(sources=list(entry["sources"]), last_reviewed=_date(entry.get("last_reviewed")))
    return fields


def jurisdiction_to_seed(version: JurisdictionVersion) -> dict:
    """A JurisdictionVersion -> a `[[jurisdiction]]` table in the seed file's format."""
    entry = {"code": version.jurisdiction.code}
    entry.update({name: getattr(version, name) for name in JURISDICTION_PLAIN})
    entry.update(
        sources=list(version.sources),
        last_reviewed=version.last_reviewed.isoformat() if version.last_reviewed else "",
        review_status=version.status,
    )
    return entry


@transaction.atomic
def load_jurisdiction(entry: dict, *, force: bool = False) -> tuple[str, dict]:
    """Load one `[[jurisdiction]]` table; the same outcomes as load_entry."""
    jurisdiction, _ = Jurisdiction.objects.get_or_create(code=entry["code"])
    return _load_version(jurisdiction, seed_to_jurisdiction(entry), JURISDICTION_FIELDS, force)
