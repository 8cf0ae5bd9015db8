"""The life of an education version, as the rules' (regimens/versions.py): draft -> in
review -> approved -> retired, with a digest at submission, four eyes at approval, and the
approver named on the page by role, never by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from regimens.education.models import Entry, EntryVersion

Status = EntryVersion.Status
APPROVE_PERMISSION = "regimens.approve_entryversion"
# What a digest covers: the content, not the review fields that approval itself sets.
CONTENT_FIELDS = ("title", "body", "clinician", "symptoms", "indications", "related", "position")
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


def name(version: EntryVersion) -> str:
    """'Version 2 of question missed-dose'."""
    entry = version.entry
    return f"Version {version.version} of {entry.get_kind_display().lower()} {entry.slug}"


def next_version_number(entry: Entry) -> int:
    return (entry.versions.aggregate(latest=Max("version"))["latest"] or 0) + 1


def _lock(entry_id: int) -> Entry:
    """Serialise numbering and approval per entry."""
    return Entry.objects.select_for_update().get(pk=entry_id)


@transaction.atomic
def save_as_new_version(version: EntryVersion, *, user=None) -> EntryVersion:
    """Save `version` (an edited copy of any version) as the entry's next draft."""
    entry = _lock(version.entry_id)
    version.pk = None
    version._state.adding = True
    version.version = next_version_number(entry)
    version.status = Status.DRAFT
    version.origin = EntryVersion.Origin.ADMIN
    version.reviewed_by, version.last_reviewed, version.reviewer_role = None, None, ""
    version.last_edited_by = user
    version.submitted_digest = version.approved_digest = ""
    version.save()
    return version


@transaction.atomic
def submit_for_review(version: EntryVersion) -> EntryVersion:
    _lock(version.entry_id)
    version.refresh_from_db()
    _require(version, Status.DRAFT, "submitted for review")
    version.full_clean()
    version.submitted_digest = content_digest(version)
    return _set_status(version, Status.REVIEW, "submitted_digest")


@transaction.atomic
def approve(version: EntryVersion, *, user, today: dt.date | None = None) -> list[EntryVersion]:
    """Approve `version` as stored, retire the one it replaces (returned), and record the
    approver, their role, the date and the digest of exactly what was approved."""
    _lock(version.entry_id)
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
    replaced = list(EntryVersion.objects.approved().filter(entry_id=version.entry_id))
    for old in replaced:
        _set_status(old, Status.RETIRED)
    version.reviewed_by, version.reviewer_role = user, role_of(user)
    version.last_reviewed = today or timezone.localdate()
    version.approved_digest = digest
    fields = ("reviewed_by", "reviewer_role", "last_reviewed", "approved_digest")
    _set_status(version, Status.APPROVED, *fields)
    return replaced


def may_approve(version: EntryVersion, user) -> bool:
    try:
        _check_approver(version, user)
    except ApprovalRefused:
        return False
    return True


def _check_approver(version: EntryVersion, user) -> None:
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
def retire(version: EntryVersion) -> EntryVersion:
    if version.status == Status.RETIRED:
        raise TransitionError(f"{name(version)} is retired already.")
    return _set_status(version, Status.RETIRED)


def content_digest(version: EntryVersion) -> str:
    values = {field: getattr(version, field) for field in CONTENT_FIELDS}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _require(version: EntryVersion, status: str, verb: str) -> None:
    if version.status != status:
        raise TransitionError(
            f"{name(version)} cannot be {verb}: it is {version.get_status_display().lower()}, "
            f"not {Status(status).label.lower()}."
        )


def _set_status(version: EntryVersion, status: str, *fields: str) -> EntryVersion:
    version.status = status
    version.save(update_fields=["status", "updated_at", *fields])
    return version
