"""The admin for the regimen catalogue: validated, versioned, reviewed and previewed.

Only drafts are edited in place: saving an edit to a version in review, approved or
retired makes a new draft instead. Every save that changes something records its editor
(`last_edited_by`), who may not approve that version; approving needs the approve
permission, which only the "Regimen reviewers" group (and superusers) have. Review steps
are admin actions and buttons; the admin's own history (LogEntry) records who did what.
Patients' plans are not in the admin. The editing and the steps are regimens/review_admin.py's,
shared with education's admin.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.template.defaultfilters import pluralize
from django.utils import timezone

from regimens import assessment, engine, jurisdictions, validation, versions
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion
from regimens.models import Product, ProductLimits, Regimen, RuleVersion
from regimens.review_admin import ReviewedAdminMixin
from regimens.stale_numbers import stale_mentions

Status = RuleVersion.Status


READER_PAIRS_HINT = (
    "Texts for patients are also read by carers: where a carer needs other words, write both "
    "as a {patient words|carer words} pair, e.g. \"wash {your|their} hands\" (one '|' in each "
    "pair, no nesting). Saving checks the pairs."
)


@admin.register(Regimen)
class RegimenAdmin(admin.ModelAdmin):
    list_display = ["slug"]
    search_fields = ["slug"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in URLs, seeds and plans' links: it never changes once made.
        return ["slug"] if obj else []


class WeekdaysTextField(forms.CharField):
    """Default weekdays as RuleVersion.clean() stores them ('Mon, Thu' -> 'mon,thu'), so that
    the form sees an equivalent spelling as no change (and makes no new draft for it)."""

    def to_python(self, value):
        return validation.canonical_weekdays(super().to_python(value))


def versions_review_fields() -> list[str]:
    """The read-only fields every versioned model has (regimens/reviewed.py)."""
    return [
        *("version", "status", "origin", "last_reviewed", "reviewed_by", "last_edited_by"),
        *("submitted_digest", "approved_digest", "created_at", "updated_at"),
    ]


@admin.register(RuleVersion)
class RuleVersionAdmin(ReviewedAdminMixin, admin.ModelAdmin):
    list_display = [
        "regimen",
        "product_and_strength",
        "indication",
        "jurisdiction",
        "status",
        "version",
        "last_reviewed",
        "plan_count",
    ]
    list_filter = ["jurisdiction", "product", "indication", "status"]
    search_fields = ["regimen__slug", "product", "indication_label", "strength"]
    list_select_related = ["regimen"]
    # The jurisdiction's name and document are copied from its approved version on saving.
    readonly_fields = [*versions_review_fields(), *jurisdictions.SNAPSHOT.values()]
    fieldsets = [
        ("Identity", {"fields": [
            "regimen", "version", "status", "origin",
            "product", "strength", "indication", "indication_label", "jurisdiction",
            "jurisdiction_name", "jurisdiction_authority", "jurisdiction_in_title",
        ]}),
        ("Schedule", {"fields": [
            "applications_per_week", "default_weekdays", "min_days_between",
            "course_days", "cap_days", "until_cleared", "cycles",
            "assessment_weeks_off", "repeat_course_weeks",
        ]}),
        ("Contact and timing", {"description": READER_PAIRS_HINT, "fields": [
            "contact_hours_default", "contact_hours_min", "contact_hours_max",
            "default_time", "timing_note",
        ]}),
        ("Recording a night", {"fields": [
            "done_hours_before", "done_hours_after", "min_hours_between",
        ]}),
        ("Amounts and limits", {"description": READER_PAIRS_HINT, "fields": [
            "amount", "packets_per_application", "box_sizes", "area_note", "age_note",
            "followup_note", "followup_days_after",
        ]}),
        ("Education content (Markdown)", {"description": READER_PAIRS_HINT, "fields": [
            "apply_steps", "what_to_expect", "side_effects", "missed_doses",
            "precautions", "interactions", "how_it_works", "faq",
        ]}),
        ("Sources and review", {"fields": [
            "sources", "last_reviewed", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip
    workflow = versions.WORKFLOW
    retired_note = " The version it replaces is retired; plans made with it keep it."

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plan_count=Count("plans"))

    def retire_effect(self, version) -> str:
        if version.status != Status.APPROVED:
            return super().retire_effect(version)
        plans = version.plans.count()
        keep = f"The {plans} plan{pluralize(plans)} made with it keep{pluralize(plans, 's,')} it."
        if not plans:
            keep = "No plan was made with it."
        return (
            "It is the approved version: new plans can no longer choose it until another "
            f"version is approved. {keep}"
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "jurisdiction":  # one of the approved jurisdictions
            return forms.ChoiceField(
                choices=jurisdictions.choices(),
                label="Jurisdiction",
                help_text=db_field.help_text,
            )
        if db_field.name == "default_weekdays":
            kwargs["form_class"] = WeekdaysTextField
        if db_field.name == "default_time":  # a wall-clock time: no "Now", no server clock
            kwargs["widget"] = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="product and strength", ordering="product")
    def product_and_strength(self, obj):
        return f"{obj.product} {obj.strength}"

    @admin.display(description="plans", ordering="plan_count")
    def plan_count(self, obj):
        return obj.plan_count

    # The change page: status, review buttons and the schedule preview -----------------

    def review_context(self, request, rule) -> dict:
        return {
            **self.workflow_context(request, rule),
            "preview": schedule_preview(rule, request.GET.get("preview_start")),
        }

    def workflow_context(self, request, rule) -> dict:
        """The review steps this user may take, and what the version changes."""
        return {**super().workflow_context(request, rule), "review": review_changes(rule)}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["slug", "product", "strength"]

    def has_change_permission(self, request, obj=None):
        # Added, then only viewed (no Save buttons over three read-only fields): the slug is
        # in seeds, and the product and strength find its rule versions.
        return obj is None and super().has_change_permission(request, obj)


@admin.register(ProductLimits)
class ProductLimitsAdmin(RuleVersionAdmin):
    """How far a clinician's own schedule may go, per product: edited, versioned, reviewed
    and approved exactly as rule versions are (the same steps, groups and four eyes)."""

    change_form_template = "admin/regimens/ruleversion/change_form.html"
    list_display = [
        "product",
        "status",
        "version",
        "contact_hours_min",
        "contact_hours_max",
        "longest_course_weeks",
        "allowed_weeks",
        "last_reviewed",
        "plan_count",
    ]
    list_filter = ["status"]
    search_fields = ["product__slug", "product__product", "product__strength"]
    list_select_related = ["product"]
    readonly_fields = [*versions_review_fields(), "on_its_labels"]
    fieldsets = [
        ("Identity", {"fields": ["product", "version", "status", "origin"]}),
        ("Limits", {"fields": [
            "contact_hours_min", "contact_hours_max", "longest_course_weeks", "on_its_labels",
            "allowed_weeks", "min_hours_between",
        ]}),
        ("Sources and review", {"fields": [
            "sources", "last_reviewed", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip

    def review_context(self, request, rule) -> dict:
        return self.workflow_context(request, rule)

    @admin.display(description="on its approved label regimens")
    def on_its_labels(self, obj):
        """The values the limits are derived from, to check them against."""
        rules = RuleVersion.objects.approved().filter(
            product=obj.product.product, strength=obj.product.strength
        )
        if not rules:
            return "No approved label regimen has this product and strength."
        low = min(rule.contact_hours_min for rule in rules)
        high = max(rule.contact_hours_max for rule in rules)
        weeks = max(rule.cap_days for rule in rules) / 7
        return (
            f"{versions.display_number(low)} to {versions.display_number(high)} hours; "
            f"the longest course {weeks:g} weeks ({len(rules)} regimens)."
        )


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_approved"]
    search_fields = ["code"]

    def get_queryset(self, request):
        approved = jurisdictions.approved().filter(jurisdiction=OuterRef("pk"))
        named = Subquery(approved.values("name")[:1])
        return super().get_queryset(request).annotate(approved_name=named)

    @admin.display(description="name (approved version)", ordering="approved_name")
    def name_approved(self, obj):
        return obj.approved_name or "none approved"

    def get_readonly_fields(self, request, obj=None):
        # The code is in seeds, rule versions and people's profiles: it never changes.
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # retire its version instead: rules and profiles name the code


@admin.register(JurisdictionVersion)
class JurisdictionVersionAdmin(RuleVersionAdmin):
    """Whose label a regimen follows (its name, label document and place in lists): edited,
    versioned, reviewed and approved exactly as rule versions are."""

    change_form_template = "admin/regimens/ruleversion/change_form.html"
    list_display = [
        "jurisdiction", "name", "authority", "position", "in_titles", "status", "version",
        "last_reviewed",
    ]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["jurisdiction__code", "name", "authority"]
    list_select_related = ["jurisdiction"]
    readonly_fields = versions_review_fields()
    fieldsets = [
        ("Identity", {"fields": ["jurisdiction", "version", "status", "origin"]}),
        ("Jurisdiction", {"fields": ["name", "authority", "position", "in_titles", "time_zones"]}),
        ("Sources and review", {"fields": [
            "sources", "last_reviewed", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return admin.ModelAdmin.get_queryset(self, request)  # no plans to count

    def review_context(self, request, rule) -> dict:
        return self.workflow_context(request, rule)


def review_changes(rule: versions.Versioned) -> dict | None:
    """For a draft or a version in review: the approved version it would replace and what
    it changes, field by field (as the plan page's "what changed")."""
    if rule.status not in (Status.DRAFT, Status.REVIEW):
        return None
    current = versions.approved_of(rule)
    changes = versions.field_changes(current, rule) if current else []
    stale = stale_mentions(current, rule) if current and isinstance(rule, RuleVersion) else []
    return {"replaces": current, "changes": changes, "stale": stale}


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


PREVIEW_YEARS = 5  # as a plan's first day (planner.plans.forms.MAX_PLAN_YEARS)


def schedule_preview(rule: RuleVersion, start_text: str | None) -> dict:
    """The saved rule's defaults through the engine, from a sample start date."""
    preview = {"start": next_monday(timezone.localdate()), "error": "", "schedule": None}
    if start_text:
        try:
            preview["start"] = dt.date.fromisoformat(start_text)
        except ValueError:
            preview["error"] = f"{start_text!r} is not a date: use YYYY-MM-DD."
            return preview
        if abs(preview["start"] - timezone.localdate()) > dt.timedelta(days=365 * PREVIEW_YEARS):
            preview["error"] = f"Choose a sample first day within {PREVIEW_YEARS} years of today."
            return preview
    try:
        preview["schedule"] = rule.sample_schedule(preview["start"])
        preview["assessment"] = assessment.assessment_date(rule.spec(), preview["start"])
    except (engine.ScheduleError, ValueError, TypeError, OverflowError) as exc:
        preview["error"] = f"This version cannot make a schedule: {exc}"
    return preview


from regimens.education import admin as education_admin  # noqa: E402, F401 (registers it)
