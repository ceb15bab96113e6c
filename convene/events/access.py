"""Who may work an event's door and who may manage it: every door and organiser page asks here.

The door (search, walk-ins, check-in, the door list, paper arrivals) shows names, codes, arrival
state and access needs, never email addresses or phone numbers. Managing (phone-ins, badges,
the attendee list and its CSV) shows everything. Both are for staff today.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from convene.events import queries
from convene.events.models import Event


def may_work_the_door(user: User | AnonymousUser, event: Event) -> bool:
    return user.is_active and user.is_staff


def may_manage_event(user: User | AnonymousUser, event: Event) -> bool:
    return user.is_active and user.is_staff


def get_event_for_door(user: User | AnonymousUser, slug: str) -> Event:
    event = queries.get_event_for(user, slug)
    if not may_work_the_door(user, event):
        raise PermissionDenied("Only the door team may use the door pages.")
    return event


def get_event_to_manage(user: User | AnonymousUser, slug: str) -> Event:
    event = queries.get_event_for(user, slug)
    if not may_manage_event(user, event):
        raise PermissionDenied("Only the event's organisers may do this.")
    return event
