"""Forms for the side-effect log: one day's grades, and picking which day to log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from planner.plans.forms import DateInput
from planner.plans.models import Plan
from planner.symptoms import scale
from planner.symptoms.models import FLU_LIKE, ITEMS, LOCAL_REACTIONS, SymptomEntry, lock_log
from planner.symptoms.window import last_day
from regimens.engine import day_name

GROUPS = (
    ("skin", "Skin reactions at the treated area", LOCAL_REACTIONS),
    ("flu", "Flu-like symptoms", FLU_LIKE),
)


@dataclass(frozen=True)
class Choice:
    id: str
    tag: SafeString  # the radio button itself
    word: str  # "None"
    anchor: str  # what the grade means for this item, in one line
    grade: int


@dataclass(frozen=True)
class ItemField:
    field: BoundField
    choices: list[Choice]

    @property
    def grade(self) -> int | None:
        """The grade chosen (or given): None when there is none, or junk."""
        value = str(self.field.value())
        return int(value) if value in {"0", "1", "2", "3"} else None

    @property
    def changed(self) -> bool:
        """Anything but "none": a grade above it, an error or a value that is not a grade."""
        return self.grade != 0 or bool(self.field.errors)


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    items: list[ItemField]
    saved: Mapping[str, int] | None  # the day's saved grades; None before its first save

    @property
    def open(self) -> bool:
        """The skin reactions always show; the flu-like ones only when one is not "none"."""
        return self.key == "skin" or any(item.changed for item in self.items)

    @property
    def recorded(self) -> str:
        """What the day's saved entry holds in this group, in words: "all none", or
        "tiredness mild, ..."; empty before it is saved. Never the choices on screen: the
        heading is written once, and would go stale as they change."""
        if self.saved is None:
            return ""
        names = [item.field.name for item in self.items]
        graded = [
            f"{scale.label(name).lower()} {scale.word(self.saved[name])}"
            for name in names
            if self.saved[name]
        ]
        return ", ".join(graded) or "all none"


class NoteField(forms.CharField):
    """Text whose line breaks are LF. A textarea's maxlength counts a line break as one
    character, but browsers send CRLF: counted as sent, a note the page let through would
    be refused, the more lines the more characters over."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")


class SymptomForm(forms.ModelForm):
    """One day's entry. The plan and the day come from the URL, never from the form."""

    class Meta:
        model = SymptomEntry
        fields = (*ITEMS, "note")
        # a note in Hebrew or Arabic takes its own direction as it is typed
        widgets = {item: forms.RadioSelect for item in ITEMS} | {
            "note": forms.Textarea(attrs={"dir": "auto"})
        }
        field_classes = {"note": NoteField}
        labels = {"note": "Note (optional)"}
        help_texts = {"note": "Anything else: what you noticed, what you did, questions to ask."}

    def __init__(
        self, *args, plan: Plan, day: dt.date, saved: Mapping[str, int] | None = None, **kwargs
    ):
        """`saved`: the day's saved grades, when given as `initial` rather than `instance`."""
        super().__init__(*args, **kwargs)
        self.plan, self.day = plan, day
        self.saved = self.instance.grades() if self.instance.pk else saved
        for item in ITEMS:
            self.fields[item].error_messages.update(
                required="Choose a grade: none, mild, moderate or severe.",
                invalid_choice="Choose none, mild, moderate or severe (0 to 3).",
            )

    def groups(self) -> list[Group]:
        """The fields by group, each grade with its plain-language anchor."""
        return [
            Group(key, title, [self.item_field(item) for item in items], self.saved)
            for key, title, items in GROUPS
        ]

    def item_field(self, item: str) -> ItemField:
        """The radio buttons written here, not by the widget's template: sixteen items of
        four grades through Django's form renderer cost more than the rest of the page. Each
        grade above none is described by its one-line meaning (shown once it is chosen)."""
        bound = self[item]
        chosen = str(bound.value())
        choices = [
            Choice(
                id=f"{bound.auto_id}_{grade}",
                tag=format_html(
                    '<input type="radio" name="{}" value="{}" id="{}_{}" required{}{}>',
                    bound.html_name,
                    grade,
                    bound.auto_id,
                    grade,
                    " checked" if chosen == str(grade) else "",
                    format_html(' aria-describedby="{}_{}_means"', bound.auto_id, grade)
                    if grade
                    else "",
                ),
                word=scale.word(grade).capitalize(),
                anchor=anchor,
                grade=grade,
            )
            for grade, anchor in enumerate(scale.anchors(item))
        ]
        return ItemField(bound, choices)

    @transaction.atomic
    def save(self, commit: bool = True) -> SymptomEntry:
        """Create or update the day's entry: a second save for a day edits the first."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        lock_log(self.plan)
        self.instance, _ = SymptomEntry.objects.update_or_create(
            plan=self.plan, date=self.day, defaults=values
        )
        return self.instance


class DayForm(forms.Form):
    """Which day the log page's form is for."""

    day = forms.DateField(
        label="Day", widget=DateInput, error_messages={"invalid": "Enter a date as YYYY-MM-DD."}
    )

    def __init__(self, *args, plan: Plan, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.today = plan, today
        self.fields["day"].widget.attrs.update(
            min=plan.start_date.isoformat(), max=min(last_day(plan), today).isoformat()
        )

    def clean_day(self) -> dt.date:
        day, plan = self.cleaned_data["day"], self.plan
        # while the log runs, a day still to come is refused as such: today is the limit
        last = last_day(plan)
        if day < plan.start_date or (day > last and self.today >= last):
            raise forms.ValidationError(
                f"Choose a day from {day_name(plan.start_date, year=True)}, the first of the "
                f"course, to {day_name(last, year=True)}, the last the log takes."
            )
        if day > self.today:
            raise forms.ValidationError(
                f"That day has not come yet; you can log up to today, "
                f"{day_name(self.today, year=True)}."
            )
        return day
