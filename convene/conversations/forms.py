from typing import Any

from django import forms

from convene.conversations.models import STATEMENT_MAX_LENGTH, Vote


class VoteForm(forms.Form):
    statement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    choice = forms.TypedChoiceField(
        choices=Vote.Choice.choices,
        coerce=int,
        error_messages={"invalid_choice": "Choose agree, disagree or pass."},
    )


class _StatementTextForm(forms.Form):
    """The service counts and refuses over-long text, keeping it in the form to shorten.

    The field's bound only stops abuse. The browser gets no `maxlength`: it would cut a
    pasted statement short without a word; a counter (statement.js) says how many are left.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-count-to"] = str(STATEMENT_MAX_LENGTH)
        # Past the bound, and when empty, the same words as the service's own refusals.
        field.error_messages["max_length"] = (
            f"Keep it to {STATEMENT_MAX_LENGTH} characters (this has %(show_value)d)."
        )
        field.error_messages["required"] = (
            "Write a statement: plain text, a sentence or two."
        )


class StatementForm(_StatementTextForm):
    text = forms.CharField(
        label="Your statement",
        max_length=4 * STATEMENT_MAX_LENGTH,
        help_text=(
            f"One idea, in plain words, up to {STATEMENT_MAX_LENGTH} characters. "
            "Others will agree or disagree with it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    # A blank reason is refused by reject_statement, which says why a reason is needed.
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        required=False,
        help_text="Shown to staff; for example: repeats statement 12, or names a person.",
    )


class MetaForm(forms.Form):
    # "1" marks the statement as meta, "0" takes the mark off.
    is_meta = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SeedStatementForm(_StatementTextForm):
    text = forms.CharField(
        label="Seed statement",
        max_length=4 * STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
