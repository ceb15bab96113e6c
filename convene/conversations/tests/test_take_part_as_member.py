from django.contrib.auth.models import User
from django.test import Client

from convene.conversations.models import Participant, Vote
from convene.conversations.tests.helpers import (
    make_conversation,
    seeds,
    vote_through_form,
)
from convene.conversations.views import BROWSER_COOKIE


def test_member_vote_is_linked_to_their_account(
    member_client: Client, member: User
) -> None:
    conversation = make_conversation()

    response = vote_through_form(
        member_client, conversation, seeds(conversation)[0], -1
    )

    assert response.status_code == 302
    assert BROWSER_COOKIE not in response.cookies
    participant = Participant.objects.get()
    assert participant.user == member
    assert Vote.objects.get().participant == participant


def test_anonymous_participant_is_adopted_at_login(
    visitor: Client, member: User
) -> None:
    # given someone votes before logging in
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(visitor, conversation, first, 1)
    anonymous = Participant.objects.get()

    # when they log in on the same browser and vote again
    visitor.force_login(member)
    vote_through_form(visitor, conversation, second, 1)

    # then both votes belong to one participant, now theirs
    assert Participant.objects.count() == 1
    anonymous.refresh_from_db()
    assert anonymous.user == member
    assert anonymous.votes.count() == 2


def test_after_logout_the_browser_starts_afresh(visitor: Client, member: User) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]
    vote_through_form(visitor, conversation, first, 1)
    visitor.force_login(member)
    vote_through_form(visitor, conversation, first, 1)

    visitor.logout()
    response = visitor.get(f"/conversations/{conversation.slug}/vote/")
    assert response.status_code == 200

    # the member's votes are not shown to whoever uses the browser next
    assert response.context["n_remaining"] == 3


def test_a_member_sees_their_own_votes_not_the_browsers_earlier_ones(
    visitor: Client, member_client: Client, member: User
) -> None:
    # given a member voted on one statement, and someone voted anonymously on another in a
    # browser where the member then logs in
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    vote_through_form(member_client, conversation, first, 1)
    vote_through_form(visitor, conversation, second, 1)
    visitor.force_login(member)

    # when the member opens the vote page there
    response = visitor.get(f"/conversations/{conversation.slug}/vote/")

    # then it leaves out only the member's own vote
    assert response.status_code == 200
    assert response.context["n_remaining"] == 2
    assert response.context["statement"] != first
