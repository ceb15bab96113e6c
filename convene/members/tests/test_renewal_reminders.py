"""Renewal reminders sent by the daily job, with the clock moved, and their renew links."""

import datetime
import re

import pytest
import time_machine
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from convene.members.models import Membership
from convene.members.tests.helpers import make_member

pytestmark = pytest.mark.django_db

JOINED = "2026-03-02 10:00 +00:00"  # the membership runs until 1 March 2027
REMINDER_DAY = "2027-02-01 07:00 +00:00"  # 28 days before it ends


@pytest.fixture
def reminded_member() -> Membership:
    with time_machine.travel(JOINED, tick=False):
        member = make_member(may_email_renewals=True)
    return Membership.objects.get(member=member)


def run_daily_job(capture: DjangoCaptureOnCommitCallbacks) -> None:
    with capture(execute=True):
        call_command("membership_reminders")


def renew_path_in(email: EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/members/renew/\S+/)", str(email.body))
    assert match, email.body
    return match.group(1)


def test_a_member_who_asked_is_reminded_once_and_renews_with_one_click(
    reminded_member: Membership,
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    # given: the job runs daily through the reminder window
    with time_machine.travel("2027-01-15 07:00 +00:00", tick=False):
        run_daily_job(django_capture_on_commit_callbacks)
    assert mailoutbox == []  # too early
    with time_machine.travel(REMINDER_DAY, tick=False):
        run_daily_job(django_capture_on_commit_callbacks)
        run_daily_job(django_capture_on_commit_callbacks)
    with time_machine.travel("2027-02-02 07:00 +00:00", tick=False):
        run_daily_job(django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    reminder = mailoutbox[0]
    assert reminder.to == ["ann@example.org"]
    assert "1 March 2027" in str(reminder.subject)

    # when: the member follows the link and presses the one button
    with time_machine.travel("2027-02-03 19:00 +00:00", tick=False):
        page = visitor.get(renew_path_in(reminder))
        assert page.status_code == 200
        assert "Renew my membership" in page.content.decode()
        response = visitor.post(renew_path_in(reminder), follow=True)

    # then
    assert response.status_code == 200
    assert "renewed until 1 March 2028" in response.content.decode()
    reminded_member.refresh_from_db()
    assert reminded_member.expires_on == datetime.date(2028, 3, 1)
    assert reminded_member.status == Membership.Status.ACTIVE


def test_a_used_renew_link_says_so_and_renews_nothing_more(
    reminded_member: Membership,
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with time_machine.travel(REMINDER_DAY, tick=False):
        run_daily_job(django_capture_on_commit_callbacks)
        link = renew_path_in(mailoutbox[0])
        visitor.post(link)

        again = visitor.post(link)
        shown = visitor.get(link)

    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert "runs until 1 March 2028" in again.content.decode()
    assert shown.status_code == 400
    reminded_member.refresh_from_db()
    assert reminded_member.expires_on == datetime.date(2028, 3, 1)


def test_an_expired_renew_link_says_so_and_points_to_the_account_page(
    reminded_member: Membership,
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with time_machine.travel(REMINDER_DAY, tick=False):
        run_daily_job(django_capture_on_commit_callbacks)
    link = renew_path_in(mailoutbox[0])

    with time_machine.travel("2027-04-15 07:00 +00:00", tick=False):
        response = visitor.post(link)

    assert response.status_code == 400
    page = response.content.decode()
    assert "This renew link has expired" in page
    assert reverse("members:account") in page
    reminded_member.refresh_from_db()
    assert reminded_member.expires_on == datetime.date(2027, 3, 1)


def test_a_changed_renew_link_is_refused(
    reminded_member: Membership,
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with time_machine.travel(REMINDER_DAY, tick=False):
        run_daily_job(django_capture_on_commit_callbacks)
        response = visitor.post(renew_path_in(mailoutbox[0]).replace(":", "x", 1))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_members_who_did_not_ask_get_no_reminder(
    visitor: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    with time_machine.travel(JOINED, tick=False):
        make_member(may_email_renewals=False, may_email_news=True)

    with time_machine.travel(REMINDER_DAY, tick=False):
        run_daily_job(django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_a_member_renewed_before_the_email_went_is_not_emailed(
    reminded_member: Membership,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    # The job queued the reminder; the member renewed before the worker sent it.
    with time_machine.travel(REMINDER_DAY, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            call_command("membership_reminders")
        Membership.objects.filter(pk=reminded_member.pk).update(
            expires_on=datetime.date(2028, 3, 1)
        )
        for callback in queued:
            callback()

    assert mailoutbox == []
