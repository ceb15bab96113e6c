from django import forms

from convene.conversations.models import STATEMENT_MAX_LENGTH, Vote


class VoteForm(forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    choice = forms.TypedChoiceField(
        choices=Vote.Choice.choices,
        coerce=int,
        error_messages={"invalid_choice": "Choose agree, disagree or pass."},
    )


class StatementForm(forms.Form):
    # The service counts the length once tags are stripped; this bound only stops abuse.
    text = forms.CharField(
        label="Your statement",
        max_length=4 * STATEMENT_MAX_LENGTH,
        help_text=(
            f"One idea, in plain words, up to {STATEMENT_MAX_LENGTH} characters. "
            "Others will agree or disagree with it."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="Shown to staff; for example: repeats statement 12, or names a person.",
    )


class MetaForm(forms.Form):
    # "1" marks the statement as meta, "0" takes the mark off.
    is_meta = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SeedStatementForm(forms.Form):
    text = forms.CharField(
        label="Seed statement",
        max_length=4 * STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": STATEMENT_MAX_LENGTH}),
    )
