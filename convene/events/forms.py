from django import forms


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
