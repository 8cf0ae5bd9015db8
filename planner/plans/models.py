"""A person's plan: the sessions the engine gave, and what happened to each."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from regimens import assessment, engine
from regimens.engine import day_name
from regimens.models import RuleVersion

PRESCRIBED_NOTICE = "This plan follows your clinician's instructions, not a label regimen."


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def active(self):
        return self.filter(status=Plan.Status.ACTIVE)


class AssessmentResult(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    NOT_CLEARED = "not-cleared", "Not cleared"


class Plan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLEARED = "cleared", "Ended early: cleared"
        STOPPED = "stopped", "Stopped"

    class Kind(models.TextChoices):
        LABEL = "label", "Label regimen"
        PRESCRIBED = "prescribed", "As my clinician prescribed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    rule = models.ForeignKey(
        RuleVersion,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The exact rule version this plan was made with.",
    )
    label = models.CharField(
        max_length=100, blank=True, help_text="The treated area, e.g. 'left cheek'."
    )
    start_date = models.DateField()
    end_date = models.DateField(help_text="Last day of the course, fixed when the plan is made.")
    weekdays = models.CharField(max_length=27)
    application_time = models.TimeField()
    timezone = models.CharField(max_length=64)
    # A change of zone saved ahead (a trip next week) begins on its first day: until then
    # the plan's days are still the zone before it (Plan.today).
    timezone_from = models.DateField(
        null=True, blank=True, help_text="The first day of the zone, when a change set it ahead."
    )
    timezone_before = models.CharField(
        max_length=64, blank=True, help_text="The zone until that day."
    )
    contact_hours = models.DecimalField(max_digits=4, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    discreet_titles = models.BooleanField(
        default=False, help_text="Calendar titles say 'Skin treatment', not the drug."
    )
    # A plan "as my clinician prescribed" (planner/plans/prescribed.py) follows the clinician's
    # schedule, checked against the product's limits, not the rule's; its rule is the label
    # regimen it stands in for (its steps, its education and what it departs from).
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.LABEL)
    limits = models.ForeignKey(
        "regimens.ProductLimits",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The product limits version a prescribed plan was checked against.",
    )
    prescription = models.CharField(
        max_length=200, blank=True, help_text="What the clinician prescribed, in words."
    )
    departures = models.TextField(
        blank=True, help_text="The label rules a prescribed plan departs from, one a line."
    )
    every_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="A prescribed plan's 'every N days', counted from the start; empty: on "
        "weekdays (a label plan, or so many times a week).",
    )
    # A rule with an assessment (regimens/assessment.py): its result, once recorded. The date
    # it falls on comes from the start and the rule version, which never change.
    assessment_result = models.CharField(
        max_length=12,
        choices=AssessmentResult.choices,
        blank=True,
        help_text="What the assessment after the first course found; empty until recorded.",
    )
    assessed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The local date the result was recorded; if not cleared, the second course's "
        "first day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="label") | models.Q(limits__isnull=False),
                name="prescribed_plan_has_limits",
            ),
            models.CheckConstraint(
                condition=models.Q(every_days__isnull=True) | models.Q(every_days__gte=1),
                name="plan_every_days_at_least_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.regimen.slug} from {self.start_date}"

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", kwargs={"public_id": self.public_id})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def contact(self) -> dt.timedelta:
        """How long the cream stays on: elapsed time, also across a clock change."""
        return dt.timedelta(hours=float(self.contact_hours))

    @property
    def is_prescribed(self) -> bool:
        return self.kind == self.Kind.PRESCRIBED

    @property
    def departure_list(self) -> list[str]:
        return [line for line in self.departures.splitlines() if line.strip()]

    def prescribed_text(self, *, name_rules: bool = True) -> str:
        """What a prescribed plan says wherever it goes: whose instructions it follows and the
        label rules it departs from (unless `name_rules` is off: they name the condition).
        Empty for a label plan."""
        if not self.is_prescribed:
            return ""
        text = PRESCRIBED_NOTICE
        if name_rules and self.departure_list:
            text += f" It departs from these label rules: {'; '.join(self.departure_list)}."
        return text

    def today(self, now: dt.datetime) -> dt.date:
        """The local date at instant `now` in the zone the plan is in then."""
        return now.astimezone(self.zone_at(now)).date()

    def zone_at(self, now: dt.datetime) -> ZoneInfo:
        """The plan's zone, or before the first day of a change of zone saved ahead, the
        zone before it: Wednesday in London is not Thursday because Tokyo's is."""
        if self.timezone_before:
            before = ZoneInfo(self.timezone_before)
            if now.astimezone(before).date() < self.timezone_from:
                return before
        return self.zone

    def course_over(self, today: dt.date) -> bool:
        """Past its last day, whether or not anyone ended it."""
        return today > self.end_date

    def last_treated_day(self) -> dt.date:
        """The course's last day, or the day it was stopped if that came first."""
        return self.ended_early_on or self.end_date

    @property
    def ended_on(self) -> dt.date | None:
        """The local date it ended, in the zone it was in then: a trip saved ahead that had
        not begun does not move it."""
        return None if self.ended_at is None else self.today(self.ended_at)

    @property
    def ended_early_on(self) -> dt.date | None:
        """The day an early end cancelled the nights left from it; None while it runs, or
        when it ended after its last night (cleared at the assessment that follows it)."""
        day = self.ended_on
        return day if day and day <= self.end_date else None

    @property
    def status_said(self) -> str:
        """The status as the pages word it: cleared at the assessment after the course is no
        early end."""
        if self.status == self.Status.CLEARED and self.ended_at and not self.ended_early_on:
            return "Cleared at the assessment"
        return self.get_status_display()

    def open_to_change(self, today: dt.date) -> bool:
        """Running, with days left: a rest period, a change or an early end still applies."""
        return self.status == self.Status.ACTIVE and not self.course_over(today)

    def is_finished(self, today: dt.date) -> bool:
        """Ended, or past its end with nothing left to do: a course whose assessment has no
        result yet is not finished, the person still has to record it."""
        if self.status != self.Status.ACTIVE:
            return True
        return self.course_over(today) and not self.awaiting_assessment

    @property
    def awaiting_assessment(self) -> bool:
        return self.assessment_on is not None and not self.assessment_result

    @property
    def assessment_on(self) -> dt.date | None:
        """The rule's assessment date after the first course; None when it has none. A plan
        as prescribed follows the clinician's course, not the label's: it has none."""
        if self.is_prescribed:
            return None
        return assessment.assessment_date(self.rule.spec(), self.start_date)

    def breaks(self) -> list[tuple[dt.date, dt.date]]:
        """The breaks of a label rule's cycles (Zyclara AK: 2 weeks off between two of
        treatment), first and last day; [] for most rules and for a plan as prescribed."""
        return [] if self.is_prescribed else engine.breaks(self.rule.spec(), self.start_date)

    def followup_on(self, sessions) -> dt.date | None:
        """The day of the calendars' educational follow-up: the rule's days after the last
        application among `sessions` (done or still planned: a stop cancels those after it),
        as its note says; None when the rule has none."""
        days = self.rule.followup_days_after
        if not days:
            return None
        applied = (Session.Status.DONE, Session.Status.PLANNED)
        last = max((s.date for s in sessions if s.status in applied), default=None)
        return (last or self.last_treated_day()) + dt.timedelta(days=days)

    @property
    def calendar_end(self) -> dt.date:
        """The last day the month calendars show: the course's, or its assessment's after it."""
        return max(self.end_date, self.assessment_on or self.end_date)

    @property
    def second_course(self) -> bool:
        return self.assessment_result == AssessmentResult.NOT_CLEARED

    @property
    def second_course_first_day(self) -> dt.date | None:
        """The day the second course's window opens; None without one."""
        if not self.second_course:
            return None
        return assessment.second_course_start(self.rule.spec(), self.end_date)

    def second_course_first_night(self, sessions) -> int | None:
        """The number of the second course's first night among `sessions`; None without one.
        The lists of nights mark it: weeks without treatment lie between it and the night
        before."""
        first_day = self.second_course_first_day
        if first_day is None:
            return None
        return next((s.number for s in sessions if s.date >= first_day), None)

    def course_window(self):
        """(the engine's rule, first day) of the course running now: what a change of time or
        days reschedules within (the second course once "not cleared" has started it)."""
        second = self.second_course_first_day
        return assessment.course_window(self.rule.spec(), self.start_date, second)

    def history(self):
        """Its events, newest first, each with its night: one query (slice or page it: a plan
        gathers an event for every tick)."""
        return self.events.select_related("session").order_by("-at", "-id")


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Done"
        MISSED = "missed", "Missed"
        REST = "rest", "Rest"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    date = models.DateField(help_text="Local date of the application.")
    apply_at = models.DateTimeField()
    wash_off_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    done_at = models.DateTimeField(null=True, blank=True, help_text="When it was actually applied.")
    sequence = models.PositiveIntegerField(
        default=0, help_text="Goes up whenever time or status changes (calendar clients need it)."
    )
    timezone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="The night's own zone once the plan's has changed; empty: the plan's.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Date order, not number order: a changed plan keeps each night's number (its calendar
        # UID), and new nights take the next numbers wherever they fall.
        ordering = ["plan", "date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_session_number"),
            models.UniqueConstraint(fields=["plan", "date"], name="one_session_per_day"),
        ]
        indexes = [
            # The reminder workers' query (planner.reminders.services.due_nights): nights still
            # planned or done, by apply time. Cancelled, missed and rest nights stay out of it,
            # and a finished course's nights lie outside the range it reads.
            models.Index(
                fields=["apply_at"],
                condition=models.Q(status__in=["planned", "done"]),
                name="session_due_by_apply_at",
            )
        ]

    def __str__(self) -> str:
        return f"Session {self.number} on {self.date}"

    def marked(self, status: str, how: str = "") -> str:
        """What a tap did, the night named by its date: 'Thu 5 Mar (application 2): done at
        21:30.' Called on the night as marked, so done says the time it counts from: which
        of "Done now" and "Done at 21:30" was tapped shows."""
        words = {
            self.Status.DONE: "done",
            self.Status.MISSED: "missed",
            self.Status.REST: "a rest night",
        }
        said = words.get(status, "undone")
        if status == self.status == self.Status.DONE:
            said += f" at {(self.done_at or self.apply_at).astimezone(self.zone):%H:%M}"
        return f"{self.named}: {said}{how}."

    @property
    def named(self) -> str:
        """The night as a person's messages name it: 'Thu 5 Mar (application 2)'."""
        return f"{day_name(self.date)} (application {self.number})"

    @property
    def zone_name(self) -> str:
        """The zone its times are shown in: a night keeps the zone it was planned in."""
        return self.timezone or self.plan.timezone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def unrecorded(self) -> bool:
        """Still "planned" after its wash-off time: nobody said whether it happened. It can
        still be recorded."""
        return self.status == self.Status.PLANNED and self.wash_off_at <= timezone.now()


class RestPeriod(models.Model):
    """A break the person takes; it never moves the end date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rest_periods")
    first_day = models.DateField()
    last_day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="rest_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"Rest {self.first_day} to {self.last_day}"

    @property
    def one_day(self) -> bool:
        """A rest of a single day, said 'on 13 Dec' rather than 'from 13 Dec to 13 Dec'."""
        return self.first_day == self.last_day


class PlanEvent(models.Model):
    """The record of every change to a plan or its sessions; nothing is deleted."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=200, blank=True)
    applied_at = models.DateTimeField(
        null=True, blank=True, help_text="For a night marked done at a time: when it was applied."
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def text(self) -> str:
        """One line of the history: 'Marked done: Thu 5 Mar (application 3), was planned',
        'Changed from Thu 10 Dec 2026: time 21:30 to 22:15, ...'. The page adds applied_at."""
        what = self.action.capitalize()
        if self.session_id:
            return f"{what}: {', '.join(filter(None, [self.session.named, self.detail]))}"
        if not self.detail:
            return what
        return f"{what} {self.detail}" if self.action == "changed" else f"{what}: {self.detail}"
