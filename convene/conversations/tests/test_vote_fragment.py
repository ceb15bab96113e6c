import pytest
from django.test import Client

from convene.conversations.models import Vote
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = pytest.mark.django_db

ENHANCED = {"X-Requested-With": "fetch"}


def test_enhanced_vote_gets_the_next_card_as_a_fragment(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)

    response = visitor.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": first.pk, "choice": "-1"},
        headers=ENHANCED,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div class="statement-card"')
    assert "<html" not in page
    assert second.text in page
    assert Vote.objects.get().choice == Vote.Choice.DISAGREE
    assert response.cookies["convene_participant"].value


def test_enhanced_refusal_is_a_fragment_with_the_message(visitor: Client) -> None:
    conversation = make_conversation(is_open=False)

    response = visitor.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": seeds(conversation)[0].pk, "choice": "1"},
        headers=ENHANCED,
    )

    assert response.status_code == 400
    assert "This conversation is closed" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_vote_page_loads_the_enhancing_script(visitor: Client) -> None:
    conversation = make_conversation()

    response = visitor.get(f"/conversations/{conversation.slug}/vote/")

    assert response.status_code == 200
    assert "conversations/vote.js" in response.content.decode()
