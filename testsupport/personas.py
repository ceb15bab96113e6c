"""The people who use the site, as tests meet them: each one a user (or none) and a browser.

`PERSONAS` lists them in the order the route table's columns read. A new role (a moderator,
a facilitator, a door volunteer) is one more line there: its name, what it may do, whose
expected outcomes it shares until a route says otherwise, and how its user is made.

Every user is made through the site's own services, and every secret a member keeps from
others is a constant here, so a test can look for it on pages it must not reach.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from convene.members.models import Member, Region
from convene.members.services import Profile, join_member, verify_member

PASSWORD = "a-long-persona-password"  # noqa: S105 (test users only)

# What `member` keeps from other members and visitors: the directory hides both.
MEMBER_EMAIL = "mina.private@example.org"
MEMBER_PHONE = "07700 900 731"
OTHER_MEMBER_EMAIL = "office.private@riverside-trust.example"
OTHER_MEMBER_PHONE = "0191 555 0732"
# Members given a role by the route world (route_world.give_roles), each at one event or
# conversation: roles are scoped to what they are given for.
DOOR_VOLUNTEER_EMAIL = "dee.door@example.org"
MODERATOR_EMAIL = "mo.moderator@example.org"
ORGANISER_EMAIL = "ola.organiser@example.org"
FACILITATOR_EMAIL = "fay.facilitator@example.org"


def make_member_user(email: str, *, name: str, **choices: object) -> User:
    """A verified member, joined through the join form's service."""
    profile = Profile(
        kind=str(choices.pop("kind", Member.Kind.INDIVIDUAL)),
        name=name,
        region=str(choices.pop("region", Region.NORTH_WEST)),
        **choices,  # type: ignore[arg-type]  # (profile fields, typed by Profile itself)
    )
    member = verify_member(join_member(email, password=PASSWORD, profile=profile))
    return member.user


def make_staff_user(username: str = "staff@example.org") -> User:
    """Staff of the organisation: the admin, drafts, moderation and the door."""
    return User.objects.create_user(
        username,
        username,
        PASSWORD,
        is_staff=True,
        is_superuser=True,
        first_name="Sam Staff",
    )


def _member() -> User:
    return make_member_user(
        MEMBER_EMAIL,
        name="Mina Member",
        phone=MEMBER_PHONE,
        bio="Runs a lunch club in Wigan.",
        show_email=False,
        show_phone=False,
    )


def _other_member() -> User:
    return make_member_user(
        OTHER_MEMBER_EMAIL,
        kind=Member.Kind.ORGANISATION,
        name="Riverside Trust",
        contact_name="Rob Rivers",
        region=Region.NORTH_EAST,
        phone=OTHER_MEMBER_PHONE,
        show_email=False,
        show_phone=False,
    )


def _door_volunteer() -> User:
    return make_member_user(DOOR_VOLUNTEER_EMAIL, name="Dee Door")


def _moderator() -> User:
    return make_member_user(MODERATOR_EMAIL, name="Mo Moderator")


def _organiser() -> User:
    return make_member_user(ORGANISER_EMAIL, name="Ola Organiser")


def _facilitator() -> User:
    return make_member_user(FACILITATOR_EMAIL, name="Fay Facilitator")


def _nobody() -> None:
    return None


@dataclass(frozen=True)
class Persona:
    name: str
    may: str  # what this persona may do, in a phrase
    make_user: Callable[[], User | None]
    like: str = ""  # whose expected outcomes it shares where a route names none for it
    # Has voted in a conversation: the browser holds the participant's cookie.
    takes_part: bool = False

    def client(self, user: User | None) -> Client:
        """A browser for this persona, logged in if it has a user."""
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        return client


PERSONAS = [
    Persona("visitor", "reads public pages, joins, registers for events", _nobody),
    Persona(
        "participant",
        "a visitor who has voted in a conversation: sees their own votes",
        _nobody,
        like="visitor",
        takes_part=True,
    ),
    Persona(
        "member",
        "edits their profile, browses the directory, downloads their data",
        _member,
    ),
    Persona(
        "other_member",
        "another member: must not see or change the first member's private things",
        _other_member,
        like="member",
    ),
    Persona(
        "door_volunteer",
        "a member on the door of one event: its arrivals, never their emails or phones",
        _door_volunteer,
        like="member",
    ),
    Persona(
        "moderator",
        "a member who moderates one conversation",
        _moderator,
        like="member",
    ),
    Persona(
        "organiser",
        "a member who runs one event: its team, attendees, door and badges",
        _organiser,
        like="member",
    ),
    Persona(
        "facilitator",
        "a member who facilitates one table of one event: its notes and its people's views",
        _facilitator,
        like="member",
    ),
    Persona(
        "staff",
        "uses the admin, sees drafts, moderates, runs the door",
        make_staff_user,
    ),
]
PERSONA_NAMES = [persona.name for persona in PERSONAS]


def persona_named(name: str) -> Persona:
    return next(persona for persona in PERSONAS if persona.name == name)
