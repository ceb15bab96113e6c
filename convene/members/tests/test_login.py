import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.tests.helpers import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def test_member_logs_in_with_email_and_lands_on_their_account(
    visitor: Client, member: User
) -> None:
    response = visitor.post(
        reverse("members:login"),
        {"username": "Mina@Example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:account")
    assert visitor.get(reverse("members:account")).status_code == 200


def test_wrong_password_is_refused_and_the_email_is_kept(
    visitor: Client, member: User
) -> None:
    response = visitor.post(
        reverse("members:login"),
        {"username": "mina@example.org", "password": "not-the-password"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "That email address and password do not match an account." in page
    assert 'value="mina@example.org"' in page
    assert "_auth_user_id" not in visitor.session


def test_unverified_member_cannot_log_in_and_is_offered_a_new_link(
    visitor: Client,
) -> None:
    make_member(email="new@example.org", verified=False)

    response = visitor.post(
        reverse("members:login"), {"username": "new@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please confirm your email address first" in page
    assert reverse("members:resend-verification") + "?email=new%40example.org" in page
    assert "_auth_user_id" not in visitor.session


def test_logout_is_a_post_and_ends_the_session(member_client: Client) -> None:
    assert member_client.get(reverse("members:logout")).status_code == 405

    response = member_client.post(reverse("members:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in member_client.session
    assert member_client.get(reverse("members:account")).status_code == 302
