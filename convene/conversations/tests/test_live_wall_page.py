"""The live wall works as a plain page: everything is there before any script runs."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.conversations.models import (
    Conversation,
    OpinionResult,
    Participant,
    Statement,
    Vote,
)
from convene.conversations.organising import accept_statement


def _wall(client: Client, slug: str) -> str:
    response = client.get(reverse("conversations:wall", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def conversation(db: None) -> Conversation:
    conversation = Conversation.objects.create(
        question="What should the new community hall be used for?", slug="hall"
    )
    accepted = Statement.objects.create(
        conversation=conversation,
        text="A youth club on weekday evenings",
        status=Statement.Status.ACCEPTED,
        is_seed=True,
    )
    Statement.objects.create(
        conversation=conversation,
        text="A statement a moderator turned down",
        status=Statement.Status.REJECTED,
    )
    for _ in range(3):
        participant = Participant.objects.create(conversation=conversation)
        Vote.objects.create(
            conversation=conversation,
            statement=accepted,
            participant=participant,
            choice=Vote.Choice.AGREE,
        )
    return conversation


def test_wall_shows_question_qr_totals_statements_and_refresh_link(
    visitor: Client, conversation: Conversation
) -> None:
    response = visitor.get(reverse("conversations:wall", args=["hall"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "What should the new community hall be used for?" in html
    assert "<svg" in html
    assert "QR code: take part at " in html
    assert "/conversations/hall/vote/" in html
    assert '<dd data-total="votes">3</dd>' in html
    assert '<dd data-total="participants">3</dd>' in html
    assert '<dd data-total="statements">1</dd>' in html
    assert "A youth club on weekday evenings" in html
    assert "A statement a moderator turned down" not in html
    assert 'class="wall-refresh"' in html
    assert "<noscript>" in html
    assert 'data-live-socket="/ws/conversations/hall/"' in html
    assert "The opinion map appears once enough people have voted." in html


def test_wall_draws_the_latest_opinion_map(
    visitor: Client, conversation: Conversation
) -> None:
    participant_ids = list(conversation.participants.values_list("pk", flat=True))
    OpinionResult.objects.create(
        conversation=conversation,
        computed_at="2026-01-01T10:00:00Z",
        n_votes=3,
        participant_ids=participant_ids,
        data={
            "clustered": [0, 1, 2],
            "participant_group": [0, 0, 1],
            "coordinates": [[-1.0, 0.5], [-0.8, 0.4], [1.2, -0.3]],
            "groups": [
                {"id": 0, "size": 2, "centre": [-0.9, 0.45]},
                {"id": 1, "size": 1, "centre": [1.2, -0.3]},
            ],
        },
    )

    html = _wall(visitor, "hall")

    assert html.count('class="opinion-map-point"') == 3
    assert "Group A: 2 people" in html
    assert "Group B: 1 person" in html
    assert 'fill="#0072b2"' in html  # the results page's colour for group A


def test_wall_of_unpublished_conversation_is_not_found(
    visitor: Client, conversation: Conversation
) -> None:
    conversation.is_published = False
    conversation.save(update_fields=["is_published"])

    response = visitor.get(reverse("conversations:wall", args=["hall"]))

    assert response.status_code == 404


def test_wall_page_queries_stay_few(
    visitor: Client,
    conversation: Conversation,
    django_assert_max_num_queries: object,
) -> None:
    with django_assert_max_num_queries(5):  # type: ignore[operator]  # pytest-django fixture
        response = visitor.get(reverse("conversations:wall", args=["hall"]))
    assert response.status_code == 200


def test_the_wall_shows_what_the_room_can_vote_on(
    visitor: Client, conversation: Conversation, settings: Any
) -> None:
    statement = Statement.objects.create(
        conversation=conversation, text="Open the café on Sundays", status="pending"
    )

    # Post-moderated: a new statement goes to a few people to vote on, and is on the
    # projector once a moderator has read it; with no such audience, at once.
    assert "Open the café on Sundays" not in _wall(visitor, "hall")
    settings.UNMODERATED_STATEMENT_AUDIENCE = 0
    html = _wall(visitor, "hall")
    assert "Open the café on Sundays" in html
    assert '<dd data-total="statements">2</dd>' in html
    settings.UNMODERATED_STATEMENT_AUDIENCE = 5
    accept_statement(statement)
    assert "Open the café on Sundays" in _wall(visitor, "hall")
    statement.status = Statement.Status.PENDING
    statement.save()

    conversation.moderation = Conversation.Moderation.PRE
    conversation.save()
    html = _wall(visitor, "hall")
    assert "Open the café on Sundays" not in html  # until a moderator accepts it
    assert '<dd data-total="statements">1</dd>' in html


def test_the_wall_counts_only_votes_on_statements_on_show(
    visitor: Client, conversation: Conversation
) -> None:
    removed = Statement.objects.create(
        conversation=conversation, text="Close the library", status="rejected"
    )
    participant = Participant.objects.create(conversation=conversation)
    Vote.objects.create(
        conversation=conversation,
        statement=removed,
        participant=participant,
        choice=Vote.Choice.AGREE,
    )

    html = _wall(visitor, "hall")
    assert '<dd data-total="votes">3</dd>' in html
    assert '<dd data-total="participants">3</dd>' in html


def test_a_map_without_groups_yet_is_not_drawn(
    visitor: Client, conversation: Conversation
) -> None:
    from convene.conversations.opinion_map import compute_opinion_result

    stored = compute_opinion_result(conversation)  # three people: placed, but no groups
    assert stored is not None
    assert stored.data["coordinates"]
    assert not stored.data["groups"]

    html = _wall(visitor, "hall")
    results = visitor.get(reverse("conversations:results", args=["hall"]))

    assert results.status_code == 200
    assert "The opinion map appears once enough people have voted." in html
    assert "opinion-map-point" not in html
    assert "Opinion groups as of" not in results.content.decode()


@pytest.mark.django_db
def test_the_walls_groups_and_its_people_count_agree(visitor: Client) -> None:
    from convene.conversations.opinion_map import compute_opinion_result
    from convene.conversations.tests.helpers import (
        make_conversation,
        make_participant,
        make_two_camps,
        seeds,
        vote,
    )

    conversation = make_conversation(seed_statements=[], slug="camps")
    make_two_camps(conversation, n=24)
    compute_opinion_result(conversation)
    vote(make_participant(conversation), seeds(conversation)[0], 1)  # after the map

    html = _wall(visitor, "camps")

    assert '<dd data-total="participants">25</dd>' in html
    assert "Group A: 12 people" in html
    assert "Not in a group yet (too few votes): 1" in html
