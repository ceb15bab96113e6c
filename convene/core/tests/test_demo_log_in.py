"""The staff log-in the demo prints works on the site's own log-in form."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from convene.core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_printed_staff_log_in_opens_the_moderation_queue(client: Client) -> None:
    printed = load_demo()
    found = re.search(r"Staff log-in: (\S+) / (\S+)", printed)
    assert found, printed
    email, password = found.groups()

    response = client.post(
        reverse("members:login"), {"username": email, "password": password}
    )

    assert response.status_code == 302
    moderation = client.get(
        reverse("conversations:moderate", args=["community-development-in-the-north"])
    )
    assert moderation.status_code == 200
