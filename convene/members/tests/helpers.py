from typing import Any

from convene.members.models import Member, Region
from convene.members.services import Profile, join_member, verify_member
from convene.themes.models import Theme
from convene.themes.services import create_theme

PASSWORD = "a-long-member-password"


def make_theme(name: str = "Climate and nature") -> Theme:
    existing = Theme.objects.filter(name=name).first()
    return existing or create_theme(name, explanation=f"All about {name.lower()}.")


def make_member(
    *,
    email: str = "ann@example.org",
    password: str | None = PASSWORD,
    verified: bool = True,
    **overrides: Any,
) -> Member:
    """A member made through the join service (and verified, unless verified=False)."""
    fields: dict[str, Any] = {
        "kind": Member.Kind.INDIVIDUAL,
        "name": "Ann Example",
        "region": Region.NORTH_WEST,
        **overrides,
    }
    member = join_member(email, password=password, profile=Profile(**fields))
    if verified:
        verify_member(member)
    member.refresh_from_db()
    return member
