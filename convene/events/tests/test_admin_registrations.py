"""Staff manage places in the admin through the same rules as the site: the waiting list
moves up, people are emailed, and the door pages hear of it."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.services import fill_free_places, record_registration
from convene.events.tests.helpers import (
    in_days,
    make_event,
    make_event_today,
    make_registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_event() -> Event:
    """One place, taken by Aisha; Ben waits."""
    event = make_event_today(title="Community day", capacity=1)
    make_registration(event, name="Aisha Ahmed", email="aisha@example.org")
    make_registration(event, name="Ben Barker", email="ben@example.org")
    return event


def status_of(email: str) -> str:
    return Registration.objects.get(email=email).status


def run_action(client: Client, action: str, *registrations: Registration) -> str:
    response = client.post(
        reverse("admin:events_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_cancelling_in_the_admin_gives_the_place_to_the_waiting_list(
    organiser_client: Client, full_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    aisha = Registration.objects.get(email="aisha@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = run_action(organiser_client, "cancel_selected", aisha)

    assert "Cancelled 1; 1 from the waiting list now have a place." in page
    assert status_of("aisha@example.org") == Registration.Status.CANCELLED
    assert status_of("ben@example.org") == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


def test_cancelling_places_already_cancelled_counts_them_apart(
    organiser_client: Client, full_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    aisha = Registration.objects.get(email="aisha@example.org")
    ben = Registration.objects.get(email="ben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        run_action(organiser_client, "cancel_selected", ben)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = run_action(organiser_client, "cancel_selected", aisha, ben)

    assert "Cancelled 1; 0 from the waiting list now have a place." in page
    assert "1 were already cancelled and are unchanged." in page
    assert status_of("aisha@example.org") == Registration.Status.CANCELLED
    assert mail.outbox == []


def test_checking_in_from_the_admin_records_the_arrival(
    organiser_client: Client, full_event: Event
) -> None:
    aisha = Registration.objects.get(email="aisha@example.org")
    ben = Registration.objects.get(email="ben@example.org")

    page = run_action(organiser_client, "check_in_selected", aisha, ben)

    assert "Checked in 1." in page
    assert "Ben Barker" in page
    assert "is on the waiting list and has no place" in page
    aisha.refresh_from_db()
    assert aisha.status == Registration.Status.ATTENDED
    assert aisha.checked_in_at is not None
    assert status_of("ben@example.org") == Registration.Status.WAITING


def test_raising_the_capacity_gives_free_places_to_the_waiting_list_first(
    organiser_client: Client, full_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("admin:events_event_change", args=[full_event.pk])
    form = organiser_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes",)
    }
    data.update(
        {
            "title": full_event.title,
            "slug": full_event.slug,
            "capacity": 2,
            "starts_at_0": full_event.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": full_event.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": full_event.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": full_event.ends_at.strftime("%H:%M:%S"),
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
        }
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "1 people on the waiting list now have a place" in response.content.decode()
    assert status_of("ben@example.org") == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


def test_a_registration_added_in_the_admin_respects_the_capacity(
    organiser_client: Client, full_event: Event
) -> None:
    response = organiser_client.post(
        reverse("admin:events_registration_add"),
        {
            "event": full_event.pk,
            "name": "Chloe Davies",
            "email": "Chloe@Example.org",
            "organisation": "",
            "access_needs": "",
        },
    )

    assert response.status_code == 302
    chloe = Registration.objects.get(email="chloe@example.org")
    assert chloe.status == Registration.Status.WAITING
    assert Registration.objects.count() == 3


def test_an_address_already_registered_is_refused_on_the_form_whatever_its_case(
    organiser_client: Client, full_event: Event
) -> None:
    ben = Registration.objects.get(email="ben@example.org")
    fields = {"name": "Aisha A.", "email": "AISHA@Example.org"}
    fields |= {"organisation": "", "access_needs": ""}

    added = organiser_client.post(
        reverse("admin:events_registration_add"), {"event": full_event.pk, **fields}
    )
    changed = organiser_client.post(
        reverse("admin:events_registration_change", args=[ben.pk]), fields
    )

    for response in (added, changed):
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["email"] == [
            "aisha@example.org is already registered for this event."
        ]
    assert Registration.objects.count() == 2
    assert status_of("ben@example.org") == Registration.Status.WAITING


def test_status_and_code_are_not_edited_on_the_registration_form(
    organiser_client: Client, full_event: Event
) -> None:
    ben = Registration.objects.get(email="ben@example.org")
    url = reverse("admin:events_registration_change", args=[ben.pk])

    response = organiser_client.post(
        url,
        {
            "name": "Ben Barker-Hughes",
            "email": "ben@example.org",
            "organisation": "",
            "access_needs": "",
            "status": Registration.Status.CONFIRMED,
            "code": "AAAAAA",
            "event": make_event(title="Elsewhere").pk,
        },
    )

    assert response.status_code == 302
    ben.refresh_from_db()
    assert ben.name == "Ben Barker-Hughes"
    assert ben.status == Registration.Status.WAITING
    assert ben.code != "AAAAAA"
    assert ben.event == full_event


def test_a_past_event_gives_no_places_to_its_waiting_list() -> None:
    event = make_event(
        title="Last year's day",
        starts_at=in_days(-30, 10),
        ends_at=in_days(-30, 16),
        capacity=1,
    )
    record_registration(event, name="Aisha Ahmed", email="aisha@example.org")
    record_registration(event, name="Ben Barker", email="ben@example.org")
    Event.objects.filter(pk=event.pk).update(capacity=5)

    assert fill_free_places(event) == []
    assert status_of("ben@example.org") == Registration.Status.WAITING
