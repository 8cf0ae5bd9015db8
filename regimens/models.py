"""The regimen catalogue: each regimen has numbered, immutable-once-used rule versions.

A plan points at the exact RuleVersion it was made with, so editing a rule (which
makes a new version) never changes an existing plan.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from regimens import engine, jurisdictions, prescribed, validation
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion  # noqa: F401 (models)
from regimens.reviewed import ReviewedQuerySet, ReviewedVersion

EDUCATION_FIELDS = (
    "apply_steps",
    "what_to_expect",
    "side_effects",
    "missed_doses",
    "precautions",
    "interactions",
    "how_it_works",
    "faq",
)
# The texts that carers read in their own words: {patient|carer} pairs (regimens.education.wording).
WORDED_FIELDS = (
    *EDUCATION_FIELDS,
    "amount",
    "timing_note",
    "area_note",
    "age_note",
    "followup_note",
)


class Regimen(models.Model):
    """The stable identity of a regimen across its versions."""

    slug = models.SlugField(unique=True, help_text="Stable name used in URLs and seeds.")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class RuleVersionQuerySet(ReviewedQuerySet):
    def region_first(self, region: str = ""):
        """`region`'s regimens first, then the others in the approved jurisdictions' order,
        each by slug (in the same query)."""
        return self.order_by(jurisdictions.rank("jurisdiction", region), "regimen__slug")


class RuleVersion(ReviewedVersion):
    """One version of a regimen's rule and education content. The version, status and review
    fields come from ReviewedVersion (regimens/reviewed.py); those whose help differs are
    spelt out here."""

    class Indication(models.TextChoices):
        AK = "actinic-keratosis", "Actinic keratosis"
        SBCC = "superficial-bcc", "Superficial basal cell carcinoma"
        WARTS = "genital-warts", "External genital and perianal warts"

    regimen = models.ForeignKey(
        Regimen,
        on_delete=models.PROTECT,
        related_name="versions",
        help_text="The regimen this is a version of.",
    )
    status = models.CharField(
        max_length=10,
        choices=ReviewedVersion.Status.choices,
        default=ReviewedVersion.Status.DRAFT,
        help_text="Only approved versions are offered for new plans.",
    )
    origin = models.CharField(
        max_length=10,
        choices=ReviewedVersion.Origin.choices,
        default=ReviewedVersion.Origin.ADMIN,
        help_text="Where this version came from.",
    )

    product = models.CharField(max_length=120, help_text="Brand and generic name.")
    strength = models.CharField(max_length=10, help_text="Cream strength, e.g. 5%.")
    indication = models.CharField(
        max_length=30, choices=Indication.choices, help_text="The condition treated."
    )
    indication_label = models.CharField(
        "indication for patients", max_length=200, help_text="What it treats, in plain words."
    )
    jurisdiction = models.CharField(
        max_length=10,
        default="us",
        help_text="Whose label this regimen follows: the code of an approved jurisdiction "
        "(Jurisdiction versions).",
    )
    # Copied from the jurisdiction's approved version when a draft is saved (jurisdictions.py).
    jurisdiction_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="The jurisdiction's name, as approved with this version.",
    )
    jurisdiction_authority = models.CharField(
        "jurisdiction's label document",
        max_length=120,
        blank=True,
        help_text="The document its labels are, as approved with this version.",
    )
    jurisdiction_in_title = models.BooleanField(
        "jurisdiction named in the title",
        default=False,
        help_text="Whether the title says the jurisdiction, as approved with this version.",
    )

    applications_per_week = models.PositiveSmallIntegerField(help_text="7 means once daily.")
    default_weekdays = models.CharField(
        max_length=27, help_text="Comma-separated: mon,tue,wed,thu,fri,sat,sun."
    )
    min_days_between = models.PositiveSmallIntegerField(
        "days between applications",
        help_text="Fewest days from one application to the next, counted round the week.",
    )
    course_days = models.PositiveSmallIntegerField(
        "course length (days)", help_text="Length of the course window in days."
    )
    cap_days = models.PositiveSmallIntegerField(
        "cap (days)", help_text="Hard cap in days; never extended."
    )
    until_cleared = models.BooleanField(
        default=False, help_text="Used until the condition clears, at most the cap."
    )
    cycles = models.CharField(
        max_length=200,
        blank=True,
        help_text="Treatment and rest fortnights, e.g. '14 on, 14 off, 14 on'; blank for none.",
    )
    # A label may give one assessment after the first course and one more course if needed
    # (the EU SmPC for AK: 4 weeks on, 4 off, assess, perhaps 4 more); regimens/assessment.py.
    assessment_weeks_off = models.PositiveSmallIntegerField(
        "assessment after (weeks off)",
        default=0,
        validators=[MaxValueValidator(52)],
        help_text="Weeks without treatment after the course, then an assessment; 0 for none.",
    )
    repeat_course_weeks = models.PositiveSmallIntegerField(
        "second course (weeks)",
        default=0,
        validators=[MaxValueValidator(52)],
        help_text="Length of the one more course if the assessment finds it not cleared; "
        "0 for none.",
    )

    contact_hours_default = models.DecimalField(
        "default contact hours",
        max_digits=4,
        decimal_places=2,
        help_text="Hours the cream stays on, unless the person chooses otherwise.",
    )
    contact_hours_min = models.DecimalField(
        "shortest contact hours", max_digits=4, decimal_places=2, help_text="Fewest hours allowed."
    )
    contact_hours_max = models.DecimalField(
        "longest contact hours", max_digits=4, decimal_places=2, help_text="Most hours allowed."
    )
    default_time = models.TimeField(help_text="Default local application time, HH:MM.")
    timing_note = models.CharField(
        max_length=200, blank=True, help_text="When in the day to apply, for patients."
    )
    # At most 12 each: a window shorter than a day holds each wall time once, so a typed
    # time names one instant (and a night's window never reaches the next night's).
    done_hours_before = models.PositiveSmallIntegerField(
        "done up to (hours before)",
        default=6,
        validators=[MaxValueValidator(12)],
        help_text="How many hours before the planned time a night may be recorded as done.",
    )
    done_hours_after = models.PositiveSmallIntegerField(
        "done up to (hours after)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="How many hours after the planned time a night may be recorded as done.",
    )
    # Below 23, so that nights a day apart stay possible across a clock change.
    min_hours_between = models.PositiveSmallIntegerField(
        "hours between applications",
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(22)],
        help_text="Fewest hours between two recorded applications: at most once a day.",
    )

    amount = models.TextField(blank=True, help_text="How much cream per application.")
    packets_per_application = models.PositiveSmallIntegerField(
        default=1, help_text="Single-use packets (or pump presses) per application."
    )
    box_sizes = models.CharField(max_length=40, help_text="Packets per box, comma-separated.")
    area_note = models.TextField(blank=True, help_text="Limits on the treated area or lesion.")
    age_note = models.CharField(max_length=200, blank=True, help_text="Who it is for, by age.")
    followup_note = models.TextField(
        "follow-up note", blank=True, help_text="When the result is judged, for patients."
    )
    followup_days_after = models.PositiveSmallIntegerField(
        "follow-up after (days)",
        default=0,
        help_text="Days after the last application for a follow-up reminder; 0 for none.",
    )

    apply_steps = models.TextField("how to apply", blank=True, help_text="Markdown.")
    what_to_expect = models.TextField(blank=True, help_text="Markdown.")
    side_effects = models.TextField(blank=True, help_text="Markdown.")
    missed_doses = models.TextField(blank=True, help_text="Markdown.")
    precautions = models.TextField(blank=True, help_text="Markdown.")
    interactions = models.TextField(blank=True, help_text="Markdown.")
    how_it_works = models.TextField(blank=True, help_text="Markdown.")
    faq = models.TextField("FAQ", blank=True, help_text="Markdown.")

    sources = models.JSONField(
        default=list, help_text='List of {"title": ..., "ref": ...}: label, seed file, ...'
    )
    submitted_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the content when it was submitted for review.",
    )

    objects = RuleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["regimen__slug", "-version"]
        permissions = [("approve_ruleversion", "Can approve rule version")]
        constraints = [
            models.UniqueConstraint(fields=["regimen", "version"], name="unique_rule_version"),
            models.UniqueConstraint(
                fields=["regimen"], condition=Q(status="approved"), name="one_approved_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regimen.slug} v{self.version} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        """A new row or a draft takes its jurisdiction's approved name and document."""
        if self._state.adding or self.status == self.Status.DRAFT:
            copied = jurisdictions.snapshot(self.jurisdiction) or {}
            for field, value in copied.items():
                setattr(self, field, value)
            if copied and kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], *copied}
        super().save(*args, **kwargs)

    @property
    def slug(self) -> str:
        return self.regimen.slug

    @property
    def title(self) -> str:
        """'Aldara 5%: Actinic keratosis'; other jurisdictions than the US say theirs, as
        'Aldara 5%: Actinic keratosis (EU/UK)', so that two labels' regimens never look alike."""
        title = f"{self.product.split(' (')[0]} {self.strength}: {self.get_indication_display()}"
        if self.jurisdiction_in_title:
            title += f" ({self.get_jurisdiction_display()})"
        return title

    def get_jurisdiction_display(self) -> str:
        """The jurisdiction's name as approved with this version ('EU/UK')."""
        return self.jurisdiction_name or self.jurisdiction.upper()

    @property
    def jurisdiction_text(self) -> str:
        """'EU/UK: summary of product characteristics (SmPC)'."""
        return f"{self.get_jurisdiction_display()}: {self.jurisdiction_authority or 'label'}"

    @property
    def choice_label(self) -> str:
        """How the plan form offers it: 'US label · Aldara 5%: Actinic keratosis'. The label
        comes first: a phone's closed select cuts the end of a long option."""
        base = self.title.removesuffix(f" ({self.get_jurisdiction_display()})")
        return f"{self.get_jurisdiction_display()} label · {base}"

    @property
    def label_name(self) -> str:
        """How a clinician's schedule names the label it departs from: 'the US AK label'."""
        short = {"actinic-keratosis": "AK", "superficial-bcc": "sBCC"}
        indication = short.get(self.indication, self.get_indication_display().lower())
        return f"the {self.get_jurisdiction_display()} {indication} label"

    def clean(self):
        self.default_weekdays = validation.canonical_weekdays(self.default_weekdays)
        validation.validate_rule(self)
        if self.jurisdiction and jurisdictions.snapshot(self.jurisdiction) is None:
            raise ValidationError(
                {"jurisdiction": f"{self.jurisdiction!r} is not an approved jurisdiction."}
            )

    def spec(self) -> engine.RuleSpec:
        """This row as the scheduling engine's input."""
        return engine.RuleSpec(
            slug=self.regimen.slug,
            applications_per_week=self.applications_per_week,
            default_weekdays=engine.parse_weekdays(self.default_weekdays),
            min_days_between=self.min_days_between,
            course_days=self.course_days,
            cap_days=self.cap_days,
            until_cleared=self.until_cleared,
            cycles=engine.parse_cycles(self.cycles),
            contact_hours_default=float(self.contact_hours_default),
            contact_hours_min=float(self.contact_hours_min),
            contact_hours_max=float(self.contact_hours_max),
            default_time=self.default_time,
            done_hours_before=self.done_hours_before,
            done_hours_after=self.done_hours_after,
            min_hours_between=self.min_hours_between,
            assessment_weeks_off=self.assessment_weeks_off,
            repeat_course_weeks=self.repeat_course_weeks,
        )

    def sample_schedule(self, start: dt.date | None = None) -> engine.Schedule:
        """The rule's defaults run through the engine; by default from a first default weekday."""
        spec = self.spec()
        if start is None:
            monday = dt.date(2024, 1, 1)
            start = monday + dt.timedelta(days=engine.WEEKDAYS.index(spec.default_weekdays[0]))
        inputs = engine.PlanInputs(
            start=start,
            weekdays=spec.default_weekdays,
            time=spec.default_time,
            zone="UTC",
            contact_hours=spec.contact_hours_default,
        )
        return engine.build_schedule(spec, inputs)

    def box_size_list(self) -> list[int]:
        return [int(n) for n in self.box_sizes.split(",") if n.strip()]


# --- Product limits: how far a clinician's own schedule may go -----------------------------


class Product(models.Model):
    """A cream and strength (Aldara 5%): the stable identity of its limits' versions. Its
    rule versions are those with the same product and strength."""

    slug = models.SlugField(unique=True, help_text="Stable name used in seeds, e.g. aldara-5.")
    product = models.CharField(
        max_length=120, help_text="Brand and generic name, exactly as its rule versions say it."
    )
    strength = models.CharField(max_length=10, help_text="Cream strength, e.g. 5%.")

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["product", "strength"], name="unique_product")
        ]

    def __str__(self) -> str:
        return f"{self.product.split(' (')[0]} {self.strength}"


class ProductLimits(ReviewedVersion):
    """One version of a product's hard limits on plans made as a clinician prescribed
    (regimens/prescribed.py). Edited, reviewed and approved as rule versions are
    (regimens/versions.py); a plan keeps the version it was checked against. The version,
    status and review fields come from ReviewedVersion (regimens/reviewed.py)."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="versions", help_text="The product."
    )
    status = models.CharField(
        max_length=10,
        choices=ReviewedVersion.Status.choices,
        default=ReviewedVersion.Status.DRAFT,
        help_text="Only the approved version checks new plans.",
    )
    contact_hours_min = models.DecimalField(
        "shortest contact hours",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(engine.MAX_CONTACT_HOURS)],
        help_text="Fewest hours on the skin, across this product's labels.",
    )
    contact_hours_max = models.DecimalField(
        "longest contact hours",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(engine.MAX_CONTACT_HOURS)],
        help_text="Most hours on the skin, across this product's labels.",
    )
    longest_course_weeks = models.PositiveSmallIntegerField(
        "longest labelled course (weeks)",
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="The longest course on this product's labels.",
    )
    allowed_weeks = models.PositiveSmallIntegerField(
        "allowed for a clinician's schedule (weeks)",
        default=0,
        validators=[MaxValueValidator(52)],
        help_text="Longest course a clinician's schedule may have when that is longer than "
        "the labelled one; 0 for none.",
    )
    min_hours_between = models.PositiveSmallIntegerField(
        "hours between applications",
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(22)],
        help_text="Fewest hours between two applications: at most once a day.",
    )
    sources = models.JSONField(
        default=list, help_text='List of {"title": ..., "ref": ...}: where each limit comes from.'
    )

    class Meta:
        verbose_name = "product limits"
        verbose_name_plural = "product limits"
        ordering = ["product__slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="unique_limits_version"),
            models.UniqueConstraint(
                fields=["product"], condition=Q(status="approved"), name="one_approved_limits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.slug} limits v{self.version} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        """'Aldara 5%'."""
        return str(self.product)

    def clean(self):
        errors = {}
        # As a rule's: sources (junk such as NaN is not JSON), and no second application
        # while the first may still be on the skin.
        for check in (validation.check_sources, validation.check_hours_between):
            try:
                check(self)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        low, high = self.contact_hours_min, self.contact_hours_max
        if low is not None and high is not None and low > high:
            errors["contact_hours_min"] = "The shortest contact hours exceed the longest."
        longest = self.longest_course_weeks
        if self.allowed_weeks and longest and self.allowed_weeks <= longest:
            errors["allowed_weeks"] = (
                f"An allowance must be longer than the labelled course ({longest} weeks), "
                "or 0 for none."
            )
        if errors:
            raise ValidationError(errors)

    def spec(self) -> prescribed.Limits:
        """This row as the clinician's-schedule engine's input."""
        return prescribed.Limits(
            product=self.name,
            contact_hours_min=float(self.contact_hours_min),
            contact_hours_max=float(self.contact_hours_max),
            longest_course_weeks=self.longest_course_weeks,
            allowed_weeks=self.allowed_weeks,
            min_hours_between=self.min_hours_between,
        )


# The education content (pages, questions, references) keeps its models in its own module.
from regimens.education.models import Entry, EntryVersion, Reference  # noqa: E402, F401
