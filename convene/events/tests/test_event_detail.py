from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from pytest_django.asserts import assertRedirects

from convene.events.links import ticket_path
from convene.events.models import Registration
from convene.events.tests.helpers import make_event, make_full_programme
from convene.themes.services import create_theme


def test_event_page_shows_programme_speakers_venue_and_access(
    visitor: Client, db: None
) -> None:
    event = make_event(title="Community Voices in the North: Sheffield")
    make_full_programme(event)
    event.themes.add(
        create_theme("Local democracy", explanation="How residents decide.")
    )

    response = visitor.get(reverse("events:detail", args=[event.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The first event in the series" in html
    assert "Community Voices in the North</a>" in html
    assert "The Foundry Rooms" in html
    assert "27 Furnace Hill Lane" in html
    assert "Step-free access throughout" in html
    assert 'href="https://www.openstreetmap.org/search?query=S3"' in html
    assert "Why voices matter" in html
    assert "Nadia Okafor" in html
    assert "Director, Don Valley Community Partnership" in html
    assert "Nadia has run neighbourhood forums" in html
    assert 'href="https://example.org/slides/why-voices.pdf"' in html
    assert 'href="/themes/local-democracy/"' in html
    assert reverse("events:ics", args=[event.slug]) in html
    assert f'<time datetime="{localtime(event.starts_at).isoformat()}">' in html
    assert "50 places left" in html


def test_second_event_in_series_says_so(visitor: Client, db: None) -> None:
    first = make_event()
    make_full_programme(first)
    second = make_event(
        series=first.series,
        starts_at=first.starts_at.replace(year=first.starts_at.year + 1),
        ends_at=first.ends_at.replace(year=first.ends_at.year + 1),
    )

    response = visitor.get(reverse("events:detail", args=[second.slug]))

    assert response.status_code == 200
    assert "The second event in the series" in response.content.decode()
    assert first.series is not None
    series_page = visitor.get(reverse("events:series", args=[first.series.slug]))
    assert series_page.status_code == 200
    assert first.title in series_page.content.decode()
    assert second.title in series_page.content.decode()


def test_unpublished_event_is_not_found_for_visitors(visitor: Client, db: None) -> None:
    event = make_event(is_published=False)

    response = visitor.get(reverse("events:detail", args=[event.slug]))

    assert response.status_code == 404


def test_event_page_lists_its_conversations(visitor: Client, db: None) -> None:
    from convene.conversations.organising import create_conversation

    event = make_event()
    create_conversation("What would help your group most next year?", event=event)
    create_conversation("A conversation about somewhere else")

    response = visitor.get(event.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "What would help your group most next year?" in page
    assert "A conversation about somewhere else" not in page


def test_a_member_who_registered_sees_their_ticket_on_the_event_page(
    member_client: Client, member: Any
) -> None:
    event = make_event(title="Community Voices in the North: Sheffield")
    url = reverse("events:detail", args=[event.slug])
    before = member_client.get(url)
    assert before.status_code == 200
    assert ">Register</a>" in before.content.decode()

    registered = member_client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Mina Member", "email": member.email},
    )
    after = member_client.get(url)

    registration = Registration.objects.get(event=event)
    assertRedirects(registered, ticket_path(registration))
    assert after.status_code == 200
    page = after.content.decode()
    assert registration.user == member
    assert "You have a place." in page
    assert f'href="{ticket_path(registration)}"' in page
    assert ">Register</a>" not in page
