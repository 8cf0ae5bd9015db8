"""Forms for sign-up, settings and deleting an account."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from planner.accounts.models import Profile
from planner.plans.forms import TimeInput, ZoneField
from regimens import jurisdictions
from regimens.education.models import Reader


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="To reset your password, and for reminders if you turn them on."
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class ProfileForm(forms.ModelForm):
    timezone = ZoneField(required=False, label="Time zone")

    class Meta:
        model = Profile
        fields = ("timezone", "bedtime", "region", "reader")
        widgets = {"bedtime": TimeInput(format="%H:%M")}
        labels = {
            "bedtime": "Usual bedtime (when you would apply the cream)",
            "region": "Region whose labels to list first",
            "reader": "Word the education pages for",
        }
        help_texts = {"bedtime": "New plans start at this time; each plan keeps its own."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = region_field(self.instance.region)
        self.fields["reader"].choices = [
            ("", "Not chosen (asked on the first page)"),
            *Reader.choices,
        ]


def region_field(current: str = "") -> forms.ChoiceField:
    """The approved jurisdictions, in list order; the first is the default. A region whose
    jurisdiction was since withdrawn stays on offer to whoever has it, so saving keeps it."""
    offered = jurisdictions.choices()
    first = offered[0][1] if offered else "no"
    if current and current not in dict(offered):
        offered.append((current, f"{current} (no longer listed)"))
    return forms.ChoiceField(
        label="Region whose labels to list first",
        choices=[("", f"Not set ({first} labels first)"), *offered],
        required=False,
        help_text=Profile._meta.get_field("region").help_text,
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.")
        return self.cleaned_data["password"]
