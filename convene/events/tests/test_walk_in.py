from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event_today, make_registration


@pytest.fixture
def event(db: None) -> Event:
    return make_event_today(title="Community Voices: Sheffield", capacity=2)


def _walk_in(event: Event) -> str:
    return reverse("events:walk-in", args=[event.slug])


def test_walk_in_with_only_a_name_is_registered_and_checked_in(
    organiser_client: Client,
    organiser: User,
    event: Event,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _walk_in(event),
            {"name": "  Dev Patel ", "access_needs": "Hearing loop"},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("events:door", args=[event.slug])
    walk_in = Registration.objects.get(event=event)
    assert walk_in.name == "Dev Patel"
    assert walk_in.email == ""
    assert walk_in.channel == Registration.Channel.DOOR
    assert walk_in.status == Registration.Status.ATTENDED
    assert walk_in.entered_by == organiser
    assert walk_in.checked_in_by == organiser
    assert not walk_in.over_capacity
    html = response.content.decode()
    assert f"Checked in: Dev Patel ({walk_in.code})." in html
    assert "Access or dietary needs: Hearing loop" in html
    assert mail.outbox == []


def test_two_walk_ins_without_email_are_both_kept(
    organiser_client: Client, event: Event
) -> None:
    organiser_client.post(_walk_in(event), {"name": "Dev Patel"})
    organiser_client.post(_walk_in(event), {"name": "Dev Patel"})

    assert Registration.objects.filter(event=event, name="Dev Patel").count() == 2


def test_walk_in_at_a_full_event_is_refused_until_the_door_lets_them_in(
    organiser_client: Client, event: Event
) -> None:
    make_registration(event, name="First")
    make_registration(event, name="Second")

    page = organiser_client.get(_walk_in(event))
    refused = organiser_client.post(_walk_in(event), {"name": "Dev Patel"})

    assert "The event is full: 2 of 2 places are taken." in page.content.decode()
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "The event is full (2 of 2 places taken)." in html
    assert 'value="Dev Patel"' in html  # what was typed is kept
    assert not Registration.objects.filter(name="Dev Patel").exists()

    let_in = organiser_client.post(
        _walk_in(event), {"name": "Dev Patel", "over_capacity": "on"}, follow=True
    )

    walk_in = Registration.objects.get(name="Dev Patel")
    assert walk_in.over_capacity
    assert walk_in.status == Registration.Status.ATTENDED
    assert "Let in over capacity." in let_in.content.decode()


def test_ticking_over_capacity_when_there_is_room_records_nothing_special(
    organiser_client: Client, event: Event
) -> None:
    organiser_client.post(_walk_in(event), {"name": "Dev Patel", "over_capacity": "on"})

    assert not Registration.objects.get(name="Dev Patel").over_capacity


def test_walk_in_without_a_name_is_refused(
    organiser_client: Client, event: Event
) -> None:
    response = organiser_client.post(
        _walk_in(event), {"name": "  ", "access_needs": "Step-free seat"}
    )

    assert response.status_code == 400
    assert "Step-free seat" in response.content.decode()
    assert not Registration.objects.exists()


def test_walk_in_page_prefills_the_name_searched_for(
    organiser_client: Client, event: Event
) -> None:
    response = organiser_client.get(_walk_in(event), {"name": "Zed Zebedee"})

    assert 'value="Zed Zebedee"' in response.content.decode()
