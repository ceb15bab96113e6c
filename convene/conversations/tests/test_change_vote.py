from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from convene.conversations.models import Vote
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
)

pytestmark = pytest.mark.django_db


def test_a_second_vote_on_a_statement_changes_the_first(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 1)

    response = vote_through_form(visitor, conversation, first, -1)

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.choice == Vote.Choice.DISAGREE


def test_the_same_vote_sent_again_changes_nothing(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 0)
    before = Vote.objects.get()

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        response = vote_through_form(visitor, conversation, first, 0)

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.pk == before.pk
    assert vote.updated_at == before.updated_at
    assert vote.choice == Vote.Choice.PASS


def test_a_vote_can_be_changed_from_your_votes_page(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 1)

    response = visitor.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": first.pk, "choice": -1, "return_to": "my-votes"},
        follow=True,
    )

    assertRedirects(response, f"/conversations/{conversation.slug}/your-votes/")
    assert "Your vote is changed." in response.content.decode()
    assert Vote.objects.get().choice == Vote.Choice.DISAGREE
