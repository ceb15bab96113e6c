"""Recurring work is queued by the task workers themselves: no cron to set up."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from convene.core.models import ScheduledRun
from convene.core.schedule import queue_due_work
from convene.core.task_worker import SignsOfLife
from convene.members.models import Member, Membership
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db

DAILY = {
    "convene.members.tasks.erase_expired_data",
    "convene.members.tasks.membership_day",
}


def test_each_recurring_task_is_queued_once_per_interval() -> None:
    start = timezone.now()

    first = queue_due_work(start)
    again_within_the_hour = queue_due_work(start + timedelta(hours=1))
    next_day = queue_due_work(start + timedelta(days=1, seconds=1))

    assert set(first) >= DAILY
    assert not DAILY & set(again_within_the_hour)
    assert set(next_day) >= DAILY


def test_two_workers_asking_at_once_queue_the_work_once() -> None:
    now = timezone.now()
    queue_due_work(now)  # both workers have run before
    due = now + timedelta(days=2)

    one = queue_due_work(due)
    other = queue_due_work(due)

    assert set(one) >= DAILY
    assert not DAILY & set(other)
    assert ScheduledRun.objects.filter(next_at__gt=due).count() >= len(DAILY)


def test_a_worker_starting_erases_an_unconfirmed_account_past_its_time() -> None:
    # given someone who started joining 31 days ago and never confirmed their address
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        make_member(email="never.confirmed@example.org", verified=False)
    assert Member.objects.filter(user__email="never.confirmed@example.org").exists()

    # when a task worker starts (no one runs a command)
    with SignsOfLife("worker-under-test"):
        pass

    # then the account is gone, as the retention setting says
    assert not Member.objects.filter(user__email="never.confirmed@example.org").exists()


def test_a_worker_starting_lapses_a_membership_that_ran_out() -> None:
    # given a membership whose term ended yesterday
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        member = make_member(email="ran.out@example.org")
    Membership.objects.filter(member=member).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )

    # when a task worker starts

    with SignsOfLife("worker-under-test"):
        pass

    # then the membership has lapsed
    member.membership.refresh_from_db()
    assert member.membership.status == Membership.Status.LAPSED
