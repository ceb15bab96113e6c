from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from convene.conversations.models import Participant, Statement
from convene.conversations.tests.helpers import (
    make_conversation,
    results_page,
    statement_card,
)

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def _add(client: Client, slug: str, text: str) -> "Response":
    return client.post(f"/conversations/{slug}/add/", {"text": text})


def test_post_moderated_statement_is_up_for_votes_at_once(visitor: Client) -> None:
    conversation = make_conversation()

    response = _add(visitor, conversation.slug, "Libraries are community centres now.")

    assert response.status_code == 302
    statement = Statement.objects.get(is_seed=False)
    assert statement.status == Statement.Status.PENDING
    assert statement.author == Participant.objects.get()
    assert statement.channel == "web"
    assert statement in Statement.objects.visible()
    page = visitor.get(f"/conversations/{conversation.slug}/vote/")
    assert page.status_code == 200
    assert "up for others to vote on" in page.content.decode()


def test_pre_moderated_statement_waits_for_the_moderator(
    visitor: Client, organiser_client: Client
) -> None:
    conversation = make_conversation(moderation="pre")

    response = _add(visitor, conversation.slug, "Libraries are community centres now.")

    assert response.status_code == 302
    statement = Statement.objects.get(is_seed=False)
    assert statement not in Statement.objects.visible()
    queue = organiser_client.get(f"/conversations/{conversation.slug}/moderate/")
    assert queue.status_code == 200
    assert "Libraries are community centres now." in queue.content.decode()


def test_angle_brackets_that_are_not_html_are_kept_as_typed(visitor: Client) -> None:
    conversation = make_conversation()

    response = _add(
        visitor, conversation.slug, "Keep the <Friends of the Park> group & paths <3"
    )

    assert response.status_code == 302
    statement = Statement.objects.get(is_seed=False)
    assert statement.text == "Keep the <Friends of the Park> group & paths <3"
    page = results_page(visitor, conversation)
    assert "Keep the &lt;Friends of the Park&gt; group &amp; paths &lt;3" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write a statement: plain text, a sentence or two."),
        (
            "<img src=x onerror=alert(1)>",
            "Statements are plain text: take out &lt;img src=x onerror=alert(1)&gt;",
        ),
        ("<b>Parks</b> for all", "take out &lt;b&gt;, which reads as HTML"),
        ("More trees <!-- and bins -->", "take out &lt;!--, which reads as HTML"),
        ("x" * 281, "Keep it to 280 characters (this has 281)."),
        ("x" * 1200, "Keep it to 280 characters (this has 1200)."),  # a long paste
    ],
)
def test_bad_statements_are_refused_and_the_text_kept(
    visitor: Client, text: str, message: str
) -> None:
    conversation = make_conversation()

    response = _add(visitor, conversation.slug, text)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not Statement.objects.filter(is_seed=False).exists()
    assert not Participant.objects.exists()


def test_closed_conversation_takes_no_statements(visitor: Client) -> None:
    conversation = make_conversation(is_open=False)

    response = _add(visitor, conversation.slug, "Too late for this one.")

    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not Statement.objects.filter(is_seed=False).exists()


def test_votes_only_conversation_takes_no_statements(visitor: Client) -> None:
    conversation = make_conversation(allow_statements=False)

    response = _add(visitor, conversation.slug, "My own idea.")

    assert response.status_code == 400
    assert not Statement.objects.filter(is_seed=False).exists()


def test_the_statement_box_counts_to_280_and_never_cuts_a_paste_short(
    visitor: Client,
) -> None:
    conversation = make_conversation()

    response = visitor.get(f"/conversations/{conversation.slug}/add/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-count-to="280"' in page
    assert "maxlength" not in page


def test_the_author_agrees_with_their_statement_and_is_not_asked_to_vote_on_it(
    visitor: Client,
) -> None:
    from convene.conversations.models import Vote

    conversation = make_conversation(seed_statements=["Buses should run later."])
    seed = Statement.objects.get(is_seed=True)

    response = _add(visitor, conversation.slug, "Libraries are community centres now.")

    assert response.status_code == 302
    own = Statement.objects.get(is_seed=False)
    vote = Vote.objects.get(statement=own)
    assert vote.participant == own.author
    assert vote.choice == Vote.Choice.AGREE
    assert vote.channel == "web"
    card = statement_card(visitor, conversation)
    assert seed.text in card
    assert own.text not in card


def test_a_statement_awaiting_a_moderator_is_shown_to_nobody_else(
    visitor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    conversation = make_conversation(moderation="pre")
    text = "Libraries are community centres now."

    # its author's own agree is a vote: the map is computed again once it commits
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(visitor, conversation.slug, text)

    assert response.status_code == 302
    someone_else = Client()
    for page in ("vote", "results", "wall"):
        shown = someone_else.get(f"/conversations/{conversation.slug}/{page}/")
        assert shown.status_code == 200
        assert text not in shown.content.decode(), page
