"""The admin for education content, with the rules' workflow (regimens/admin.py): only a
draft is edited in place, an edit to anything else is saved as a new draft, the editor is
recorded, and approval needs a reviewer who did not make the last edit. Entry versions and
reference versions share it (ReviewedAdmin)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from regimens.education import review
from regimens.education.models import Entry, EntryVersion, Reference, ReferenceVersion

Status = EntryVersion.Status


class TextareaField(forms.CharField):
    """As the rules' admin's (regimens/admin.py imports this module, so not imported from it):
    LF line breaks and edge whitespace kept, so untouched text is not seen as an edit."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


# step -> (button label, the statuses it starts from, the permission it needs)
WORKFLOW = {
    "submit": ("Submit for review", (Status.DRAFT,), "change"),
    "approve": ("Approve", (Status.REVIEW,), "approve"),
    "retire": ("Retire", (Status.DRAFT, Status.REVIEW, Status.APPROVED), "change"),
}


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    """A key only: what the references list says of it is edited as a version."""

    list_display = ["key"]
    search_fields = ["key"]

    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj else []  # content cites it by key


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "slug"] if obj else []  # in URLs, seeds and related lists


class ReviewedAdmin(admin.ModelAdmin):
    """An education version's admin: edits, review steps and their buttons. A subclass names
    its `identity` (the field of the entry or reference it is a version of)."""

    identity = ""
    readonly_fields = [
        "version",
        "status",
        "origin",
        "last_reviewed",
        "reviewer_role",
        "reviewed_by",
        "last_edited_by",
        "submitted_digest",
        "approved_digest",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = {models.TextField: {"form_class": TextareaField}}
    actions = ["submit_selected", "approve_selected", "retire_selected"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + ([self.identity] if obj else [])

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Status.DRAFT)

    def has_approve_permission(self, request, obj=None):
        return request.user.has_perm(review.APPROVE_PERMISSION)

    def save_model(self, request, obj, form, change):
        if change and obj.is_locked:
            if form.has_changed():
                original = self.model.objects.get(pk=obj.pk)
                review.save_as_new_version(obj, user=request.user)
                obj.drafted_from = original
                self.log_change(request, original, f"Edits saved as a new draft, v{obj.version}.")
            return
        if not change:
            obj.version = review.next_version_number(getattr(obj, self.identity))
            obj.origin = EntryVersion.Origin.ADMIN
        if not change or form.has_changed():
            obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)

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
        return HttpResponseRedirect(_change_url(obj))

    # Review steps ---------------------------------------------------------------------

    def get_urls(self):
        workflow = self.admin_site.admin_view(self.workflow_view)
        return [
            path("<int:pk>/workflow/<str:step>/", workflow, name=self._workflow_name()),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def workflow_view(self, request, pk, step):
        version = get_object_or_404(self.model.objects.select_related(self.identity), pk=pk)
        if step not in WORKFLOW or not self._may(request, version, step):
            raise PermissionDenied
        self.apply_step(request, version, step)
        return HttpResponseRedirect(_change_url(version))

    def apply_step(self, request, version, step) -> None:
        try:
            retired = self._run_step(request, version, step)
        except (review.TransitionError, ValidationError) as exc:
            self.message_user(request, _reason(version, exc), messages.ERROR)
            return
        status = version.get_status_display().lower()
        self.log_change(request, version, f"{WORKFLOW[step][0]}: now {status}.")
        for old in retired:
            self.log_change(request, old, f"Retired: replaced by v{version.version}.")
        self.message_user(request, f"{review.name(version)} is now {status}.", messages.SUCCESS)

    def _run_step(self, request, version, step) -> list:
        if step == "approve":
            return review.approve(version, user=request.user, today=timezone.localdate())
        if step == "submit":
            review.submit_for_review(version)
        else:
            review.retire(version)
        return []

    def _bulk(self, request, queryset, step):
        ordered = queryset.select_related(self.identity).order_by(f"{self.identity}_id", "version")
        for version in ordered:
            self.apply_step(request, version, step)

    @admin.action(description="Submit selected versions for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Approve selected versions", permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Retire selected versions", permissions=["change"])
    def retire_selected(self, request, queryset):
        self._bulk(request, queryset, "retire")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow_steps": self._steps(request, version),
                "own_edit": version.status == Status.REVIEW
                and self.has_approve_permission(request, version)
                and not review.may_approve(version, request.user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _may(self, request, version, step) -> bool:
        return getattr(self, f"has_{WORKFLOW[step][2]}_permission")(request, version)

    def _workflow_name(self) -> str:
        return f"regimens_{self.model._meta.model_name}_workflow"

    def _steps(self, request, version) -> list[tuple[str, str]]:
        return [
            (reverse(f"admin:{self._workflow_name()}", args=[version.pk, step]), label)
            for step, (label, allowed, _) in WORKFLOW.items()
            if version.status in allowed
            and self._may(request, version, step)
            and (step != "approve" or review.may_approve(version, request.user))
        ]


@admin.register(EntryVersion)
class EntryVersionAdmin(ReviewedAdmin):
    identity = "entry"
    list_display = ["entry", "title", "status", "version", "last_reviewed", "reviewer_role"]
    list_filter = ["entry__kind", "status"]
    search_fields = ["entry__slug", "title", "body"]
    list_select_related = ["entry"]
    fieldsets = [
        ("Identity", {"fields": ["entry", "version", "status", "origin", "position"]}),
        ("Content (Markdown: {patient words|carer words}, [@reference-key])", {"fields": [
            "title", "body", "clinician",
        ]}),
        ("Where it is linked", {"fields": ["symptoms", "indications", "related"]}),
        ("Review", {"fields": [
            "last_reviewed", "reviewer_role", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip


@admin.register(ReferenceVersion)
class ReferenceVersionAdmin(ReviewedAdmin):
    """What a references list says of a source; a page shows the approved version only."""

    identity = "reference"
    formfield_overrides = {
        **ReviewedAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},  # Django 6's default, and what sources use
    }
    list_display = ["reference", "title", "status", "version", "last_reviewed", "reviewer_role"]
    list_filter = ["status"]
    search_fields = ["reference__key", "title", "source"]
    list_select_related = ["reference"]
    fieldsets = [
        ("Identity", {"fields": ["reference", "version", "status", "origin"]}),
        ("What the references list says", {"fields": ["title", "source", "url", "note"]}),
        ("Review", {"fields": [
            "last_reviewed", "reviewer_role", "reviewed_by", "last_edited_by",
            "submitted_digest", "approved_digest", "created_at", "updated_at",
        ]}),
    ]  # fmt: skip


def _change_url(version) -> str:
    return reverse(f"admin:regimens_{version._meta.model_name}_change", args=[version.pk])


def _reason(version, exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"{review.name(version)} is not valid yet: {'; '.join(exc.messages)}"
    return str(exc)
