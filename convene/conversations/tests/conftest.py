from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate limits and pending opinion updates live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db: None) -> User:
    """A member with an account: takes part as themselves; may not moderate."""
    return User.objects.create_user("member", "member@example.org", "a-long-password")


@pytest.fixture
def member_client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client
