"""Renewal reminders and renew links: who is reminded, once, and what a link may do."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from convene.core.errors import Refusal
from convene.members import membership_tasks
from convene.members.membership import (
    lapse_expired_memberships,
    long_date,
    renew_membership,
)
from convene.members.membership_tokens import read_renewal_token
from convene.members.models import Membership


def memberships_to_remind(today: datetime.date) -> list[int]:
    """Active memberships ending within the reminder window, not yet reminded about this
    expiry date, whose member asked for reminders and can still read their email."""
    window_ends = today + datetime.timedelta(days=settings.MEMBERSHIP_REMINDER_DAYS)
    due = (
        Membership.objects.filter(
            status=Membership.Status.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=window_ends,
            member__may_email_renewals=True,
            member__email_verified_at__isnull=False,
            member__user__is_active=True,
        )
        .exclude(reminded_for=F("expires_on"))
        .order_by("pk")
    )
    return list(due.values_list("pk", flat=True))


@transaction.atomic
def send_renewal_reminders(*, today: datetime.date | None = None) -> int:
    """Queue one reminder per membership due; returns how many were queued.

    Each membership is marked with the expiry it was reminded about in the same update
    that claims it, so overlapping or repeated runs never email the same reminder twice;
    the email goes once the mark is committed.
    """
    today = today or timezone.localdate()
    queued = 0
    for membership_id in memberships_to_remind(today):
        membership = Membership.objects.filter(pk=membership_id).first()
        if membership is None or membership.expires_on is None:
            continue
        claimed = (
            Membership.objects.filter(
                pk=membership_id, expires_on=membership.expires_on
            )
            .exclude(reminded_for=membership.expires_on)
            .update(reminded_for=membership.expires_on)
        )
        if claimed:
            _remind_on_commit(membership_id)
            queued += 1
    return queued


def _remind_on_commit(membership_id: int) -> None:
    transaction.on_commit(
        lambda: membership_tasks.send_renewal_reminder.enqueue(membership_id)
    )


@dataclass(frozen=True)
class DailyRun:
    lapsed: int
    reminded: int


def run_membership_day(*, today: datetime.date | None = None) -> DailyRun:
    """The scheduled job: lapse what ran out, then remind who is due. Safe to rerun."""
    today = today or timezone.localdate()
    lapsed = lapse_expired_memberships(today=today)
    reminded = send_renewal_reminders(today=today)
    return DailyRun(lapsed=lapsed, reminded=reminded)


class RenewLinkError(Refusal):
    """A renew link we cannot honour; the message says why and what to do instead."""


def _membership_for_link(token: str) -> Membership:
    try:
        membership_id, expires = read_renewal_token(
            token, max_age=settings.RENEW_LINK_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise RenewLinkError(
            "This renew link has expired. Log in to renew from your account page."
        ) from error
    except signing.BadSignature as error:
        raise RenewLinkError(
            "This renew link is not valid: it may have been cut short or changed. "
            "Log in to renew from your account page."
        ) from error
    membership = (
        Membership.objects.select_related("member", "type")
        .filter(pk=membership_id, member__user__is_active=True)
        .first()
    )
    if membership is None:
        raise RenewLinkError("This renew link is no longer valid.")
    if membership.expires_on != expires:
        until = (
            f" Your membership runs until {long_date(membership.expires_on)}."
            if membership.expires_on and membership.status == Membership.Status.ACTIVE
            else ""
        )
        raise RenewLinkError(f"This renew link has already been used.{until}")
    return membership


def check_renew_link(token: str) -> Membership:
    """The membership a renew link may renew; RenewLinkError if the link is expired,
    used, changed or for an account that has gone."""
    return _membership_for_link(token)


@transaction.atomic
def renew_by_link(token: str) -> Membership:
    """Renew the membership a link names. Raises RenewLinkError (link expired or used) or
    RenewalRefused (not due), changing nothing."""
    membership = _membership_for_link(token)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.expires_on != membership.expires_on:  # renewed a moment ago
        raise RenewLinkError("This renew link has already been used.")
    return renew_membership(locked)
