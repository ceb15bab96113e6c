from typing import Any

import icalendar
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.events.links import ticket_path
from convene.events.models import Registration
from convene.events.tests.helpers import make_event

FORM = {
    "name": "Aisha Ahmed",
    "email": "Aisha@Example.org",
    "organisation": "Don Valley Food Bank",
    "access_needs": "Vegetarian lunch",
}


def test_registering_gives_a_place_a_ticket_and_an_email(
    visitor: Client,
    db: None,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    # given
    event = make_event(title="Community Voices: Sheffield")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("events:register", args=[event.slug]), FORM)

    # then
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "aisha@example.org"
    assert registration.access_needs == "Vegetarian lunch"
    assert response.status_code == 302
    ticket = visitor.get(response["Location"])
    assert ticket.status_code == 200
    html = ticket.content.decode()
    assert registration.code in html
    assert "<svg" in html
    assert "Cancel my place" in html

    [email] = mailoutbox
    assert email.to == ["aisha@example.org"]
    assert registration.code in email.body
    assert response["Location"] in email.body
    assert "/cancel/" in email.body
    [(filename, content, mimetype)] = email.attachments
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Community Voices: Sheffield"
    assert vevent.decoded("DTSTART") == event.starts_at


def test_form_is_prefilled_and_linked_for_a_logged_in_person(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    user = User.objects.create_user(
        "grace",
        "grace@example.org",
        "pw-grace-123",
        first_name="Grace",
        last_name="Gill",
    )
    client = Client()
    client.force_login(user)
    event = make_event()

    page = client.get(reverse("events:register", args=[event.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[event.slug]),
            {"name": "Grace Gill", "email": "grace@example.org"},
        )

    assert page.status_code == 200
    assert 'value="Grace Gill"' in page.content.decode()
    assert 'value="grace@example.org"' in page.content.decode()
    registration = Registration.objects.get(event=event)
    assertRedirects(response, ticket_path(registration))
    assert registration.user == user


def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    visitor: Client, db: None
) -> None:
    event = make_event()

    response = visitor.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Ben Barker", "email": "not-an-email", "organisation": "Heeley Trust"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a valid email address." in html
    assert 'value="Ben Barker"' in html
    assert 'value="Heeley Trust"' in html
    assert not Registration.objects.exists()
