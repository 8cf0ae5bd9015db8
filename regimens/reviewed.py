"""What every reviewed, versioned row has: its number, its status and the record of who edited
and who approved it (regimens/versions.py and regimens/education/review.py run the steps on
it). ReviewRecord is shared by the catalogue and education; ReviewedVersion adds the sources
list the catalogue's RuleVersion, ProductLimits and JurisdictionVersion keep, and
regimens.education.models.Reviewed adds the approver's role. Where a model's help text was
already different, it redeclares that field (the same column, so no migration).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regimens import validation


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    APPROVED = "approved", "Approved"
    RETIRED = "retired", "Retired"


class Origin(models.TextChoices):
    SEED = "seed", "Loaded from seeds/"
    ADMIN = "admin", "Edited in the admin"


class ReviewedQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Status.APPROVED)


class ReviewRecord(models.Model):
    """The version number, status and review record of one version of something."""

    Status = Status
    Origin = Origin

    version = models.PositiveIntegerField(help_text="1 for the first version, then 2, 3, ...")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only the approved version is used by the pages and forms.",
    )
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.ADMIN, help_text="Where it came from."
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="Set when the version is approved."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who approved this version (staff only: pages never show it).",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last changed this version's content; they may not approve it.",
    )
    submitted_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the content when submitted for review."
    )
    # Approval checks it (review_steps.Workflow.base_problem): a draft of a version that is no
    # longer approved would undo the changes approved since.
    drafted_from = models.PositiveIntegerField(
        "drafted from version",
        null=True,
        blank=True,
        editable=False,
        help_text="The version this one was made from by an edit, or the version approved when "
        "it was added; blank for one added when none was, or made before this was recorded.",
    )
    approved_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of exactly the content that was approved."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """Only drafts are edited in place: a version in review is what its reviewer reads,
        and approved and retired versions may back plans (or be what a page shows)."""
        return self.status != Status.DRAFT


class ReviewedVersion(ReviewRecord):
    """A catalogue version: the review record and the sources its values come from."""

    sources = models.JSONField(
        default=list, help_text='List of {"title": ..., "ref": ...}: where the values come from.'
    )

    class Meta:
        abstract = True

    def clean(self):
        validation.check_sources(self)  # a list of titled references (also keeps out NaN)


def reviewed_again(current: ReviewRecord, changed, day) -> bool:
    """Whether a seed that differs from the approved version `current` only in its review
    date (`changed` names what differs) was reviewed again and found right: then the date
    moves to `day` and no version is made. The date is in no digest and no list of changes,
    and a new version would tell a plan on this one of a newer version for nothing."""
    if current.status != Status.APPROVED or set(changed) != {"last_reviewed"}:
        return False
    current.last_reviewed = day
    current.save(update_fields=["last_reviewed", "updated_at"])
    return True
