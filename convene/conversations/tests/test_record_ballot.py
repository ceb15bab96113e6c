import pytest

from convene.conversations.models import Channel, Vote
from convene.conversations.organising import reject_statement
from convene.conversations.services import (
    ConversationError,
    get_or_create_participant,
    record_ballot,
)
from convene.conversations.tests.helpers import make_conversation, seeds

pytestmark = pytest.mark.django_db


def test_a_paper_ballot_records_every_vote_with_its_channel() -> None:
    conversation = make_conversation()
    first, second, third = seeds(conversation)
    ballot = get_or_create_participant(
        conversation, external_ref="ballot-17", channel=Channel.PAPER
    )

    changed = record_ballot(
        ballot, choices={first.pk: 1, second.pk: -1, third.pk: 0}, channel=Channel.PAPER
    )

    assert changed == 3
    assert set(Vote.objects.values_list("channel", flat=True)) == {Channel.PAPER}
    assert (
        get_or_create_participant(
            conversation, external_ref="ballot-17", channel=Channel.PAPER
        )
        == ballot
    )


def test_entering_a_ballot_twice_changes_only_what_differs() -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    ballot = get_or_create_participant(
        conversation, external_ref="ballot-3", channel=Channel.PAPER
    )
    record_ballot(ballot, choices={first.pk: 1, second.pk: 1})

    changed = record_ballot(ballot, choices={first.pk: 1, second.pk: -1})

    assert changed == 1
    assert Vote.objects.get(statement=second).choice == Vote.Choice.DISAGREE


@pytest.mark.parametrize("bad", ["rejected", "choice"])
def test_one_bad_line_refuses_the_whole_ballot(bad: str) -> None:
    conversation = make_conversation()
    first, second, _ = seeds(conversation)
    ballot = get_or_create_participant(
        conversation, external_ref="ballot-9", channel=Channel.PAPER
    )
    choices = {first.pk: 1, second.pk: 1}
    if bad == "rejected":
        reject_statement(second, reason="Off topic")
    else:
        choices[second.pk] = 5

    with pytest.raises(ConversationError):
        record_ballot(ballot, choices=choices)

    assert not Vote.objects.exists()
