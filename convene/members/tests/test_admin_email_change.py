"""Staff change a member's email address in the user admin; the member's login follows it."""

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.tests.helpers import PASSWORD

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def _change_email(client: Client, user: User, email: str) -> "Response":
    """Save the user's admin page as it stands, with a new email address."""
    return client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": email,
            "is_active": "on",
            "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        },
    )


def _log_in(email: str) -> "Response":
    return Client().post(
        reverse("members:login"), {"username": email, "password": PASSWORD}
    )


def test_member_logs_in_with_the_address_staff_changed_to(
    organiser_client: Client, member: User
) -> None:
    page = organiser_client.get(reverse("admin:auth_user_change", args=[member.pk]))
    assert page.status_code == 200
    assert 'name="username"' not in page.content.decode()  # it follows the address

    response = _change_email(organiser_client, member, "Mina.New@Example.org")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == member.username == "mina.new@example.org"
    assert member.member.is_verified
    assert _log_in("mina.new@example.org")["Location"] == reverse("members:account")
    assert _log_in("mina@example.org").status_code == 200  # the old address is gone


def test_an_address_another_account_has_is_refused_in_any_case(
    organiser_client: Client, member: User, other_member: User
) -> None:
    response = _change_email(organiser_client, member, "Office@Riverside-Trust.example")

    assert response.status_code == 200
    assert "Another account already uses this email address." in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.email == member.username == "mina@example.org"
    assert _log_in("mina@example.org")["Location"] == reverse("members:account")


def test_staff_with_a_plain_username_keep_it(
    organiser_client: Client, organiser: User
) -> None:
    response = _change_email(organiser_client, organiser, "olu@example.org")

    assert response.status_code == 302
    organiser.refresh_from_db()
    assert organiser.username == "organiser"
    assert organiser.email == "olu@example.org"


def test_a_member_cannot_be_left_without_an_address(
    organiser_client: Client, member: User
) -> None:
    response = _change_email(organiser_client, member, "")

    assert response.status_code == 200
    assert "A member logs in with their email address" in response.content.decode()
    member.refresh_from_db()
    assert member.email == "mina@example.org"
