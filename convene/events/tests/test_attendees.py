import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.events.models import Event
from convene.events.tests.helpers import make_event, make_registration


@pytest.fixture
def event(db: None) -> Event:
    event = make_event(capacity=2)
    make_registration(event, name="Aisha Ahmed", access_needs="Vegetarian lunch")
    make_registration(event, name="=HYPERLINK(1)", organisation="Heeley Trust")
    make_registration(event, name="Ben Barker")  # waiting
    return event


def test_staff_see_everyone_registered(
    organiser_client: Client, event: Event, django_assert_num_queries: Any
) -> None:
    # session, user, event, counts, registrations
    with django_assert_num_queries(5):
        response = organiser_client.get(reverse("events:attendees", args=[event.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Aisha Ahmed" in html
    assert "Vegetarian lunch" in html
    assert "On the waiting list" in html
    assert "2 with a place of 2" in html


def test_staff_download_the_list_as_csv(organiser_client: Client, event: Event) -> None:
    response = organiser_client.get(reverse("events:attendees-csv", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["name"] for row in rows] == [
        "Aisha Ahmed",
        "'=HYPERLINK(1)",
        "Ben Barker",
    ]
    assert rows[0]["access_needs"] == "Vegetarian lunch"
    assert rows[2]["status"] == "waiting"


@pytest.mark.parametrize("name", ["events:attendees", "events:attendees-csv"])
def test_visitors_and_members_cannot_see_the_list(
    visitor: Client, event: Event, name: str
) -> None:
    member = Client()
    member.force_login(User.objects.create_user("mo", "mo@example.org", "pw-mo-12345"))

    url = reverse(name, args=[event.slug])

    asked_to_log_in = visitor.get(url)
    refused = member.get(url)

    assert asked_to_log_in.status_code == 302
    assert asked_to_log_in["Location"].startswith(reverse("members:login"))
    assert refused.status_code == 403
    assert b"@example.org" not in refused.content
