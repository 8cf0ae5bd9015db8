"""The admin side of the review steps (regimens/review_steps.py), for the catalogue's admin
(regimens/admin.py) and education's (regimens/education/admin.py): only a draft is edited in
place, an edit to anything else is saved as a new draft, every edit records its editor, and
the review steps are admin actions and buttons on the change page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from regimens import review_steps
from regimens.reviewed import Origin, Status


class TextareaField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF: keep LF, and keep edge whitespace,
    so untouched text compares equal and is not reported (or versioned) as a change."""

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


def permission_for(step: str, version) -> str:
    """Retiring the approved version withdraws it from new plans: a reviewer's step, as
    approving is (the workflow checks it again, with the four-eyes rule)."""
    if step == "retire" and version.status == Status.APPROVED:
        return "approve"
    return WORKFLOW[step][2]


class ReviewedAdminMixin:
    """Edits and review steps for a versioned model's ModelAdmin (list it before
    admin.ModelAdmin). A subclass names its `workflow` (a review_steps.Workflow) and may
    add to the success message of an approval that retired a version (`retired_note`)."""

    workflow: review_steps.Workflow
    retired_note = ""
    formfield_overrides = {models.TextField: {"form_class": TextareaField}}
    actions = ["submit_selected", "approve_selected", "retire_selected"]

    @property
    def identity(self) -> str:
        """The field naming what this model versions: 'regimen', 'entry', ..."""
        return self.workflow.identities[self.model]

    def get_readonly_fields(self, request, obj=None):
        # What an existing version is a version of never changes.
        return self.readonly_fields + ([self.identity] if obj else [])

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # versions that back plans or pages must stay
        return actions

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Status.DRAFT)

    def has_approve_permission(self, request, obj=None):
        """The "Regimen reviewers" group's permission (the workflow's approve checks it again)."""
        return request.user.has_perm(self.workflow.approve_permission)

    # Saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and obj.is_locked:
            self._save_as_draft(request, obj, form)
            return
        if not change:
            obj.version = review_steps.next_version_number(getattr(obj, self.identity))
            obj.origin = Origin.ADMIN
            # Added while a version is approved: it replaces that one, and only that one.
            obj.drafted_from = getattr(self.workflow.approved_of(obj), "version", None)
        if not change or form.has_changed():  # saving a draft unchanged is not an edit
            obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)

    def _save_as_draft(self, request, obj, form):
        """`obj` holds the edits to a locked version: save them as a new draft instead."""
        if not form.has_changed():
            obj.unchanged = True  # response_change says so
            return
        original = self.model.objects.get(pk=obj.pk)
        self.workflow.save_as_new_version(obj, user=request.user)
        obj.edited_original = original
        self.log_change(request, original, f"Edits saved as a new draft, v{obj.version}.")

    def response_change(self, request, obj):
        if getattr(obj, "unchanged", False):  # not "changed successfully": nothing was saved
            status = obj.get_status_display().lower()
            self.message_user(request, f"Nothing to save: v{obj.version} is as it was ({status}).")
            return HttpResponseRedirect(self._change_url(obj))
        original = getattr(obj, "edited_original", None)
        if original is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"v{original.version} is {original.get_status_display().lower()}, so it was not "
            f"changed: your edits are saved as a new draft, v{obj.version}.",
            messages.WARNING,
        )
        return HttpResponseRedirect(self._change_url(obj))

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _change_url(self, obj):
        return reverse(f"admin:{self._url_name('change')}", args=[obj.pk])

    # Review steps ---------------------------------------------------------------------

    def get_urls(self):
        workflow = self.admin_site.admin_view(self.workflow_view)
        return [
            path("<int:pk>/workflow/<str:step>/", workflow, name=self._url_name("workflow")),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def workflow_view(self, request, pk, step):
        version = get_object_or_404(self.model.objects.select_related(self.identity), pk=pk)
        if step not in WORKFLOW or not self._may(request, version, step):
            raise PermissionDenied
        if step == "retire" and "post" not in request.POST:
            return self.retire_confirmation(request, [version])
        self.apply_step(request, version, step)
        return HttpResponseRedirect(self._change_url(version))

    def apply_step(self, request, version, step) -> None:
        """Run one review step on one version, log it, and tell the user."""
        try:
            retired = self._run_step(request, version, step)
        except (review_steps.TransitionError, ValidationError) as exc:
            self.message_user(request, self._reason(version, exc), messages.ERROR)
            return
        status = version.get_status_display().lower()
        self.log_change(request, version, f"{WORKFLOW[step][0]}: now {status}.")
        for old in retired:
            self.log_change(request, old, f"Retired: replaced by v{version.version}.")
        done = f"{self.workflow.name(version)} is now {status}."
        if retired:
            done += self.retired_note
        self.message_user(request, done, messages.SUCCESS)

    def _run_step(self, request, version, step) -> list:
        """Do the step; returns the versions an approval retired."""
        if step == "approve":
            return self.workflow.approve(version, user=request.user, today=timezone.localdate())
        if step == "submit":
            self.workflow.submit_for_review(version)
        else:
            self.workflow.retire(version, user=request.user)
        return []

    def _reason(self, version, exc: Exception) -> str:
        if isinstance(exc, ValidationError):
            return f"{self.workflow.name(version)} is not valid yet: {'; '.join(exc.messages)}"
        return str(exc)

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

    @admin.action(description="Retire selected versions", permissions=["change", "approve"])
    def retire_selected(self, request, queryset):
        if "post" in request.POST:
            return self._bulk(request, queryset, "retire")
        chosen = queryset.select_related(self.identity).order_by(f"{self.identity}_id", "version")
        asked = [version for version in chosen if self._steps(request, version, only="retire")]
        for version in chosen:
            if version not in asked:
                self.apply_step(request, version, "retire")  # refused, saying why, in order
        if asked:
            return self.retire_confirmation(request, asked, action="retire_selected")
        return None

    def retire_confirmation(self, request, chosen, action=""):
        """What retiring will do, and a button that does it (as Django asks before deleting):
        the form posts again, with post=yes, to where it came from."""
        chosen = list(chosen)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Retire {self._retiring(chosen)}?",
            "versions": [(v, self.workflow.name(v), self.retire_effect(v)) for v in chosen],
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/regimens/retire_confirmation.html", context)

    def _retiring(self, chosen) -> str:
        if len(chosen) == 1:
            name = self.workflow.name(chosen[0])
            return name[0].lower() + name[1:]
        return f"{len(chosen)} versions"

    def retire_effect(self, version) -> str:
        """What retiring this version does, in a sentence or two; a subclass may add to it."""
        if version.status == Status.APPROVED:
            return (
                "It is the approved version: nothing takes its place, so what it backs is "
                "withdrawn until another version is approved."
            )
        return f"It is {self._status_said(version)}: it can no longer be submitted or approved."

    @staticmethod
    def _status_said(version) -> str:
        return "a draft" if version.status == Status.DRAFT else "in review"

    # The change page: status and review buttons -----------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None:
            extra_context = {**(extra_context or {}), **self.review_context(request, version)}
        return super().change_view(request, object_id, form_url, extra_context)

    def review_context(self, request, version) -> dict:
        """What the change page shows besides the form; a subclass may add to it."""
        return self.workflow_context(request, version)

    def workflow_context(self, request, version) -> dict:
        """The review steps this user may take, and whether it is their own edit to review."""
        reviewing, drafting = version.status == Status.REVIEW, version.status == Status.DRAFT
        step = "submitted for review" if drafting else "approved"
        retired = version.status == Status.RETIRED
        approved = self.workflow.approved_of(version) if retired else None
        return {
            "workflow_steps": self._steps(request, version),
            "own_edit": reviewing
            and self.has_approve_permission(request, version)
            and not self.workflow.may_approve(version, request.user),
            "base_problem": (reviewing or drafting) and self.workflow.base_problem(version, step),
            # a retired version's edit would undo the approved one's changes: edit that instead
            "edit_instead": approved if approved and approved.version > version.version else None,
        }

    def _may(self, request, version, step) -> bool:
        return getattr(self, f"has_{permission_for(step, version)}_permission")(request, version)

    def _steps(self, request, version, only="") -> list[tuple[str, str]]:
        """(url, label) of each step (or of `only` that one) this user may take now."""
        return [
            (reverse(f"admin:{self._url_name('workflow')}", args=[version.pk, step]), label)
            for step, (label, allowed, _) in WORKFLOW.items()
            if step == (only or step)
            and version.status in allowed
            and self._may(request, version, step)
            and self._may_now(request, version, step)
        ]

    def _may_now(self, request, version, step) -> bool:
        """Whether the step would pass the workflow's own checks (it checks again), so that
        no button is offered only to be refused."""
        if step == "approve":
            may = self.workflow.may_approve(version, request.user)
            return may and not self.workflow.base_problem(version)
        if step == "submit":
            return not self.workflow.base_problem(version, "submitted for review")
        if permission_for(step, version) == "approve":  # retiring the approved version
            return self.workflow.may_approve(version, request.user, step)
        return True
