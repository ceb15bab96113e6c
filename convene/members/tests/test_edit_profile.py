import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.members.tests.helpers import make_theme

pytestmark = pytest.mark.django_db


def profile_data(**overrides: object) -> dict[str, object]:
    return {
        "kind": "individual",
        "name": "Mina M. Member",
        "region": "yorkshire-humber",
        "phone": "07700 900 002",
        "bio": "Now runs two lunch clubs.",
        "may_email_events": "on",
        "listed_in_directory": "on",
        "show_phone": "on",
        **overrides,
    }


def test_member_edits_their_profile_and_choices(
    member_client: Client, member: User
) -> None:
    theme = make_theme("Local democracy")

    response = member_client.post(
        reverse("members:account"), profile_data(themes=[theme.pk])
    )

    assert response.status_code == 302
    profile = member.member
    profile.refresh_from_db()
    assert profile.name == "Mina M. Member"
    assert profile.region == "yorkshire-humber"
    assert list(profile.themes.all()) == [theme]
    assert profile.may_email_events
    assert not profile.may_email_news
    assert profile.show_phone
    assert not profile.show_email
    member.refresh_from_db()
    assert member.email == member.username == "mina@example.org"
    assert member.first_name == "Mina M. Member"


def test_bad_profile_edit_keeps_the_text_and_saves_nothing(
    member_client: Client, member: User
) -> None:
    response = member_client.post(
        reverse("members:account"), profile_data(name="", website="not a url")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Now runs two lunch clubs." in page
    assert "Enter a valid URL." in page
    profile = member.member
    profile.refresh_from_db()
    assert profile.name == "Mina Member"
    assert profile.bio == "Runs a lunch club in Wigan."


def test_account_page_needs_a_login(visitor: Client) -> None:
    response = visitor.get(reverse("members:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
