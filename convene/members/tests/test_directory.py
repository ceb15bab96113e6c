import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from convene.members.tests.helpers import make_member, make_theme

pytestmark = pytest.mark.django_db


def test_directory_shows_only_what_each_member_chose(
    member_client: Client, other_member: User
) -> None:
    make_member(
        email="hidden@example.org", name="Hidden Harriet", listed_in_directory=False
    )
    make_member(email="unverified@example.org", name="Unverified Una", verified=False)

    response = member_client.get(reverse("members:directory"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Riverside Trust" in page
    assert "0191 555 0999" in page  # shows phone
    assert "office@riverside-trust.example" not in page  # hides email
    assert "Mina Member" in page
    assert "mina@example.org" in page  # shows email
    assert "07700 900 001" not in page  # hides phone
    assert "Hidden Harriet" not in page
    assert "Unverified Una" not in page


def test_member_detail_respects_the_same_choices(
    member_client: Client, other_member: User
) -> None:
    response = member_client.get(
        reverse("members:detail", args=[other_member.member.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "0191 555 0999" in page
    assert "office@riverside-trust.example" not in page


def test_unlisted_member_has_no_detail_page(member_client: Client) -> None:
    hidden = make_member(email="hidden@example.org", listed_in_directory=False)

    response = member_client.get(reverse("members:detail", args=[hidden.pk]))

    assert response.status_code == 404


def test_directory_and_detail_are_hidden_from_visitors(
    visitor: Client, member: User
) -> None:
    for url in [
        reverse("members:directory"),
        reverse("members:detail", args=[member.member.pk]),
    ]:
        response = visitor.get(url)
        assert response.status_code == 200  # a page saying why, with a way to join
        page = response.content.decode()
        assert "for members only" in page
        assert "Mina Member" not in page
        assert "mina@example.org" not in page
        assert reverse("members:join") in page


def test_staff_see_every_verified_member_and_every_detail(
    organiser_client: Client, other_member: User
) -> None:
    make_member(
        email="hidden@example.org", name="Hidden Harriet", listed_in_directory=False
    )

    response = organiser_client.get(reverse("members:directory"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hidden Harriet" in page
    assert "office@riverside-trust.example" in page


def test_filters_by_region_and_theme(
    member_client: Client, member: User, other_member: User
) -> None:
    climate = make_theme("Climate and nature")
    url = reverse("members:directory")

    responses = [
        member_client.get(url, {"region": "north-east"}),
        member_client.get(url, {"theme": climate.slug}),
        member_client.get(url, {"region": "north-west", "theme": climate.slug}),
    ]

    assert [response.status_code for response in responses] == [200, 200, 200]
    by_region, by_theme, by_both = (r.content.decode() for r in responses)
    assert "Riverside Trust" in by_region
    assert "Mina Member" not in by_region
    assert "Riverside Trust" in by_theme
    assert "Mina Member" not in by_theme
    assert "No members match." in by_both


def test_region_filter_does_not_reveal_a_hidden_region(member_client: Client) -> None:
    make_member(
        email="quiet@example.org",
        name="Quiet Quentin",
        region="north-east",
        show_region=False,
    )

    response = member_client.get(reverse("members:directory"), {"region": "north-east"})

    assert response.status_code == 200
    assert "Quiet Quentin" not in response.content.decode()


def test_directory_is_paginated_in_a_fixed_number_of_queries(
    member_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    theme = make_theme("Volunteering")
    for number in range(30):
        make_member(
            email=f"m{number}@example.org", name=f"Member {number:02}", themes=[theme]
        )

    with django_assert_num_queries(7):
        first = member_client.get(reverse("members:directory"))
    second = member_client.get(reverse("members:directory"), {"page": 2})

    assert first.status_code == second.status_code == 200
    assert "31 members found." in first.content.decode()
    assert "Member 00" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert "Member 29" in second.content.decode()
