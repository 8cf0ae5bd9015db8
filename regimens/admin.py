"""The admin for the regimen catalogue: validated, versioned, reviewed and previewed.

Only drafts are edited in place: saving an edit to a version in review, approved or
retired makes a new draft instead. Every save that changes something records its editor
(`last_edited_by`), who may not approve that version; approving needs the approve
permission, which only the "Regimen reviewers" group (and superusers) have. Review steps
are admin actions and buttons; the admin's own history (LogEntry) records who did what.
Patients' plans are not in the admin.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from regimens import assessment, engine, jurisdictions, versions
from regimens.jurisdictions import Jurisdiction, JurisdictionVersion
from regimens.models import Product, ProductLimits, Regimen, RuleVersion

Status = RuleVersion.Status


class TextareaField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF: keep LF, and keep edge whitespace,
    so untouched text compares equal and is not reported (or versioned) as a change."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


# step -> (button label, the statuses it starts from, the permission it needs)
READER_PAIRS_HINT = (
    "Texts for patients are also read by carers: where a carer needs other words, write both "
    "as a {patient words|carer words} pair, e.g. \"wash {your|their} hands\" (one '|' in each "
    "pair, no nesting). Saving checks the pairs."
)
WORKFLOW = {
    "submit": ("Submit for review", (Status.DRAFT,), "change"),
    "approve": ("Approve", (Status.REVIEW,), "approve"),
    "retire": ("Retire", (Status.DRAFT, Status.REVIEW, Status.APPROVED), "change"),
}


@admin.register(Regimen)
class RegimenAdmin(admin.ModelAdmin):
    list_display = ["slug"]
    search_fields = ["slug"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in URLs, seeds and plans' links: it never changes once made.
        return ["slug"] if obj else []


def versions_review_fields() -> list[str]:
    """The read-only fields every versioned model has (regimens/reviewed.py)."""
    return [
        *("version", "status", "origin", "last_reviewed", "reviewed_by", "last_edited_by"),
        *("submitted_digest", "approved_digest", "created_at", "updated_at"),
    ]


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
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
    formfield_overrides = {models.TextField: {"form_class": TextareaField}}
    actions = ["submit_selected", "approve_selected", "retire_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plan_count=Count("plans"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "jurisdiction":  # one of the approved jurisdictions
            return forms.ChoiceField(
                choices=jurisdictions.choices(),
                label="Jurisdiction",
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # The regimen of an existing version never changes.
        return self.readonly_fields + (["regimen"] if obj else [])

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # versions that back plans must stay
        return actions

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Status.DRAFT)

    def has_approve_permission(self, request, obj=None):
        """The "Regimen reviewers" group's permission (versions.approve checks it again)."""
        return request.user.has_perm(versions.APPROVE_PERMISSION)

    @admin.display(description="product and strength", ordering="product")
    def product_and_strength(self, obj):
        return f"{obj.product} {obj.strength}"

    @admin.display(description="plans", ordering="plan_count")
    def plan_count(self, obj):
        return obj.plan_count

    # Saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and obj.is_locked:
            self._save_as_draft(request, obj, form)
            return
        if not change:
            obj.version = versions.next_version_number(getattr(obj, self.identity))
            obj.origin = RuleVersion.Origin.ADMIN
        if not change or form.has_changed():  # saving a draft unchanged is not an edit
            obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)

    def _save_as_draft(self, request, obj, form):
        """`obj` holds the edits to a locked version: save them as a new draft instead."""
        if not form.has_changed():
            return
        original = self.model.objects.get(pk=obj.pk)
        versions.save_as_new_version(obj, user=request.user)
        obj.drafted_from = original
        self.log_change(request, original, f"Edits saved as a new draft, v{obj.version}.")

    def response_change(self, request, obj):
        original = getattr(obj, "drafted_from", None)
        if original is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"v{original.version} is {original.get_status_display().lower()}, so it was not "
            f"changed: your edits are saved as a new draft, v{obj.version}.",
            messages.WARNING,
        )
        return HttpResponseRedirect(self._change_url(obj))

    @property
    def identity(self) -> str:
        """The field naming what this model versions: 'regimen' (or 'product')."""
        return versions.IDENTITY[self.model]

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _change_url(self, obj):
        return reverse(f"admin:{self._url_name('change')}", args=[obj.pk])

    # Review steps ---------------------------------------------------------------------

    def get_urls(self):
        workflow = self.admin_site.admin_view(self.workflow_view)
        return [
            path(
                "<int:pk>/workflow/<str:step>/",
                workflow,
                name=self._url_name("workflow"),
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def workflow_view(self, request, pk, step):
        rule = get_object_or_404(self.model.objects.select_related(self.identity), pk=pk)
        if step not in WORKFLOW or not self._may(request, rule, step):
            raise PermissionDenied
        self.apply_step(request, rule, step)
        return HttpResponseRedirect(self._change_url(rule))

    def apply_step(self, request, rule, step) -> None:
        """Run one review step on one version, log it, and tell the user."""
        try:
            retired = self._run_step(request, rule, step)
        except (versions.TransitionError, ValidationError) as exc:
            self.message_user(request, _reason(rule, exc), messages.ERROR)
            return
        status = rule.get_status_display().lower()
        self.log_change(request, rule, f"{WORKFLOW[step][0]}: now {status}.")
        for old in retired:
            self.log_change(request, old, f"Retired: replaced by v{rule.version}.")
        done = f"{versions.name(rule)} is now {status}."
        if retired:
            done += " The version it replaces is retired; plans made with it keep it."
        self.message_user(request, done, messages.SUCCESS)

    def _run_step(self, request, rule, step) -> list[RuleVersion]:
        """Do the step; returns the versions an approval retired."""
        if step == "approve":
            return versions.approve(rule, user=request.user, today=timezone.localdate())
        if step == "submit":
            versions.submit_for_review(rule)
        else:
            versions.retire(rule)
        return []

    def _bulk(self, request, queryset, step):
        ordered = queryset.select_related(self.identity).order_by(f"{self.identity}_id", "version")
        for rule in ordered:
            self.apply_step(request, rule, step)

    @admin.action(description="Submit selected versions for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Approve selected versions", permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Retire selected versions", permissions=["change"])
    def retire_selected(self, request, queryset):
        self._bulk(request, queryset, "retire")

    # The change page: status, review buttons and the schedule preview -----------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rule = self.get_object(request, object_id)
        if rule is not None:
            extra_context = {**(extra_context or {}), **self.review_context(request, rule)}
        return super().change_view(request, object_id, form_url, extra_context)

    def review_context(self, request, rule) -> dict:
        return {
            **self.workflow_context(request, rule),
            "preview": schedule_preview(rule, request.GET.get("preview_start")),
        }

    def workflow_context(self, request, rule) -> dict:
        """The status, the review steps this user may take and what the version changes."""
        return {
            "workflow_steps": self._steps(request, rule),
            "own_edit": rule.status == Status.REVIEW
            and self.has_approve_permission(request, rule)
            and not versions.may_approve(rule, request.user),
            "review": review_changes(rule),
        }

    def _may(self, request, rule, step) -> bool:
        return getattr(self, f"has_{WORKFLOW[step][2]}_permission")(request, rule)

    def _steps(self, request, rule) -> list[tuple[str, str]]:
        return [
            (reverse(f"admin:{self._url_name('workflow')}", args=[rule.pk, step]), label)
            for step, (label, allowed, _) in WORKFLOW.items()
            if rule.status in allowed
            and self._may(request, rule, step)
            and (step != "approve" or versions.may_approve(rule, request.user))
        ]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["slug", "product", "strength"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in seeds; the product and strength find its rule versions.
        return ["slug", "product", "strength"] if obj else []


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

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["product"] if obj else [])

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
    list_display = ["code"]
    search_fields = ["code"]

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
        ("Jurisdiction", {"fields": ["name", "authority", "position", "in_titles"]}),
        ("Sources and review", {"fields": [
            "sources", "last_reviewed", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return admin.ModelAdmin.get_queryset(self, request)  # no plans to count

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["jurisdiction"] if obj else [])

    def review_context(self, request, rule) -> dict:
        return self.workflow_context(request, rule)


def review_changes(rule: versions.Versioned) -> dict | None:
    """For a draft or a version in review: the approved version it would replace and what
    it changes, field by field (as the plan page's "what changed")."""
    if rule.status not in (Status.DRAFT, Status.REVIEW):
        return None
    current = versions.approved_of(rule)
    changes = versions.field_changes(current, rule) if current else []
    return {"replaces": current, "changes": changes}


def _reason(rule: RuleVersion, exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"{versions.name(rule)} is not valid yet: {'; '.join(exc.messages)}"
    return str(exc)


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


def schedule_preview(rule: RuleVersion, start_text: str | None) -> dict:
    """The saved rule's defaults through the engine, from a sample start date."""
    preview = {"start": next_monday(timezone.localdate()), "error": "", "schedule": None}
    if start_text:
        try:
            preview["start"] = dt.date.fromisoformat(start_text)
        except ValueError:
            preview["error"] = f"{start_text!r} is not a date: use YYYY-MM-DD."
            return preview
    try:
        preview["schedule"] = rule.sample_schedule(preview["start"])
        preview["assessment"] = assessment.assessment_date(rule.spec(), preview["start"])
    except (engine.ScheduleError, ValueError, TypeError, OverflowError) as exc:
        preview["error"] = f"This version cannot make a schedule: {exc}"
    return preview


from regimens.education import admin as education_admin  # noqa: E402, F401 (registers it)
