"""Websocket for an event's door page: its door team only, and it only forwards fragments.

Check-ins go through the ordinary HTTP form; the services publish after commit
(`live.publish_door_changed`) and this consumer passes the fragments on unchanged.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from convene.core.database import database_sync_to_async
from convene.core.live import FragmentsConsumer
from convene.events import access, live
from convene.events.models import Event


@database_sync_to_async
def _door_event_id(user: User | AnonymousUser, slug: str) -> int | None:
    try:
        # The door page's own rule: its door team, organisers and staff. The fragments
        # carry attendees' names, so anyone else is refused before the handshake.
        if not user.is_active:
            return None
        return access.get_event_for_door(user, slug).pk
    except (Http404, PermissionDenied):
        return None


@database_sync_to_async
def _door_fragments(event_id: int) -> dict[str, str]:
    return live.door_fragments(Event.objects.get(pk=event_id))


class DoorConsumer(FragmentsConsumer):
    event_id: int | None = None

    async def group_to_join(self) -> str | None:
        user = self.scope.get("user", AnonymousUser())
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.event_id = await _door_event_id(user, slug)
        if self.event_id is None:
            return None
        return live.door_group(self.event_id)

    async def catch_up(self) -> None:
        # A volunteer's phone that lost its signal missed pushes; one door page is cheap to
        # render, so this socket alone is brought up to date.
        if self.event_id is not None:
            fragments = await _door_fragments(self.event_id)
            await self.send_json({"fragments": fragments})
