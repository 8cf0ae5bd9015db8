"""The life of an education version, as the rules' (regimens/versions.py): draft -> in
review -> approved -> retired, with a digest at submission, four eyes at approval, and the
approver named on the page by role, never by name.

Entry versions (pages, regimen sections, questions) and reference versions (what a page's
references list says of a source) share it: each function takes either. What differs per
model is in VERSIONED, as in regimens/versions.py; the steps are regimens/review_steps.py's,
with `role_of` recording the approver's role.
"""

from __future__ import annotations

from regimens import review_steps
from regimens.education.models import EntryVersion, ReferenceVersion

Status = EntryVersion.Status
APPROVE_PERMISSION = "regimens.approve_entryversion"  # entry and reference versions
# What a digest covers: the content, not the review fields that approval itself sets.
CONTENT_FIELDS = ("title", "body", "clinician", "symptoms", "indications", "related", "position")
REFERENCE_FIELDS = ("title", "source", "url", "note")
# Each versioned model: (its identity, whose versions it numbers and locks; the fields its
# digest covers).
VERSIONED = {
    EntryVersion: ("entry", CONTENT_FIELDS),
    ReferenceVersion: ("reference", REFERENCE_FIELDS),
}
Version = EntryVersion | ReferenceVersion
REVIEWER_GROUP = "Regimen reviewers"
# Public roles; seeds/ name theirs in their front matter.
CLINICAL_REVIEWER = "Clinical reviewer"
ADMINISTRATOR = "Site administrator"
SEED_ROLE = "Editorial team"


def role_of(user) -> str:
    """How a page names its approver: by what they do here, not who they are."""
    if user.groups.filter(name=REVIEWER_GROUP).exists():
        return CLINICAL_REVIEWER
    return ADMINISTRATOR if user.is_superuser else "Reviewer"


def _describe(version: Version) -> str:
    """'question missed-dose', 'reference seed-002' (in 'Version 2 of ...')."""
    if isinstance(version, ReferenceVersion):
        return f"reference {version.reference.key}"
    entry = version.entry
    return f"{entry.get_kind_display().lower()} {entry.slug}"


# The rules' steps (regimens/review_steps.py), keeping the approver's role.
WORKFLOW = review_steps.Workflow(
    identities={model: identity for model, (identity, _) in VERSIONED.items()},
    content_fields={model: fields for model, (_, fields) in VERSIONED.items()},
    describe=_describe,
    approve_permission=APPROVE_PERMISSION,
    role_of=role_of,
)
save_as_new_version = WORKFLOW.save_as_new_version
submit_for_review = WORKFLOW.submit_for_review
approve = WORKFLOW.approve
may_approve = WORKFLOW.may_approve
retire = WORKFLOW.retire
content_digest = WORKFLOW.content_digest
name = WORKFLOW.name  # 'Version 2 of question missed-dose'
next_version_number = review_steps.next_version_number
# The rules' classes (regimens/versions.py's too).
TransitionError = review_steps.TransitionError
ApprovalRefused = review_steps.ApprovalRefused
