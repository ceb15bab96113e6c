"""An export taken while people vote is one moment's data: a vote cast meanwhile is in none
of its files, never counted in one and missing from another."""

import csv
import io
import threading

import pytest
from django.db import connection

from convene.conversations.models import Conversation
from convene.conversations.polis.exporter import polis_files
from convene.conversations.tests.helpers import (
    make_conversation,
    make_participant,
    seeds,
    vote,
)

# Committed rows and a second connection, as when a vote arrives from another request.
pytestmark = pytest.mark.django_db(transaction=True)


def vote_from_another_request(conversation: Conversation) -> str:
    newcomer: list[str] = []

    def cast() -> None:
        try:
            participant = make_participant(conversation)
            for statement in seeds(conversation):
                vote(participant, statement, 1)
            newcomer.append(str(participant.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=cast)
    thread.start()
    thread.join(timeout=30)
    assert newcomer, "the vote from another request was not recorded"
    return newcomer[0]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_votes_cast_during_an_export_are_in_none_of_its_files() -> None:
    # given a conversation with two people's votes, and an export under way
    conversation = make_conversation()
    for choice in (1, -1):
        participant = make_participant(conversation)
        for statement in seeds(conversation):
            vote(participant, statement, choice)
    files = polis_files(conversation)
    name, text = next(files)
    assert name == "comments.csv"
    comments = rows("".join(text))

    # when someone else votes on every statement before the rest is read
    vote_from_another_request(conversation)
    rest = {name: rows("".join(text)) for name, text in files}

    # then every file counts the same two people's six votes
    assert sum(int(c["agrees"]) + int(c["disagrees"]) for c in comments) == 6
    assert len(rest["votes.csv"]) == 6
    assert len(rest["participants-votes.csv"]) == 2
    assert sum(int(p["n-votes"]) for p in rest["participants-votes.csv"]) == 6


def test_the_next_export_has_the_new_votes() -> None:
    conversation = make_conversation()
    participant = make_participant(conversation)
    vote(participant, seeds(conversation)[0], 1)
    list(polis_files(conversation))  # an export taken and finished

    vote_from_another_request(conversation)
    files = {name: rows("".join(text)) for name, text in polis_files(conversation)}

    assert len(files["votes.csv"]) == 1 + len(seeds(conversation))
