from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone


class RegistrationForm(forms.Form):
    name = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        help_text="We send your ticket here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    access_needs = forms.CharField(
        label="Access or dietary needs",
        required=False,
        max_length=2000,
        help_text="Anything that would help you take part. Only the organisers see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    table = forms.ChoiceField(
        label="Which table would you like to join?",
        required=False,
        help_text="Each table talks about one theme. Leave it for the organisers to choose.",
    )

    def __init__(
        self, *args: Any, tables: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_tables(self, tables)


def offer_tables(form: forms.Form, tables: list[tuple[str, str]] | None) -> None:
    """Let the person choose among the event's tables; an event without tables asks nothing."""
    if tables:
        form.fields["table"].choices = [("", "Let the organisers choose"), *tables]  # type: ignore[attr-defined]  # a ChoiceField
    else:
        del form.fields["table"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="Check-in code",
        max_length=20,
        help_text="Six letters and numbers; spaces and case do not matter.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "autofocus": True,
                "class": "code-input",
            }
        ),
    )


_NO_AUTOFILL = {"autocomplete": "off", "autocorrect": "off", "spellcheck": "false"}


class DoorSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or code",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                **_NO_AUTOFILL,
                "type": "search",
                "autofocus": True,
                "data-door-search": "",
                "enterkeyhint": "search",
            }
        ),
    )


class SomeoneElseForm(forms.Form):
    """Someone registered by another person: only a name is required."""

    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs=_NO_AUTOFILL))
    organisation = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput(attrs=_NO_AUTOFILL)
    )
    access_needs = forms.CharField(
        label="Access or dietary needs",
        required=False,
        max_length=2000,
        help_text="Ask: “Is there anything that would help you take part today?”",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    email = forms.EmailField(
        label="Email (if they want to give it)",
        required=False,
        widget=forms.EmailInput(attrs=_NO_AUTOFILL),
    )
    phone = forms.CharField(
        label="Phone (if they want to give it)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={**_NO_AUTOFILL, "type": "tel"}),
    )


class WalkInForm(SomeoneElseForm):
    table = forms.ChoiceField(
        label="Which table would they like to join?", required=False
    )
    over_capacity = forms.BooleanField(
        label="Let them in over capacity",
        required=False,
        help_text="Only when the event is full and you have agreed to let them in.",
    )

    def __init__(
        self, *args: Any, tables: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_tables(self, tables)


class OnBehalfForm(SomeoneElseForm):
    channel = forms.ChoiceField(
        label="How did they register?",
        choices=[("phone", "By phone"), ("paper", "On a paper form")],
        initial="phone",
        widget=forms.RadioSelect,
    )
    access_needs = forms.CharField(
        label="Access or dietary needs",
        required=False,
        max_length=2000,
        help_text="Ask: “Is there anything that would help you take part?”",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["channel", "name", "organisation", "email", "phone", "access_needs"]


class PaperArrivalsForm(forms.Form):
    arrived_at = forms.DateTimeField(
        label="When they arrived",
        help_text="The time written on the sheet, or your best guess.",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    codes = forms.CharField(
        label="Their codes",
        required=False,
        max_length=5000,
        help_text="Quickest: type the codes beside the ticks, with spaces between.",
        widget=forms.Textarea(
            attrs={"rows": 2, "autocapitalize": "characters", **_NO_AUTOFILL}
        ),
    )
    registrations = forms.TypedMultipleChoiceField(
        label="Or tick their names",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("codes", "").strip() and not cleaned.get("registrations"):
            raise forms.ValidationError("Type their codes or tick at least one name.")
        return cleaned

    def __init__(
        self, data: QueryDict | None = None, *, people: list[tuple[int, str]]
    ) -> None:
        super().__init__(data)
        self.fields["arrived_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )
        choices = self.fields["registrations"]
        assert isinstance(choices, forms.TypedMultipleChoiceField)  # noqa: S101 -- declared above
        choices.choices = people
