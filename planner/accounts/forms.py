"""Forms for sign-up, settings and deleting an account."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from planner.accounts.models import Profile
from planner.plans.forms import TimeInput, ZoneField
from regimens.education.models import Reader
from regimens.models import Jurisdiction


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Used only to reset your password.")

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Not set (US labels first)"), *Jurisdiction.choices]
        self.fields["reader"].choices = [
            ("", "Not chosen (asked on the first page)"),
            *Reader.choices,
        ]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.")
        return self.cleaned_data["password"]
