from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.events.links import ticket_path
from convene.events.models import Registration
from convene.events.tests.helpers import make_event, make_registration


def test_full_event_offers_the_waiting_list_clearly(visitor: Client, db: None) -> None:
    event = make_event(capacity=1)
    make_registration(event)

    detail = visitor.get(reverse("events:detail", args=[event.slug]))
    form = visitor.get(reverse("events:register", args=[event.slug]))

    assert detail.status_code == form.status_code == 200
    assert "This event is full" in detail.content.decode()
    assert "Join the waiting list" in detail.content.decode()
    assert "join the <strong>waiting list</strong>" in form.content.decode()


def test_registering_for_a_full_event_joins_the_waiting_list(
    visitor: Client,
    db: None,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    event = make_event(capacity=1)
    make_registration(event)

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("events:register", args=[event.slug]),
            {"name": "Liam Lister", "email": "liam@example.org"},
        )

    registration = Registration.objects.get(email="liam@example.org")
    assertRedirects(response, ticket_path(registration))
    assert registration.status == Registration.Status.WAITING
    ticket = visitor.get(response["Location"]).content.decode()
    assert "number 1</strong> on the waiting list" in ticket
    assert registration.code not in ticket
    [email] = mailoutbox
    assert "waiting list" in email.subject
    assert not email.attachments
