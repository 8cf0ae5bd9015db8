"""The life of an education version, as the rules' (regimens/versions.py): draft -> in
review -> approved -> retired, with a digest at submission, four eyes at approval, and the
approver named on the page by role, never by name.

Entry versions (pages, regimen sections, questions) and reference versions (what a page's
references list says of a source) share it: each function takes either. What differs per
model is in VERSIONED, as in regimens/versions.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from regimens.education.models import Entry, EntryVersion, Reference, ReferenceVersion

Status = EntryVersion.Status
APPROVE_PERMISSION = "regimens.approve_entryversion"  # entry and reference versions
# What a digest covers: the content, not the review fields that approval itself sets.
CONTENT_FIELDS = ("title", "body", "clinician", "symptoms", "indications", "related", "position")
REFERENCE_FIELDS = ("title", "source", "url", "note")
# Each versioned model: (its identity, whose versions it numbers and locks; the fields its
# digest covers).
VERSIONED = {
    EntryVersion: ("entry", CONTENT_FIELDS),
    ReferenceVersion: ("reference", REFERENCE_FIELDS),
}
Version = EntryVersion | ReferenceVersion
REVIEWER_GROUP = "Regimen reviewers"
# Public roles; seeds/ name theirs in their front matter.
CLINICAL_REVIEWER = "Clinical reviewer"
ADMINISTRATOR = "Site administrator"
SEED_ROLE = "Editorial team"


class TransitionError(Exception):
    """A review step that the version's status does not allow."""


class ApprovalRefused(TransitionError):
    """An approval by someone who may not give it, or of content changed since submission."""


def role_of(user) -> str:
    """How a page names its approver: by what they do here, not who they are."""
    if user.groups.filter(name=REVIEWER_GROUP).exists():
        return CLINICAL_REVIEWER
    return ADMINISTRATOR if user.is_superuser else "Reviewer"


def name(version: Version) -> str:
    """'Version 2 of question missed-dose', 'Version 2 of reference seed-002'."""
    if isinstance(version, ReferenceVersion):
        return f"Version {version.version} of reference {version.reference.key}"
    entry = version.entry
    return f"Version {version.version} of {entry.get_kind_display().lower()} {entry.slug}"


def next_version_number(identity: Entry | Reference) -> int:
    return (identity.versions.aggregate(latest=Max("version"))["latest"] or 0) + 1


def _identity(version: Version) -> str:
    return VERSIONED[type(version)][0]


def _lock(version: Version) -> Entry | Reference:
    """Serialise numbering and approval per entry (or reference)."""
    model = version._meta.get_field(_identity(version)).related_model
    return model.objects.select_for_update().get(pk=getattr(version, f"{_identity(version)}_id"))


def _approved(version: Version):
    """The approved versions (one at most) of `version`'s entry or reference."""
    identity = f"{_identity(version)}_id"
    return type(version).objects.approved().filter(**{identity: getattr(version, identity)})


@transaction.atomic
def save_as_new_version(version: Version, *, user=None) -> Version:
    """Save `version` (an edited copy of any version) as the entry's next draft."""
    identity = _lock(version)
    version.pk = None
    version._state.adding = True
    version.version = next_version_number(identity)
    version.status = Status.DRAFT
    version.origin = EntryVersion.Origin.ADMIN
    version.reviewed_by, version.last_reviewed, version.reviewer_role = None, None, ""
    version.last_edited_by = user
    version.submitted_digest = version.approved_digest = ""
    version.save()
    return version


@transaction.atomic
def submit_for_review(version: Version) -> Version:
    _lock(version)
    version.refresh_from_db()
    _require(version, Status.DRAFT, "submitted for review")
    version.full_clean()
    version.submitted_digest = content_digest(version)
    return _set_status(version, Status.REVIEW, "submitted_digest")


@transaction.atomic
def approve(version: Version, *, user, today: dt.date | None = None) -> list[Version]:
    """Approve `version` as stored, retire the one it replaces (returned), and record the
    approver, their role, the date and the digest of exactly what was approved."""
    _lock(version)
    version.refresh_from_db()
    _require(version, Status.REVIEW, "approved")
    _check_approver(version, user)
    digest = content_digest(version)
    if digest != version.submitted_digest:
        raise ApprovalRefused(
            f"{name(version)} cannot be approved: its content is not what was submitted for "
            "review. Edit it to make a new draft, and submit that."
        )
    version.full_clean()
    replaced = list(_approved(version))
    for old in replaced:
        _set_status(old, Status.RETIRED)
    version.reviewed_by, version.reviewer_role = user, role_of(user)
    version.last_reviewed = today or timezone.localdate()
    version.approved_digest = digest
    fields = ("reviewed_by", "reviewer_role", "last_reviewed", "approved_digest")
    _set_status(version, Status.APPROVED, *fields)
    return replaced


def may_approve(version: Version, user) -> bool:
    try:
        _check_approver(version, user)
    except ApprovalRefused:
        return False
    return True


def _check_approver(version: Version, user) -> None:
    if user is None or not user.has_perm(APPROVE_PERMISSION):
        raise ApprovalRefused(
            f"{name(version)} cannot be approved by you: approving needs a regimen reviewer."
        )
    if version.last_edited_by_id is not None and version.last_edited_by_id == user.pk:
        raise ApprovalRefused(
            f"{name(version)} cannot be approved by you: you made its last edit, so another "
            "reviewer must approve it."
        )


@transaction.atomic
def retire(version: Version) -> Version:
    if version.status == Status.RETIRED:
        raise TransitionError(f"{name(version)} is retired already.")
    return _set_status(version, Status.RETIRED)


def content_digest(version: Version) -> str:
    values = {field: getattr(version, field) for field in VERSIONED[type(version)][1]}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _require(version: Version, status: str, verb: str) -> None:
    if version.status != status:
        raise TransitionError(
            f"{name(version)} cannot be {verb}: it is {version.get_status_display().lower()}, "
            f"not {Status(status).label.lower()}."
        )


def _set_status(version: Version, status: str, *fields: str) -> Version:
    version.status = status
    version.save(update_fields=["status", "updated_at", *fields])
    return version
