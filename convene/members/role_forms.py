from django import forms

from convene.members.models import Region, Role


class GiveRoleForm(forms.Form):
    """A team page's form; the choices are the roles the person using it may give."""

    email = forms.CharField(
        label="Their email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="Someone without an account is emailed an invitation to set a password.",
    )
    kind = forms.ChoiceField(label="Role")

    def __init__(self, *args: object, kinds: list[Role.Kind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]  # type: ignore[attr-defined]  # a ChoiceField
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value


class InvitationForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    region = forms.ChoiceField(label="Where you are", choices=Region.choices)
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="The password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


class AlertsForm(forms.Form):
    alerts_on = forms.BooleanField(required=False)
