import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from convene.members.models import Membership

pytestmark = pytest.mark.django_db


def account_page(client: Client) -> str:
    response = client.get(reverse("members:account"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_lapsed_member_renews_from_their_account_page(
    member: User, member_client: Client
) -> None:
    membership = Membership.objects.get(member__user=member)
    Membership.objects.filter(pk=membership.pk).update(
        started_on=datetime.date(2025, 2, 1), expires_on=datetime.date(2026, 1, 31)
    )
    with time_machine.travel("2026-03-10 09:00 +00:00", tick=False):
        call_command("membership_reminders")
        page = account_page(member_client)
        assert "Lapsed" in page
        assert "Renew my membership" in page

        response = member_client.post(reverse("members:renew"), follow=True)

    assert "renewed until 9 March 2027" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.expires_on == datetime.date(2027, 3, 9)


def test_a_membership_not_yet_due_offers_no_renewal_and_refuses_one(
    member: User, member_client: Client
) -> None:
    membership = Membership.objects.get(member__user=member)
    expires = membership.expires_on

    assert "Renew my membership" not in account_page(member_client)
    response = member_client.post(reverse("members:renew"), follow=True)

    assert "can be renewed from 30 days before" in response.content.decode()
    membership.refresh_from_db()
    assert membership.expires_on == expires


def test_renewing_needs_a_log_in(visitor: Client) -> None:
    response = visitor.post(reverse("members:renew"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
