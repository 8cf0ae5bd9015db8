"""The reader's choice (on every education page) and the one search box of the questions."""

from django import forms

from regimens.education.models import Reader


class ReaderForm(forms.Form):
    reader = forms.ChoiceField(
        label="Which describes you?",
        choices=Reader.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the three, then Show."},
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class QuestionSearchForm(forms.Form):
    q = forms.CharField(
        label="Search the questions",
        required=False,
        max_length=100,
        strip=True,
        error_messages={"max_length": "Use at most 100 characters."},
    )
