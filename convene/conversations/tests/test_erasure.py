"""What becomes of a person's voice when they leave (conversations.erasure)."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.conversations.erasure import anonymise_voice_of, remove_voice_of
from convene.conversations.models import Channel, Participant, Statement, Vote
from convene.conversations.results import results_for
from convene.conversations.services import (
    ConversationError,
    check_add_statement,
    check_cast_vote,
    get_or_create_participant,
)
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = pytest.mark.django_db


def test_a_removed_statement_others_voted_on_takes_no_new_votes(member: User) -> None:
    # given a member's statement that a neighbour agreed with
    conversation = make_conversation()
    author = get_or_create_participant(conversation, user=member)
    statement = check_add_statement(author, text="Parks need public toilets.")
    neighbour = get_or_create_participant(conversation, browser_key=uuid.uuid4())
    check_cast_vote(neighbour, statement_id=statement.pk, choice=1)

    # when the member leaves and removes their words
    removed = remove_voice_of(member)

    # then nobody new may vote on it, and the neighbour's vote stays
    assert removed.statements_withdrawn == 1
    newcomer = get_or_create_participant(conversation, browser_key=uuid.uuid4())
    with pytest.raises(ConversationError, match="not open for votes"):
        check_cast_vote(newcomer, statement_id=statement.pk, choice=-1)
    assert Vote.objects.filter(participant=neighbour, statement=statement).exists()


def test_a_withdrawn_statement_s_votes_still_count_in_the_results(member: User) -> None:
    # given a member's statement that two neighbours voted on
    conversation = make_conversation()
    author = get_or_create_participant(conversation, user=member)
    statement = check_add_statement(author, text="Bus passes for carers.")
    for choice in (1, -1):
        neighbour = get_or_create_participant(conversation, browser_key=uuid.uuid4())
        check_cast_vote(neighbour, statement_id=statement.pk, choice=choice)

    # when the member leaves and removes their words
    remove_voice_of(member)

    # then the results still show the statement with the neighbours' votes, and nobody's
    # but theirs
    results = results_for(conversation)
    [figures] = [f for f in results.statements if f.statement.pk == statement.pk]
    assert (figures.agree, figures.disagree, figures.passed) == (1, 1, 0)
    assert results.n_votes == 2
    assert results.n_participants == 2


def test_votes_kept_anonymously_lose_every_way_back_to_the_person(
    member: User,
) -> None:
    # given a member who voted online in one conversation and, on a paper ballot matched
    # to them, in another
    conversation = make_conversation()
    online = get_or_create_participant(conversation, user=member)
    check_cast_vote(online, statement_id=seeds(conversation)[0].pk, choice=1)
    ballot = get_or_create_participant(
        make_conversation(slug="on-paper"),
        user=member,
        external_ref="ballot-17",
        channel=Channel.PAPER,
    )

    # when they leave keeping their votes
    unlinked = anonymise_voice_of(member)

    # then both participants remain, tied to no one, and the votes still count
    assert unlinked == 2
    for participant in Participant.objects.filter(pk__in=[online.pk, ballot.pk]):
        assert participant.user is None
        assert participant.browser_key is None
        assert participant.external_ref == ""
    assert Vote.objects.filter(participant=online).count() == 1


def test_a_moderator_cannot_bring_back_a_withdrawn_statement(
    member: User, organiser_client: Client
) -> None:
    # given a statement withdrawn by its author as they left
    conversation = make_conversation()
    author = get_or_create_participant(conversation, user=member)
    statement = check_add_statement(author, text="Bus passes for carers.")
    neighbour = get_or_create_participant(conversation, browser_key=uuid.uuid4())
    check_cast_vote(neighbour, statement_id=statement.pk, choice=1)
    remove_voice_of(member)

    # when a moderator presses accept on it
    response = organiser_client.post(
        reverse(
            "conversations:moderate-accept",
            kwargs={"slug": conversation.slug, "pk": statement.pk},
        ),
        follow=True,
    )

    # then they are told why not, and it stays withdrawn
    assert "withdrew this statement" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.WITHDRAWN
