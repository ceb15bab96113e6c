import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.events.models import Registration
from convene.events.services import register_attendee
from convene.events.tests.helpers import make_event
from convene.members.models import Member

pytestmark = pytest.mark.django_db


def test_leave_asks_first_and_says_what_will_go(member_client: Client) -> None:
    response = member_client.get(reverse("members:leave"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This cannot be undone." in page
    assert "mina@example.org" in page
    assert User.objects.filter(username="mina@example.org").exists()


def test_leaving_deletes_the_account_and_anonymises_registrations(
    member_client: Client, member: User, other_member: User
) -> None:
    # given a member registered for an event
    registration = register_attendee(
        make_event(),
        name="Mina Member",
        email=member.email,
        organisation="Wigan Lunch Club",
        access_needs="Wheelchair space",
        user=member,
    )
    member_id = member.member.pk

    # when they leave
    response = member_client.post(reverse("members:leave"), follow=True)

    # then the account and profile are gone, the registration stays without them
    assertRedirects(response, reverse("core:home"))
    page = response.content.decode()
    assert "Your membership has ended" in page
    assert "mina@example.org" in page
    assert "Your 1 event registration now carries no name or contact details." in page
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Member.objects.filter(pk=member_id).exists()
    assert Member.objects.count() == 1  # other_member is untouched
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.user is None
    assert registration.name == "Former member"
    assert "mina" not in registration.email
    assert registration.organisation == ""
    assert registration.access_needs == ""
    assert "_auth_user_id" not in member_client.session


def test_leaving_is_a_post(member_client: Client, member: User) -> None:
    response = member_client.get(reverse("members:leave"))

    assert response.status_code == 200  # the page asking them to confirm
    assert User.objects.filter(pk=member.pk).exists()
