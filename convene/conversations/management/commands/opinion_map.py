import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from convene.conversations.management.commands._opinion_json import (
    opinion_map_of_export,
)
from convene.opinion.polis_export import PolisExportError


class Command(BaseCommand):
    help = (
        "Run the opinion engine alone on a Pol.is export (no database) and write its map "
        "as JSON: each participant's group, the groups, representative and consensus "
        "statements, timings. Also spelt opinion-map."
    )
    requires_system_checks: list[str] = []  # touches no database, so needs none set up

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="The Pol.is export directory.")
        parser.add_argument("--out", help="Write the JSON here instead of stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = opinion_map_of_export(options["path"])
        except PolisExportError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if options["out"] is None:
            self.stdout.write(text)
            return
        Path(options["out"]).write_text(text + "\n", encoding="utf-8")
        sizes = "/".join(str(group["size"]) for group in result["groups"])
        self.stdout.write(
            f"Wrote {options['out']}: {result['n_participants']} participants in "
            f"{len(result['groups'])} groups ({sizes}), "
            f"{result['timings']['total']:.2f}s to compute."
        )
