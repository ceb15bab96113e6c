from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from convene.conversations import live


@pytest.fixture(autouse=True)
def _fresh_state() -> Iterator[None]:
    """Rate limits and pending opinion updates live in the cache, and live pushes may leave
    a timer behind: each test starts clean and leaves nothing running."""
    cache.clear()
    yield
    cache.clear()
    live.reset_throttle()


@pytest.fixture
def member(db: None) -> User:
    """A member with an account: takes part as themselves; may not moderate."""
    return User.objects.create_user("member", "member@example.org", "a-long-password")


@pytest.fixture
def member_client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client
