from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.events.models import Registration
from convene.events.tests.helpers import make_event, make_registration


def test_registering_twice_is_refused_clearly(
    visitor: Client,
    db: None,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(event, email="kerry@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("events:register", args=[event.slug]),
            {"name": "Kerry Kaur", "email": "KERRY@example.org"},
        )

    assert response.status_code == 400
    assert (
        "kerry@example.org is already registered for this event"
        in response.content.decode()
    )
    assert 'value="Kerry Kaur"' in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1
    assert len(mailoutbox) == 1
