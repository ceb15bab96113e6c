"""A renew link pressed twice at once (a double tap, two tabs) renews once."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from convene.members.membership_tokens import renewal_token
from convene.members.models import Membership, MembershipChange
from convene.members.tests.helpers import make_member

# Committed rows and a connection per request, as two requests arriving together have.
pytestmark = pytest.mark.django_db(transaction=True)


def test_two_presses_of_one_renew_link_renew_once() -> None:
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        member = make_member(may_email_renewals=True)
    membership = Membership.objects.get(member=member)
    statuses: list[int] = []
    start = threading.Barrier(2)

    def press() -> None:
        try:
            client = Client()
            start.wait(timeout=10)
            statuses.append(client.post(link).status_code)
        finally:
            connection.close()

    with time_machine.travel("2027-02-20 10:00 +00:00"):
        link = reverse("members:renew-by-link", args=[renewal_token(membership)])
        presses = [threading.Thread(target=press) for _ in range(2)]
        for thread in presses:
            thread.start()
        for thread in presses:
            thread.join(timeout=60)

    assert sorted(statuses) == [302, 400]
    membership.refresh_from_db()
    assert membership.expires_on == datetime.date(2028, 3, 1)
    assert MembershipChange.objects.filter(kind="renewed").count() == 1
