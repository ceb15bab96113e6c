"""Reads that see the database as it was at one moment, while writes carry on.

An export read over several queries (a Pol.is export: comments, then votes, then each
participant's row) must not count a vote in one file and miss it in the next because it
arrived in between. Inside `read_snapshot()` every query sees the data as of the first one.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def read_snapshot() -> Iterator[None]:
    if connection.in_atomic_block:
        # Already in a transaction (a test, or a caller's own): its view is the snapshot.
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            yield
    elif connection.vendor == "sqlite":
        # Not transaction.atomic(): the site's SQLite transactions begin IMMEDIATE, which
        # would hold every vote back until the export ends. A deferred transaction in WAL
        # mode reads one snapshot from its first read and holds no writer back.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        yield
