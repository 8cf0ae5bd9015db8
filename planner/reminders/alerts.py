"""Alerts when the regimen a plan follows gets a newer approved rule version (issue 22, point 5).

A person asks for them per plan (RuleWatch, on the plan's reminder page). When a reviewer
approves a version (regimens.versions.approve sends `version_approved`), `queue` inserts one
delivery row per watching plan, in the approval's own transaction: the unique (plan, version)
constraint keeps it single however often it is queued. The reminder senders then claim and send
it like any reminder (planner/reminders/services.py), so it goes out once, by the channels the
person chose, with the retries and the SKIP LOCKED claims reminders have."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from planner.calendars.words import one_line, words_for
from planner.plans.models import Plan
from planner.reminders import links
from planner.reminders.message import Message, message_id
from planner.reminders.models import Delivery, RuleWatch
from regimens import versions
from regimens.education import wording
from regimens.models import RuleVersion

Kind = Delivery.Kind
SHOWN = 120  # characters of each old and new value an alert shows; the plan page has the rest


@receiver(versions.version_approved, sender=RuleVersion)
def on_approval(sender, *, version: RuleVersion, **kwargs) -> None:
    queue(version=version)


def queue(*, version: RuleVersion, now: dt.datetime | None = None) -> int:
    """One alert for each active plan on an older version of `version`'s regimen whose owner
    asked for them; how many it offered (rows already there are kept, not doubled)."""
    now = now or timezone.now()
    plans = Plan.objects.filter(
        status=Plan.Status.ACTIVE,
        user__is_active=True,
        rule__regimen_id=version.regimen_id,
        rule__version__lt=version.version,
    ).filter(Q(rule_watch__email=True) | Q(rule_watch__push=True))
    rows = [
        Delivery(kind=Kind.RULE_CHANGED, plan_id=pk, rule=version, due_at=now, next_try_at=now)
        for pk in plans.values_list("pk", flat=True)
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def why_not(row: Delivery, watch: RuleWatch | None) -> str | None:
    """Why an alert should not go out now; None when it should."""
    if row.plan.status != Plan.Status.ACTIVE:
        return "the plan has ended"
    if not row.plan.user.is_active:
        return "the account is closed"
    if watch is None or not watch.channels:
        return "turned off"
    if row.rule.status != RuleVersion.Status.APPROVED:
        return "a later version replaced it"  # that one has its own alert
    return None


def compose(row: Delivery) -> Message:
    """What changed between the plan's version and the new one, and where to compare them.
    A discreet plan's alert names the changed fields only: their values (the indication, the
    area note, the sources...) may name the drug, condition or area."""
    plan, new = row.plan, row.rule
    old, words = plan.rule, words_for(plan)
    # the lines that differ, in the patient's words ({patient|carer})
    patient = versions.field_changes(old, new, for_patients=True)
    changes = wording.patient_changes(versions.changed_passages(patient))
    approved = f" on {new.last_reviewed:%-d %B %Y}" if new.last_reviewed else ""
    lines = (
        f"Version {new.version} of the rules your plan follows was approved{approved}. Your plan "
        f"keeps version {old.version}: its dates do not change.",
        "What changed:" if changes else "Nothing a patient reads changed.",
        *(_change(change, discreet=plan.discreet_titles) for change in changes),
        "Ask your clinician if you are unsure which to follow.",
    )
    comparison = links.absolute(plan.get_absolute_url() + "#newer-version")
    return Message(
        subject=f"{words.calendar}: a newer version of its rules",
        lines=lines,
        actions=(),
        push_actions=(),
        today_url=links.absolute(reverse("today")),
        settings_url=links.absolute(reverse("plan-reminders", args=[plan.public_id])),
        unsubscribe_url=links.unsubscribe_url(plan.user),
        message_id=message_id(row),
        template="rule_changed",
        url=comparison,
    )


def _change(change: tuple[str, str, str], *, discreet: bool) -> str:
    label, before, after = change
    if discreet:
        return f"- {label}"
    return f"- {label}: {_short(before)} → {_short(after)}"


def _short(value: str) -> str:
    text = one_line(value) or "(none)"
    return text if len(text) <= SHOWN else text[: SHOWN - 1].rstrip() + "…"
