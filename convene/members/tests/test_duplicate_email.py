import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from convene.members.models import Member
from convene.members.tests.test_join import join_data

pytestmark = pytest.mark.django_db


def test_joining_twice_with_the_same_email_is_refused(
    visitor: Client, member: User
) -> None:
    response = visitor.post(
        reverse("members:join"),
        join_data(email="MINA@example.org", name="Someone Else"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone has already joined with this email address" in page
    assert reverse("members:resend-verification") in page
    assert 'value="Someone Else"' in page
    assert User.objects.count() == 1
    member.member.refresh_from_db()
    assert member.member.name == "Mina Member"
    assert Member.objects.count() == 1
    assert mail.outbox == []
