"""Reading memberships: figures by month for staff, and the consent-honouring export."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from convene.members.models import Member, Membership, MembershipChange
from convene.members.queries import _cell

Kind = MembershipChange.Kind

# Purposes a member may agree to be emailed for; the export shows an address only to
# staff who can see it was given for one of them.
EMAIL_CONSENTS = {
    "may_email_news": "news",
    "may_email_events": "events",
    "may_email_consultations": "consultations",
    "may_email_renewals": "renewal reminders",
}


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    joined: int = 0
    renewed: int = 0
    lapsed: int = 0
    left: int = 0


def changes_by_month(*, months: int = 24) -> list[MonthFigures]:
    """Joins, renewals, lapses and departures per month, newest first, for `months` months
    back from this one (months with nothing happening are shown as noughts)."""
    this_month = timezone.localdate().replace(day=1)
    first = this_month
    for _ in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    counts: dict[datetime.date, dict[str, int]] = {}
    rows = (
        MembershipChange.objects.filter(happened_on__gte=first)
        .annotate(month=TruncMonth("happened_on"))
        .values("month", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["month"], {})[row["kind"]] = row["count"]
    figures, month = [], this_month
    while month >= first:
        found = counts.get(month, {})
        figures.append(
            MonthFigures(
                month=month,
                joined=found.get(Kind.JOINED, 0),
                renewed=found.get(Kind.RENEWED, 0),
                lapsed=found.get(Kind.LAPSED, 0),
                left=found.get(Kind.LEFT, 0),
            )
        )
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return figures


def memberships_by_status() -> list[tuple[str, int]]:
    """How many memberships stand in each status today, in the order a member moves."""
    counts = dict(
        Membership.objects.values_list("status").annotate(count=Count("pk")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in Membership.Status.choices]


MEMBERSHIP_CSV_HEADER = [
    "id",
    "name",
    "kind",
    "contact_name",
    "organisation",
    "region",
    "membership_type",
    "counts_as_voice",
    "status",
    "member_since",
    "expires_on",
    "email",
    "may_email_about",
    "phone",
]


def _email_purposes(member: Member) -> list[str]:
    return [label for name, label in EMAIL_CONSENTS.items() if getattr(member, name)]


def membership_csv_rows() -> Iterator[list[str]]:
    """One row per member with their membership. The email address is given only when the
    member agreed to be emailed for some purpose (named beside it), and the phone number
    only when they agreed to be phoned: staff export what they may use, nothing more."""
    yield MEMBERSHIP_CSV_HEADER
    members = Member.objects.select_related(
        "user", "membership", "membership__type"
    ).order_by("pk")
    for member in members:
        membership = getattr(member, "membership", None)
        purposes = _email_purposes(member)
        yield [
            _cell(value)
            for value in [
                member.pk,
                member.name,
                member.kind,
                member.contact_name,
                member.organisation,
                member.get_region_display(),
                membership.type.name if membership else "",
                ("yes" if membership.type.counts_as_voice else "no")
                if membership
                else "",
                membership.status if membership else "",
                membership.started_on.isoformat()
                if membership and membership.started_on
                else "",
                membership.expires_on.isoformat()
                if membership and membership.expires_on
                else "",
                member.user.email if purposes else "",
                "; ".join(purposes),
                member.phone if member.may_phone else "",
            ]
        ]
