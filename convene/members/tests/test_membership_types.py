import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from convene.members.models import Membership, MembershipType
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:members_membershiptype_add")


def test_staff_define_a_type_that_members_joining_then_get(
    organiser_client: Client,
) -> None:
    MembershipType.objects.filter(default_for_kind="individual").update(
        default_for_kind=""
    )

    response = organiser_client.post(
        ADD_URL,
        {
            "name": "Supporter",
            "description": "Anyone who backs our work.",
            "term": "annual",
            "counts_as_voice": "on",
            "default_for_kind": "individual",
        },
    )

    assert response.status_code == 302
    with time_machine.travel("2026-05-10 10:00 +00:00", tick=False):
        member = make_member()
    membership = Membership.objects.get(member=member)
    assert membership.type.name == "Supporter"
    assert membership.expires_on == datetime.date(2026, 12, 31)


def test_two_types_cannot_both_be_given_to_new_individuals(
    organiser_client: Client,
) -> None:
    response = organiser_client.post(
        ADD_URL,
        {
            "name": "Second individual",
            "term": "rolling",
            "default_for_kind": "individual",
        },
    )

    assert response.status_code == 200
    assert "already given to new members of this kind" in response.content.decode()
    assert not MembershipType.objects.filter(name="Second individual").exists()


def test_a_type_in_use_cannot_be_deleted(organiser_client: Client) -> None:
    make_member()
    individual = MembershipType.objects.get(name="Individual")

    organiser_client.post(
        reverse("admin:members_membershiptype_delete", args=[individual.pk]),
        {"post": "yes"},
    )

    assert MembershipType.objects.filter(pk=individual.pk).exists()
