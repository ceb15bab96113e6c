from collections.abc import Iterable, Iterator

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from convene.core.staff import staff_may
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
    """The staff export: one row per member, with every consent and visibility choice as
    it stands now; a phone number only for those who agree to be phoned."""
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
                # Staff may ring only those who currently agree to be phoned.
                member.phone if member.may_phone else "",
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
