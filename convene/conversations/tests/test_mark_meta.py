"""Moderators mark statements about the conversation itself as meta, and take the mark off."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from convene.conversations.models import Conversation, Statement
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    AGREED_BY_ALL,
    add_statement,
    make_conversation,
    make_participant,
    make_two_camps,
    results_page,
    results_section,
    statement_card,
    vote_through_form,
)

pytestmark = pytest.mark.django_db

CONFUSED = "I'm not sure what this conversation is asking."


@pytest.fixture
def conversation() -> Conversation:
    return make_conversation(moderation="pre")


@pytest.fixture
def pending(conversation: Conversation) -> Statement:
    return add_statement(make_participant(conversation), CONFUSED)


def _url(conversation: Conversation, statement: Statement) -> str:
    return f"/conversations/{conversation.slug}/moderate/{statement.pk}/meta/"


def test_moderator_marks_a_queued_statement_as_meta_and_takes_it_off(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    queue = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")
    assert queue.status_code == 200
    assert _url(conversation, pending) in queue.content.decode()

    marked = organiser_client.post(_url(conversation, pending), {"is_meta": "1"})

    assert marked.status_code == 302
    pending.refresh_from_db()
    assert pending.is_meta
    page = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")
    assert page.status_code == 200
    assert "About the conversation itself (1)" in page.content.decode()

    unmarked = organiser_client.post(_url(conversation, pending), {"is_meta": "0"})

    assert unmarked.status_code == 302
    pending.refresh_from_db()
    assert not pending.is_meta
    assert pending.status == Statement.Status.PENDING


def test_meta_statement_leaves_the_groups_and_is_shown_apart(
    organiser_client: Client,
    visitor: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given a map in which every camp agrees with one statement
    conversation = make_conversation(seed_statements=[])
    make_two_camps(conversation)
    compute_opinion_result(conversation)
    agreed = Statement.objects.get(conversation=conversation, text=AGREED_BY_ALL)
    before = results_page(visitor, conversation)
    assert AGREED_BY_ALL in results_section(
        before, "consensus-heading", "divisive-heading"
    )
    assert AGREED_BY_ALL not in statement_card(visitor, conversation)

    # when a moderator marks it as meta (the map is computed again after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_url(conversation, agreed), {"is_meta": "1"})

    # then the results show it apart and nowhere else, and voters are offered it first,
    # at Pol.is's fixed priority for statements about the conversation
    assert response.status_code == 302
    results = results_page(visitor, conversation)
    assert AGREED_BY_ALL in results_section(results, "meta-heading", "channels-heading")
    assert AGREED_BY_ALL not in results[: results.index('id="meta-heading"')]
    assert AGREED_BY_ALL in statement_card(visitor, conversation)


def test_people_still_vote_on_a_meta_statement(
    organiser_client: Client, visitor: Client
) -> None:
    conversation = make_conversation()
    make_two_camps(conversation, n=4)
    agreed = Statement.objects.get(conversation=conversation, text=AGREED_BY_ALL)
    marked = organiser_client.post(_url(conversation, agreed), {"is_meta": "1"})
    assert marked.status_code == 302

    response = vote_through_form(visitor, conversation, agreed, 1)

    assert response.status_code == 302
    assert agreed.votes.count() == 5


def test_visitors_and_members_may_not_mark_meta(
    visitor: Client,
    member_client: Client,
    conversation: Conversation,
    pending: Statement,
) -> None:
    response = visitor.post(_url(conversation, pending), {"is_meta": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    response = member_client.post(_url(conversation, pending), {"is_meta": "1"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert not pending.is_meta


def test_marking_needs_a_post(
    organiser_client: Client, conversation: Conversation, pending: Statement
) -> None:
    response = organiser_client.get(_url(conversation, pending))

    assert response.status_code == 405
    pending.refresh_from_db()
    assert not pending.is_meta
