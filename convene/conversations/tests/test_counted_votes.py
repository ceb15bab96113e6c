"""One rule for which votes count: the wall, the results page and the export agree.

Votes on a statement a moderator removed, or one still waiting for a moderator in a
pre-moderated conversation (its author's own agree), are kept but counted nowhere; a vote
changed is one vote, and a paper ballot's votes count like any other.
"""

import csv
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from convene.conversations.models import Channel, Conversation, Vote
from convene.conversations.organising import reject_statement
from convene.conversations.services import record_ballot

from .helpers import (
    add_statement,
    make_conversation,
    make_participant,
    results_page,
    seeds,
    vote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation() -> Conversation:
    conversation = make_conversation(moderation=Conversation.Moderation.PRE)
    first, second, third = seeds(conversation)
    changes_mind = make_participant(conversation)
    vote(changes_mind, first, Vote.Choice.AGREE)
    vote(changes_mind, first, Vote.Choice.DISAGREE)
    vote(changes_mind, second, Vote.Choice.AGREE)
    writer = make_participant(conversation)
    vote(writer, third, Vote.Choice.AGREE)
    add_statement(writer, "Small grants should be decided in the neighbourhood.")
    only_on_removed = make_participant(conversation)
    vote(only_on_removed, second, Vote.Choice.DISAGREE)
    only_wrote = make_participant(conversation)
    add_statement(only_wrote, "Parish councils could pool their precepts.")
    on_paper = make_participant(conversation)
    on_paper.channel = Channel.PAPER
    on_paper.save(update_fields=["channel"])
    record_ballot(
        on_paper,
        choices={first.pk: Vote.Choice.PASS, third.pk: Vote.Choice.DISAGREE},
        channel=Channel.PAPER,
    )
    reject_statement(second, reason="Says the same as the first.")
    return conversation


def _wall(client: Client, conversation: Conversation) -> dict[str, int]:
    response = client.get(reverse("conversations:wall", args=[conversation.slug]))
    assert response.status_code == 200
    shown = re.findall(r'data-total="(\w+)">([\d,]+)<', response.content.decode())
    return {name: int(number.replace(",", "")) for name, number in shown}


def _export(client: Client, conversation: Conversation) -> dict[str, str]:
    response = client.get(
        reverse("conversations:export-polis", args=[conversation.slug])
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_wall_the_results_and_the_export_count_the_same_votes(
    conversation: Conversation, organiser_client: Client
) -> None:
    # when
    wall = _wall(organiser_client, conversation)
    results = results_page(organiser_client, conversation)
    export = _export(organiser_client, conversation)

    # then: four votes from three people count, on the two statements still open
    assert wall == {"votes": 4, "participants": 3, "statements": 2}
    assert "3 participants cast 4 votes." in results
    assert re.search(
        r"<th scope=\"row\">Paper ballot</th><td>1</td><td>2</td>", results
    )
    summary = dict(csv.reader(io.StringIO(export["summary.csv"])))
    assert summary["voters"] == "3"
    accepted = {
        row["comment-id"]
        for row in csv.DictReader(io.StringIO(export["comments.csv"]))
        if row["moderated"] == "1"
    }
    votes = list(csv.DictReader(io.StringIO(export["votes.csv"])))
    assert sum(row["comment-id"] in accepted for row in votes) == 4
    assert len({row["voter-id"] for row in votes if row["comment-id"] in accepted}) == 3
