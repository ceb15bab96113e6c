import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from convene.core.task_worker import SignsOfLife, stop_with_parent


class Command(db_worker.Command):
    help = (
        "Run background tasks from the database queue, taking back those whose worker "
        "died midway."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="Stop when this process ends, even if it is killed (convene serve passes its own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        parent_pid = options.pop("parent_pid")
        if parent_pid is not None:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # Run by the autoreloader (--reload), which itself stops with that parent.
                parent_pid = os.getppid()
            stop_with_parent(parent_pid)
        with SignsOfLife(options["worker_id"], parent_pid=parent_pid):
            super().handle(*args, **options)
