import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.members.models import Member
from convene.members.tests.helpers import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_admin_lists_and_filters_members(
    organiser_client: Client, member: User, other_member: User
) -> None:
    url = reverse("admin:members_member_changelist")

    response = organiser_client.get(url, {"kind__exact": "organisation"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Riverside Trust" in page
    assert "Mina Member" not in page
    assert organiser_client.get(url, {"verified": "no"}).status_code == 200
    assert organiser_client.get(url, {"q": "mina@"}).status_code == 200


def test_export_selected_members_as_csv_with_consents(
    organiser_client: Client, member: User, other_member: User
) -> None:
    response = organiser_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "export_csv", "_selected_action": [member.member.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    [row] = rows(response.content)
    assert row["email"] == "mina@example.org"
    assert row["name"] == "Mina Member"
    assert row["region"] == "North West"
    assert row["themes"] == "Health and wellbeing; Volunteering"
    assert row["may_email_news"] == "no"
    assert row["show_email"] == "yes"
    assert row["show_phone"] == "no"


def test_export_all_members_and_neutralise_formulas(
    organiser_client: Client, member: User
) -> None:
    make_member(email="sneaky@example.org", name="=HYPERLINK(1)", verified=False)

    response = organiser_client.get(reverse("admin:members_member_export"))

    assert response.status_code == 200
    exported = rows(response.content)
    assert [row["email"] for row in exported] == [
        "mina@example.org",
        "sneaky@example.org",
    ]
    assert exported[1]["name"] == "'=HYPERLINK(1)"
    assert exported[1]["verified_at"] == ""


def test_members_may_not_export(member_client: Client) -> None:
    response = member_client.get(reverse("admin:members_member_export"))

    assert response.status_code == 302  # to the admin log-in
    assert Member.objects.count() == 1


def test_staff_open_a_member_in_the_admin(
    organiser_client: Client, member: User
) -> None:
    response = organiser_client.get(
        reverse("admin:members_member_change", args=[member.member.pk])
    )

    assert response.status_code == 200
    assert "Mina Member" in response.content.decode()


def test_staff_confirm_an_address_whose_email_never_arrived(
    organiser_client: Client, member: User
) -> None:
    waiting = make_member(email="sam@example.org", verified=False)
    already = member.member
    confirmed_at = already.email_verified_at

    response = organiser_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "mark_verified", "_selected_action": [waiting.pk, already.pk]},
        follow=True,
    )

    assertRedirects(response, reverse("admin:members_member_changelist"))
    assert "1 member marked as confirmed. 1 already were" in response.content.decode()
    waiting.refresh_from_db()
    already.refresh_from_db()
    assert waiting.is_verified
    assert already.email_verified_at == confirmed_at
    # and they can now log in, which an unconfirmed address cannot
    login = Client().post(
        reverse("members:login"), {"username": "sam@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
