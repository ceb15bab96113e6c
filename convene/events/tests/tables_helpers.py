"""A table at an event, with its facilitator and conversation, built through the services."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from convene.conversations.models import Conversation, DiscussionGroup
from convene.conversations.organising import (
    create_conversation,
    create_discussion_group,
)
from convene.events.models import Event
from convene.events.tests.helpers import make_event
from convene.members.models import Role
from convene.members.team import give_role
from convene.members.tests.helpers import make_member


@dataclass
class TableScene:
    event: Event
    table: DiscussionGroup
    other_table: DiscussionGroup
    conversation: Conversation
    facilitator: User
    staff: User

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def url(self, name: str, *extra: int) -> str:
        from django.urls import reverse

        return reverse(f"events:{name}", args=[self.event.slug, self.table.pk, *extra])


def make_table_scene(staff: User, *, statements: int = 3) -> TableScene:
    """An event with two tables sharing one conversation; a member facilitates Table 3."""
    event = make_event(title="Community Voices: Sheffield", slug="cv-sheffield")
    table = create_discussion_group(
        event, name="Table 3", topic="Young people and work"
    )
    other = create_discussion_group(event, name="Table 4")
    conversation = create_conversation(
        "What would make community development work better?",
        slug="cv-sheffield-conversation",
        event=event,
        seed_statements=[
            f"Statement number {n} about local work." for n in range(1, statements + 1)
        ],
    )
    facilitator = make_member(email="fran@example.org", name="Fran Facilitator").user
    give_role(
        "fran@example.org",
        kind=Role.Kind.FACILITATOR,
        by=staff,
        event_id=event.pk,
        table_id=table.pk,
    )
    return TableScene(event, table, other, conversation, facilitator, staff)
