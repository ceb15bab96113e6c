from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client
from pytest_django.asserts import assertRedirects

from convene.conversations.models import Conversation, Statement, Vote
from convene.conversations.opinion_map import compute_opinion_result
from convene.conversations.tests.helpers import (
    AGREED_BY_ALL,
    add_statement,
    make_conversation,
    make_participant,
    make_two_camps,
    results_page,
    results_section,
    seeds,
    statement_card,
    vote,
)

pytestmark = pytest.mark.django_db


def test_admin_pages_open(organiser_client: Client) -> None:
    conversation = make_conversation()
    vote(make_participant(conversation), seeds(conversation)[0], 1)

    for url in [
        "/admin/conversations/conversation/",
        f"/admin/conversations/conversation/{conversation.pk}/change/",
        "/admin/conversations/conversation/add/",
        "/admin/conversations/statement/?status__exact=pending",
        "/admin/conversations/vote/",
        "/admin/conversations/participant/",
        "/admin/conversations/discussiongroup/",
    ]:
        assert organiser_client.get(url).status_code == 200, url


def test_votes_cannot_be_edited_in_the_admin(organiser_client: Client) -> None:
    conversation = make_conversation()
    cast = vote(make_participant(conversation), seeds(conversation)[0], 1)

    response = organiser_client.post(
        f"/admin/conversations/vote/{cast.pk}/change/", {"choice": -1}
    )

    assert response.status_code == 403
    cast.refresh_from_db()
    assert cast.choice == Vote.Choice.AGREE


def test_statement_actions_accept_and_reject(organiser_client: Client) -> None:
    conversation = make_conversation(moderation="pre")
    waiting = add_statement(make_participant(conversation), "Open the hall on Sundays.")
    other = add_statement(make_participant(conversation), "Rename the park.")

    responses = [
        organiser_client.post(
            "/admin/conversations/statement/",
            {"action": action, "_selected_action": [statement.pk]},
        )
        for action, statement in [("accept", waiting), ("reject", other)]
    ]

    for response in responses:
        assertRedirects(response, "/admin/conversations/statement/")
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.status == Statement.Status.ACCEPTED
    assert other.status == Statement.Status.REJECTED
    assert other.rejection_reason


def _save_with_seeds(
    client: Client,
    conversation: Conversation,
    new_texts: list[str],
    existing: Sequence[Statement] = (),
) -> Any:
    """The conversation's admin page sent back with its seed statements inline."""
    prefix = "statements"
    rows: dict[str, str] = {}
    for i, statement in enumerate(existing):
        rows[f"{prefix}-{i}-id"] = str(statement.pk)
        rows[f"{prefix}-{i}-conversation"] = str(conversation.pk)
        rows[f"{prefix}-{i}-text"] = statement.text
    for i, text in enumerate(new_texts, start=len(existing)):
        rows[f"{prefix}-{i}-text"] = text
    return client.post(
        f"/admin/conversations/conversation/{conversation.pk}/change/",
        {
            "question": conversation.question,
            "slug": conversation.slug,
            "description": "",
            "moderation": "post",
            "is_open": "on",
            "is_published": "on",
            "allow_statements": "on",
            f"{prefix}-TOTAL_FORMS": str(len(existing) + len(new_texts)),
            f"{prefix}-INITIAL_FORMS": str(len(existing)),
            **rows,
        },
    )


def test_the_admin_seed_box_never_cuts_a_paste_short(organiser_client: Client) -> None:
    conversation = make_conversation(seed_statements=[])

    response = organiser_client.get(
        f"/admin/conversations/conversation/{conversation.pk}/change/"
    )

    assert response.status_code == 200
    box = response.content.decode().split('name="statements-0-text"')[1].split(">")[0]
    assert "maxlength" not in box


def test_seed_statements_typed_in_the_admin_are_accepted(
    organiser_client: Client,
) -> None:
    conversation = make_conversation(seed_statements=[])

    response = _save_with_seeds(
        organiser_client, conversation, ["Funders   should trust local groups."]
    )

    assert response.status_code == 302
    seed = Statement.objects.get()
    assert seed.text == "Funders should trust local groups."
    assert seed.is_seed
    assert seed.status == Statement.Status.ACCEPTED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<i>Funders</i> should trust local groups.", "which reads as HTML"),
        ("funders should TRUST local groups!", "Statement {pk} already says this"),
        ("x" * 281, "Keep it to 280 characters (this has 281)."),
    ],
)
def test_admin_seed_statements_follow_the_statement_rules(
    organiser_client: Client, text: str, message: str
) -> None:
    conversation = make_conversation(
        seed_statements=["Funders should trust local groups."]
    )
    existing = Statement.objects.get()

    response = _save_with_seeds(
        organiser_client, conversation, [text], existing=[existing]
    )

    assert response.status_code == 200
    assert message.format(pk=existing.pk) in response.content.decode()
    assert list(Statement.objects.all()) == [existing]


def test_marking_meta_in_the_admin_takes_it_out_of_the_map(
    organiser_client: Client,
    visitor: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    conversation = make_conversation(seed_statements=[])
    make_two_camps(conversation)
    compute_opinion_result(conversation)
    agreed = Statement.objects.get(conversation=conversation, text=AGREED_BY_ALL)
    before = results_page(visitor, conversation)
    assert AGREED_BY_ALL in results_section(
        before, "consensus-heading", "divisive-heading"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            "/admin/conversations/statement/",
            {"action": "mark_meta", "_selected_action": [agreed.pk]},
        )

    assertRedirects(response, "/admin/conversations/statement/")
    agreed.refresh_from_db()
    assert agreed.is_meta
    results = results_page(visitor, conversation)
    assert AGREED_BY_ALL in results_section(results, "meta-heading", "channels-heading")
    assert AGREED_BY_ALL not in results[: results.index('id="meta-heading"')]
    # the map was computed again: voters are offered it at the priority for meta
    assert AGREED_BY_ALL in statement_card(visitor, conversation)


def test_status_and_meta_are_not_edited_on_the_statement_form(
    organiser_client: Client,
) -> None:
    conversation = make_conversation(moderation="pre")
    waiting = add_statement(make_participant(conversation), "Open the hall on Sundays.")

    response = organiser_client.post(
        f"/admin/conversations/statement/{waiting.pk}/change/",
        {
            "conversation": conversation.pk,
            "text": "Open the hall on Sundays.",
            "status": "accepted",
            "is_meta": "on",
            "channel": waiting.channel,
        },
    )

    assertRedirects(response, "/admin/conversations/statement/")
    waiting.refresh_from_db()
    assert waiting.status == Statement.Status.PENDING  # only the actions change it
    assert not waiting.is_meta
