from django import forms

from convene.events.tables import NOTES_MAX_LENGTH


class TableForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, help_text="For example “Table 3”."
    )
    topic = forms.CharField(label="Topic", max_length=300, required=False)
    capacity = forms.IntegerField(
        label="Seats", min_value=1, max_value=500, required=False
    )
    room = forms.CharField(label="Room", max_length=100, required=False)


class NotesForm(forms.Form):
    # The service refuses notes too long to save with a message; the box keeps the text.
    text = forms.CharField(
        label="Notes",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-notes": ""}),
        help_text="Markdown. Saved as you type; the Save button works too.",
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) > NOTES_MAX_LENGTH:
            raise forms.ValidationError(
                f"The notes are too long to save ({len(text):,} characters; at most "
                f"{NOTES_MAX_LENGTH:,})."
            )
        return text


class PersonForm(forms.Form):
    label = forms.CharField(
        label="First name or initials (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    user = forms.IntegerField(required=False, widget=forms.HiddenInput)
    consents = forms.BooleanField(
        label="They agree to their views being counted", required=False
    )


class FacilitatorForm(forms.Form):
    email = forms.CharField(
        label="Facilitator's email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class EnteredVoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.TypedChoiceField(
        choices=[("1", "Agree"), ("-1", "Disagree"), ("0", "Pass")], coerce=int
    )


class EnteredStatementForm(forms.Form):
    text = forms.CharField(
        label="A new statement, in their words",
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
