"""Membership emails, sent in the background: each task re-fetches and calls one function."""

from django_tasks import task

from convene.members import membership_emails
from convene.members.models import Membership


@task()
def send_renewal_reminder(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("member__user", "type")
        .filter(pk=membership_id, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:  # renewed, ended or deleted since it was queued
        return
    if not membership.member.may_email_renewals:  # they changed their mind meanwhile
        return
    if membership.reminded_for != membership.expires_on:  # renewed since it was queued
        return
    membership_emails.send_renewal_reminder(membership)
