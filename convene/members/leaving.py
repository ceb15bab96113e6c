"""Leaving: everything the registry knows about a person is erased or anonymised."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from convene.members.registry import Erasure, erase_person


@dataclass(frozen=True)
class Departure:
    email: str
    registrations_forgotten: int
    kept_voice: bool
    voice_records: int


@transaction.atomic
def leave(user: User, *, keep_voice: bool) -> Departure:
    """Delete the account and everything personal the member gave us, through the
    registry, as one transaction: either all of it goes or none of it does.

    `keep_voice`: their votes and statements stay, counted but tied to no one; otherwise
    they are removed (see conversations.erasure).
    """
    email = str(user.email)
    changed = erase_person(user, Erasure(keep_voice=keep_voice))
    return Departure(
        email=email,
        registrations_forgotten=changed.get("event_registrations", 0),
        kept_voice=keep_voice,
        voice_records=changed.get("conversations", 0),
    )
