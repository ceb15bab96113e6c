"""Everything that changes a membership: opening, activating, renewing, lapsing, ending.

Each step is kept as a MembershipChange, so staff can count joins, renewals and lapses by
month. Dates are local calendar days; `today` is a parameter so the scheduled job, the
demo and the tests can say which day it is.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from convene.core.errors import Refusal
from convene.members.membership_terms import term_end
from convene.members.models import Member, Membership, MembershipChange, MembershipType

Status = Membership.Status


class RenewalRefused(Refusal):
    """A renewal the rules do not allow; the message says why, and nothing changes."""


def _term_end(
    membership_type: MembershipType, starts: datetime.date
) -> datetime.date | None:
    return term_end(
        membership_type.term,
        starts,
        year_starts_month=settings.MEMBERSHIP_YEAR_STARTS_MONTH,
    )


def _record(
    membership: Membership, kind: str, *, on: datetime.date
) -> MembershipChange:
    return MembershipChange.objects.create(
        membership=membership,
        kind=kind,
        type_name=membership.type.name,
        happened_on=on,
        expires_on=membership.expires_on,
    )


def today() -> datetime.date:
    return timezone.localdate()


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def type_on_joining(kind: str) -> MembershipType:
    """The type a new member of this kind gets; made if staff have removed it, so joining
    never fails for want of one."""
    found = MembershipType.objects.filter(default_for_kind=kind).first()
    if found is not None:
        return found
    label = "Organisation" if kind == Member.Kind.ORGANISATION else "Individual"
    made, _ = MembershipType.objects.get_or_create(
        name=label, defaults={"default_for_kind": kind}
    )
    return made


@transaction.atomic
def open_membership(member: Member) -> Membership:
    """The membership of someone who has just joined: applied until they confirm their
    email address. Calling it again returns the membership they have."""
    membership, _ = Membership.objects.get_or_create(
        member=member, defaults={"type": type_on_joining(member.kind)}
    )
    return membership


@transaction.atomic
def activate_membership(
    member: Member, *, today: datetime.date | None = None
) -> Membership:
    """Start the first term of an applied membership (the member confirmed their address).

    A membership already under way is returned unchanged.
    """
    today = today or timezone.localdate()
    membership = open_membership(member)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.APPLIED:
        return membership
    membership.status = Status.ACTIVE
    membership.started_on = today
    membership.expires_on = _term_end(membership.type, today)
    membership.full_clean()
    membership.save(update_fields=["status", "started_on", "expires_on", "updated_at"])
    _record(membership, MembershipChange.Kind.JOINED, on=today)
    return membership


def check_renewable(membership: Membership, *, today: datetime.date) -> None:
    """Raise RenewalRefused, saying why, unless the membership may be renewed today."""
    if membership.status == Status.APPLIED:
        raise RenewalRefused(
            "This membership has not started yet: please confirm your email address first."
        )
    if membership.status == Status.LEFT:
        raise RenewalRefused(
            "This membership has ended. To come back, please contact us or join again."
        )
    if membership.expires_on is None:
        raise RenewalRefused("This is a lifetime membership: it never needs renewing.")
    window = settings.MEMBERSHIP_REMINDER_DAYS
    if not membership.is_due_for_renewal(today, window_days=window):
        raise RenewalRefused(
            f"This membership runs until {long_date(membership.expires_on)}. It can be "
            f"renewed from {window} days before then."
        )


@transaction.atomic
def renew_membership(
    membership: Membership, *, today: datetime.date | None = None
) -> Membership:
    """Add a term: from the day after the current one ends if renewed in time, or from
    today for a lapsed membership (the lapsed weeks are not charged for or counted).

    Raises RenewalRefused, changing nothing, when it is not due (see check_renewable).
    """
    today = today or timezone.localdate()
    membership = (
        Membership.objects.select_for_update()
        .select_related("type")
        .get(pk=membership.pk)
    )
    check_renewable(membership, today=today)
    assert membership.expires_on is not None  # noqa: S101 (check_renewable refuses lifetime)
    in_time = membership.status == Status.ACTIVE and membership.expires_on >= today
    starts = membership.expires_on + datetime.timedelta(days=1) if in_time else today
    membership.status = Status.ACTIVE
    membership.expires_on = _term_end(membership.type, starts)
    membership.full_clean()
    membership.save(update_fields=["status", "expires_on", "updated_at"])
    _record(membership, MembershipChange.Kind.RENEWED, on=today)
    return membership


@transaction.atomic
def lapse_expired_memberships(*, today: datetime.date | None = None) -> int:
    """Mark lapsed every active membership whose term ended before today; returns how many.

    Each row is updated only while it is still active and expired, so two runs at once, or
    a run after an interrupted one, never lapse (or count) a membership twice.
    """
    today = today or timezone.localdate()
    expired = Membership.objects.filter(status=Status.ACTIVE, expires_on__lt=today)
    lapsed = 0
    for membership in expired.select_related("type").order_by("pk"):
        updated = Membership.objects.filter(
            pk=membership.pk, status=Status.ACTIVE, expires_on__lt=today
        ).update(status=Status.LAPSED, updated_at=timezone.now())
        if updated:
            assert membership.expires_on is not None  # noqa: S101 (filtered above)
            ended = membership.expires_on + datetime.timedelta(days=1)
            _record(membership, MembershipChange.Kind.LAPSED, on=ended)
            lapsed += 1
    return lapsed


@transaction.atomic
def end_membership(
    membership: Membership, *, today: datetime.date | None = None
) -> Membership:
    """The member is no longer a member (they resigned, or their group closed), though the
    account stays. Ending an ended membership changes nothing."""
    today = today or timezone.localdate()
    membership = (
        Membership.objects.select_for_update()
        .select_related("type")
        .get(pk=membership.pk)
    )
    if membership.status == Status.LEFT:
        return membership
    membership.status = Status.LEFT
    membership.save(update_fields=["status", "updated_at"])
    _record(membership, MembershipChange.Kind.LEFT, on=today)
    return membership


def record_departure(member: Member, *, today: datetime.date | None = None) -> None:
    """Count a member who deletes their account as having left; call before deleting.

    The change row outlives the account, anonymous, so figures by month stay right.
    """
    membership = Membership.objects.filter(member=member).first()
    if membership is not None:
        end_membership(membership, today=today)


@transaction.atomic
def change_membership_type(
    membership: Membership, membership_type: MembershipType
) -> Membership:
    """Move a membership to another type; its dates stay until the next renewal, which
    follows the new type's term."""
    membership.type = membership_type
    membership.save(update_fields=["type", "updated_at"])
    return membership
