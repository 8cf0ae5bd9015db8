"""The review steps of every versioned model: draft -> in review -> approved -> retired.

One implementation for the catalogue (regimens/versions.py: rules, product limits,
jurisdictions) and education (regimens/education/review.py: entries, references). Each of
those builds a Workflow naming what differs: the field naming a version's identity, the
fields its digest covers, how messages name it, the approve permission, whether the
approver's role is kept, and a signal to send on approval.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from regimens.reviewed import Origin, Status


class TransitionError(Exception):
    """A review step that the version's status does not allow."""


class ApprovalRefused(TransitionError):
    """An approval by someone who may not give it, or of content that changed after submission."""


def next_version_number(identity) -> int:
    """The next number among `identity`'s versions (a regimen, product, entry...)."""
    latest = identity.versions.aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def display_number(value) -> str:
    """Decimal('8.00') -> '8', Decimal('7.50') -> '7.5'."""
    return f"{Decimal(value).normalize():f}"


def _canonical(value):
    """One spelling per value: Decimal('8.00') and Decimal('8') are the same hours."""
    if isinstance(value, Decimal):
        return display_number(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


class Workflow:
    """The review steps for a family of versioned models sharing one approve permission.

    identities: model -> the field naming what a version is a version of ('regimen');
    content_fields: model -> the fields a digest covers;
    describe: version -> what 'Version 2 of ...' names ('aldara-ak');
    role_of: user -> the role recorded with an approval (models with `reviewer_role`);
    approved_signal: sent inside the approval's transaction (version=, replaced=).
    """

    def __init__(
        self,
        *,
        identities: dict[type, str],
        content_fields: dict[type, tuple[str, ...]],
        describe: Callable[[object], str],
        approve_permission: str,
        role_of: Callable[[object], str] | None = None,
        approved_signal: Signal | None = None,
    ):
        self.identities = identities
        self.content_fields = content_fields
        self.describe = describe
        self.approve_permission = approve_permission
        self.role_of = role_of
        self.approved_signal = approved_signal

    def _identity_id(self, version) -> int:
        return getattr(version, f"{self.identities[type(version)]}_id")

    def _lock(self, version):
        """Serialise version numbering and approval per identity (regimen, entry...)."""
        field = version._meta.get_field(self.identities[type(version)])
        return field.related_model.objects.select_for_update().get(pk=self._identity_id(version))

    def _versions(self, version):
        """All the versions of `version`'s identity."""
        identity = {f"{self.identities[type(version)]}_id": self._identity_id(version)}
        return type(version).objects.filter(**identity)

    def _approved(self, version):
        """The approved versions (one at most) of `version`'s identity."""
        return self._versions(version).approved()

    def approved_of(self, version):
        return self._approved(version).first()

    @transaction.atomic
    def save_as_new_version(self, version, *, user=None):
        """Save `version` (an edited copy of any version) as its identity's next draft,
        edited by `user` (who therefore may not approve it)."""
        identity = self._lock(version)
        version.drafted_from = version.version  # locked, so exactly what the copy starts from
        version.pk = None
        version._state.adding = True
        version.version = next_version_number(identity)
        version.status = Status.DRAFT
        version.origin = Origin.ADMIN
        version.reviewed_by = None
        version.last_reviewed = None
        if self.role_of:
            version.reviewer_role = ""
        version.last_edited_by = user
        version.submitted_digest = version.approved_digest = ""
        version.save()
        return version

    @transaction.atomic
    def submit_for_review(self, version):
        """Send the draft, as stored, to review, with a digest of that content."""
        self._lock(version)
        version.refresh_from_db()
        self._require(version, Status.DRAFT, "submitted for review")
        version.full_clean()
        if problem := self.base_problem(version, "submitted for review"):
            raise TransitionError(problem)  # its editor hears it now, not the reviewer later
        version.submitted_digest = self.content_digest(version)
        return self._set_status(version, Status.REVIEW, "submitted_digest")

    @transaction.atomic
    def approve(self, version, *, user, today: dt.date | None = None) -> list:
        """Approve `version` as stored and retire the approved version it replaces; returns
        the retired. Records who approved (and their role, where kept), when, and a digest
        of exactly the content approved."""
        self._lock(version)
        version.refresh_from_db()
        self._require(version, Status.REVIEW, "approved")
        self._check_approver(version, user)
        digest = self.content_digest(version)
        if digest != version.submitted_digest:
            raise ApprovalRefused(
                f"{self.name(version)} cannot be approved: its content is not what was "
                "submitted for review. Edit it to make a new draft, and submit that."
            )
        if problem := self.base_problem(version):
            raise ApprovalRefused(problem)
        version.full_clean()
        replaced = list(self._approved(version))
        for old in replaced:
            self._set_status(old, Status.RETIRED)
        version.reviewed_by = user
        version.last_reviewed = today or timezone.localdate()
        version.approved_digest = digest
        fields = ["reviewed_by", "last_reviewed", "approved_digest"]
        if self.role_of:
            version.reviewer_role = self.role_of(user)
            fields.append("reviewer_role")
        self._set_status(version, Status.APPROVED, *fields)
        if self.approved_signal:
            self.approved_signal.send(sender=type(version), version=version, replaced=replaced)
        return replaced

    def base_problem(self, version, step: str = "approved") -> str | None:
        """Why approving `version` would undo approved changes, if it would: the approved
        version must be among those it was drafted from (its edit, an edit of that, ...).
        Approved numbers then only rise, as plans' "newer version" checks expect. A version
        drafted from none (legacy, or added when none was approved) passes if numbered above."""
        current = self.approved_of(version)
        if current is None or current.pk == version.pk:
            return None
        bases = dict(self._versions(version).values_list("version", "drafted_from"))
        number = version.version
        while number != current.version and bases.get(number) is not None:
            number = bases[number]
        if number >= current.version:
            return None
        base = f"v{version.drafted_from}" if version.drafted_from else "an older version"
        return (
            f"{self.name(version)} cannot be {step}: it was drafted from {base}, and "
            f"v{current.version} has been approved since, so approving it would undo "
            f"v{current.version}'s changes. Edit v{current.version} to make a new draft with "
            "this version's changes, and submit that."
        )

    def may_approve(self, version, user, step="approve") -> bool:
        """Whether `user` may approve (or, as a reviewer's step, retire) `version`, whatever
        its status."""
        try:
            self._check_approver(version, user, step)
        except ApprovalRefused:
            return False
        return True

    def _check_approver(self, version, user, step="approve") -> None:
        """A reviewer, and not the version's last editor (superusers included)."""
        what = "approving" if step == "approve" else "retiring an approved version"
        if user is None or not user.has_perm(self.approve_permission):
            raise ApprovalRefused(
                f"{self.name(version)} cannot be {step}d by you: {what} needs a regimen reviewer."
            )
        if version.last_edited_by_id is not None and version.last_edited_by_id == user.pk:
            raise ApprovalRefused(
                f"{self.name(version)} cannot be {step}d by you: you made its last edit, so "
                f"another reviewer must {step} it."
            )

    @transaction.atomic
    def retire(self, version, *, user=None):
        """Withdraw a version; plans (and pages) that use it keep it. Retiring the approved
        version withdraws it from new plans: as an approval, a reviewer's step (`user`)."""
        if version.status == Status.RETIRED:
            raise TransitionError(f"{self.name(version)} is retired already.")
        if version.status == Status.APPROVED:
            self._check_approver(version, user, "retire")
        return self._set_status(version, Status.RETIRED)

    def content_digest(self, version) -> str:
        """SHA-256 of the content fields (not the review fields approval sets), as stored."""
        fields = self.content_fields[type(version)]
        values = {field: _canonical(getattr(version, field)) for field in fields}
        text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def name(self, version) -> str:
        """How messages name a version: 'Version 2 of aldara-ak'."""
        return f"Version {version.version} of {self.describe(version)}"

    def _require(self, version, status: str, verb: str) -> None:
        if version.status != status:
            raise TransitionError(
                f"{self.name(version)} cannot be {verb}: it is "
                f"{version.get_status_display().lower()}, not {Status(status).label.lower()}."
            )

    def _set_status(self, version, status: str, *fields: str):
        version.status = status
        version.save(update_fields=["status", "updated_at", *fields])
        return version
