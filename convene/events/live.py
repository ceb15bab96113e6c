"""Keep every open door page of an event up to date while several volunteers check people in.

Each change (a check-in, a registration, a cancellation) renders the door's counts and recent
check-ins once and pushes them to the event's group (`core/live.py`); the page's script swaps
them in. Services call `publish_door_changed` inside `transaction.on_commit`; it never raises,
so a failed push cannot undo a check-in that has already happened.
"""

import logging

from django.template.loader import render_to_string

from convene.core.live import send_fragments
from convene.events import queries
from convene.events.models import Event

logger = logging.getLogger(__name__)

# Element ids on the door page; each names the fragment template that fills it.
DOOR_COUNTS = "door-counts"
DOOR_RECENT = "door-recent"


def door_group(event_id: int) -> str:
    return f"event-door-{event_id}"


def door_fragments(event: Event) -> dict[str, str]:
    """The door page's changing parts, keyed by element id."""
    return {
        DOOR_COUNTS: render_to_string(
            "events/_check_in_counts.html",
            {"counts": queries.registration_counts(event)},
        ),
        DOOR_RECENT: render_to_string(
            "events/_recent_check_ins.html",
            {"recent": queries.recent_check_ins(event)},
        ),
    }


def publish_door_changed(event_id: int) -> None:
    """Push fresh counts and recent check-ins to every door page open for the event."""
    try:
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            return
        send_fragments(door_group(event_id), door_fragments(event))
    except Exception:
        logger.exception("Live push for the door of event %s failed", event_id)
