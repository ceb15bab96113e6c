import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def reader_client(db: None) -> Client:
    """A signed-in person without staff rights: reads what visitors read, nothing more."""
    user = User.objects.create_user("reader", "reader@example.org", "a-long-password")
    client = Client()
    client.force_login(user)
    return client
