from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event, make_registration


@pytest.fixture
def event(db: None) -> Event:
    return make_event(title="Community Voices: Sheffield", capacity=1)


def _phone_in(event: Event) -> str:
    return reverse("events:phone-in", args=[event.slug])


def test_someone_who_phones_gets_a_place_without_an_email_address(
    organiser_client: Client,
    organiser: User,
    event: Event,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _phone_in(event),
            {"channel": "phone", "name": "Maureen Hill", "phone": "0114 496 0000"},
            follow=True,
        )

    made = Registration.objects.get(event=event)
    assert made.channel == Registration.Channel.PHONE
    assert made.status == Registration.Status.CONFIRMED
    assert made.phone == "0114 496 0000"
    assert made.entered_by == organiser
    assert f"Maureen Hill has a place, code {made.code}." in response.content.decode()
    assert mail.outbox == []


def test_a_paper_form_with_an_address_gets_its_ticket_by_email(
    organiser_client: Client, event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            _phone_in(event),
            {"channel": "paper", "name": "Ray Ng", "email": "Ray@Example.org"},
        )

    made = Registration.objects.get(event=event)
    assert made.channel == Registration.Channel.PAPER
    assert made.email == "ray@example.org"
    assert [message.to for message in mail.outbox] == [["ray@example.org"]]


def test_a_phone_in_at_a_full_event_joins_the_waiting_list(
    organiser_client: Client, event: Event
) -> None:
    make_registration(event, name="First")

    response = organiser_client.post(
        _phone_in(event), {"channel": "phone", "name": "Maureen Hill"}, follow=True
    )

    assert "Maureen Hill is on the waiting list" in response.content.decode()
    assert (
        Registration.objects.get(name="Maureen Hill").status
        == Registration.Status.WAITING
    )


def test_a_second_registration_for_the_same_address_is_refused(
    organiser_client: Client, event: Event
) -> None:
    make_registration(event, name="Ray Ng", email="ray@example.org")

    response = organiser_client.post(
        _phone_in(event),
        {"channel": "phone", "name": "Ray Ng", "email": "ray@example.org"},
    )

    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


def test_phone_ins_and_badges_are_for_organisers_only(
    member_client: Client, event: Event
) -> None:
    for name in ["phone-in", "badges"]:
        response = member_client.get(reverse(f"events:{name}", args=[event.slug]))

        assert response.status_code == 403
