"""The life of a rule version: draft -> in review -> approved -> retired.

Approved and retired versions may back plans, so they never change: an edit makes a
new draft. Approving a version retires the one it replaces, for new plans only.
Also: what a plan made with an older version should be told (`newer_approved`,
`field_changes`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from regimens.catalogue import CONTENT_FIELDS
from regimens.models import Regimen, RuleVersion

Status = RuleVersion.Status

# What a patient is told changed; the review date is shown once, not as a change.
CHANGE_FIELDS = tuple(name for name in CONTENT_FIELDS if name != "last_reviewed")


class TransitionError(Exception):
    """A review step that the version's status does not allow."""


def next_version_number(regimen: Regimen) -> int:
    latest = regimen.versions.aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _lock(regimen_id: int) -> Regimen:
    """Serialise version numbering and approval per regimen."""
    return Regimen.objects.select_for_update().get(pk=regimen_id)


@transaction.atomic
def save_as_new_version(rule: RuleVersion) -> RuleVersion:
    """Save `rule` (an edited copy of any version) as the regimen's next draft."""
    regimen = _lock(rule.regimen_id)
    rule.pk = None
    rule._state.adding = True
    rule.version = next_version_number(regimen)
    rule.status = Status.DRAFT
    rule.origin = RuleVersion.Origin.ADMIN
    rule.reviewed_by = None
    rule.last_reviewed = None
    rule.save()
    return rule


@transaction.atomic
def submit_for_review(rule: RuleVersion) -> RuleVersion:
    _require(rule, Status.DRAFT, "submitted for review")
    rule.full_clean()
    return _set_status(rule, Status.REVIEW)


@transaction.atomic
def approve(rule: RuleVersion, *, user, today: dt.date | None = None) -> list[RuleVersion]:
    """Approve `rule` and retire the approved version it replaces; returns the retired."""
    _lock(rule.regimen_id)
    _require(rule, Status.REVIEW, "approved")
    rule.full_clean()
    replaced = list(RuleVersion.objects.approved().filter(regimen_id=rule.regimen_id))
    for old in replaced:
        _set_status(old, Status.RETIRED)
    rule.reviewed_by = user
    rule.last_reviewed = today or timezone.localdate()
    _set_status(rule, Status.APPROVED, "reviewed_by", "last_reviewed")
    return replaced


@transaction.atomic
def retire(rule: RuleVersion) -> RuleVersion:
    """Withdraw a version; plans that use it keep it."""
    if rule.status == Status.RETIRED:
        raise TransitionError(f"{name(rule)} is retired already.")
    return _set_status(rule, Status.RETIRED)


def _require(rule: RuleVersion, status: str, verb: str) -> None:
    if rule.status != status:
        raise TransitionError(
            f"{name(rule)} cannot be {verb}: it is {rule.get_status_display().lower()}, "
            f"not {Status(status).label.lower()}."
        )


def name(rule: RuleVersion) -> str:
    """How messages name a version: 'Version 2 of aldara-ak'."""
    return f"Version {rule.version} of {rule.regimen.slug}"


def _set_status(rule: RuleVersion, status: str, *fields: str) -> RuleVersion:
    rule.status = status
    rule.save(update_fields=["status", "updated_at", *fields])
    return rule


def newer_approved(rule: RuleVersion) -> RuleVersion | None:
    """The regimen's approved version if it is newer than `rule` (one query)."""
    return (
        RuleVersion.objects.approved()
        .select_related("regimen")
        .filter(regimen_id=rule.regimen_id, version__gt=rule.version)
        .first()
    )


def field_changes(old: RuleVersion, new: RuleVersion) -> list[tuple[str, str, str]]:
    """(verbose name, old value, new value) for each content field that differs."""
    changes = []
    for name in CHANGE_FIELDS:
        before, after = display(old, name), display(new, name)
        if before != after:
            label = RuleVersion._meta.get_field(name).verbose_name
            changes.append((label[:1].upper() + label[1:], before, after))
    return changes


def display(rule: RuleVersion, name: str) -> str:
    """A field's value as a patient would read it."""
    value = getattr(rule, name)
    if name == "sources":
        return "; ".join(source.get("title", "") for source in value)
    if rule._meta.get_field(name).choices:
        return getattr(rule, f"get_{name}_display")()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return display_number(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return str(value)


def display_number(value) -> str:
    """Decimal('8.00') -> '8', Decimal('7.50') -> '7.5'."""
    return f"{Decimal(value).normalize():f}"


def newer_version_context(rule: RuleVersion) -> dict:
    """What `regimens/_newer_version_notice.html` needs; one query."""
    newer = newer_approved(rule)
    changes = field_changes(rule, newer) if newer else []
    return {"rule": rule, "newer": newer, "changes": changes}
