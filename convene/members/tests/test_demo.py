import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.consents import history_of
from convene.members.demo import DEMO_MEMBERS, load_members_demo
from convene.members.demo_consents import load_consent_histories_demo
from convene.members.models import Member
from convene.members.queries import count_members
from convene.themes.demo import load_themes_demo

pytestmark = pytest.mark.django_db


def test_demo_members_are_verified_and_tagged_with_themes() -> None:
    load_themes_demo()

    summary = load_members_demo()

    assert summary == f"{len(DEMO_MEMBERS)} members"
    assert count_members() == len(DEMO_MEMBERS)
    browser = Client()
    browser.force_login(User.objects.get(email=DEMO_MEMBERS[0][0]))
    response = browser.get(reverse("members:directory"))
    assert response.status_code == 200
    directory = response.content.decode()
    # one chose not to be listed
    assert f"{len(DEMO_MEMBERS) - 1} members found." in directory
    assert all(member.themes.exists() for member in Member.objects.all())
    assert Member.objects.filter(kind=Member.Kind.ORGANISATION).count() >= 5


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
