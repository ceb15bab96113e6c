import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections

P = ParamSpec("P")
R = TypeVar("R")


def database_sync_to_async(
    func: Callable[P, R],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Run a database read or write from async code, as channels' decorator of that name does.

    A consumer lives as long as its socket, with no request around it, so Django's
    request-start and request-end clean-up never runs: closing old connections before and
    after keeps a thread from reusing one the database has dropped or that has outlived
    its age, and gives a pooled one back. Channels' decorator is untyped; this one keeps
    the function's signature for mypy.
    """

    @functools.wraps(func)
    def with_fresh_connection(*args: P.args, **kwargs: P.kwargs) -> R:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(with_fresh_connection)
