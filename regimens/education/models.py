"""Education entries (pages and questions), the references they cite, and their versions.

As with the rules, an entry (a stable kind and slug) and a reference (a stable key) have
numbered versions: only a draft changes, approval needs a reviewer who did not make the last
edit, and only the approved version is public (regimens/education/review.py). Bodies are
Markdown with two additions (regimens/education/wording.py): `{patient words|carer words}`
and `[@reference-key]` citations.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from regimens.education import wording
from regimens.reviewed import ReviewedQuerySet, ReviewRecord  # as the rules'

SLUG_LIST = RegexValidator(
    r"^[a-z0-9_-]+(,[a-z0-9_-]+)*$", "Use lower-case words separated by commas, no spaces."
)


class Reader(models.TextChoices):
    """Who a page is worded for; a person's choice (their profile, or a visitor's cookie)."""

    PATIENT = "patient", "I use the cream"
    CARER = "carer", "I care for someone who does"
    PROFESSIONAL = "professional", "I'm a healthcare professional"


class Reference(models.Model):
    """The stable identity of a source that content cites as `[@key]`; what the references
    list says of it (title, address) is in its versions, and pages show the approved one."""

    key = models.SlugField(unique=True, help_text="Cited in content as [@key].")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Reviewed(ReviewRecord):
    """What every education version has for its review (regimens/education/review.py): the
    shared review record and, unlike the catalogue's ReviewedVersion, no sources list but the
    approver's role."""

    reviewer_role = models.CharField(
        max_length=100,
        blank=True,
        help_text="Who approved it, by role (never by name): shown on the page.",
    )

    class Meta:
        abstract = True


class ReferenceVersion(Reviewed):
    """One version of what a reference's list item says."""

    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        related_name="versions",
        help_text="The key it is a version of.",
    )
    title = models.CharField(max_length=300, help_text="How the references list names it.")
    source = models.CharField(
        max_length=100, help_text="'label', 'eu-smpc' or 'seed:<file name>' (see seeds/README)."
    )
    url = models.URLField(blank=True, help_text="Where to read it, if it has a public address.")
    note = models.TextField(blank=True, help_text="What it covers, for editors.")

    class Meta:
        ordering = ["reference__key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "version"], name="unique_reference_version"
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=Q(status="approved"), name="one_approved_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version} ({self.get_status_display()})"

    @property
    def key(self) -> str:
        return self.reference.key


class Entry(models.Model):
    """The stable identity of a page or a question across its versions."""

    class Kind(models.TextChoices):
        PAGE = "page", "Page"
        REGIMEN = "regimen", "Regimen section"
        QUESTION = "question", "Question"

    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="What it is.")
    slug = models.SlugField(
        help_text="Stable name in URLs and seeds; a regimen section's is the regimen's slug."
    )

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="unique_education_entry")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug}"


class EntryVersionQuerySet(ReviewedQuerySet):
    def questions(self):
        return self.filter(entry__kind=Entry.Kind.QUESTION).order_by("position", "title")


class EntryVersion(Reviewed):
    """One version of a page or a question."""

    entry = models.ForeignKey(
        Entry,
        on_delete=models.PROTECT,
        related_name="versions",
        help_text="What it is a version of.",
    )
    title = models.CharField(
        max_length=200, help_text="The page's heading or the question; may hold {you|them}."
    )
    body = models.TextField(
        help_text="Markdown for patients and carers: {patient words|carer words}, [@key] cites."
    )
    clinician = models.TextField(
        "for healthcare professionals",
        blank=True,
        help_text="Markdown shown to professionals only; every statement cites a [@key].",
    )
    symptoms = models.CharField(
        max_length=300,
        blank=True,
        validators=[SLUG_LIST],
        help_text="Side-effect log items it answers (erythema,itching,...); the log links it "
        "after such a day is saved.",
    )
    indications = models.CharField(
        max_length=200,
        blank=True,
        validators=[SLUG_LIST],
        help_text="Indications it fits (actinic-keratosis, superficial-bcc, genital-warts); "
        "blank for all. Plan pages link the questions that fit.",
    )
    related = models.CharField(
        max_length=500,
        blank=True,
        validators=[SLUG_LIST],
        help_text="Slugs of related questions, in the order to list them.",
    )
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Order in lists: lower comes first."
    )
    search_text = models.TextField(
        editable=False, default="", help_text="Title and body in every wording, for search."
    )

    objects = EntryVersionQuerySet.as_manager()

    class Meta:
        ordering = ["entry__kind", "entry__slug", "-version"]
        verbose_name = "education version"
        permissions = [("approve_entryversion", "Can approve education version")]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="unique_entry_version"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="approved"), name="one_approved_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} v{self.version} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.search_text = wording.search_text(self.title, self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """Staff preview of exactly this version (the admin's "View on site")."""
        return reverse("education-preview", args=[self.pk])

    def clean(self):
        from regimens.education import checks  # it imports this module

        checks.validate_version(self)

    @property
    def slug(self) -> str:
        return self.entry.slug

    def public_url(self) -> str:
        kind, slug = self.entry.kind, self.entry.slug
        if kind == Entry.Kind.QUESTION:
            return reverse("question-detail", args=[slug])
        if kind == Entry.Kind.REGIMEN:
            return reverse("regimen-detail", args=[slug]) + "#for-professionals"
        return reverse(PAGE_URLS[slug]) if slug in PAGE_URLS else ""

    def list_of(self, field: str) -> list[str]:
        return [item for item in getattr(self, field).split(",") if item]


# The general pages and their URL names.
PAGE_URLS = {"about-imiquimod": "about-imiquimod", "editorial-policy": "editorial-policy"}
