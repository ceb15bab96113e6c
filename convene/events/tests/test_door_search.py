from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.events.models import Event, Registration
from convene.events.tests.helpers import make_event_today, make_registration


@pytest.fixture
def event(db: None) -> Event:
    return make_event_today(title="Community Voices: Sheffield")


def _door(event: Event) -> str:
    return reverse("events:door", args=[event.slug])


def test_search_finds_people_by_any_part_of_their_name(
    organiser_client: Client, event: Event
) -> None:
    jo = make_registration(event, name="Jo Smith", organisation="Darnall Forum")
    make_registration(event, name="Priya Shah")

    response = organiser_client.get(_door(event), {"q": "smith jo"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Jo Smith" in html
    assert jo.code in html
    assert "Darnall Forum" in html
    assert "Priya Shah" not in html


def test_search_by_code_finds_the_holder(
    organiser_client: Client, event: Event
) -> None:
    jo = make_registration(event, name="Jo Smith")

    response = organiser_client.get(_door(event), {"q": jo.code.lower()})

    assert "Jo Smith" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("%", "Percy 100% Perks"),
        ("_", None),
        ("O'Brien", "Siobhán O&#x27;Brien"),
        ("ní bhriain", "Aoife Ní Bhriain"),
        ("\"'<>&;--", None),
        ("   ", None),
    ],
)
def test_search_with_odd_characters_works(
    organiser_client: Client, event: Event, typed: str, found: str | None
) -> None:
    make_registration(event, name="Siobhán O'Brien")
    make_registration(event, name="Aoife Ní Bhriain")
    make_registration(event, name="Percy 100% Perks")

    response = organiser_client.get(_door(event), {"q": typed})

    assert response.status_code == 200
    html = response.content.decode()
    results = html.split('id="door-results"', 1)[1].split("</div>", 1)[0]
    if found:
        assert found in results
        assert results.count('class="door-person"') == 1
    else:
        assert 'class="door-person"' not in results
    assert "<>" not in results


def test_search_never_shows_email_or_phone(
    organiser_client: Client, event: Event
) -> None:
    make_registration(event, name="Jo Smith", email="jo.smith@example.org")
    Registration.objects.filter(name="Jo Smith").update(phone="07700 900 123")

    response = organiser_client.get(_door(event), {"q": "Jo"})

    html = response.content.decode()
    assert "Jo Smith" in html
    assert "jo.smith@example.org" not in html
    assert "07700 900 123" not in html


def test_the_enhanced_request_gets_only_the_results(
    organiser_client: Client, event: Event
) -> None:
    make_registration(event, name="Jo Smith")

    response = organiser_client.get(
        _door(event), {"q": "jo"}, headers={"X-Requested-With": "fetch"}
    )

    html = response.content.decode()
    assert "Jo Smith" in html
    assert "<html" not in html


def test_check_in_from_the_search_results(
    organiser_client: Client, organiser: User, event: Event
) -> None:
    jo = make_registration(event, name="Jo Smith")

    response = organiser_client.post(
        reverse("events:door-check-in", args=[event.slug]),
        {"code": jo.code, "q": "jo"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{_door(event)}?q=jo"
    assert f"Checked in: Jo Smith ({jo.code})" in response.content.decode()
    jo.refresh_from_db()
    assert jo.status == Registration.Status.ATTENDED
    assert jo.checked_in_by == organiser


def test_second_check_in_says_when_and_by_whom_and_changes_nothing(
    organiser_client: Client, event: Event
) -> None:
    jo = make_registration(event, name="Jo Smith")
    url = reverse("events:door-check-in", args=[event.slug])
    organiser_client.post(url, {"code": jo.code, "q": "jo"})
    jo.refresh_from_db()
    first_at = jo.checked_in_at
    assert first_at is not None

    again = organiser_client.post(url, {"code": jo.code, "q": "jo"})

    assert again.status_code == 400
    html = " ".join(again.content.decode().split())
    local = timezone.localtime(first_at)
    assert f"Jo Smith ({jo.code}) is already checked in at {local:%H:%M}" in html
    assert "by Olu" in html
    assert "Nothing was changed." in html
    jo.refresh_from_db()
    assert jo.checked_in_at == first_at


def test_someone_on_the_waiting_list_has_no_check_in_button(
    organiser_client: Client,
) -> None:
    event = make_event_today(capacity=1)
    make_registration(event, name="First Person")
    make_registration(event, name="Waiting Person")

    response = organiser_client.get(_door(event), {"q": "waiting"})

    html = response.content.decode()
    assert "On the waiting list: no place yet" in html
    assert "door/check-in/" not in html


def test_search_that_finds_no_one_offers_a_walk_in(
    organiser_client: Client, event: Event
) -> None:
    response = organiser_client.get(_door(event), {"q": "Zed Zebedee"})

    html = response.content.decode()
    assert "No one found for “Zed Zebedee”." in html
    assert f"{reverse('events:walk-in', args=[event.slug])}?name=Zed%20Zebedee" in html


def test_door_pages_are_for_the_door_team_only(
    visitor: Client, member_client: Client, event: Event
) -> None:
    make_registration(event, name="Jo Smith")
    for name in ["door", "walk-in", "paper-arrivals", "door-list"]:
        url = reverse(f"events:{name}", args=[event.slug])

        asked_to_log_in = visitor.get(url)
        refused = member_client.get(url)

        assert asked_to_log_in.status_code == 302
        assert refused.status_code == 403
        assert b"Jo Smith" not in refused.content


def test_check_in_is_refused_before_the_event_day(organiser_client: Client) -> None:
    event = make_event_today(
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    jo = make_registration(event, name="Jo Smith")

    response = organiser_client.post(
        reverse("events:door-check-in", args=[event.slug]), {"code": jo.code}
    )

    assert response.status_code == 400
    jo.refresh_from_db()
    assert jo.status == Registration.Status.CONFIRMED


def test_search_takes_the_same_few_queries_however_many_match(
    organiser_client: Client, event: Event, django_assert_max_num_queries: Any
) -> None:
    event.capacity = None
    event.save(update_fields=["capacity"])
    for n in range(30):
        person = make_registration(event, name=f"Smith {n:02}")
        organiser_client.post(
            reverse("events:door-check-in", args=[event.slug]), {"code": person.code}
        )

    with django_assert_max_num_queries(12):
        response = organiser_client.get(_door(event), {"q": "smith"})

    assert response.content.decode().count('class="door-person"') == 25
    assert "25 or more: type more of the name" in response.content.decode()
