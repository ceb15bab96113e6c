import re

import pytest
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event_today, make_registration
from convene.events.tests.pdf_reading import read_pdf


@pytest.fixture
def event(db: None) -> Event:
    return make_event_today(title="Community Voices: Sheffield", capacity=40)


def test_door_list_is_a4_alphabetical_with_codes_and_no_contact_details(
    organiser_client: Client, event: Event
) -> None:
    # given: people registered in no particular order, one cancelled
    names = ["Zoe Young", "aisha Ahmed", "Mo Farah", "Ben Barker", "Ruth Öztürk"]
    registered = {
        name: make_registration(
            event, name=name, email=f"{name.split()[0].lower()}@example.org"
        )
        for name in names
    }
    gone = make_registration(event, name="Carl Cancelled")
    gone.status = Registration.Status.CANCELLED
    gone.save(update_fields=["status"])

    # when
    response = organiser_client.get(reverse("events:door-list", args=[event.slug]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = read_pdf(response.content)
    assert pdf.all_a4()
    text = pdf.text
    assert "Community Voices: Sheffield: door list" in text
    for name, registration in registered.items():
        assert re.search(rf"{re.escape(name)}\s+{registration.code}", text), name
    positions = [text.index(name) for name in sorted(names, key=str.lower)]
    assert positions == sorted(positions)
    assert "Carl Cancelled" not in text
    assert "@example.org" not in text
    assert "Walk-ins" in text


def test_door_list_of_a_hundred_runs_over_pages_with_every_name(
    organiser_client: Client, event: Event
) -> None:
    event.capacity = None
    event.save(update_fields=["capacity"])
    people = [make_registration(event, name=f"Person {n:03}") for n in range(100)]

    response = organiser_client.get(reverse("events:door-list", args=[event.slug]))

    pdf = read_pdf(response.content)
    assert len(pdf.pages) >= 4
    assert "Page 1 of" in pdf.pages[0]
    for person in people:
        assert person.code in pdf.text
