"""Reminder settings: for all plans, or one plan's own; and a plan's rule-change alerts."""

from django import forms

from planner.reminders import push
from planner.reminders.models import PushSubscription, ReminderSettings, RuleWatch


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
        lead = self.fields["lead_minutes"].error_messages
        lead["min_value"] = lead["max_value"] = "Choose 0 to 60 minutes before the application."


class PlanReminderSettingsForm(ReminderSettingsForm):
    """One plan's page: its own settings, or back to those for all plans. Its instance is the
    plan's own row, or a copy of the settings for all plans that it follows (see
    ReminderSettings.objects.for_plan), so the boxes show what is in force."""

    own = forms.TypedChoiceField(
        label="For this plan",
        choices=[("0", "Use my settings for all plans"), ("1", "Use these settings instead")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
        help_text="The settings below are those this plan follows now.",
    )

    class Meta(ReminderSettingsForm.Meta):
        fields = ["own", *ReminderSettingsForm.Meta.fields]

    def clean(self):
        # Changed boxes with "all plans" chosen would be thrown away: ask which was meant.
        edited = [name for name in self.changed_data if name != "own"]
        if edited and self.cleaned_data.get("own") is False:
            self.add_error(
                "own",
                "You changed the settings below but chose your settings for all plans. Choose "
                "“Use these settings instead” to keep them for this plan, or change "
                "your settings for all plans on their own page.",
            )
        return super().clean()


class RuleWatchForm(forms.ModelForm):
    """Whether, and how, to hear when the plan's regimen gets a newer approved version of its
    rules; neither box ticked turns the alerts off. Its fields are prefixed: it shares a page
    with the reminder settings, which have an email and a push field too."""

    prefix = "alerts"

    class Meta:
        model = RuleWatch
        fields = ["email", "push"]


class PushSubscriptionForm(forms.Form):
    """A browser's push subscription (PushSubscription.toJSON(), flattened): a known push
    service's https endpoint, a P-256 public key and a 16-byte secret (RFC 8291)."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not push.allowed_endpoint(endpoint):
            raise forms.ValidationError("That is not the address of a known push service.")
        taken = PushSubscription.objects.filter(endpoint=endpoint).exclude(user=self.user)
        if taken.exists():
            raise forms.ValidationError(
                "This browser gets another account's notifications: turn them off there first."
            )
        return endpoint

    def clean_p256dh(self):
        if not push.is_p256_point(push.key_bytes(self.cleaned_data["p256dh"])):
            raise forms.ValidationError("The browser's key is not a P-256 public key.")
        return self.cleaned_data["p256dh"]

    def clean_auth(self):
        secret = push.key_bytes(self.cleaned_data["auth"])
        if secret is None or len(secret) != 16:
            raise forms.ValidationError("The browser's secret is not 16 bytes.")
        return self.cleaned_data["auth"]
