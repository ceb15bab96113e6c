import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.members.consents import history_of
from convene.members.demo import DEMO_MEMBERS, load_members_demo
from convene.members.demo_consents import load_consent_histories_demo
from convene.members.models import Member, Membership, MembershipChange
from convene.members.queries import count_members
from convene.themes.demo import load_themes_demo

pytestmark = pytest.mark.django_db


def test_demo_members_are_verified_and_tagged_with_themes() -> None:
    load_themes_demo()

    summary = load_members_demo()

    assert summary.startswith(f"{len(DEMO_MEMBERS)} members")
    browser = Client()
    browser.force_login(User.objects.get(email=DEMO_MEMBERS[0][0]))
    response = browser.get(reverse("members:directory"))
    assert response.status_code == 200
    directory = response.content.decode()
    # one chose not to be listed
    assert f"{len(DEMO_MEMBERS) - 1} members found." in directory
    assert all(member.themes.exists() for member in Member.objects.all())
    assert Member.objects.filter(kind=Member.Kind.ORGANISATION).count() >= 5


def test_demo_members_hold_every_kind_of_membership_and_one_is_due() -> None:
    load_themes_demo()

    load_members_demo()

    statuses = set(Membership.objects.values_list("status", flat=True))
    assert statuses == {"applied", "active", "lapsed", "left"}
    assert Membership.objects.values("type").distinct().count() == 4
    # active members of voice types: all but the lapsed, the departed, the associate
    # and the applicant
    assert count_members() == len(DEMO_MEMBERS) - 3
    today = timezone.localdate()
    due = [
        membership
        for membership in Membership.objects.select_related("member")
        if membership.status == "active"
        and membership.is_due_for_renewal(today, window_days=30)
    ]
    assert [membership.member.name for membership in due] == ["Aisha Rahman"]
    assert due[0].member.may_email_renewals
    assert MembershipChange.objects.filter(kind="renewed").count() == 2


def test_demo_privacy_notice_names_whom_to_write_to(visitor: Client) -> None:
    load_themes_demo()
    load_members_demo()

    page = visitor.get(reverse("privacy:notice")).content.decode()

    assert "privacy@pennine-network.example" in page
    assert "Staff: replace" not in page


def test_demo_members_have_consent_histories_staff_can_read(
    organiser_client: Client,
) -> None:
    load_themes_demo()
    load_members_demo()

    summary = load_consent_histories_demo()

    assert summary == "7 consent changes after joining"
    pantry = Member.objects.get(user__username="hello@dearne-valley-pantry.example")
    phone = [
        (record.given, record.channel)
        for record in history_of(pantry).filter(consent="may_phone")
    ]
    assert phone == [(False, "phone"), (True, "paper"), (False, "web")]
    page = organiser_client.get(
        reverse("admin:members_member_change", args=[pantry.pk])
    ).content.decode()
    assert "Membership form, Community Voices: Sheffield" in page
    assert "Call to the office" in page
