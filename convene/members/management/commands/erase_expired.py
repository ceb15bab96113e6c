from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from convene.members import retention
from convene.members.registry import Retention


class Command(BaseCommand):
    help = (
        "Erase the personal data that is past its time (see the RETENTION_* settings), in "
        "small batches. Safe to stop and rerun: it carries on where it stopped. Also "
        "spelt erase-expired; run it daily (cron, a systemd timer)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=retention.BATCH_SIZE,
            help="Records erased per transaction (default %(default)s).",
        )
        parser.add_argument(
            "--max-batches",
            type=int,
            default=None,
            help="Stop each kind after this many batches; the next run carries on.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(kind: Retention, count: int) -> None:
            self.stdout.write(f"{kind.label}: {count} erased")

        erased = retention.erase_expired(
            batch_size=options["batch_size"],
            max_batches=options["max_batches"],
            on_batch=report,
        )
        total = sum(erased.values())
        self.stdout.write(
            f"Erased {total} record{'s' if total != 1 else ''} past their time."
        )
