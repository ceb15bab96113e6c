from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from convene.conversations.queries import qr_svg_for
from convene.conversations.tests.helpers import make_conversation, make_event

pytestmark = pytest.mark.django_db


def test_list_shows_published_conversations(
    visitor: Client, django_assert_num_queries: Callable[..., Any]
) -> None:
    make_conversation(event=make_event())
    make_conversation(slug="second", question="How should we run the AGM?")
    make_conversation(slug="draft", question="Not ready yet?", is_published=False)

    # conversations (with event and group), then their themes
    with django_assert_num_queries(2):
        response = visitor.get("/conversations/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "What would make community development work better in the North?" in page
    assert "How should we run the AGM?" in page
    assert "Community Voices: Sheffield" in page
    assert "Not ready yet?" not in page


def test_detail_links_to_voting_results_and_event(visitor: Client) -> None:
    conversation = make_conversation(event=make_event())

    response = visitor.get(f"/conversations/{conversation.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/conversations/{conversation.slug}/vote/"' in page
    assert f'href="/conversations/{conversation.slug}/results/"' in page
    assert 'href="/events/community-voices-sheffield/"' in page
    assert "<svg" not in page  # the QR code is for staff


def test_staff_see_a_qr_code_to_project(organiser_client: Client) -> None:
    conversation = make_conversation()

    response = organiser_client.get(f"/conversations/{conversation.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert f"/conversations/{conversation.slug}/vote/" in str(qr_svg_for(conversation))
    assert f'href="/conversations/{conversation.slug}/moderate/"' in page
    # and the same address as a link to copy into an email or a text message
    vote_url = f"{settings.SITE_URL}/conversations/{conversation.slug}/vote/"
    assert f'<a href="{vote_url}" class="share-link">{vote_url}</a>' in page


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [("http://127.0.0.1:8000", True), ("https://convene.example.org", False)],
)
def test_staff_are_warned_when_the_qr_code_points_at_this_computer(
    organiser_client: Client, settings: Any, site_url: str, warned: bool
) -> None:
    settings.SITE_URL = site_url
    conversation = make_conversation()

    response = organiser_client.get(f"/conversations/{conversation.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert ("which phones in the room can't open" in page) is warned
    assert f"{site_url}/conversations/{conversation.slug}/vote/" in page


def test_unpublished_conversation_is_hidden_from_visitors(
    visitor: Client, organiser_client: Client
) -> None:
    conversation = make_conversation(is_published=False)

    assert visitor.get(f"/conversations/{conversation.slug}/").status_code == 404
    assert (
        visitor.get(f"/conversations/{conversation.slug}/results/").status_code == 404
    )
    assert (
        organiser_client.get(f"/conversations/{conversation.slug}/").status_code == 200
    )
