"""Members who joined before memberships existed are given one by the data migration."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps

from convene.members.models import Membership
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db

migration = importlib.import_module("convene.members.migrations.0003_membership_types")


def test_existing_members_get_a_membership_of_their_kind_without_lapsing() -> None:
    # given members from before memberships existed
    with time_machine.travel("2025-06-10 10:00 +00:00", tick=False):
        make_member(email="old@example.org")
        make_member(email="org@example.org", kind="organisation", name="Old Org")
        make_member(email="waiting@example.org", verified=False)
    Membership.objects.all().delete()

    # when the migration runs, long after they joined
    with time_machine.travel("2026-12-08 10:00 +00:00", tick=False):
        migration.give_members_a_membership(apps, None)

    # then
    old = Membership.objects.get(member__user__username="old@example.org")
    assert old.status == Membership.Status.ACTIVE
    assert old.type.name == "Individual"
    assert old.started_on == datetime.date(2025, 6, 10)
    assert old.expires_on == datetime.date(2027, 12, 7)
    org = Membership.objects.get(member__user__username="org@example.org")
    assert org.type.name == "Organisation"
    waiting = Membership.objects.get(member__user__username="waiting@example.org")
    assert waiting.status == Membership.Status.APPLIED
    assert waiting.expires_on is None
