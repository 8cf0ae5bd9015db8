"""Reminder settings: for all plans, or one plan's own."""

from django import forms

from planner.reminders.models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["email", "push", "lead_minutes", "wash_off", "nudge_minutes"]
        widgets = {"lead_minutes": forms.NumberInput(attrs={"min": 0, "max": 60, "step": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A ModelForm would accept only the listed delays; keep that, with a clearer message.
        self.fields["nudge_minutes"].error_messages["invalid_choice"] = (
            "Choose one of the delays listed, or Off."
        )
        self.fields["lead_minutes"].error_messages["max_value"] = (
            "Choose 0 to 60 minutes before the application."
        )


class PlanReminderSettingsForm(ReminderSettingsForm):
    """One plan's page: its own settings, or back to those for all plans."""

    own = forms.TypedChoiceField(
        label="For this plan",
        choices=[("0", "Use my settings for all plans"), ("1", "Use these settings instead")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    class Meta(ReminderSettingsForm.Meta):
        fields = ["own", *ReminderSettingsForm.Meta.fields]
