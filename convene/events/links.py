"""Signed links that let someone reach their own registration without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from convene.events.models import Registration

# Separate salts, so a ticket link cannot be replayed as a cancel link or the other way round.
TICKET_SALT = "convene.events.ticket"
CANCEL_SALT = "convene.events.cancel"


def _token(registration: Registration, salt: str) -> str:
    return signing.Signer(salt=salt).sign(str(registration.pk))


def registration_id_from(token: str, *, salt: str) -> int | None:
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def ticket_path(registration: Registration) -> str:
    return reverse("events:ticket", args=[_token(registration, TICKET_SALT)])


def cancel_path(registration: Registration) -> str:
    return reverse("events:cancel", args=[_token(registration, CANCEL_SALT)])


def check_in_code_path(registration: Registration) -> str:
    return reverse(
        "events:check-in-code", args=[registration.event.slug, registration.code]
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
