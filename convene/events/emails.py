"""The emails a registration sends. Every one goes out through here, from a task."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from convene.events.calendar import calendar_for, location_of
from convene.events.links import absolute, cancel_path, ticket_path
from convene.events.models import Registration

SUBJECTS: dict[str, str] = {
    "confirmation": "Your place at {title}",
    "waiting": "You are on the waiting list for {title}",
    "promoted": "A place has come up for you at {title}",
}


def send_registration_email(registration: Registration, kind: str) -> None:
    if not registration.email:
        return  # registered by phone or at the door without an address: nowhere to send
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "site_name": settings.SITE_NAME,
        "location": location_of(event),
        "event_url": absolute(event.get_absolute_url()),
        "ticket_url": absolute(ticket_path(registration)),
        "cancel_url": absolute(cancel_path(registration)),
    }
    message = EmailMessage(
        subject=SUBJECTS[kind].format(title=event.title),
        body=render_to_string(f"events/emails/{kind}.txt", context),
        to=[registration.email],
    )
    if kind in ("confirmation", "promoted"):
        # The place is real: put it in their calendar.
        message.attach(
            f"{event.slug}.ics", calendar_for([event]), "text/calendar; method=PUBLISH"
        )
    message.send()
