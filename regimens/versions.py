"""The life of a rule version: draft -> in review -> approved -> retired.

Only a draft changes. A version in review is what its reviewer reads, and approved and
retired versions may back plans: an edit to any of them makes a new draft. Submitting
records a digest of the content; approval needs the approve permission (the "Regimen
reviewers" group), someone other than the version's last editor, and the content still
matching that digest. Approving a version retires the one it replaces, for new plans only.
Also: what a plan made with an older version should be told (`newer_approved`,
`field_changes`).

Product limits (ProductLimits: how far a clinician's own schedule may go) and jurisdictions
(JurisdictionVersion: whose label a regimen follows) follow the same life, the same steps and
the same approve permission; each function takes any of the three. What differs per model is
in VERSIONED: the field naming its identity, the fields its digest covers, how messages name it.
The steps themselves are regimens/review_steps.py's, shared with education's review.
"""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal

from django.dispatch import Signal

from regimens import review_steps
from regimens.catalogue import CONTENT_FIELDS, JURISDICTION_FIELDS, LIMITS_FIELDS
from regimens.jurisdictions import SNAPSHOT, JurisdictionVersion
from regimens.models import ProductLimits, RuleVersion

Status = RuleVersion.Status

# What a patient is told changed; the review date is shown once, not as a change. Also
# what a digest covers: approval sets the review date, so it cannot be part of what is approved.
# A rule's copy of its jurisdiction's name and document is content too (jurisdictions.py).
CHANGE_FIELDS = (
    *(name for name in CONTENT_FIELDS if name != "last_reviewed"),
    *SNAPSHOT.values(),
)
APPROVE_PERMISSION = "regimens.approve_ruleversion"  # every versioned model
# Each versioned model: (its identity, the row whose versions it numbers and locks; the fields
# its digest covers and its review lists; how messages name a version's identity).
VERSIONED = {
    RuleVersion: ("regimen", CHANGE_FIELDS, "{slug}"),
    ProductLimits: ("product", LIMITS_FIELDS, "{slug} limits"),
    JurisdictionVersion: ("jurisdiction", JURISDICTION_FIELDS, "the {code} jurisdiction"),
}
IDENTITY = {model: identity for model, (identity, _, _) in VERSIONED.items()}
Versioned = RuleVersion | ProductLimits | JurisdictionVersion
# The rule's jurisdiction row says the change (by name): its copied details are not listed.
UNLISTED = set(SNAPSHOT.values())
# Sent by `approve` inside its transaction, with `version` (just approved) and `replaced`: so
# that planner.reminders queues its alerts with the approval, or not at all.
version_approved = Signal()


def _describe(rule: Versioned) -> str:
    """'aldara-ak', 'aldara-5 limits', 'the eu-uk jurisdiction' (in 'Version 2 of ...')."""
    identity = getattr(rule, IDENTITY[type(rule)])
    fields = {"slug": getattr(identity, "slug", ""), "code": getattr(identity, "code", "")}
    return VERSIONED[type(rule)][2].format(**fields)


# The steps (regimens/review_steps.py), with what is the catalogue's own.
WORKFLOW = review_steps.Workflow(
    identities=IDENTITY,
    content_fields={model: fields for model, (_, fields, _) in VERSIONED.items()},
    describe=_describe,
    approve_permission=APPROVE_PERMISSION,
    approved_signal=version_approved,
)
save_as_new_version = WORKFLOW.save_as_new_version
submit_for_review = WORKFLOW.submit_for_review
approve = WORKFLOW.approve
may_approve = WORKFLOW.may_approve
retire = WORKFLOW.retire
content_digest = WORKFLOW.content_digest
approved_of = WORKFLOW.approved_of
name = WORKFLOW.name  # 'Version 2 of aldara-ak'
next_version_number = review_steps.next_version_number
display_number = review_steps.display_number
# The same classes as education's review raises (one `except` catches either's).
TransitionError = review_steps.TransitionError
ApprovalRefused = review_steps.ApprovalRefused


def content_fields(rule: Versioned) -> tuple[str, ...]:
    """What a version's digest covers and its review lists."""
    return VERSIONED[type(rule)][1]


def newer_approved(rule: RuleVersion) -> RuleVersion | None:
    """The regimen's approved version if it is newer than `rule` (one query)."""
    return (
        RuleVersion.objects.approved()
        .select_related("regimen")
        .filter(regimen_id=rule.regimen_id, version__gt=rule.version)
        .first()
    )


# What a patient reads a rule's field as, in the plan page's comparison and the alert, where
# the admin's names ("cap", "done up to") would mean nothing; the others keep theirs.
PATIENT_LABELS = {
    "indication_label": "What it treats",
    "cap_days": "Longest the course may last, rest periods included (days)",
    "until_cleared": "Used until the condition has cleared",
    "assessment_weeks_off": "Weeks without cream before the result is checked",
    "repeat_course_weeks": "Weeks of a second course, if needed",
    "timing_note": "When to apply",
    "amount": "How much",
    "area_note": "The area treated",
    "age_note": "Who it is for",
    "followup_note": "Follow-up",
    "followup_days_after": "Follow-up, days after the last application",
    "done_hours_before": "Hours before its time that a night can be recorded as done",
    "done_hours_after": "Hours after its time that a night can still be recorded as done",
    "min_hours_between": "Fewest hours between two applications",
    "contact_hours_default": "Usual hours on the skin before washing off",
    "contact_hours_min": "Fewest hours on the skin",
    "contact_hours_max": "Most hours on the skin",
    "default_weekdays": "Usual weekdays",
    "cycles": "Treatment and rest weeks",
    "default_time": "Usual time",
    "box_sizes": "Packets in a box",
}


def field_changes(
    old: Versioned, new: Versioned, *, for_patients: bool = False
) -> list[tuple[str, str, str]]:
    """(label, old value, new value) for each content field that differs; the label is the
    field's verbose name, or with `for_patients` its PATIENT_LABELS name where it has one."""
    changes = []
    for name in content_fields(new):
        if name in UNLISTED:
            continue
        before, after = display(old, name), display(new, name)
        if before != after:
            label = new._meta.get_field(name).verbose_name
            if for_patients:
                label = PATIENT_LABELS.get(name, label)
            changes.append((label[:1].upper() + label[1:], before, after))
    return changes


def changed_passages(changes: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """field_changes() rows with each text cut to the lines that differ, "…" for each run of
    lines both keep: a line added at the end of a long section is what a reader must see,
    not its opening (the plan page's notice and the alert; the admin compares whole texts)."""
    return [(label, *_differing_lines(before, after)) for label, before, after in changes]


def _differing_lines(before: str, after: str) -> tuple[str, str]:
    old, new = before.split("\n"), after.split("\n")
    if len(old) == 1 and len(new) == 1:
        return before, after
    kept_old, kept_new = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept_old.append("…")
            kept_new.append("…")
        else:  # blank lines only part Markdown's paragraphs
            kept_old += [line for line in old[i1:i2] if line.strip()]
            kept_new += [line for line in new[j1:j2] if line.strip()]
    return "\n".join(kept_old), "\n".join(kept_new)


def display(rule: Versioned, name: str) -> str:
    """A field's value as a patient would read it."""
    value = getattr(rule, name)
    if name == "sources":  # a line each: a change shows the sources added or removed
        return "\n".join(source.get("title", "") for source in value)
    if rule._meta.get_field(name).choices or name == "jurisdiction":
        return getattr(rule, f"get_{name}_display")()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return display_number(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return str(value)


def newer_version_context(rule: RuleVersion) -> dict:
    """What `regimens/_newer_version_notice.html` needs; one query."""
    newer = newer_approved(rule)
    changes = changed_passages(field_changes(rule, newer, for_patients=True)) if newer else []
    return {"rule": rule, "newer": newer, "changes": changes}
