from django.test import Client
from django.urls import reverse

from convene.conversations.models import Vote
from convene.core.demo import load_demo
from convene.members.models import Role


def test_sheffields_tables_have_facilitators_notes_and_entered_views(
    visitor: Client, db: None
) -> None:
    load_demo()

    facilitators = Role.objects.filter(
        kind="facilitator", event__slug="community-voices-sheffield"
    )
    assert facilitators.filter(table__isnull=False).count() == 6
    entered = Vote.objects.filter(channel="facilitator")
    assert (
        entered.count() == 30
    )  # three people at each of two tables, five answers each
    assert not entered.filter(entered_by__isnull=True).exists()
    page = visitor.get(reverse("events:detail", args=["community-voices-sheffield"]))
    text = page.content.decode()
    assert "Notes from the tables" in text
    assert "Apprenticeships stop at the city boundary" in text  # published
    assert "The last bus back from town is at six" not in text  # not yet
