import csv
import io

from django.test import Client
from django.urls import reverse

from convene.events.models import Registration, Venue
from convene.events.tests.helpers import (
    make_event,
    make_full_programme,
    make_registration,
)


def test_admin_pages_open_for_staff(organiser_client: Client) -> None:
    event = make_event()
    make_full_programme(event)
    make_registration(event)

    for name in ("series", "venue", "speaker", "event", "registration"):
        response = organiser_client.get(reverse(f"admin:events_{name}_changelist"))
        assert response.status_code == 200, name
    change = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert change.status_code == 200
    assert "Why voices matter" in change.content.decode()  # the session inline


def test_admin_exports_selected_registrations_as_csv(organiser_client: Client) -> None:
    event = make_event(title="Community day")
    chosen = make_registration(event, name="Aisha Ahmed")
    make_registration(event, name="Ben Barker")

    response = organiser_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["event"], row["name"]) for row in rows] == [
        ("Community day", "Aisha Ahmed")
    ]
    assert Registration.objects.count() == 2


def test_an_address_typed_without_a_scheme_is_taken_as_https(
    organiser_client: Client,
) -> None:
    response = organiser_client.post(
        reverse("admin:events_venue_add"),
        {
            "name": "Kelham Island Community Hall",
            "address": "1 Alma Street, Sheffield",
            "postcode": "S3 8SA",
            "map_url": "maps.example.org/kelham",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    venue = Venue.objects.get()
    assert venue.map_url == "https://maps.example.org/kelham"
