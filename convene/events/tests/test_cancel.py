from typing import Any

from django.core import mail
from django.test import Client

from convene.events.links import cancel_path
from convene.events.models import Registration
from convene.events.tests.helpers import make_event, make_registration


def test_cancelling_gives_the_place_to_the_next_on_the_waiting_list(
    visitor: Client,
    db: None,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    # given
    event = make_event(capacity=1)
    leaving = make_registration(event)
    next_in_line = make_registration(event, email="next@example.org")
    later = make_registration(event)
    confirm_page = visitor.get(cancel_path(leaving))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(cancel_path(leaving))

    # then
    assert confirm_page.status_code == 200
    assert "Yes, cancel my registration" in confirm_page.content.decode()
    assert "go to the next person on the waiting list" in confirm_page.content.decode()
    assert response.status_code == 302
    for registration in (leaving, next_in_line, later):
        registration.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED
    assert leaving.cancelled_at is not None
    assert next_in_line.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITING
    [email] = mailoutbox
    assert email.to == ["next@example.org"]
    assert "A place has come up" in email.subject
    assert next_in_line.code in email.body
    assert email.attachments


def test_with_nobody_waiting_the_page_does_not_promise_the_place_to_anyone(
    visitor: Client, db: None
) -> None:
    registration = make_registration(make_event(capacity=10))

    response = visitor.get(cancel_path(registration))

    assert response.status_code == 200
    page = response.content.decode()
    assert "waiting list" not in page
    assert "free for someone else to take" in page


def test_cancelling_twice_changes_nothing(
    visitor: Client, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(capacity=1)
    leaving = make_registration(event)
    assert visitor.post(cancel_path(leaving)).status_code == 302
    waiting = make_registration(event)

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(cancel_path(leaving))

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert (
        waiting.status == Registration.Status.CONFIRMED
    )  # took the freed place itself


def test_a_tampered_link_is_not_found(visitor: Client, db: None) -> None:
    registration = make_registration(make_event())

    response = visitor.post(cancel_path(registration).replace(":", ":x"))

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.status == Registration.Status.CONFIRMED
