"""Which process does what, as configured: embedded, at scale, and in tests."""

from typing import Any

import pytest

from convene.core import topology

IN_MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS_LAYER = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]},
    }
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize(
    ("layer", "cache", "tasks", "in_process", "shares_cache", "pushes_reach"),
    [
        # embedded: `convene serve` with its worker process beside the web process
        (IN_MEMORY_LAYER, LOCAL_CACHE, WORKER, False, False, False),
        # at scale: Redis shared by every process
        (REDIS_LAYER, REDIS_CACHE, WORKER, False, True, True),
        # tests: tasks run where they are queued
        (IN_MEMORY_LAYER, LOCAL_CACHE, AT_ONCE, True, True, True),
    ],
    ids=["embedded", "at-scale", "tasks-at-once"],
)
def test_each_set_up_says_what_runs_where(
    settings: Any,
    layer: dict[str, Any],
    cache: dict[str, Any],
    tasks: dict[str, Any],
    in_process: bool,
    shares_cache: bool,
    pushes_reach: bool,
) -> None:
    settings.CHANNEL_LAYERS, settings.CACHES, settings.TASKS = layer, cache, tasks

    assert topology.tasks_run_in_this_process() is in_process
    assert topology.worker_shares_cache() is shares_cache
    assert topology.worker_pushes_reach_browsers() is pushes_reach
