from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from convene.events.services import check_in
from convene.events.tests.helpers import make_event, make_registration


def test_event_page_shows_how_many_attended_afterwards(
    visitor: Client, db: None
) -> None:
    event = make_event()
    arrived = [make_registration(event) for _ in range(3)]
    make_registration(event)  # registered, did not come
    with time_machine.travel(event.starts_at):
        for registration in arrived:
            check_in(event, code=registration.code)

    with time_machine.travel(event.ends_at + timedelta(days=1)):
        response = visitor.get(reverse("events:detail", args=[event.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This event has taken place." in html
    assert '<span class="big-number">3</span> people attended' in html
    assert "Register</a>" not in html
