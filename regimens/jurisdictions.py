"""Jurisdictions: whose label a regimen follows (US, EU/UK, ...), managed by editors.

A Jurisdiction is the stable code (in seeds, rules and people's profiles); its content (name,
the document its labels are, the order lists use) lives in numbered JurisdictionVersions that
go through the same review as the rules (regimens/versions.py). Only approved versions are used:
the profile's region choice, the order the plan form and the catalogue list regimens in, and
what a rule version says of its label.

A rule version keeps a copy of its jurisdiction's approved name and document, taken when it is
saved as a draft (and approved with it): a plan's title never changes under it, and the pages
that show a rule need no further query. A renamed jurisdiction reaches a regimen with its next
version (`loadregimens` makes one for the seed regimens).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from regimens.reviewed import ReviewedVersion
from regimens.zones import available_zone_names


def zone_patterns(text: str) -> list[str]:
    """The comma-separated names and areas of a `time_zones` value."""
    return [item.strip() for item in text.split(",") if item.strip()]


def covers(pattern: str, zone: str) -> bool:
    """Whether a `time_zones` item holds `zone`: the same name, or an area ('Europe/') it is in."""
    return zone == pattern or (pattern.endswith("/") and zone.startswith(pattern))


def validate_time_zones(text: str) -> None:
    known = available_zone_names()  # cached: every load of the seeds checks them
    for item in zone_patterns(text):
        if not any(covers(item, name) for name in known):
            raise ValidationError(
                f"{item!r} is neither a time zone name (Europe/Dublin) nor an area of them "
                "ending in '/' (Europe/)."
            )


class Jurisdiction(models.Model):
    """The stable identity of a jurisdiction across its versions."""

    code = models.SlugField(
        max_length=10, unique=True, help_text="Stable code used in seeds and profiles, e.g. eu-uk."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class JurisdictionVersion(ReviewedVersion):
    """One version of a jurisdiction's name, label document and place in lists."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="versions",
        help_text="The jurisdiction this is a version of.",
    )
    name = models.CharField(max_length=40, help_text="As the pages name it, e.g. EU/UK.")
    authority = models.CharField(
        "label document",
        max_length=120,
        help_text="The document its label regimens follow, e.g. summary of product "
        "characteristics (SmPC).",
    )
    position = models.PositiveSmallIntegerField(
        "order",
        default=1,
        help_text="Lists show jurisdictions by this number, lowest first; the first is the one "
        "used when a person has not set a region.",
    )
    in_titles = models.BooleanField(
        "named in regimen titles",
        default=True,
        help_text="Add '(name)' to the titles of its regimens; off for the one titles assume.",
    )
    time_zones = models.CharField(
        "time zones",
        max_length=500,
        blank=True,
        validators=[validate_time_zones],
        help_text="Sign-up makes this the region of a person whose browser is in one of these "
        "time zones (they can change it in Settings): names such as Atlantic/Canary, or areas "
        "ending in '/' such as Europe/, comma-separated. Empty: none.",
    )

    class Meta:
        ordering = ["jurisdiction__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "version"], name="unique_jurisdiction_version"
            ),
            models.UniqueConstraint(
                fields=["jurisdiction"],
                condition=models.Q(status="approved"),
                name="one_approved_jurisdiction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction.code} v{self.version} ({self.get_status_display()})"

    @property
    def code(self) -> str:
        return self.jurisdiction.code


# What a rule version copies from its jurisdiction's approved version: field -> rule field.
SNAPSHOT = {
    "name": "jurisdiction_name",
    "authority": "jurisdiction_authority",
    "in_titles": "jurisdiction_in_title",
}


def approved() -> models.QuerySet:
    """The approved jurisdiction versions, in list order (one query when evaluated)."""
    return (
        JurisdictionVersion.objects.approved()
        .select_related("jurisdiction")
        .order_by("position", "jurisdiction__code")
    )


def for_zone(zone: str) -> JurisdictionVersion | None:
    """The approved jurisdiction whose time zones hold `zone` (the first in list order)."""
    for row in approved():
        if any(covers(pattern, zone) for pattern in zone_patterns(row.time_zones)):
            return row
    return None


def choices() -> list[tuple[str, str]]:
    """(code, name) of every approved jurisdiction, in list order."""
    return [(row.code, row.name) for row in approved()]


LAST = 32767  # after every position: a code with no approved jurisdiction


def rank(field: str, region: str = "") -> Case:
    """An ORM expression over rows whose `field` is a jurisdiction code: -1 for `region`, else
    the approved jurisdiction's position (a subquery in the same query), unknown codes last."""
    position = approved().filter(jurisdiction__code=OuterRef(field)).values("position")[:1]
    ordered = Coalesce(Subquery(position), Value(LAST), output_field=models.IntegerField())
    if not region:
        return ordered
    first = When(**{field: region}, then=Value(-1))
    return Case(first, default=ordered, output_field=models.IntegerField())


def snapshot(code: str) -> dict | None:
    """The rule fields copied from `code`'s approved version; None if it has none."""
    row = approved().filter(jurisdiction__code=code).first()
    if row is None:
        return None
    return {rule_field: getattr(row, field) for field, rule_field in SNAPSHOT.items()}
