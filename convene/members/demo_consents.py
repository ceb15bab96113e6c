"""Demo consent histories: a few members who changed their minds, on paper, by phone and on
the website, so the staff's view of a member shows what a real history looks like."""

from convene.members import consents
from convene.members.models import Member

DEMO_STAFF_NAME = "organiser@pennine-network.example"

# (member's email, consents changed, channel, page, staff account who recorded it)
DEMO_CONSENT_CHANGES: list[tuple[str, dict[str, bool], str, str, str]] = [
    (
        "hello@dearne-valley-pantry.example",
        {"may_email_consultations": True, "may_phone": True},
        consents.Channel.PAPER,
        "Membership form, Community Voices: Sheffield",
        DEMO_STAFF_NAME,
    ),
    (
        "hello@dearne-valley-pantry.example",
        {"may_phone": False},
        consents.Channel.PHONE,
        "Call to the office",
        DEMO_STAFF_NAME,
    ),
    (
        "j.okafor@example.org",
        {"may_email_news": False, "may_email_consultations": True},
        consents.Channel.WEB,
        "Your account: profile and choices",
        "",
    ),
    (
        "aisha.rahman@example.net",
        {"show_phone": True, "may_phone": True},
        consents.Channel.STAFF,
        "Staff admin: member page",
        DEMO_STAFF_NAME,
    ),
]


def load_consent_histories_demo() -> str:
    changed = 0
    for email, wanted, channel, page, recorded_by in DEMO_CONSENT_CHANGES:
        member = Member.objects.filter(user__username=email).first()
        if member is None:
            continue
        changed += len(
            consents.change_consents(
                member, wanted, channel=channel, page=page, recorded_by=recorded_by
            )
        )
    return f"{changed} consent changes after joining"
