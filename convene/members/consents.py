"""A member's consents, and the one way they change: every change leaves a record.

Consents are the member's choices about how the organisation may contact them and what
other members may see. The booleans on Member say where each stands now; ConsentRecord
rows say when each was given or withdrawn, through which channel, on which page.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from convene.members.models import ConsentRecord, Member

CONTACT_CONSENTS = [
    "may_email_news",
    "may_email_events",
    "may_email_consultations",
    "may_phone",
    "may_email_renewals",
]
DIRECTORY_CONSENTS = [
    "listed_in_directory",
    "show_email",
    "show_phone",
    "show_website",
    "show_region",
    "show_bio",
]
CONSENTS = [*CONTACT_CONSENTS, *DIRECTORY_CONSENTS]

Channel = ConsentRecord.Channel


def consent_label(consent: str) -> str:
    """The consent as the member was asked it ("email me about events"); a name that is
    no consent (a blank row the admin draws) is given back as it is."""
    if consent not in CONSENTS:
        return consent
    field = Member._meta.get_field(consent)
    return str(getattr(field, "verbose_name", consent))


def current_consents(member: Member) -> dict[str, bool]:
    return {name: bool(getattr(member, name)) for name in CONSENTS}


@transaction.atomic
def change_consents(
    member: Member,
    wanted: Mapping[str, bool],
    *,
    channel: str,
    page: str,
    recorded_by: str = "",
    first_time: bool = False,
    before: Mapping[str, bool] | None = None,
) -> list[ConsentRecord]:
    """Set the member's consents named in `wanted`, recording each one that changes.

    Changes are judged against the stored row (a form may already have set the new
    values on the member in hand), or against `before` when the caller saved the row
    itself. `first_time` (as they join) records every consent asked, given or not, so
    the history starts with what they were asked and what they chose. Unknown names
    raise ValueError and change nothing. Returns the records written.
    """
    unknown = sorted(set(wanted) - set(CONSENTS))
    if unknown:
        raise ValueError(f"Not a consent: {', '.join(unknown)}")
    if before is None:
        stored = Member.objects.select_for_update().get(pk=member.pk)
        before = current_consents(stored)
    now = timezone.now()
    records = []
    for consent, given in wanted.items():
        if not first_time and before[consent] == bool(given):
            continue
        setattr(member, consent, bool(given))
        records.append(
            ConsentRecord(
                member=member,
                consent=consent,
                given=bool(given),
                channel=channel,
                page=page,
                recorded_by=recorded_by,
                at=now,
            )
        )
    if not records:
        return []
    for record in records:
        record.full_clean()
    member.save(update_fields=[record.consent for record in records])
    return ConsentRecord.objects.bulk_create(records)


@transaction.atomic
def record_changes(
    member: Member,
    *,
    before: Mapping[str, bool] | None,
    channel: str,
    page: str,
    recorded_by: str = "",
) -> list[ConsentRecord]:
    """Record the consents a form already saved on the member (the admin's form saves the
    row itself): each that differs from `before` gets its record. A `before` of None is
    a member just added, whose every consent is recorded as first asked."""
    return change_consents(
        member,
        current_consents(member),
        channel=channel,
        page=page,
        recorded_by=recorded_by,
        before=before,
        first_time=before is None,
    )


def history_of(member: Member) -> QuerySet[ConsentRecord]:
    """Newest first."""
    return ConsentRecord.objects.filter(member=member).order_by("-at", "-pk")
