"""Giving and removing roles, and taking one up from the emailed invitation.

A role is given by email. Someone with an account has it at once and is told by email;
anyone else is sent an invitation whose signed link lets them set a password and become a
verified member holding the role. Who may give which role is the pages' access helpers'
business (`events/access.py`, `conversations/queries.py`); these services check the input.
"""

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from convene.core.errors import Refusal
from convene.members import tasks
from convene.members.membership import open_membership
from convene.members.models import Member, Role
from convene.members.services import normalise_email, verify_member
from convene.members.tokens import read_invitation_token


class RoleError(Refusal):
    """A role we cannot give, remove or take up; the message is shown to the person."""


def _account_for(address: str) -> User | None:
    # The username is the lower-cased address for members; staff accounts may differ.
    accounts = User.objects.filter(is_active=True)
    return (
        accounts.filter(username=address).first()
        or accounts.filter(email__iexact=address).order_by("pk").first()
    )


@transaction.atomic
def give_role(
    email: str,
    *,
    kind: str,
    by: User,
    event_id: int | None = None,
    conversation_id: int | None = None,
    table_id: int | None = None,
) -> Role:
    """Give `kind` to the person at `email`, scoped to the event or conversation (and for a
    facilitator, to one table of the event).

    Raises RoleError for an address that is not one, or a role they already have here.
    """
    address = normalise_email(email)
    try:
        validate_email(address)
    except ValidationError:
        raise RoleError(
            f"“{email.strip()}” is not an email address. Check it and try again."
        ) from None
    role = Role(
        user=_account_for(address),
        email=address,
        kind=kind,
        event_id=event_id,
        conversation_id=conversation_id,
        table_id=table_id,
        assigned_by=by,
    )
    label = role.get_kind_display().lower()
    try:
        role.full_clean()
        with transaction.atomic():
            role.save()
    except (
        ValidationError,
        IntegrityError,
    ):  # IntegrityError: a second give won a race
        raise RoleError(f"{address} is already a {label} here.") from None
    role_id = role.pk
    transaction.on_commit(lambda: tasks.send_role_email.enqueue(role_id))
    return role


@transaction.atomic
def remove_role(role: Role) -> None:
    role.delete()


@transaction.atomic
def set_moderation_alerts(role: Role, *, on: bool) -> Role:
    role.alerts_on = on
    role.save(update_fields=["alerts_on"])
    return role


def invited_role(token: str, *, max_age: int) -> Role:
    """The role an invitation link names; RoleError if it expired or was withdrawn."""
    try:
        role_id, address = read_invitation_token(token, max_age=max_age)
    except signing.SignatureExpired:
        raise RoleError(
            "This invitation has expired. Ask whoever invited you to send it again."
        ) from None
    except signing.BadSignature:
        raise RoleError("This invitation link is not valid.") from None
    role = Role.objects.select_related("event", "conversation").filter(pk=role_id)
    found = role.filter(email=address).first()
    if found is None:
        raise RoleError("This invitation was withdrawn.")
    return found


@transaction.atomic
def take_up_roles(user: User) -> int:
    """Every role waiting for the account's address becomes theirs; returns how many."""
    address = normalise_email(str(user.email))
    return Role.objects.pending().filter(email=address).update(user=user)


@transaction.atomic
def accept_invitation(role: Role, *, name: str, region: str, password: str) -> User:
    """Make the invited person a verified member with a password, holding their roles.

    The emailed link proved the address, so the member is verified at once. Raises
    ValidationError keyed by field for a weak password, and RoleError when an account
    already uses the address (they log in and follow the link again instead).
    """
    address = role.email
    if _account_for(address) is not None:
        raise RoleError(
            "An account already uses this address: log in, then follow the link again."
        )
    user = User(username=address, email=address, first_name=name[:150])
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.full_clean(exclude=["password", "username"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same link sent twice at once
        raise RoleError(
            "An account already uses this address: log in, then follow the link again."
        ) from None
    member = Member(user=user, name=name, region=region)
    member.full_clean()
    member.save()
    open_membership(member)
    verify_member(member)
    take_up_roles(user)
    user.last_login = timezone.now()
    return user
