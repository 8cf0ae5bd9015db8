"""Forms for sign-up, settings, a password reset and deleting an account."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User

from planner.accounts.branding import brand_for
from planner.accounts.models import Profile
from planner.plans.forms import TimeInput, ZoneField
from regimens import jurisdictions
from regimens.education.models import Reader


def browser_zone_field() -> forms.CharField:
    """The browser's zone, filled by timezone.js: a new plan's first day is then today where
    the person is. Nobody typed it, so `known_zone` drops a wrong one rather than show an
    error."""
    field = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-tz": "1"}))
    field.validators.clear()  # not even a NUL: a crafted value must not refuse a log-in
    return field


def known_zone(sent: str) -> str:
    try:
        return ZoneField().clean(sent)
    except forms.ValidationError:
        return ""


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="To reset your password, and for reminders if you turn them on."
    )
    timezone = browser_zone_field()

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def clean_timezone(self) -> str:
        return known_zone(self.cleaned_data["timezone"])


class LoginForm(AuthenticationForm):
    """Django's, with the browser's zone for an account that has none (views.LoginView)."""

    timezone = browser_zone_field()

    def clean_timezone(self) -> str:
        return known_zone(self.cleaned_data["timezone"])


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


def password_field():
    return forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm")


def checked_password(user, password: str) -> str:
    if not user.check_password(password):
        raise forms.ValidationError("That is not your password.")
    return password


class DeleteAccountForm(forms.Form):
    password = password_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        return checked_password(self.user, self.cleaned_data["password"])


class EmailForm(forms.Form):
    """The account's email address, changed only with the password: password resets go there,
    so a session left open must not be enough to redirect them."""

    # The column's length: EmailField alone accepts longer, which PostgreSQL would refuse.
    email = forms.EmailField(
        max_length=User._meta.get_field("email").max_length,
        label="Email address",
        help_text="Reminders you turn on and password resets go here.",
    )
    password = password_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, initial={"email": user.email}, **kwargs)
        self.user = user

    def clean_password(self):
        return checked_password(self.user, self.cleaned_data["password"])


class BrandedPasswordResetForm(PasswordResetForm):
    """Django's, each email under its account's brand: a discreet plan's owner gets the
    neutral name and sender (planner.accounts.branding)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, *a, **kw):
        brand = brand_for(context["user"])
        context = {**context, "brand": brand.name}
        super().send_mail(
            subject_template_name, email_template_name, context, brand.from_email, *a, **kw
        )
