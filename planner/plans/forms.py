"""Forms for plans and their nights. Domain rules stay in the engine; forms map its errors to
fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from planner.plans.changes import (
    NOTHING,
    changes_nothing,
    preview_change,
    weekday_help,
    weekdays_fixed,
)
from planner.plans.models import Session
from planner.plans.services import preview
from regimens import engine, zones
from regimens import prescribed as prescribed_engine
from regimens.models import RuleVersion

WEEKDAY_CHOICES = [(day, engine.WEEKDAY_NAMES[day]) for day in engine.WEEKDAYS]
MAX_PLAN_YEARS = 5  # a start date further away is almost surely a typo


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class HoursInput(forms.NumberInput):
    """Hours as people write them: 8, 7.5 (the column keeps two places: 8.00)."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")  # normalize alone writes 10 as 1E+1
        return super().format_value(value)


class ZoneField(forms.CharField):
    """An IANA time zone name, read by regimens.zones from what the person typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "help_text",
            "Such as Europe/London or America/New_York; a city's name alone (Tokyo) will do.",
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "zone-names", "autocomplete": "off", "data-tz": "1"})

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                return zones.zone_name(value)  # "london" is kept as Europe/London
            except engine.ScheduleError as exc:
                raise forms.ValidationError(exc.message) from None
        return value

    def bound_data(self, data, initial):
        """What the form shows back: the name as it will be kept ('calcutta' reads
        Asia/Kolkata, as the preview says), or the text as typed when it is no zone."""
        try:
            return zones.zone_name(data) if data else data
        except engine.ScheduleError:
            return data


class WeekdaysField(forms.MultipleChoiceField):
    """Tick boxes for the days of the week, none required (each form says what none means)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Days of the week")
        super().__init__(
            choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
        )


class NewPlanFields(forms.Form):
    """The fields both new-plan forms share: the label regimen's and the prescribed one's. Each
    form's `field_order` puts them among its own; the rest come last, in this order."""

    start_date = forms.DateField(label="First day", widget=DateInput)
    application_time = forms.TimeField(
        label="Time you apply the cream",
        widget=TimeInput(format="%H:%M"),
        required=False,
        help_text="Shortly before your sleeping hours; left empty, the regimen's usual time.",
    )
    timezone = ZoneField(
        label="Time zone",
        error_messages={"required": "Enter your time zone: the times of the plan are local to it."},
    )
    label = forms.CharField(
        label="Treatment area (optional)",
        required=False,
        max_length=100,
        help_text="For example 'left cheek'.",
    )
    discreet_titles = forms.BooleanField(
        label="Discreet calendar titles ('Skin treatment' instead of the drug's name)",
        required=False,
    )
    confirm_overlap = forms.BooleanField(
        label="Yes, make this plan alongside the one(s) above", required=False
    )
    # The plans the question listed (their public ids), which a tick confirms: a double tap's
    # second request finds the first's plan as well, and asks again.
    overlap_seen = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def confirmed_overlaps(self) -> frozenset[str]:
        data = self.cleaned_data
        return frozenset(data["overlap_seen"].split() if data["confirm_overlap"] else ())


class PlanForm(NewPlanFields):
    field_order = (
        "regimen",
        "start_date",
        "weekdays",
        "application_time",
        "timezone",
        "contact_hours",
    )
    regimen = forms.ChoiceField(
        label="Regimen",
        help_text="The cream and condition on your prescription, under the label where you live.",
    )
    weekdays = WeekdaysField(help_text="Leave empty to use the regimen's usual days.")
    contact_hours = forms.DecimalField(
        label="Hours before washing off",
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal(engine.MAX_CONTACT_HOURS),
        decimal_places=2,
        widget=HoursInput,
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = {rule.regimen.slug: rule for rule in rules}
        # The label's jurisdiction in every choice: the US and EU/UK regimens of one cream differ.
        self.fields["regimen"].choices = [(s, rule.choice_label) for s, rule in self.rules.items()]
        self.schedule: engine.Schedule | None = None
        chosen = self.rules.get(self["regimen"].value())
        if chosen:
            self.fields["contact_hours"].help_text = contact_hours_hint(chosen.spec())

    def defaults(self) -> dict:
        """Each regimen's usual days and contact hours, for the page's script to fill in when
        the person picks another regimen."""
        return {
            slug: {
                "weekdays": list(spec.default_weekdays),
                "hours": f"{spec.contact_hours_default:g}",
                "hint": contact_hours_hint(spec),
            }
            for slug, spec in ((slug, rule.spec()) for slug, rule in self.rules.items())
        }

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = dt.date.today()
        if abs((start - today).days) > 365 * MAX_PLAN_YEARS:
            raise forms.ValidationError(
                f"Choose a first day within {MAX_PLAN_YEARS} years of today."
            )
        return start

    def clean(self):
        data = super().clean()
        rule = self.rules.get(data.get("regimen"))
        if rule is None or self.errors:
            if rule is not None:
                weekdays_alone(self, rule.spec())
            return data
        spec = rule.spec()
        data["rule"] = rule
        data["weekdays"] = tuple(data.get("weekdays") or spec.default_weekdays)
        data["application_time"] = data.get("application_time") or spec.default_time
        if data.get("contact_hours") is None:
            data["contact_hours"] = Decimal(str(spec.contact_hours_default))
        try:
            self.schedule = preview(rule=rule, **self.plan_inputs(data))
        except engine.ScheduleError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data

    @staticmethod
    def plan_inputs(data) -> dict:
        names = ("start_date", "weekdays", "application_time", "timezone", "contact_hours")
        return {name: data[name] for name in names}


def weekdays_alone(form: forms.Form, spec: engine.RuleSpec) -> None:
    """Another field's error (a day out of range) stops the engine's checks, which need it; the
    weekdays' own (their count and spacing) need no day, so both errors show at once."""
    weekdays = form.cleaned_data.get("weekdays")
    if not weekdays or "weekdays" in form.errors or form.fields["weekdays"].disabled:
        return
    try:
        engine.validate_weekdays(spec, tuple(weekdays))
    except engine.ScheduleError as exc:
        form.add_error("weekdays", exc.message)


def contact_hours_hint(spec: engine.RuleSpec) -> str:
    low, high = spec.contact_hours_min, spec.contact_hours_max
    if low == high:
        return f"This regimen: {low:g} hours."
    return f"This regimen: {low:g} to {high:g} hours ({spec.contact_hours_default:g} if unsure)."


def approved_rules():
    return RuleVersion.objects.approved().select_related("regimen").order_by("regimen__slug")


class SessionForm(forms.Form):
    ACTIONS = [
        (Session.Status.DONE, "Done"),
        (Session.Status.MISSED, "Missed"),
        (Session.Status.REST, "Rest"),
        (Session.Status.PLANNED, "Set back to planned"),
    ]
    status = forms.ChoiceField(choices=ACTIONS)
    done_time = forms.TimeField(
        required=False, label="Actual time", widget=TimeInput(format="%H:%M")
    )


class RestPeriodForm(forms.Form):
    first_day = forms.DateField(label="First day of the rest", widget=DateInput)
    last_day = forms.DateField(label="Last day of the rest", widget=DateInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", "The last day cannot be before the first day.")
            elif first < self.plan.start_date or last > self.plan.end_date:
                self.add_error(
                    None,
                    f"A rest period must fall within the course "
                    f"({engine.day_name(self.plan.start_date, year=True)} to "
                    f"{engine.day_name(self.plan.end_date, year=True)}).",
                )
        return data


class PlanEndForm(forms.Form):
    status = forms.ChoiceField(choices=[("cleared", "Cleared"), ("stopped", "Stopped")])
    confirm = forms.BooleanField(label="Yes, end this plan", required=True)


class PlanChangeForm(forms.Form):
    """A new time, zone or weekdays from a chosen day on; checked by the engine as at creation
    (planner.plans.changes), which also gives the preview."""

    from_date = forms.DateField(
        label="From",
        widget=DateInput,
        help_text="Nights before this day, and any whose time has passed, stay as they were.",
    )
    application_time = forms.TimeField(
        label="Time you apply the cream", widget=TimeInput(format="%H:%M")
    )
    timezone = ZoneField(label="Time zone")
    weekdays = WeekdaysField()

    def __init__(self, *args, plan, today: dt.date, now: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.today, self.now = plan, today, now
        self.reschedule = None
        self.fields["weekdays"].help_text = weekday_help(plan)
        # Every N days as prescribed: its dates count from the start, no weekday to choose
        # (seven boxes ticked and greyed read as every day); the page says so instead.
        self.fixed_days = weekday_help(plan) if weekdays_fixed(plan) else ""
        if self.fixed_days:
            del self.fields["weekdays"]

    def clean_from_date(self):
        day = self.cleaned_data["from_date"]
        if day < self.today:
            raise forms.ValidationError(
                "Choose today or a later day: nights already past stay as they were."
            )
        if day > self.plan.end_date:
            raise forms.ValidationError(
                f"The course ends on {engine.day_name(self.plan.end_date, year=True)}: "
                "choose a day up to then."
            )
        return day

    def clean(self):
        data = super().clean()
        if self.errors:
            if not self.plan.is_prescribed:  # a prescription's days are checked with its dates
                weekdays_alone(self, self.plan.course_window()[0])
            return data
        data["weekdays"] = tuple(data.get("weekdays") or ())
        try:
            self.reschedule = preview_change(plan=self.plan, now=self.now, **data)
        except engine.ScheduleError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        else:
            if changes_nothing(self.plan, self.reschedule, data):
                self.add_error(None, NOTHING)
        return data


class PlanDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, delete this plan, its nights, its side-effect log and its calendar feed",
        required=True,
        error_messages={"required": "Tick the box to confirm that you want to delete the plan."},
    )


class PrescribedPlanForm(NewPlanFields):
    """A plan as the person's clinician prescribed: checked against the product's hard limits
    (regimens/prescribed.py), not the label's rules; the preview lists where it departs from
    the label regimen it stands in for."""

    WEEKLY, INTERVAL = "weekly", "interval"
    field_order = (
        "regimen",
        "start_date",
        "pattern",
        "per_week",
        "weekdays",
        "every_days",
        "weeks",
        "application_time",
        "timezone",
        "contact_hours",
    )
    regimen = forms.ChoiceField(
        label="Cream, and the label regimen it stands in for",
        help_text="Its product and strength set the limits; the plan is compared with its label.",
    )
    pattern = forms.ChoiceField(
        label="How often",
        choices=[(WEEKLY, "A number of times a week"), (INTERVAL, "Every few days")],
        initial=WEEKLY,
        widget=forms.RadioSelect,
    )
    per_week = forms.IntegerField(
        label="Applications a week", required=False, help_text="When a number of times a week."
    )
    weekdays = WeekdaysField(
        help_text="As many as the applications a week; leave empty to spread them."
    )
    every_days = forms.IntegerField(
        label="Every how many days",
        required=False,
        help_text="When every few days: 2 is every other day.",
    )
    weeks = forms.IntegerField(label="Number of weeks")
    contact_hours = forms.DecimalField(
        label="Hours before washing off",
        required=False,
        max_digits=6,
        decimal_places=2,
        widget=HoursInput,
    )

    def __init__(self, *args, offers, **kwargs):
        """`offers`: (rule, its product's approved limits) for each regimen on offer."""
        super().__init__(*args, **kwargs)
        self.offers = {rule.regimen.slug: (rule, limits) for rule, limits in offers}
        self.fields["regimen"].choices = [
            (slug, rule.choice_label) for slug, (rule, _) in self.offers.items()
        ]
        self.prescription: prescribed_engine.Prescription | None = None
        self.result: prescribed_engine.Prescribed | None = None

    clean_start_date = PlanForm.clean_start_date

    def clean(self):
        data = super().clean()
        offer = self.offers.get(data.get("regimen"))
        if offer is None or self.errors:
            return data
        rule, limits = offer
        data.update(rule=rule, limits=limits)
        self.prescription = self._prescription(data, rule)
        if self.prescription is None:
            return data
        for error in prescribed_engine.violations(limits.spec(), self.prescription):
            self.add_error(error.field if error.field in self.fields else None, error.message)
        if not self.errors:
            spec, name = rule.spec(), rule.label_name
            self.result = prescribed_engine.build(limits.spec(), self.prescription, spec, name)
        return data

    def _prescription(self, data, rule) -> prescribed_engine.Prescription | None:
        """The entries as the engine's input (the rule's defaults where left empty); None, with
        the field's error, when the chosen pattern's number is missing."""
        weekly = data["pattern"] == self.WEEKLY
        needed = "per_week" if weekly else "every_days"
        if data.get(needed) is None:
            missing = "how many times a week" if weekly else "every how many days"
            self.add_error(needed, f"Enter {missing}, as prescribed.")
            return None
        hours = data.get("contact_hours")
        return prescribed_engine.Prescription(
            start=data["start_date"],
            weeks=data["weeks"],
            time=data.get("application_time") or rule.default_time,
            zone=data["timezone"],
            contact_hours=float(rule.contact_hours_default if hours is None else hours),
            per_week=(data.get("per_week") or 0) if weekly else 0,
            weekdays=tuple(data.get("weekdays") or ()) if weekly else (),
            every_days=None if weekly else data["every_days"],
        )
