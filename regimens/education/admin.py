"""The admin for education content, with the rules' workflow (regimens/admin.py): only a
draft is edited in place, an edit to anything else is saved as a new draft, the editor is
recorded, and approval needs a reviewer who did not make the last edit. Entry versions and
reference versions share it (ReviewedAdmin), and it is the rules' (regimens/review_admin.py)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from regimens.education import review
from regimens.education.models import Entry, EntryVersion, Reference, ReferenceVersion
from regimens.review_admin import ReviewedAdminMixin


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


class ReviewedAdmin(ReviewedAdminMixin, admin.ModelAdmin):
    """An education version's admin: edits, review steps and their buttons (the rules', in
    regimens/review_admin.py), with the approver's role shown."""

    workflow = review.WORKFLOW
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


@admin.register(EntryVersion)
class EntryVersionAdmin(ReviewedAdmin):
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
