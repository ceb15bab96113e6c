import pytest

from convene.conversations.models import Statement
from convene.conversations.organising import create_discussion_group
from convene.conversations.tests.helpers import SEEDS, make_conversation, make_event

pytestmark = pytest.mark.django_db


def test_a_table_conversation_belongs_to_the_tables_event() -> None:
    event = make_event()
    table = create_discussion_group(
        event, name="Table 4", topic="Young people and work"
    )

    conversation = make_conversation(discussion_group=table)

    assert conversation.event == event
    assert conversation.discussion_group == table


def test_seed_statements_are_accepted_as_written() -> None:
    conversation = make_conversation()

    statements = list(conversation.statements.order_by("pk"))

    assert [s.text for s in statements] == SEEDS
    assert all(s.is_seed for s in statements)
    assert {s.status for s in statements} == {Statement.Status.ACCEPTED}


def test_a_standalone_conversation_has_no_event() -> None:
    conversation = make_conversation()

    assert conversation.event is None
    assert conversation.get_absolute_url() == "/conversations/better-in-the-north/"
