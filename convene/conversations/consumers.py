"""Websocket for a conversation's live pages: it only forwards fragments, never takes input.

Votes and statements go through the ordinary HTTP forms; the services publish fragments after
commit (`live.publish_conversation_changed`) and this consumer passes them on unchanged, so a
connection costs no rendering and no database query beyond the one at connect.
"""

from channels.auth import get_user
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from convene.conversations import live, queries
from convene.conversations.models import Conversation
from convene.core.database import database_sync_to_async
from convene.core.live import FragmentsConsumer


@database_sync_to_async
def _published_conversation_id(slug: str) -> int | None:
    return (
        Conversation.objects.public()
        .filter(slug=slug)
        .values_list("pk", flat=True)
        .first()
    )


@database_sync_to_async
def _visible_conversation_id(user: User | AnonymousUser, slug: str) -> int | None:
    try:
        return queries.get_conversation_for(user, slug).pk
    except Http404:
        return None


@database_sync_to_async
def _catch_up(conversation_id: int) -> None:
    # After a dropped connection the page may have missed pushes; ask for one (throttled and
    # shared with the whole group) rather than rendering for this socket alone: a projector
    # and a room of phones reconnect together when the venue's Wi-Fi comes back.
    live.publish_conversation_changed(conversation_id, what="statement")
    live.publish_conversation_changed(conversation_id, what="result")
    live.publish_conversation_changed(conversation_id, what="join")


class ConversationConsumer(FragmentsConsumer):
    conversation_id: int | None = None

    async def group_to_join(self) -> str | None:
        # The page's own rule, checked before the handshake. A published conversation is
        # everyone's, so a room of phones costs no session lookup; an unpublished one is
        # followed only by those who may see its page (staff rehearsing the wall, its team).
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.conversation_id = await _published_conversation_id(slug)
        if self.conversation_id is None:
            user = await get_user(self.scope) if "session" in self.scope else None
            if user is None:
                return None
            self.conversation_id = await _visible_conversation_id(user, slug)
        if self.conversation_id is None:
            return None
        if self.scope["url_route"]["kwargs"].get("view") == "statements":
            return live.statements_group_name(self.conversation_id)
        return live.group_name(self.conversation_id)

    async def catch_up(self) -> None:
        if self.conversation_id is not None:
            await _catch_up(self.conversation_id)


@database_sync_to_async
def _moderated_conversation_id(user: User | AnonymousUser, slug: str) -> int | None:
    try:
        # The moderate page's own rule: its moderators, organisers and staff.
        return queries.get_conversation_to_moderate(user, slug).pk
    except (Http404, PermissionDenied):
        return None


class ModerationConsumer(FragmentsConsumer):
    """Moderators' pages hear how many statements wait, so nobody has to keep reloading."""

    async def group_to_join(self) -> str | None:
        user = self.scope.get("user", AnonymousUser())
        slug = self.scope["url_route"]["kwargs"]["slug"]
        conversation_id = await _moderated_conversation_id(user, slug)
        if conversation_id is None:
            return None
        return live.moderation_group_name(conversation_id)
