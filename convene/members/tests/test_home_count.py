import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from convene.members.models import Membership, MembershipType
from convene.members.tests.helpers import make_member
from convene.members.tokens import verification_token

pytestmark = pytest.mark.django_db


def home_text(client: Client) -> str:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_home_page_counts_members_once_verified(visitor: Client) -> None:
    make_member(email="first@example.org")
    waiting = make_member(email="second@example.org", verified=False)
    assert "1 member adds their voice" in home_text(visitor)

    response = visitor.get(
        reverse("members:verify", args=[verification_token(waiting)])
    )

    assert response.status_code == 302

    assert "2 members add their voice" in home_text(visitor)


def test_home_page_counts_only_active_members_whose_type_is_a_voice(
    visitor: Client,
) -> None:
    make_member(email="voice@example.org")
    associate = make_member(email="associate@example.org")
    lapsed = make_member(email="lapsed@example.org")
    Membership.objects.filter(member=associate).update(
        type=MembershipType.objects.get(name="Associate")
    )
    Membership.objects.filter(member=lapsed).update(status=Membership.Status.LAPSED)

    assert "1 member adds their voice" in home_text(visitor)
