"""What runs where: the one place that reads which backends are configured.

Embedded (`convene demo`, `convene serve`), background tasks run in a worker process beside
the web process, with a local-memory cache and an in-memory channel layer each of their own.
At scale the cache and channel layer are Redis, shared by every process. In tests, tasks run
at once in the process that queued them. Domain code asks these questions, never which
backend class is set (settings.py chooses those).
"""

from collections.abc import Mapping

from django.conf import settings


def _backend(setting: Mapping[str, Mapping[str, object]]) -> str:
    return str(setting["default"]["BACKEND"])


def tasks_run_in_this_process() -> bool:
    """Whether a queued task runs here and now (tests) rather than in a worker."""
    return _backend(settings.TASKS).endswith("ImmediateBackend")


def worker_shares_cache() -> bool:
    """Whether the process running tasks sees what this process puts in the cache."""
    local_cache = _backend(settings.CACHES).endswith("LocMemCache")
    return not local_cache or tasks_run_in_this_process()


def worker_pushes_reach_browsers() -> bool:
    """Whether a live push sent while a task runs reaches the browsers watching.

    Not embedded: the in-memory channel layer is the web process's, out of the worker's reach.
    """
    in_memory = _backend(settings.CHANNEL_LAYERS).endswith("InMemoryChannelLayer")
    return not in_memory or tasks_run_in_this_process()
