from collections.abc import Iterable, Iterator
from typing import TypedDict

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from convene.core.staff import staff_may
from convene.events.queries import registrations_of
from convene.members.models import Member, MemberQuerySet, Membership


def count_members() -> int:
    """Members whose voice counts: verified, active accounts whose membership is active
    and of a type that counts as a voice."""
    return (
        Member.objects.verified()
        .filter(
            membership__status=Membership.Status.ACTIVE,
            membership__type__counts_as_voice=True,
        )
        .count()
    )


def member_of(user: User | AnonymousUser) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("user").first()


def sees_every_member(user: User | AnonymousUser) -> bool:
    """Staff who may view members see every verified member, listed or not."""
    return staff_may(user, "members.view_member")


def may_browse_directory(user: User | AnonymousUser) -> bool:
    """The directory holds personal details, so only verified members and staff see it."""
    if not user.is_authenticated:
        return False
    if sees_every_member(user):
        return True
    return Member.objects.verified().filter(user=user).exists()


def directory_for(
    viewer: User, *, region: str = "", theme_slug: str = ""
) -> MemberQuerySet:
    """The members a viewer may browse, filtered.

    Staff see every verified member; others see those who chose to be listed. Filtering by
    region only finds members who show their region, or the filter would reveal it.
    """
    members = (
        Member.objects.verified()
        if sees_every_member(viewer)
        else Member.objects.in_directory()
    )
    if region:
        members = members.filter(region=region)
        if not sees_every_member(viewer):
            members = members.filter(show_region=True)
    if theme_slug:
        members = members.filter(themes__slug=theme_slug)
    return members.select_related("user").prefetch_related("themes").distinct()


def get_member_for(viewer: User, pk: int) -> Member:
    """A member's directory entry, if the viewer may see it; otherwise Http404."""
    members = directory_for(viewer)
    member = members.filter(pk=pk).first()
    if member is None:
        raise Http404("No such member in the directory.")
    return member


class RegistrationData(TypedDict):
    event: str
    starts_at: str
    status: str
    name: str
    email: str
    organisation: str
    access_needs: str
    registered_at: str


class MemberData(TypedDict):
    account: dict[str, str | None]
    profile: dict[str, str]
    themes: list[str]
    contact_consents: dict[str, bool]
    directory_choices: dict[str, bool]
    event_registrations: list[RegistrationData]


CONSENT_FIELDS = [
    "may_email_news",
    "may_email_events",
    "may_email_consultations",
    "may_phone",
    "may_email_renewals",
]
VISIBILITY_FIELDS = [
    "listed_in_directory",
    "show_email",
    "show_phone",
    "show_website",
    "show_region",
    "show_bio",
]
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


def member_data(member: Member) -> MemberData:
    """Everything we hold about a member, for "download my data"."""
    user = member.user
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_verified_at": member.email_verified_at.isoformat()
            if member.email_verified_at
            else None,
        },
        "profile": {name: str(getattr(member, name)) for name in PROFILE_FIELDS},
        "themes": [theme.name for theme in member.themes.all()],
        "contact_consents": {name: getattr(member, name) for name in CONSENT_FIELDS},
        "directory_choices": {
            name: getattr(member, name) for name in VISIBILITY_FIELDS
        },
        "event_registrations": [
            {
                "event": str(registration.event),
                "starts_at": registration.event.starts_at.isoformat(),
                "status": registration.status,
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "access_needs": registration.access_needs,
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in registrations_of(user)
        ],
    }


CSV_HEADER = [
    "id",
    "kind",
    "name",
    "email",
    "organisation",
    "contact_name",
    "region",
    "phone",
    "website",
    "themes",
    "verified_at",
    "joined_at",
    "active",
    *CONSENT_FIELDS,
    *VISIBILITY_FIELDS,
]


def _cell(value: object) -> str:
    """Text for a spreadsheet cell. A leading = + - @ would make a spreadsheet run the
    cell as a formula, so such values get a leading apostrophe (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def members_csv_rows(members: Iterable[Member]) -> Iterator[list[str]]:
    """The staff export: one row per member, with every consent and visibility choice."""
    yield CSV_HEADER
    for member in members:
        yield [
            _cell(value)
            for value in [
                member.pk,
                member.kind,
                member.name,
                member.user.email,
                member.organisation,
                member.contact_name,
                member.get_region_display(),
                member.phone,
                member.website,
                "; ".join(theme.name for theme in member.themes.all()),
                member.email_verified_at.isoformat()
                if member.email_verified_at
                else "",
                member.joined_at.isoformat(),
                "yes" if member.user.is_active else "no",
                *("yes" if getattr(member, name) else "no" for name in CONSENT_FIELDS),
                *(
                    "yes" if getattr(member, name) else "no"
                    for name in VISIBILITY_FIELDS
                ),
            ]
        ]
