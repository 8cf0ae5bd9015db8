"""The life of a rule version: draft -> in review -> approved -> retired.

Only a draft changes. A version in review is what its reviewer reads, and approved and
retired versions may back plans: an edit to any of them makes a new draft. Submitting
records a digest of the content; approval needs the approve permission (the "Regimen
reviewers" group), someone other than the version's last editor, and the content still
matching that digest. Approving a version retires the one it replaces, for new plans only.
Also: what a plan made with an older version should be told (`newer_approved`,
`field_changes`).

Product limits (ProductLimits: how far a clinician's own schedule may go) and jurisdictions
(JurisdictionVersion: whose label a regimen follows) follow the same life, the same steps and
the same approve permission; each function takes any of the three. What differs per model is
in VERSIONED: the field naming its identity, the fields its digest covers, how messages name it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from regimens.catalogue import CONTENT_FIELDS, JURISDICTION_FIELDS, LIMITS_FIELDS
from regimens.jurisdictions import SNAPSHOT, Jurisdiction, JurisdictionVersion
from regimens.models import Product, ProductLimits, Regimen, RuleVersion

Status = RuleVersion.Status

# What a patient is told changed; the review date is shown once, not as a change. Also
# what a digest covers: approval sets the review date, so it cannot be part of what is approved.
# A rule's copy of its jurisdiction's name and document is content too (jurisdictions.py).
CHANGE_FIELDS = (
    *(name for name in CONTENT_FIELDS if name != "last_reviewed"),
    *SNAPSHOT.values(),
)
APPROVE_PERMISSION = "regimens.approve_ruleversion"  # every versioned model
# Each versioned model: (its identity, the row whose versions it numbers and locks; the fields
# its digest covers and its review lists; how messages name a version's identity).
VERSIONED = {
    RuleVersion: ("regimen", CHANGE_FIELDS, "{slug}"),
    ProductLimits: ("product", LIMITS_FIELDS, "{slug} limits"),
    JurisdictionVersion: ("jurisdiction", JURISDICTION_FIELDS, "the {code} jurisdiction"),
}
IDENTITY = {model: identity for model, (identity, _, _) in VERSIONED.items()}
Versioned = RuleVersion | ProductLimits | JurisdictionVersion
# The rule's jurisdiction row says the change (by name): its copied details are not listed.
UNLISTED = set(SNAPSHOT.values())
# Sent by `approve` inside its transaction, with `version` (just approved) and `replaced`: so
# that planner.reminders queues its alerts with the approval, or not at all.
version_approved = Signal()


class TransitionError(Exception):
    """A review step that the version's status does not allow."""


class ApprovalRefused(TransitionError):
    """An approval by someone who may not give it, or of content that changed after submission."""


def next_version_number(identity: Regimen | Product | Jurisdiction) -> int:
    latest = identity.versions.aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _lock(rule: Versioned):
    """Serialise version numbering and approval per regimen (or product)."""
    field = rule._meta.get_field(IDENTITY[type(rule)])
    return field.related_model.objects.select_for_update().get(pk=_identity_id(rule))


def _identity_id(rule: Versioned) -> int:
    return getattr(rule, f"{IDENTITY[type(rule)]}_id")


def _approved(rule: Versioned):
    """The approved versions (one at most) of `rule`'s regimen or product."""
    identity = {f"{IDENTITY[type(rule)]}_id": _identity_id(rule)}
    return type(rule).objects.approved().filter(**identity)


def approved_of(rule: Versioned) -> Versioned | None:
    return _approved(rule).first()


def content_fields(rule: Versioned) -> tuple[str, ...]:
    """What a version's digest covers and its review lists."""
    return VERSIONED[type(rule)][1]


@transaction.atomic
def save_as_new_version(rule: Versioned, *, user=None) -> Versioned:
    """Save `rule` (an edited copy of any version) as the regimen's next draft, edited by
    `user` (who therefore may not approve it)."""
    regimen = _lock(rule)
    rule.pk = None
    rule._state.adding = True
    rule.version = next_version_number(regimen)
    rule.status = Status.DRAFT
    rule.origin = RuleVersion.Origin.ADMIN
    rule.reviewed_by = None
    rule.last_reviewed = None
    rule.last_edited_by = user
    rule.submitted_digest = rule.approved_digest = ""
    rule.save()
    return rule


@transaction.atomic
def submit_for_review(rule: Versioned) -> Versioned:
    """Send the draft, as stored, to review, with a digest of that content."""
    _lock(rule)
    rule.refresh_from_db()
    _require(rule, Status.DRAFT, "submitted for review")
    rule.full_clean()
    rule.submitted_digest = content_digest(rule)
    return _set_status(rule, Status.REVIEW, "submitted_digest")


@transaction.atomic
def approve(rule: Versioned, *, user, today: dt.date | None = None) -> list[Versioned]:
    """Approve `rule` as stored and retire the approved version it replaces; returns the
    retired. Records who approved, when, and a digest of exactly the content approved."""
    _lock(rule)
    rule.refresh_from_db()
    _require(rule, Status.REVIEW, "approved")
    _check_approver(rule, user)
    digest = content_digest(rule)
    if digest != rule.submitted_digest:
        raise ApprovalRefused(
            f"{name(rule)} cannot be approved: its content is not what was submitted for "
            "review. Edit it to make a new draft, and submit that."
        )
    rule.full_clean()
    replaced = list(_approved(rule))
    for old in replaced:
        _set_status(old, Status.RETIRED)
    rule.reviewed_by = user
    rule.last_reviewed = today or timezone.localdate()
    rule.approved_digest = digest
    _set_status(rule, Status.APPROVED, "reviewed_by", "last_reviewed", "approved_digest")
    version_approved.send(sender=type(rule), version=rule, replaced=replaced)
    return replaced


def may_approve(rule: Versioned, user) -> bool:
    """Whether `user` may approve `rule` (whatever its status)."""
    try:
        _check_approver(rule, user)
    except ApprovalRefused:
        return False
    return True


def _check_approver(rule: Versioned, user) -> None:
    """A reviewer, and not the version's last editor (superusers included)."""
    if user is None or not user.has_perm(APPROVE_PERMISSION):
        raise ApprovalRefused(
            f"{name(rule)} cannot be approved by you: approving needs a regimen reviewer."
        )
    if rule.last_edited_by_id is not None and rule.last_edited_by_id == user.pk:
        raise ApprovalRefused(
            f"{name(rule)} cannot be approved by you: you made its last edit, so another "
            "reviewer must approve it."
        )


def content_digest(rule: Versioned) -> str:
    """SHA-256 of the content fields (all but the review date), as stored."""
    values = {field: _canonical(getattr(rule, field)) for field in content_fields(rule)}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value):
    """One spelling per value: Decimal('8.00') and Decimal('8') are the same hours."""
    if isinstance(value, Decimal):
        return display_number(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@transaction.atomic
def retire(rule: Versioned) -> Versioned:
    """Withdraw a version; plans that use it keep it."""
    if rule.status == Status.RETIRED:
        raise TransitionError(f"{name(rule)} is retired already.")
    return _set_status(rule, Status.RETIRED)


def _require(rule: Versioned, status: str, verb: str) -> None:
    if rule.status != status:
        raise TransitionError(
            f"{name(rule)} cannot be {verb}: it is {rule.get_status_display().lower()}, "
            f"not {Status(status).label.lower()}."
        )


def name(rule: Versioned) -> str:
    """How messages name a version: 'Version 2 of aldara-ak', 'Version 2 of aldara-5 limits',
    'Version 2 of the eu-uk jurisdiction'."""
    identity = getattr(rule, IDENTITY[type(rule)])
    fields = {"slug": getattr(identity, "slug", ""), "code": getattr(identity, "code", "")}
    return f"Version {rule.version} of {VERSIONED[type(rule)][2].format(**fields)}"


def _set_status(rule: Versioned, status: str, *fields: str) -> Versioned:
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


def field_changes(old: Versioned, new: Versioned) -> list[tuple[str, str, str]]:
    """(verbose name, old value, new value) for each content field that differs."""
    changes = []
    for name in content_fields(new):
        if name in UNLISTED:
            continue
        before, after = display(old, name), display(new, name)
        if before != after:
            label = new._meta.get_field(name).verbose_name
            changes.append((label[:1].upper() + label[1:], before, after))
    return changes


def display(rule: Versioned, name: str) -> str:
    """A field's value as a patient would read it."""
    value = getattr(rule, name)
    if name == "sources":
        return "; ".join(source.get("title", "") for source in value)
    if rule._meta.get_field(name).choices or name == "jurisdiction":
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
