from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from convene.conversations.management.commands._progress import ProgressBar
from convene.conversations.models import Conversation
from convene.conversations.polis.importer import PolisImportError, import_polis
from convene.conversations.polis.reader import PolisExportError


class Command(BaseCommand):
    help = (
        "Import a Pol.is export directory (comments.csv with votes.csv, or "
        "participants-votes.csv) as a new conversation, unpublished and closed to "
        "votes unless --publish and --open say otherwise. Also spelt import-polis."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", help="The Pol.is export directory.")
        parser.add_argument(
            "--slug", help="The new conversation's slug (default: from its topic)."
        )
        parser.add_argument(
            "--question", help="The question to ask (default: summary.csv's topic)."
        )
        parser.add_argument(
            "--replay",
            action="store_true",
            help=(
                "Compute the map as Pol.is did, by replaying the vote log (an update per "
                "second of log time, then one with fresh groups; about 5-10 ms a vote)."
            ),
        )
        parser.add_argument(
            "--open",
            action="store_true",
            help="Let people vote and add statements (default: closed).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="List the conversation publicly (default: only staff see it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Reading {options['directory']} …")
        try:
            imported = import_polis(
                options["directory"],
                slug=options["slug"],
                question=options["question"],
                progress=ProgressBar(self.stdout, "Importing"),
                replay=options["replay"],
                replay_progress=ProgressBar(self.stdout, "Replaying"),
                is_open=options["open"],
                is_published=options["publish"],
            )
        except (PolisExportError, PolisImportError) as error:
            raise CommandError(f"Nothing imported. {error}") from None
        if imported.n_shortened:
            self.stdout.write(
                f"{imported.n_shortened} statement(s) longer than the limit were shortened."
            )
        if options["replay"] and not imported.replayed:
            self.stdout.write(
                "No votes.csv to replay: the map is one computation on the final votes."
            )
        elif not imported.replayed and imported.has_vote_log:
            self.stdout.write(
                "The map is one computation on the final votes; with --replay it is "
                "rebuilt from the vote log as Pol.is built it, closer to Pol.is's groups "
                "(slower: about 5-10 ms a vote)."
            )
        conversation = imported.conversation
        self.stdout.write(
            f"Imported {conversation.slug!r}: {imported.n_statements} statements, "
            f"{imported.n_participants} participants, {imported.n_votes} votes, "
            f"{imported.n_groups} opinion groups. {describe_state(conversation)}"
        )


def describe_state(conversation: Conversation) -> str:
    """Whether the public can find and vote on it, and where staff change that."""
    listed = (
        "published" if conversation.is_published else "unpublished (only staff see it)"
    )
    votes = "open for votes" if conversation.is_open else "closed to votes"
    admin = reverse("admin:conversations_conversation_change", args=[conversation.pk])
    return (
        f"It is {listed} and {votes}; "
        f"change that on its admin page: {settings.SITE_URL}{admin}"
    )
