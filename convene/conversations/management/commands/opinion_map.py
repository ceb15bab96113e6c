import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from convene.conversations.management.commands._writing import cannot_write
from convene.conversations.polis.map_json import opinion_map_json
from convene.conversations.polis.reader import PolisExportError

# Results on Pol.is data credit the software that gathered it.
POLIS_CREDIT = "Data gathered using the Polis software (compdemocracy.org/polis)."


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
        parser.add_argument(
            "--replay",
            action="store_true",
            help="Replay the vote log in time order, an update per second of log time, "
            "as import-polis --replay does (needs votes.csv); default: one computation "
            "on the final votes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = None if options["out"] is None else Path(options["out"])
        if out is not None:
            # Before computing, which can take minutes, so a bad path fails at once.
            _make_folders(out)
        try:
            result = opinion_map_json(options["path"], replay=options["replay"])
        except PolisExportError as error:
            raise CommandError(str(error)) from None
        if options["replay"] and not result["replayed"]:
            # On stderr: stdout may be the JSON itself.
            self.stderr.write(
                "No votes.csv to replay: the map is one computation on the final votes."
            )
        output = {"source": str(options["path"]), "credit": POLIS_CREDIT, **result}
        text = json.dumps(output, ensure_ascii=False, indent=1)
        if out is None:
            self.stdout.write(text)
            return
        _write(out, text + "\n")
        sizes = "/".join(str(group["size"]) for group in result["groups"])
        self.stdout.write(
            f"Wrote {options['out']}: {result['participants']} participants, "
            f"{result['clustered']} in {len(result['groups'])} groups ({sizes}), "
            f"{result['timings']['total']:.2f}s to compute."
        )


def _make_folders(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(cannot_write(path, error)) from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(cannot_write(path, error)) from None
