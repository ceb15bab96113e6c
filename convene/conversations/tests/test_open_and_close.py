"""Staff close a conversation when time is up, and can open it again."""

from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from pytest_django.asserts import assertRedirects

from convene.conversations import live
from convene.conversations.models import Conversation
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    group_sizes,
    make_conversation,
    phone_socket,
    receive_fragments,
    results_page,
    seeds,
    third_camp_comes_round_in,
    vote_through_form,
    wall_socket,
)
from testsupport.live import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation() -> Conversation:
    return make_conversation()


@pytest.fixture
def closed(conversation: Conversation) -> Conversation:
    conversation.is_open = False
    conversation.save()
    return conversation


def _set_open(client: Client, conversation: Conversation, is_open: bool) -> str:
    """Staff's button on the conversation's page, which leads back to the page."""
    response = client.post(
        f"/conversations/{conversation.slug}/open/",
        {"is_open": "1" if is_open else "0"},
        follow=True,
    )
    assertRedirects(response, conversation.get_absolute_url())
    return response.content.decode()


def test_staff_close_the_conversation_from_its_page(
    organiser_client: Client, conversation: Conversation
) -> None:
    response = organiser_client.get(conversation.get_absolute_url())
    assert response.status_code == 200
    assert "Close the conversation" in response.content.decode()

    page = _set_open(organiser_client, conversation, False)

    conversation.refresh_from_db()
    assert not conversation.is_open
    assert "The conversation is closed." in page
    assert "Open it again" in page
    assert "Project or print this code" not in page  # nobody can join now

    _set_open(organiser_client, conversation, True)
    conversation.refresh_from_db()
    assert conversation.is_open


def test_only_staff_can_close_it(visitor: Client, conversation: Conversation) -> None:
    response = visitor.post(
        f"/conversations/{conversation.slug}/open/", {"is_open": "0"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/members/login/")
    conversation.refresh_from_db()
    assert conversation.is_open


def test_a_closed_wall_shows_where_the_results_are(
    visitor: Client, closed: Conversation
) -> None:
    conversation = closed

    response = visitor.get(f"/conversations/{conversation.slug}/wall/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This conversation is closed" in page
    assert f"/conversations/{conversation.slug}/results/" in page
    assert "QR code" not in page
    assert "Join in" not in page


def test_a_closed_conversation_says_so_before_anyone_types(
    visitor: Client, closed: Conversation
) -> None:
    conversation = closed

    responses = [
        visitor.get(f"/conversations/{conversation.slug}/add/"),
        visitor.get(f"/conversations/{conversation.slug}/vote/"),
    ]

    # the pages themselves are fine: only sending them would be refused
    assert [response.status_code for response in responses] == [200, 200]
    add, vote = (response.content.decode() for response in responses)
    assert "This conversation is closed: it takes no new statements." in add
    assert "<textarea" not in add
    assert "This conversation is closed: it takes no more votes." in vote
    assert "you can change your votes later" not in vote


def test_a_statement_sent_after_closing_is_refused_and_kept(
    visitor: Client, closed: Conversation
) -> None:
    conversation = closed
    text = "Libraries should stay open until eight."

    response = visitor.post(f"/conversations/{conversation.slug}/add/", {"text": text})

    assert response.status_code == 400
    page = response.content.decode()
    assert text in page  # to copy elsewhere
    assert "Add statement</button>" not in page  # sending it again can't work
    assert not conversation.statements.filter(text=text).exists()


def test_a_vote_sent_after_closing_is_refused_once(
    visitor: Client, conversation: Conversation
) -> None:
    statement = seeds(conversation)[0]
    conversation.is_open = False
    conversation.save()

    response = vote_through_form(visitor, conversation, statement, 1, expect=400)

    page = response.content.decode()
    assert page.count("takes no more votes") == 1
    assert not statement.votes.exists()


@pytest.mark.django_db(transaction=True)  # the sockets read in another thread
def test_closing_in_the_admin_tells_the_wall_and_the_phones(
    organiser_client: Client, conversation: Conversation
) -> None:
    live.reset_throttle()  # the set-up's pushes went to nobody; none is left due

    async def scenario() -> tuple[dict[str, str], dict[str, str]]:
        wall, phone = wall_socket(conversation), phone_socket(conversation)
        assert await wall.connect()
        assert await phone.connect()
        try:
            saved = await sync_to_async(organiser_client.post)(
                f"/admin/conversations/conversation/{conversation.pk}/change/",
                _admin_form(conversation, is_open=False),
            )
            assert saved.status_code == 302
            on_wall = await receive_fragments(wall, until=live.WALL_JOIN)
            on_phone = await receive_fragments(phone, until=live.LIVE_STATE)
            return on_wall, on_phone
        finally:
            await wall.disconnect()
            await phone.disconnect()

    on_wall, on_phone = run(scenario())

    conversation.refresh_from_db()
    assert not conversation.is_open
    assert "This conversation is closed" in on_wall[live.WALL_JOIN]
    assert "QR code" not in on_wall[live.WALL_JOIN]
    assert "This conversation has closed" in on_phone[live.LIVE_STATE]


def _admin_form(conversation: Conversation, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "question": conversation.question,
        "slug": conversation.slug,
        "description": conversation.description,
        "moderation": conversation.moderation,
        "is_published": "on",
        "allow_statements": "on",
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
    }
    if changes.get("is_open", conversation.is_open):
        form["is_open"] = "on"
    return form


def test_closing_settles_the_map_on_the_groups_the_final_votes_make(
    organiser_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # Three camps, then the third comes round to the first. While the conversation is
    # open, the map keeps three groups until two have won four updates running (so the
    # wall doesn't flicker); once it closes, its results show the two the votes now make.
    conversation = make_conversation(seed_statements=[])
    third_camp_comes_round_in(conversation)
    compute_opinion_result(conversation)
    assert len(group_sizes(results_page(organiser_client, conversation))) == 3

    with django_capture_on_commit_callbacks(execute=True):
        _set_open(organiser_client, conversation, False)

    results = results_page(organiser_client, conversation)
    # the final camps: the first with the third that came round to it, and the second
    assert sorted(group_sizes(results).values()) == [20, 40]
    assert "worked out from its final votes" in results
