"""A person's reminder settings, one delivery record per (night, kind), and the alerts when a
plan's regimen gets a newer approved rule version.

The delivery table is the queue: "find what is due" inserts rows that the unique (night, kind)
constraint keeps single however many machines run it, and senders claim pending rows with
SELECT ... FOR UPDATE SKIP LOCKED plus a lease (planner/reminders/services.py). An alert about a
new rule version is a row of the same table, unique per (plan, version) instead."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from planner.plans.models import Plan, Session
from regimens.models import RuleVersion

MAX_LEAD_MINUTES = 60
NUDGE_CHOICES = [(None, "Off"), (30, "30 minutes"), (60, "1 hour"), (90, "1½ hours")]
NUDGE_CHOICES += [(120, "2 hours"), (180, "3 hours")]


class ReminderSettingsQuerySet(models.QuerySet):
    def effective_for(self, plans) -> dict[int, ReminderSettings]:
        """plan id -> the settings that apply to it (its own, else its owner's for all plans);
        plans with neither are left out: nothing is sent before a person opts in. One query."""
        plans = list(plans)
        rows = self.filter(user__in={plan.user_id for plan in plans}).filter(
            Q(plan__isnull=True) | Q(plan__in=plans)
        )
        own, default = {}, {}
        for row in rows:
            (own if row.plan_id else default)[row.plan_id or row.user_id] = row
        found = {plan.pk: own.get(plan.pk) or default.get(plan.user_id) for plan in plans}
        return {pk: row for pk, row in found.items() if row is not None}

    def for_plan(self, plan) -> tuple[ReminderSettings, bool]:
        """The plan's own settings and True; else, unsaved, a copy of the settings it follows
        (its owner's for all plans, or the defaults) and False."""
        found = self.effective_for([plan]).get(plan.pk)
        if found is not None and found.plan_id == plan.pk:
            return found, True
        copy = ReminderSettings(user_id=plan.user_id, plan=plan)
        for name in ("email", "push", "lead_minutes", "wash_off", "nudge_minutes", "on_since"):
            setattr(copy, name, getattr(found or copy, name))
        return copy, False


class ReminderSettings(models.Model):
    """What a person wants reminded and how: for all their plans (plan empty) or for one plan,
    whose own row then wins. Every channel is off until they turn it on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    email = models.BooleanField("Email", default=False)
    push = models.BooleanField("Notifications on this phone or browser (Web Push)", default=False)
    lead_minutes = models.PositiveSmallIntegerField(
        "Minutes before each application",
        default=15,
        validators=[MaxValueValidator(MAX_LEAD_MINUTES)],
        help_text=f"0 to {MAX_LEAD_MINUTES}: 0 reminds at the planned time.",
    )
    wash_off = models.BooleanField("Remind me to wash it off", default=True)
    nudge_minutes = models.PositiveSmallIntegerField(
        "Ask once if a night is still not ticked",
        null=True,
        blank=True,
        choices=NUDGE_CHOICES,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
        help_text="After the planned time; off sends no such message.",
    )
    on_since = models.DateTimeField(
        null=True, blank=True, help_text="When a channel was last turned on: nothing due before."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderSettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="one_reminder_setting_per_plan"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(plan__isnull=True), name="one_default_reminder_setting"
            ),
            models.CheckConstraint(
                condition=Q(lead_minutes__lte=MAX_LEAD_MINUTES), name="reminder_lead_at_most_60"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminders of {self.user} for {self.plan or 'all plans'}"

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(name for name in ("email", "push") if getattr(self, name))


class Delivery(models.Model):
    """One reminder of one night, or one alert that a plan's regimen has a newer approved rule
    version: created once it is due, sent once, or dropped saying why."""

    class Kind(models.TextChoices):
        APPLY = "apply", "Before the application"
        WASH_OFF = "wash_off", "At the wash-off time"
        NUDGE = "nudge", "Still not ticked"
        RULE_CHANGED = "rule_changed", "A newer version of the rules"
        ASSESSMENT = "assessment", "On the assessment day"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        DROPPED = "dropped", "Dropped"  # no longer useful: ticked, too late, turned off
        FAILED = "failed", "Failed"  # permanently, or too many tries

    # A night's reminder names its night; an alert names its plan and the new rule version; an
    # assessment day's reminder names its plan.
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="rule_alerts"
    )
    rule = models.ForeignKey(
        RuleVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The newly approved rule version an alert is about.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(help_text="When it should go out (a snooze moves it).")
    next_try_at = models.DateTimeField(help_text="When a sender may take it next.")
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    push_sent_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    round = models.PositiveSmallIntegerField(
        default=0,
        help_text="Goes up with each snooze and each move of its night; a link names the round "
        "it was sent in.",
    )
    acted_round = models.PositiveSmallIntegerField(null=True, blank=True)
    acted = models.CharField(max_length=10, blank=True)
    acted_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="Why dropped, or the last error.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="one_reminder_per_night_kind"),
            # One alert per plan and new version, however often or wherever it is queued.
            models.UniqueConstraint(
                fields=["plan", "rule"],
                condition=Q(kind="rule_changed"),
                name="one_rule_alert_per_plan_version",
            ),
            # One reminder of a plan's assessment day (a plan has one assessment).
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(kind="assessment"),
                name="one_assessment_reminder_per_plan",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="rule_changed", session__isnull=True)
                    & Q(plan__isnull=False, rule__isnull=False)
                )
                | Q(kind="assessment", session__isnull=True, plan__isnull=False, rule__isnull=True)
                | (
                    ~Q(kind__in=["rule_changed", "assessment"])
                    & Q(session__isnull=False, plan__isnull=True, rule__isnull=True)
                ),
                name="reminder_names_a_night_or_a_plan",
            ),
        ]
        indexes = [
            # Only the rows still to send, in the order senders claim them (services.claim):
            # a claim reads its batch and stops, however many reminders wait or have gone out.
            models.Index(
                fields=["next_try_at", "id"],
                condition=Q(status="pending"),
                name="reminder_pending_claim_order",
            )
        ]

    def __str__(self) -> str:
        about = self.session if self.session_id else self.plan
        if self.is_alert:
            about = f"{self.plan} (v{self.rule.version})"
        return f"{self.kind} reminder of {about} ({self.status})"

    @property
    def is_alert(self) -> bool:
        return self.kind == self.Kind.RULE_CHANGED

    @property
    def target_plan(self) -> Plan:
        """The plan it is about: its own (an alert, an assessment day), or its night's."""
        return self.session.plan if self.session_id else self.plan


class RuleWatch(models.Model):
    """A person asked to be told when the regimen a plan follows gets a newer approved rule
    version (the drug page's "Set alert"), and by which channels. No row: not asked."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="rule_watch")
    email = models.BooleanField("By email", default=False)
    push = models.BooleanField("By notification (Web Push)", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rule-change alerts for {self.plan}"

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(name for name in ("email", "push") if getattr(self, name))


class PushSubscription(models.Model):
    """A browser's Web Push endpoint and keys (RFC 8030/8291); removed when the push service
    says it is gone (404/410)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push subscription of {self.user}"

    @property
    def info(self) -> dict:
        """As pywebpush wants it (the browser's PushSubscription.toJSON())."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
