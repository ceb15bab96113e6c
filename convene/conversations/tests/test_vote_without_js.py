import pytest
from django.test import Client
from pytest_django.asserts import assertRedirects

from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = pytest.mark.django_db


def test_vote_page_is_a_plain_form_with_three_buttons(visitor: Client) -> None:
    conversation = make_conversation()
    first = seeds(conversation)[0]

    response = visitor.get(f"/conversations/{conversation.slug}/vote/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<input type="hidden" name="statement" value="{first.pk}">' in page
    assert '<button type="submit" name="choice" value="1">Agree</button>' in page
    assert '<button type="submit" name="choice" value="-1">Disagree</button>' in page
    assert 'name="choice" value="0"' in page


def test_post_redirects_to_the_next_statement(visitor: Client) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)

    response = visitor.post(
        f"/conversations/{conversation.slug}/vote/",
        {"statement": first.pk, "choice": "1"},
        follow=True,
    )

    assertRedirects(response, f"/conversations/{conversation.slug}/vote/")
    assert response.context["statement"] == second
    assert second.text in response.content.decode()
