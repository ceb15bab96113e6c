import pytest

from convene.members.demo import DEMO_MEMBERS, load_members_demo
from convene.members.models import Member
from convene.members.queries import count_members, directory_members
from convene.themes.demo import load_themes_demo

pytestmark = pytest.mark.django_db


def test_demo_members_are_verified_and_tagged_with_themes() -> None:
    load_themes_demo()

    summary = load_members_demo()

    assert summary == f"{len(DEMO_MEMBERS)} members"
    assert count_members() == len(DEMO_MEMBERS)
    assert (
        directory_members().count() == len(DEMO_MEMBERS) - 1
    )  # one chose not to be listed
    assert all(member.themes.exists() for member in Member.objects.all())
    assert Member.objects.filter(kind=Member.Kind.ORGANISATION).count() >= 5
