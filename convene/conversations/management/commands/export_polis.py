from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from convene.conversations.management.commands._writing import cannot_write
from convene.conversations.models import Conversation
from convene.conversations.polis.exporter import export_polis


class Command(BaseCommand):
    help = (
        "Write a conversation as a Pol.is export: comments.csv, votes.csv, "
        "participants-votes.csv and summary.csv. Also spelt export-polis."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("conversation", help="The conversation's slug or id.")
        parser.add_argument("directory", help="Where to write (made if missing).")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["conversation"]
        conversation = Conversation.objects.filter(slug=key).first()
        if conversation is None and key.isdigit():
            conversation = Conversation.objects.filter(pk=int(key)).first()
        if conversation is None:
            raise CommandError(f"No conversation has the slug or id {key!r}.")
        try:
            paths = export_polis(conversation, options["directory"])
        except OSError as error:
            message = cannot_write(options["directory"], error)
            raise CommandError(f"Nothing exported. {message}") from None
        self.stdout.write(
            f"Exported {conversation.slug!r} to {len(paths)} files in {options['directory']}."
        )
