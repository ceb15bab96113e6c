import pytest
from django.test import Client

from convene.conversations.models import Channel, Participant, Vote
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
)
from convene.conversations.views import BROWSER_COOKIE

pytestmark = pytest.mark.django_db


def test_first_vote_sets_cookie_and_records_web_vote(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    response = vote_through_form(visitor, conversation, first, 1)

    assert response.status_code == 302
    cookie = response.cookies[BROWSER_COOKIE]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"]
    vote = Vote.objects.get()
    assert vote.choice == Vote.Choice.AGREE
    assert vote.channel == Channel.WEB
    assert vote.statement == first
    assert vote.participant.user is None
    assert vote.participant.browser_key is not None


def test_later_votes_reuse_the_same_participant(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)

    vote_through_form(visitor, conversation, first, 1)
    vote_through_form(visitor, conversation, second, -1)
    vote_through_form(visitor, conversation, third, 0)

    assert Participant.objects.count() == 1
    assert Vote.objects.filter(participant=Participant.objects.get()).count() == 3


def test_a_tampered_cookie_is_a_new_participant(visitor: Client) -> None:
    conversation = make_conversation()
    visitor.cookies[BROWSER_COOKIE] = "not-a-signed-value"

    response = vote_through_form(visitor, conversation, seeds(conversation)[0], 1)

    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_looking_creates_no_participant(visitor: Client) -> None:
    conversation = make_conversation()

    response = visitor.get(f"/conversations/{conversation.slug}/vote/")

    assert response.status_code == 200
    assert BROWSER_COOKIE not in response.cookies
    assert not Participant.objects.exists()
