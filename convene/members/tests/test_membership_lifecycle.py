"""A membership's life with the clock moved: applied, active, due, renewed, lapsed, left."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from convene.members.membership import RenewalRefused, renew_membership
from convene.members.models import Membership, MembershipChange, MembershipType
from convene.members.services import verify_member
from convene.members.tests.helpers import make_member
from convene.members.tokens import verification_token

pytestmark = pytest.mark.django_db

Status = Membership.Status


def membership_of(email: str) -> Membership:
    return Membership.objects.select_related("type").get(member__user__username=email)


@time_machine.travel("2026-03-02 10:00 +00:00", tick=False)
def test_joining_applies_and_confirming_the_address_starts_a_year(
    visitor: Client,
) -> None:
    member = make_member(email="new@example.org", verified=False)
    assert membership_of("new@example.org").status == Status.APPLIED

    visitor.get(reverse("members:verify", args=[verification_token(member)]))

    membership = membership_of("new@example.org")
    assert membership.status == Status.ACTIVE
    assert membership.type.name == "Individual"
    assert membership.started_on == datetime.date(2026, 3, 2)
    assert membership.expires_on == datetime.date(2027, 3, 1)


def test_an_organisation_gets_the_organisation_type() -> None:
    make_member(email="office@group.example", kind="organisation", name="A Group")

    assert membership_of("office@group.example").type.name == "Organisation"


def test_renewal_is_refused_until_the_reminder_window_opens() -> None:
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        make_member()
    membership = membership_of("ann@example.org")

    with (
        time_machine.travel("2026-12-01 10:00 +00:00", tick=False),
        pytest.raises(RenewalRefused, match="renewed from 30 days before"),
    ):
        renew_membership(membership)

    membership.refresh_from_db()
    assert membership.expires_on == datetime.date(2027, 3, 1)


def test_renewing_in_time_adds_a_year_after_the_current_one() -> None:
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        make_member()

    with time_machine.travel("2027-02-20 10:00 +00:00", tick=False):
        renew_membership(membership_of("ann@example.org"))

    membership = membership_of("ann@example.org")
    assert membership.status == Status.ACTIVE
    assert membership.expires_on == datetime.date(2028, 3, 1)
    assert membership.started_on == datetime.date(2026, 3, 2)


def test_an_unrenewed_membership_lapses_the_day_after_it_ends_and_can_be_renewed() -> (
    None
):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        make_member()

    with time_machine.travel("2027-03-01 23:00 +00:00", tick=False):
        call_command("membership_reminders")
    assert membership_of("ann@example.org").status == Status.ACTIVE

    with time_machine.travel("2027-03-02 09:00 +00:00", tick=False):
        call_command("membership_reminders")
        call_command("membership_reminders")  # a second run lapses nothing twice
    assert membership_of("ann@example.org").status == Status.LAPSED
    lapses = MembershipChange.objects.filter(kind=MembershipChange.Kind.LAPSED)
    assert [change.happened_on for change in lapses] == [datetime.date(2027, 3, 2)]

    with time_machine.travel("2027-05-10 09:00 +00:00", tick=False):
        renew_membership(membership_of("ann@example.org"))
    membership = membership_of("ann@example.org")
    assert membership.status == Status.ACTIVE
    assert membership.expires_on == datetime.date(2028, 5, 9)


def test_a_lifetime_membership_never_lapses_nor_renews() -> None:
    lifetime = MembershipType.objects.create(name="Honorary", term="lifetime")
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        member = make_member(verified=False)
        Membership.objects.filter(member=member).update(type=lifetime)
        verify_member(member)
    assert membership_of("ann@example.org").expires_on is None

    with time_machine.travel("2040-01-01 10:00 +00:00", tick=False):
        call_command("membership_reminders")
        with pytest.raises(RenewalRefused, match="never needs renewing"):
            renew_membership(membership_of("ann@example.org"))

    assert membership_of("ann@example.org").status == Status.ACTIVE
