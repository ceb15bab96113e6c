from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from convene.core.ratelimit import client_ip
from convene.members import services
from convene.members.models import Member, Region
from convene.members.queries import CONSENT_FIELDS, VISIBILITY_FIELDS
from convene.themes.models import Theme

PROFILE_FORM_FIELDS = [
    "kind",
    "name",
    "organisation",
    "contact_name",
    "region",
    "themes",
    "phone",
    "website",
    "bio",
    *CONSENT_FIELDS,
    *VISIBILITY_FIELDS,
]


class ProfileForm(forms.ModelForm[Member]):
    """What a member tells us and chooses; the template groups the consent and visibility
    checkboxes in their own fieldsets (see consent_fields and visibility_fields)."""

    website = forms.URLField(
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = Member
        fields = PROFILE_FORM_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        labels = {
            "kind": "Kind of member",
            "name": "Name",
            "bio": "About you or your organisation",
            "themes": "Themes you are interested in",
        }
        help_texts = {
            "name": "Your own name, or your organisation's name.",
            "contact_name": "For organisations: who we should write to.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        if isinstance(region, forms.ChoiceField):
            region.choices = [("", "Choose your region"), *Region.choices]

    def profile_fields(self) -> list[forms.BoundField]:
        skip = {"kind", *CONSENT_FIELDS, *VISIBILITY_FIELDS}
        return [self[name] for name in PROFILE_FORM_FIELDS if name not in skip]

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONSENT_FIELDS]

    def visibility_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in VISIBILITY_FIELDS]


class JoinForm(ProfileForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "kind"
        ].label = "I am joining as"  # the account page says "Kind of member"

    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We will send a link to check it is yours.",
    )
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password and not all numbers.",
    )
    password_confirm = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["email", "password", "password_confirm"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, confirm = data.get("password"), data.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", "The two passwords do not match.")
        return data

    def account_fields(self) -> list[forms.BoundField]:
        return [self["email"], self["password"], self["password_confirm"]]


class LimitedLoginForm(AuthenticationForm):
    """Django's log-in form, paused for an address or a client after too many failures.

    A paused form is refused without checking the password (`refusal` says how long for).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusal: services.TooManyLogins | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        ip = client_ip(self.request) if self.request is not None else None
        try:
            services.check_login_allowance(username, client_ip=ip)
        except services.TooManyLogins as refusal:
            self.refusal = refusal
            raise ValidationError(refusal.message, code="too_many_attempts") from None
        data = super().clean()  # raising here leaves the attempt counted as a failure
        services.forgive_login_attempt(username, client_ip=ip)
        return data


class EmailLoginForm(LimitedLoginForm):
    """Log in by email address; refuse, with a way to resend the link, until it is verified."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email address and password do not match an account.",
        "unverified": (
            "Please confirm your email address first: open the link we emailed you."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        member = Member.objects.filter(user=user).first()
        if member is not None and not member.is_verified:
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class StaffLoginForm(LimitedLoginForm, AdminAuthenticationForm):
    """The admin's log-in form, paused like the members' one (it checks passwords too)."""


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AccountChangeForm(UserChangeForm[User]):
    """Django's user form for staff, refusing an address another account has."""

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "")
        if "email" not in self.changed_data:  # an old clash shouldn't block other edits
            return email
        return services.validate_new_email(self.instance, email)


class DirectoryFilterForm(forms.Form):
    region = forms.ChoiceField(
        required=False, choices=[("", "Any region"), *Region.choices]
    )
    theme = forms.ModelChoiceField(
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="Any theme",
    )


class LeaveForm(forms.Form):
    voice = forms.ChoiceField(
        label="Your votes and statements in conversations",
        choices=[
            (
                "keep",
                "Keep them anonymously: they still count, but nothing ties them to you",
            ),
            (
                "remove",
                "Remove them: your votes are deleted and your statements taken down",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what happens to your votes."},
    )
