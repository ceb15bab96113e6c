"""The demo members' memberships: several types and every state, one due for renewal.

Dates are counted back from the day the demo is loaded, so it always looks current.
"""

import datetime

from django.utils import timezone

from convene.members.membership import (
    activate_membership,
    change_membership_type,
    end_membership,
    lapse_expired_memberships,
    open_membership,
    renew_membership,
)
from convene.members.models import Member, MembershipType
from convene.members.privacy import default_notice_text, publish_privacy_notice

# email: (type, joined days ago, renewed days ago or None, left days ago or None)
MEMBERSHIP_PLAN: dict[str, tuple[str, int, int | None, int | None]] = {
    "hello@dearne-valley-pantry.example": ("Organisation", 600, 250, None),
    "team@teamvalleyyouth.example": ("Organisation", 200, None, None),
    "shares@airedale-sun.example": ("Organisation", 90, None, None),
    # Joined over a year ago and never renewed: lapsed.
    "cllr.m.haworth@calder-parish.example": ("Individual", 400, None, None),
    "info@wirral-tenants.example": ("Community group", 150, None, None),
    # Ends in about three weeks, and asked for a reminder: due for renewal.
    "aisha.rahman@example.net": ("Individual", 340, None, None),
    "office@wearside-makers.example": ("Community group", 30, None, None),
    "tom.greenhalgh@example.org": ("Individual", 20, None, None),
    "contact@kendal-floodwardens.example": ("Community group", 250, None, None),
    "priya.n@example.com": ("Individual", 120, None, None),
    # The network merged into another: it left, keeping its account.
    "hello@tyne-green-gyms.example": ("Organisation", 500, 140, 45),
    "j.okafor@example.org": ("Associate", 60, None, None),
}

DEMO_CONTACT = """Write to Helen Akroyd, who looks after data protection for {site_name}, at
privacy@pennine-network.example, or by post to {site_name}, Union Street Co-working,
Sheffield S1. If you are not happy with our answer you can complain to the Information
Commissioner's Office (ico.org.uk)."""


def give_demo_memberships(members: dict[str, Member]) -> None:
    """Shape each demo member's membership as MEMBERSHIP_PLAN says, through the services.

    Members not in the plan keep what joining gave them (applied, until they confirm).
    """
    today = timezone.localdate()
    types = {found.name: found for found in MembershipType.objects.all()}
    for email, (type_name, joined, renewed, left) in MEMBERSHIP_PLAN.items():
        member = members[email]
        membership = open_membership(member)
        if type_name in types:
            change_membership_type(membership, types[type_name])
        membership = activate_membership(
            member, today=today - datetime.timedelta(days=joined)
        )
        if renewed is not None:
            membership = renew_membership(
                membership, today=today - datetime.timedelta(days=renewed)
            )
        if left is not None:
            end_membership(membership, today=today - datetime.timedelta(days=left))
    lapse_expired_memberships(today=today)


def publish_demo_privacy_notice() -> None:
    """The default notice with the demo organisation's contact filled in."""
    text = default_notice_text()
    heading = "## Who to contact"
    text = text[: text.index(heading)] + f"{heading}\n\n{DEMO_CONTACT}\n"
    publish_privacy_notice(text)
