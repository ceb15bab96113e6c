"""Fictional members across the North, made through the join and verify services."""

from convene.members.membership_demo import (
    give_demo_memberships,
    publish_demo_privacy_notice,
)
from convene.members.models import Member, Region
from convene.members.services import Profile, join_member, verify_member
from convene.themes.models import Theme

ORG = Member.Kind.ORGANISATION
PERSON = Member.Kind.INDIVIDUAL

# (email, profile fields, theme names). All names, addresses and numbers are invented;
# .example addresses can never deliver mail.
DEMO_MEMBERS: list[tuple[str, dict[str, object], list[str]]] = [
    (
        "hello@dearne-valley-pantry.example",
        {
            "kind": ORG,
            "name": "Dearne Valley Community Pantry",
            "contact_name": "Janice Whitworth",
            "region": Region.YORKSHIRE,
            "phone": "01226 555 014",
            "website": "https://dearne-valley-pantry.example",
            "bio": "A Barnsley food bank turned membership pantry: £4 a week buys a "
            "full basket, and the cafe next door is run by the people who shop here.",
            "show_email": True,
            "show_phone": True,
            "may_email_news": True,
            "may_email_events": True,
        },
        ["Health and wellbeing", "Volunteering"],
    ),
    (
        "team@teamvalleyyouth.example",
        {
            "kind": ORG,
            "name": "Team Valley Youth Project",
            "contact_name": "Dev Sandhu",
            "region": Region.NORTH_EAST,
            "website": "https://teamvalleyyouth.example",
            "bio": "Detached youth work and a Friday night kitchen in Gateshead. Young "
            "people sit on our board and choose what we campaign on.",
            "show_email": True,
            "may_email_events": True,
            "may_email_consultations": True,
        },
        ["Young people", "Local democracy"],
    ),
    (
        "shares@airedale-sun.example",
        {
            "kind": ORG,
            "name": "Airedale Sun Energy Co-op",
            "contact_name": "Farah Iqbal",
            "region": Region.YORKSHIRE,
            "phone": "01274 555 220",
            "website": "https://airedale-sun.example",
            "bio": "Bradford's community energy co-operative: solar roofs on mosques, "
            "schools and mills, owned by 600 local shareholders.",
            "show_phone": True,
            "may_email_news": True,
        },
        ["Climate and nature", "Community wealth building"],
    ),
    (
        "cllr.m.haworth@calder-parish.example",
        {
            "kind": PERSON,
            "name": "Margaret Haworth",
            "organisation": "Heptonstall Parish Council",
            "region": Region.YORKSHIRE,
            "bio": "Parish councillor in Calderdale since the 2015 floods. Interested in "
            "how small councils can open their meetings to more people.",
            "show_email": True,
            "may_email_consultations": True,
            "may_phone": True,
            "phone": "07700 900 118",
        },
        ["Local democracy", "Climate and nature"],
    ),
    (
        "info@wirral-tenants.example",
        {
            "kind": ORG,
            "name": "Birkenhead North Tenants' Alliance",
            "contact_name": "Paul Corkhill",
            "region": Region.NORTH_WEST,
            "bio": "Tenants from six estates working together on repairs, damp and a "
            "say in regeneration plans.",
            "show_region": True,
            "may_email_news": True,
            "may_email_events": True,
        },
        ["Local democracy", "Community wealth building"],
    ),
    (
        "aisha.rahman@example.net",
        {
            "kind": PERSON,
            "name": "Aisha Rahman",
            "organisation": "Oldham social prescribing team",
            "region": Region.NORTH_WEST,
            "bio": "Link worker connecting GP patients with walking groups, allotments "
            "and debt advice.",
            "show_email": False,
            "may_email_events": True,
            "may_email_renewals": True,
        },
        ["Health and wellbeing"],
    ),
    (
        "office@wearside-makers.example",
        {
            "kind": ORG,
            "name": "Wearside Makers' Yard",
            "contact_name": "Chris Tulip",
            "region": Region.NORTH_EAST,
            "phone": "0191 555 0733",
            "website": "https://wearside-makers.example",
            "bio": "A Sunderland workshop where retired shipyard workers teach young "
            "people welding, joinery and bike repair.",
            "show_phone": True,
            "show_email": True,
        },
        ["Young people", "Volunteering"],
    ),
    (
        "tom.greenhalgh@example.org",
        {
            "kind": PERSON,
            "name": "Tom Greenhalgh",
            "region": Region.NORTH_WEST,
            "bio": "Volunteer treasurer for three Bolton community groups; happy to "
            "help others with their accounts.",
            "listed_in_directory": True,
            "show_bio": True,
            "may_email_news": True,
        },
        ["Volunteering", "Community wealth building"],
    ),
    (
        "contact@kendal-floodwardens.example",
        {
            "kind": ORG,
            "name": "Kent Valley Flood Wardens",
            "contact_name": "Ruth Airey",
            "region": Region.NORTH_WEST,
            "website": "https://kendal-floodwardens.example",
            "bio": "Kendal residents trained to watch the river, knock on doors and "
            "run the rest centre when the Kent rises.",
            "show_email": True,
            "may_email_events": True,
        },
        ["Climate and nature", "Volunteering"],
    ),
    (
        "priya.n@example.com",
        {
            "kind": PERSON,
            "name": "Priya Nair",
            "organisation": "Hull Community Land Trust",
            "region": Region.YORKSHIRE,
            "bio": "Board member of a land trust bringing empty terraces back as "
            "permanently affordable homes.",
            "show_region": False,
            "may_email_news": True,
            "may_email_consultations": True,
        },
        ["Community wealth building"],
    ),
    (
        "hello@tyne-green-gyms.example",
        {
            "kind": ORG,
            "name": "Tyneside Green Gym Network",
            "contact_name": "Morag Bell",
            "region": Region.NORTH_EAST,
            "phone": "0191 555 0480",
            "bio": "Conservation volunteering as exercise: hedge-laying, path repair "
            "and tree planting in twelve Newcastle and North Tyneside parks.",
            "show_bio": True,
            "may_email_events": True,
        },
        ["Health and wellbeing", "Climate and nature"],
    ),
    (
        "j.okafor@example.org",
        {
            "kind": PERSON,
            "name": "Joseph Okafor",
            "organisation": "Preston youth council (adviser)",
            "region": Region.NORTH_WEST,
            "bio": "Supports the youth council in Preston and writes about votes at 16.",
            "listed_in_directory": False,
            "may_email_news": True,
        },
        ["Young people", "Local democracy"],
    ),
]

# Joined but has not yet confirmed their address: an applied membership.
DEMO_APPLICANT: tuple[str, dict[str, object], list[str]] = (
    "bev.lowther@example.net",
    {
        "kind": PERSON,
        "name": "Bev Lowther",
        "organisation": "Maryport Men's Shed",
        "region": Region.NORTH_WEST,
        "bio": "Starting a men's shed on the Cumbrian coast and looking for advice.",
        "may_email_events": True,
    },
    ["Health and wellbeing", "Volunteering"],
)


def load_members_demo() -> str:
    themes = {theme.name: theme for theme in Theme.objects.all()}
    members = {}
    for email, fields, theme_names in [*DEMO_MEMBERS, DEMO_APPLICANT]:
        profile = Profile(
            **fields,  # type: ignore[arg-type]  # (demo rows are typed loosely for brevity)
            themes=[themes[name] for name in theme_names if name in themes],
        )
        members[email] = join_member(email, password=None, profile=profile)
    # Memberships start on their own dates before the addresses are confirmed (which
    # would otherwise start them today).
    give_demo_memberships(members)
    for email, _, _ in DEMO_MEMBERS:
        verify_member(members[email])
    publish_demo_privacy_notice()
    return (
        f"{len(DEMO_MEMBERS)} members and one applicant, in every membership state; "
        "the privacy notice"
    )
