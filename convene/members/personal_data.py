"""What the members app holds about a person: the account, the profile, the consents, and
(for staff accounts) the admin's log of what they changed. See members.registry."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet

from convene.members import consents
from convene.members.membership import record_departure
from convene.members.models import (
    ConsentRecord,
    Member,
    Membership,
    MembershipChange,
    Role,
)
from convene.members.registry import (
    Due,
    Erasure,
    Exported,
    PersonalData,
    Retention,
    declare,
    declare_retention,
    erase_person,
)

PROFILE_FIELDS = [
    "kind",
    "name",
    "organisation",
    "contact_name",
    "region",
    "phone",
    "website",
    "bio",
]


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _member(user: User) -> Member | None:
    return Member.objects.filter(user=user).first()


def export_account(user: User) -> Exported:
    member = _member(user)
    return {
        "email": user.email,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "email_verified_at": _when(member.email_verified_at) if member else None,
    }


def erase_account(user: User, erasure: Erasure) -> int:
    user.delete()
    return 1


def export_profile(user: User) -> Exported:
    member = _member(user)
    if member is None:
        return None
    return {
        **{name: str(getattr(member, name)) for name in PROFILE_FIELDS},
        "themes": [theme.name for theme in member.themes.all()],
        "joined_at": _when(member.joined_at),
    }


def erase_profile(user: User, erasure: Erasure) -> int:
    deleted, _ = Member.objects.filter(user=user).delete()
    return deleted


def export_consents(user: User) -> Exported:
    member = _member(user)
    if member is None:
        return None
    return {
        "now": {
            name: {"question": consents.consent_label(name), "given": given}
            for name, given in consents.current_consents(member).items()
        },
        "history": [
            {
                "consent": record.consent,
                "question": consents.consent_label(record.consent),
                "given": record.given,
                "at": _when(record.at),
                "channel": record.get_channel_display(),
                "page": record.page,
            }
            for record in consents.history_of(member)
        ],
    }


def erase_consents(user: User, erasure: Erasure) -> int:
    deleted, _ = ConsentRecord.objects.filter(member__user=user).delete()
    return deleted


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def export_membership(user: User) -> Exported:
    membership = (
        Membership.objects.filter(member__user=user).select_related("type").first()
    )
    if membership is None:
        return None
    return {
        "type": membership.type.name,
        "status": membership.get_status_display(),
        "started_on": _day(membership.started_on),
        "expires_on": _day(membership.expires_on),
        "history": [
            {
                "what": change.get_kind_display(),
                "on": change.happened_on.isoformat(),
                "type": change.type_name,
                "until": _day(change.expires_on),
            }
            for change in membership.changes.order_by("happened_on", "pk")
        ],
    }


def erase_membership(user: User, erasure: Erasure) -> int:
    """The membership goes; its history rows stay, tied to no one, so that the monthly
    figures of joins and departures still add up (the departure is one of them)."""
    member = _member(user)
    if member is None:
        return 0
    record_departure(member)
    MembershipChange.objects.filter(membership__member=member).update(membership=None)
    deleted, _ = Membership.objects.filter(member=member).delete()
    return deleted


def _roles_of(user: User) -> QuerySet[Role]:
    """The roles the person holds, and those still waiting at their address."""
    held = Q(user=user)
    if user.email:
        held |= Q(email__iexact=user.email)
    return Role.objects.filter(held)


def export_roles(user: User) -> Exported:
    return [
        {
            "role": role.get_kind_display(),
            "event": role.event.title if role.event else None,
            "conversation": str(role.conversation) if role.conversation else None,
            "every_conversation": role.kind == Role.Kind.MODERATOR
            and role.conversation is None,
            "since": _when(role.created_at),
            "taken_up": not role.is_pending,
        }
        for role in _roles_of(user).select_related("event", "conversation")
    ]


def erase_roles(user: User, erasure: Erasure) -> int:
    deleted, _ = _roles_of(user).delete()
    return deleted


def export_staff_log(user: User) -> Exported:
    return [
        {
            "at": _when(entry.action_time),
            "what": entry.object_repr,
            "change": entry.get_change_message(),
        }
        for entry in LogEntry.objects.filter(user=user).order_by("action_time")
    ]


def erase_staff_log(user: User, erasure: Erasure) -> int:
    deleted, _ = LogEntry.objects.filter(user=user).delete()
    return deleted


declare(
    PersonalData(
        key="account",
        label="Your account",
        explanation="Your email address (your login), when you joined, last logged in "
        "and confirmed your address. Your password is stored only as a one-way hash, "
        "so it is not here.",
        models=(User,),
        export=export_account,
        erase=erase_account,
        order=100,
    )
)
declare(
    PersonalData(
        key="profile",
        label="Your profile",
        explanation="What you told us about yourself or your organisation: name, region, "
        "phone, website, description and the themes you follow.",
        models=(Member,),
        export=export_profile,
        erase=erase_profile,
        order=90,
    )
)
declare(
    PersonalData(
        key="consents",
        label="Your consents",
        explanation="How we may contact you and what other members may see: where each "
        "choice stands now, and every time it was given or withdrawn, how and where.",
        models=(ConsentRecord,),
        export=export_consents,
        erase=erase_consents,
        order=80,
    )
)
declare(
    PersonalData(
        key="membership",
        label="Your membership",
        explanation="Your membership type, where it stands, when it started and ends, "
        "and each time it was joined, renewed, lapsed or ended.",
        models=(Membership, MembershipChange),
        export=export_membership,
        erase=erase_membership,
        order=70,
    )
)
declare(
    PersonalData(
        key="roles",
        label="Your roles",
        explanation="The jobs you were given at events and in conversations (organiser, "
        "facilitator, door volunteer, moderator), including invitations to your address "
        "not yet taken up, and since when.",
        models=(Role,),
        export=export_roles,
        erase=erase_roles,
        order=60,
    )
)
declare(
    PersonalData(
        key="staff_log",
        label="Changes you made as staff",
        explanation="For staff accounts: the admin's record of what you added, changed "
        "or deleted. Empty for members.",
        models=(LogEntry,),
        export=export_staff_log,
        erase=erase_staff_log,
    )
)


# --- Retention: accounts whose address was never confirmed ----------------------------


def _unconfirmed(now: datetime) -> QuerySet[Member]:
    cutoff = now - timedelta(days=settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS)
    return Member.objects.filter(
        email_verified_at__isnull=True, joined_at__lt=cutoff
    ).order_by("joined_at", "pk")


def due_unconfirmed(now: datetime) -> Due:
    waiting = _unconfirmed(now)
    oldest = waiting.values_list("joined_at", flat=True).first()
    return Due(count=waiting.count(), oldest=oldest)


@transaction.atomic
def erase_unconfirmed(now: datetime, limit: int) -> int:
    """Whoever joined but never confirmed their address is erased like someone leaving
    who chose to keep their votes anonymously (they may have voted before joining)."""
    user_ids = list(_unconfirmed(now).values_list("user_id", flat=True)[:limit])
    users = User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk")
    for user in users:
        erase_person(user, Erasure(keep_voice=True))
    return len(user_ids)


declare_retention(
    Retention(
        key="unconfirmed_accounts",
        label="Accounts never confirmed",
        explanation="People who started joining but never confirmed their email "
        "address: their account and profile are erased.",
        setting="RETENTION_UNCONFIRMED_ACCOUNT_DAYS",
        keep_days=lambda: int(settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS),
        due=due_unconfirmed,
        erase_batch=erase_unconfirmed,
    )
)
