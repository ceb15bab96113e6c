import pytest

from convene.core.slugs import unique_slug
from convene.events.models import Event
from convene.events.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def test_events_with_the_same_title_get_their_own_addresses() -> None:
    first = make_event(title="Community day", slug="")
    second = make_event(title="Community day", slug="")

    assert first.slug == "community-day"
    assert second.slug == "community-day-2"
    assert first.get_absolute_url() != second.get_absolute_url()


def test_a_long_title_keeps_its_suffix_inside_the_field() -> None:
    make_event(title="x" * 200, slug="")

    slug = unique_slug(Event.objects.all(), "x" * 250, max_length=200, fallback="event")

    assert slug == "x" * 198 + "-2"


def test_a_title_with_nothing_sluggable_falls_back_to_a_word() -> None:
    assert (
        unique_slug(Event.objects.all(), "🎉🎉", max_length=200, fallback="event")
        == "event"
    )
