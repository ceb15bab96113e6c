"""Demo events: the "Community Voices in the North" series, one past event and one to come.

Everything is fictional. The Sheffield event is over, so its registrations are built with
`record_registration` (the service for registrations taken elsewhere, which accepts past
events and sends no email); the same goes for Newcastle, so the demo writes to no one.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from convene.events.door import register_walk_in
from convene.events.models import Event, Registration, Series, Speaker, Venue
from convene.events.services import (
    add_session,
    create_event,
    create_series,
    create_speaker,
    create_venue,
    record_registration,
)
from convene.themes.models import Theme

LONDON = ZoneInfo("Europe/London")

FIRST_NAMES = [
    "Aisha", "Ben", "Catriona", "Dev", "Eleanor", "Farid", "Grace", "Harjit", "Imogen",
    "Jamal", "Kerry", "Liam", "Maryam", "Niall", "Olivia", "Priya", "Quentin", "Rosa",
    "Sanjay", "Tess", "Usman", "Vicky", "Wes", "Yasmin", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Barker", "Chowdhury", "Dobson", "Ellis", "Fawcett", "Gill", "Hartley",
    "Iqbal", "Jowett", "Kaur", "Lister", "Moss", "Naylor", "Oldroyd", "Pickles",
    "Rashid", "Sutcliffe", "Thornton", "Walsh",
]  # fmt: skip
ORGANISATIONS = [
    "Attercliffe Residents' Association",
    "Don Valley Food Bank",
    "Pitsmoor Youth Forum",
    "Heeley Community Trust",
    "Sheffield Tenants Together",
    "Grimesthorpe Allotment Society",
    "",
]
ACCESS_NEEDS = ["", "", "", "", "Vegetarian lunch", "Step-free route", "Hearing loop"]

SHEFFIELD_WEB_REGISTRATIONS = 100
SHEFFIELD_WEB_ATTENDED = 85
# Walk-ins at the Sheffield door: name, organisation, access needs, arrival time.
SHEFFIELD_WALK_INS = [
    ("Gary Pickersgill", "Pitsmoor Youth Forum", "", "10:12"),
    ("Nasreen Akhtar", "", "Vegetarian lunch", "10:25"),
    ("Declan Moorhouse", "Heeley Community Trust", "", "11:40"),
]
SHEFFIELD_REGISTRATIONS = (
    100 + 1 + len(SHEFFIELD_WALK_INS)
)  # the web, a phone-in, the door
SHEFFIELD_ATTENDED = 85 + 1 + len(SHEFFIELD_WALK_INS)
NEWCASTLE_REGISTRATIONS = 6


def _at(day: str, time: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


def _person(index: int) -> tuple[str, str, str, str]:
    """A deterministic, fictional person: name, email, organisation, access needs."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    return (
        f"{first} {last}",
        f"{first}.{last}.{index}@example.org".lower(),
        ORGANISATIONS[index % len(ORGANISATIONS)],
        ACCESS_NEEDS[index % len(ACCESS_NEEDS)],
    )


def _themes(*names: str) -> list[Theme]:
    return list(Theme.objects.filter(name__in=names))


def _sheffield(series: Series) -> Event:
    event = _sheffield_event(series, _sheffield_venue())
    _sheffield_programme(event, _sheffield_speakers())
    _sheffield_registrations(event)
    return event


def _sheffield_venue() -> Venue:
    return create_venue(
        "The Foundry Rooms",
        address="Unit 4, Cutlers' Yard\n27 Furnace Hill Lane\nSheffield\nS3 8QX",
        postcode="S3 8QX",
        accessibility=(
            "Step-free access throughout from the Furnace Hill Lane entrance; lift to the "
            "first floor.\nHearing loop in the Main Hall.\nAccessible toilets on both floors.\n"
            "A quiet room (the Pattern Shop) is open all day."
        ),
        directions=(
            "Ten minutes' walk from Sheffield Interchange; the Yellow tram route stops at "
            "Shalesmoor, five minutes away. Two blue-badge spaces in the yard."
        ),
        map_url="https://www.openstreetmap.org/search?query=S3%208QX",
    )


def _sheffield_event(series: Series, venue: Venue) -> Event:
    return create_event(
        "Community Voices in the North: Sheffield",
        slug="community-voices-sheffield",
        summary=(
            "A day of talks, workshops and conversation on how community groups can shape "
            "the decisions that affect their neighbourhoods."
        ),
        description=(
            "The first *Community Voices* day brings residents, community workers and "
            "councillors from across South Yorkshire together in a converted steel works.\n\n"
            "Lunch is provided. Please tell us about any access or dietary needs when you "
            "register."
        ),
        starts_at=_at("2026-10-15", "10:00"),
        ends_at=_at("2026-10-15", "16:00"),
        venue=venue,
        series=series,
        capacity=120,
        themes=_themes("Local democracy", "Community wealth building", "Young people"),
    )


def _sheffield_speakers() -> tuple[Speaker, Speaker, Speaker]:
    nadia = create_speaker(
        "Nadia Okafor",
        role="Director",
        organisation="Don Valley Community Partnership",
        bio=(
            "Nadia has run neighbourhood forums in Sheffield for fifteen years and chairs the "
            "city's community anchor network."
        ),
    )
    tom = create_speaker(
        "Tom Hargreaves",
        role="Development Officer - Policy",
        organisation="Pennine Community Network",
        bio=(
            "Tom works on devolution and local democracy, helping members respond to "
            "combined-authority consultations."
        ),
    )
    ruth = create_speaker(
        "Ruth Ellison-Baines",
        role="Youth Worker",
        organisation="Pitsmoor Youth Forum",
        bio=(
            "Ruth supports young people to take part in local decisions, from park "
            "redesigns to the city's youth budget."
        ),
    )
    return nadia, tom, ruth


def _sheffield_programme(
    event: Event, line_up: tuple[Speaker, Speaker, Speaker]
) -> None:
    nadia, tom, ruth = line_up
    slides = "https://example.org/community-voices/sheffield/"
    reading = "https://example.org/community-voices/"
    # title, start, end, room, speakers, slides, further reading
    programme = [
        (
            "Welcome and why voices matter",
            "10:00",
            "10:30",
            "Main Hall",
            [nadia],
            f"{slides}welcome.pdf",
            "",
        ),
        (
            "Devolution: where decisions are made now",
            "10:30",
            "11:30",
            "Main Hall",
            [tom],
            f"{slides}devolution.pdf",
            f"{reading}devolution-reading",
        ),
        (
            "Workshop: making a consultation response count",
            "11:45",
            "12:45",
            "Pattern Shop",
            [tom, nadia],
            "",
            "",
        ),
        ("Lunch", "12:45", "13:30", "Canteen", [], "", ""),
        (
            "Young people in the room",
            "13:30",
            "14:30",
            "Main Hall",
            [ruth],
            f"{slides}young-people.pdf",
            "",
        ),
        (
            "Panel: what we take home",
            "14:45",
            "16:00",
            "Main Hall",
            [nadia, tom, ruth],
            "",
            f"{reading}sheffield-recording",
        ),
    ]
    for title, starts, ends, room, speakers, slides_url, link_url in programme:
        add_session(
            event,
            title=title,
            starts_at=_at("2026-10-15", starts),
            ends_at=_at("2026-10-15", ends),
            room=room,
            speakers=speakers,
            slides_url=slides_url,
            link_url=link_url,
        )


def _sheffield_registrations(event: Event) -> None:
    """The day is over, so most of those registered have checked in; a few came without
    registering, and one registered by phone."""
    for index in range(SHEFFIELD_WEB_REGISTRATIONS):
        name, email, organisation, access_needs = _person(index)
        arrived = (
            _at("2026-10-15", "09:30") + timedelta(minutes=index % 50)
            if index < SHEFFIELD_WEB_ATTENDED
            else None
        )
        record_registration(
            event,
            name=name,
            email=email,
            organisation=organisation,
            access_needs=access_needs,
            checked_in_at=arrived,
            channel=Registration.Channel.WEB,
        )
    # Rita has no email address: she rang the office the week before.
    record_registration(
        event,
        name="Rita Holroyd",
        email="",
        phone="0114 496 0731",
        organisation="Grimesthorpe Allotment Society",
        access_needs="Step-free route; arriving by community transport",
        checked_in_at=_at("2026-10-15", "09:55"),
        channel=Registration.Channel.PHONE,
    )
    for name, organisation, access_needs, time in SHEFFIELD_WALK_INS:
        register_walk_in(
            event,
            name=name,
            by=None,
            organisation=organisation,
            access_needs=access_needs,
            arrived_at=_at("2026-10-15", time),
        )


def _newcastle(series: Series) -> Event:
    venue = create_venue(
        "The Ropewalk Centre",
        address="3 Chandlers' Quay\nOuseburn\nNewcastle upon Tyne\nNE6 1QT",
        postcode="NE6 1QT",
        accessibility=(
            "Level access from the quayside; all rooms on the ground floor.\n"
            "Hearing loop in the Sail Loft. Accessible toilet and a quiet room."
        ),
        directions="Fifteen minutes' walk from Manors Metro station, along the Ouseburn.",
        map_url="https://www.openstreetmap.org/search?query=NE6%201QT",
    )
    event = create_event(
        "Community Voices in the North: Newcastle",
        slug="community-voices-newcastle",
        summary=(
            "The series comes to Tyneside: community action on climate, health and "
            "local democracy."
        ),
        description="The second *Community Voices* day. Lunch provided; all welcome.",
        starts_at=_at("2027-03-18", "10:00"),
        ends_at=_at("2027-03-18", "16:00"),
        venue=venue,
        series=series,
        capacity=80,
        themes=_themes("Climate and nature", "Health and wellbeing", "Local democracy"),
    )
    add_session(
        event,
        title="Welcome",
        starts_at=_at("2027-03-18", "10:00"),
        ends_at=_at("2027-03-18", "10:30"),
        room="Sail Loft",
    )
    for index in range(200, 200 + NEWCASTLE_REGISTRATIONS):
        name, email, organisation, access_needs = _person(index)
        record_registration(
            event,
            name=name,
            email=email,
            organisation=organisation,
            access_needs=access_needs,
        )
    return event


def load_events_demo() -> str:
    series = create_series(
        "Community Voices in the North",
        slug="community-voices-in-the-north",
        description=(
            "Days of talks and workshops across the North on how communities can shape "
            "the decisions that affect them."
        ),
    )
    _sheffield(series)
    _newcastle(series)
    return (
        f"2 events in {series.name}: Sheffield ({SHEFFIELD_REGISTRATIONS} registered, "
        f"{SHEFFIELD_ATTENDED} attended) and Newcastle ({NEWCASTLE_REGISTRATIONS} registered)"
    )
