from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from convene.core.demo import load_demo
from convene.core.serving import parse_address, serve


class Command(BaseCommand):
    help = "Set up the database, load the demo content (once) and serve the site."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "address",
            nargs="?",
            default="127.0.0.1:8000",
            help="ADDR:PORT to listen on.",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the demo content and stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            host, port = parse_address(options["address"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        call_command("migrate", interactive=False, verbosity=0)
        summary = load_demo()
        self.stdout.write(summary)
        if options["no_serve"]:
            return
        self.stdout.write(f"Demo site: http://{host}:{port}/")
        if settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        serve(host, port)
