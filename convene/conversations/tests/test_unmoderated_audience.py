"""A statement no moderator has read is offered to a few people, not to the whole room."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from convene.conversations.models import Conversation, OpinionResult, Statement
from convene.conversations.organising import accept_statement
from convene.conversations.tests.helpers import (
    make_conversation,
    statement_card,
    vote_through_form,
)

pytestmark = pytest.mark.django_db

NEW = "The library should open on Sundays."


def _room(conversation: Conversation, people: int) -> list[Client]:
    """People who have each voted once, and an opinion map: a statement newer than the
    map comes first on everyone's card (Pol.is routes new statements so)."""
    phones = [Client() for _ in range(people)]
    first = conversation.statements.filter(is_seed=True).order_by("pk")[0]
    for phone in phones:
        vote_through_form(phone, conversation, first, 1)
    seeds = list(conversation.statements.order_by("pk"))
    OpinionResult.objects.create(
        conversation=conversation,
        computed_at=timezone.now(),
        statement_ids=[s.pk for s in seeds],
        data={"priorities": [0.5] * len(seeds)},
    )
    return phones


def _add_new_statement(conversation: Conversation) -> Statement:
    author = Client()
    response = author.post(f"/conversations/{conversation.slug}/add/", {"text": NEW})
    assert response.status_code == 302
    assert NEW not in statement_card(
        author, conversation
    )  # authors agree with their own
    return Statement.objects.get(text=NEW)


def _offered(phones: list[Client], conversation: Conversation) -> int:
    return sum(NEW in statement_card(phone, conversation) for phone in phones)


def test_a_new_statement_goes_to_five_people_besides_its_author() -> None:
    conversation = make_conversation()
    phones = _room(conversation, 12)
    _add_new_statement(conversation)

    offered = [NEW in statement_card(phone, conversation) for phone in phones]

    assert offered.count(True) == 5
    # Reloaded, the same five and nobody else, until a moderator has read it.
    assert [NEW in statement_card(phone, conversation) for phone in phones] == offered


def test_a_reload_takes_no_second_seat() -> None:
    conversation = make_conversation()
    phones = _room(conversation, 8)
    _add_new_statement(conversation)
    for _ in range(4):
        assert NEW in statement_card(phones[0], conversation)

    assert _offered(phones[1:], conversation) == 4


def test_a_first_visit_is_not_offered_it() -> None:
    conversation = make_conversation()
    _room(conversation, 1)
    _add_new_statement(conversation)

    assert NEW not in statement_card(Client(), conversation)


def test_once_accepted_it_goes_to_everyone() -> None:
    conversation = make_conversation()
    phones = _room(conversation, 12)
    statement = _add_new_statement(conversation)
    _offered(phones, conversation)

    accept_statement(statement)

    assert _offered(phones, conversation) == 12


def test_the_audience_is_a_setting(settings: Any) -> None:
    settings.UNMODERATED_STATEMENT_AUDIENCE = 2
    conversation = make_conversation()
    phones = _room(conversation, 6)
    _add_new_statement(conversation)

    assert _offered(phones, conversation) == 2

    settings.UNMODERATED_STATEMENT_AUDIENCE = 0  # everyone at once, as before
    assert _offered(phones, conversation) == 6


def test_those_offered_it_can_vote_on_it() -> None:
    conversation = make_conversation()
    phones = _room(conversation, 3)
    statement = _add_new_statement(conversation)

    for phone in phones:
        assert NEW in statement_card(phone, conversation)
        vote_through_form(phone, conversation, statement, -1)

    assert statement.votes.count() == 4  # the author's agreement and three others


def test_the_rest_of_the_room_votes_on_as_before() -> None:
    conversation = make_conversation()
    phones = _room(conversation, 8)
    _add_new_statement(conversation)
    _offered(phones, conversation)

    second = conversation.statements.filter(is_seed=True).order_by("pk")[1]
    assert second.text in statement_card(phones[7], conversation)


def test_the_moderate_page_says_who_sees_a_statement_before_it_is_accepted(
    organiser_client: Client,
) -> None:
    conversation = make_conversation()

    page = organiser_client.get(
        f"/conversations/{conversation.slug}/moderate/"
    ).content.decode()

    assert "only 5 people besides its author are asked to vote on it" in page
