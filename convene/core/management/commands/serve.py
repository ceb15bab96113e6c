from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from convene.core.serving import parse_address, serve


class Command(BaseCommand):
    help = "Run the production ASGI server (uvicorn), static files by WhiteNoise, and the task worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "address",
            nargs="?",
            default="127.0.0.1:8000",
            help="ADDR:PORT to listen on.",
        )
        parser.add_argument(
            "--workers", type=int, default=1, help="Number of web worker processes."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a background-task worker.",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Do not apply pending migrations first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            host, port = parse_address(options["address"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with {options['workers']} worker(s)."
        )
        serve(
            host, port, workers=options["workers"], with_worker=not options["no_worker"]
        )
