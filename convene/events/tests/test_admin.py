import csv
import io

from django.test import Client
from django.urls import reverse

from convene.events.models import Registration
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
