import pytest
from django.test import Client
from django.utils import timezone

from convene.conversations.models import Conversation, OpinionResult, Statement
from convene.conversations.organising import add_seed_statement
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    seeds,
    vote,
    vote_through_form,
)

pytestmark = pytest.mark.django_db


def _shown(client: Client, conversation: Conversation) -> Statement:
    response = client.get(f"/conversations/{conversation.slug}/vote/")
    assert response.status_code == 200
    statement: Statement = response.context["statement"]
    return statement


def _map_with_priorities(
    conversation: Conversation, statements: list[Statement], priorities: list[float]
) -> None:
    OpinionResult.objects.create(
        conversation=conversation,
        computed_at=timezone.now(),
        statement_ids=[s.pk for s in statements],
        data={"priorities": priorities},
    )


def test_without_a_map_fewest_votes_come_first(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    someone = make_participant(conversation)
    vote(someone, first, 1)
    vote(someone, third, 1)

    assert _shown(visitor, conversation) == second


def test_the_maps_priorities_decide_the_order(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    _map_with_priorities(conversation, [first, second, third], [0.2, 0.1, 0.9])

    assert _shown(visitor, conversation) == third
    vote_through_form(visitor, conversation, third, 1)
    assert _shown(visitor, conversation) == first
    vote_through_form(visitor, conversation, first, 1)
    assert _shown(visitor, conversation) == second


def test_statements_newer_than_the_map_come_first(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    _map_with_priorities(conversation, [first, second, third], [0.2, 0.1, 0.9])

    newest = add_seed_statement(
        conversation, text="Youth workers need secure contracts."
    )

    assert _shown(visitor, conversation) == newest


def test_when_everything_is_voted_on_the_page_says_so(visitor: Client) -> None:
    conversation = make_conversation()
    for statement in seeds(conversation):
        vote_through_form(visitor, conversation, statement, 1)

    response = visitor.get(f"/conversations/{conversation.slug}/vote/")
    assert response.status_code == 200

    assert response.context["statement"] is None
    assert "You have voted on every statement so far" in response.content.decode()


def test_a_likely_repeat_comes_after_everything_else(visitor: Client) -> None:
    from convene.conversations.tests.helpers import add_statement

    conversation = make_conversation()  # post-moderated: new statements are up at once
    first, second, third = seeds(conversation)
    _map_with_priorities(conversation, [first, second, third], [0.2, 0.1, 0.9])
    repeat = add_statement(
        make_participant(conversation), "Funders should commit for five years not one!"
    )
    assert repeat.similar_to == first

    # Newer than the map, it would come first; flagged, it waits behind the rest.
    shown = []
    for _ in range(4):
        statement = _shown(visitor, conversation)
        shown.append(statement)
        vote_through_form(visitor, conversation, statement, 1)
    assert shown == [third, first, second, repeat]
