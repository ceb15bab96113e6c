from django.test import Client
from django.urls import reverse

from convene.events.demo import load_events_demo
from convene.events.models import Event, Registration
from convene.themes.demo import load_themes_demo


def test_demo_builds_a_past_and_an_open_event_in_one_series(
    visitor: Client, db: None
) -> None:
    load_themes_demo()

    summary = load_events_demo()

    assert "Community Voices in the North" in summary
    sheffield = Event.objects.get(slug="community-voices-sheffield")
    newcastle = Event.objects.get(slug="community-voices-newcastle")
    assert sheffield.series == newcastle.series
    assert sheffield.series is not None
    assert sheffield.series.slug == "community-voices-in-the-north"
    assert sheffield.sessions.count() == 6
    assert sheffield.registrations.count() == 104
    assert (
        sheffield.registrations.filter(status=Registration.Status.ATTENDED).count()
        == 89
    )
    by_channel = {
        channel: sheffield.registrations.filter(channel=channel).count()
        for channel in Registration.Channel.values
    }
    assert by_channel == {"web": 100, "phone": 1, "door": 3, "paper": 0}
    assert newcastle.registration_open
    assert newcastle.capacity == 80
    page = visitor.get(reverse("events:detail", args=[newcastle.slug]))
    assert page.status_code == 200
    assert "The second event in the series" in page.content.decode()
