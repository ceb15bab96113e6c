import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.events.models import Event, Registration
from convene.events.tests.helpers import (
    in_days,
    make_event,
    make_event_today,
    make_registration,
)


@pytest.fixture
def event(db: None) -> Event:
    return make_event_today()


def test_door_page_is_for_staff_only(visitor: Client, event: Event) -> None:
    response = visitor.get(reverse("events:check-in", args=[event.slug]))

    assert response.status_code == 302


def test_typed_code_checks_in_whatever_the_case_and_spaces(
    organiser_client: Client, event: Event
) -> None:
    registration = make_registration(event, name="Tess Thornton")
    typed = f" {registration.code[:3].lower()} {registration.code[3:].lower()} "

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": typed}, follow=True
    )

    assertRedirects(response, reverse("events:check-in", args=[event.slug]))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.checked_in_at is not None
    html = " ".join(response.content.decode().split())
    assert f"Checked in: Tess Thornton ({registration.code})" in html
    assert (
        '<span class="big-number">1</span> checked in '
        '<span class="check-in-places">of 1 with a place</span>'
    ) in html


def test_unknown_code_is_refused_and_changes_nothing(
    organiser_client: Client, event: Event
) -> None:
    registration = make_registration(event)

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": "zzzzz9"}
    )

    registration.refresh_from_db()
    assert response.status_code == 400
    assert (
        "No one is registered for this event with code ZZZZZ9"
        in response.content.decode()
    )
    assert 'value="zzzzz9"' in response.content.decode()
    assert registration.status == Registration.Status.CONFIRMED


def test_used_code_is_refused_and_changes_nothing(
    organiser_client: Client, event: Event
) -> None:
    registration = make_registration(event, name="Usman Iqbal")
    url = reverse("events:check-in", args=[event.slug])
    assert organiser_client.post(url, {"code": registration.code}).status_code == 302
    registration.refresh_from_db()
    first_arrival = registration.checked_in_at

    response = organiser_client.post(url, {"code": registration.code})

    registration.refresh_from_db()
    assert response.status_code == 400
    assert "Usman Iqbal" in response.content.decode()
    assert "is already checked in" in response.content.decode()
    assert registration.checked_in_at == first_arrival


def test_waiting_list_code_is_refused(organiser_client: Client) -> None:
    event = make_event_today(capacity=1)
    make_registration(event)
    waiting = make_registration(event)

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": waiting.code}
    )

    waiting.refresh_from_db()
    assert response.status_code == 400
    assert "is on the waiting list" in response.content.decode()
    assert waiting.status == Registration.Status.WAITING


def test_door_page_is_plain_html_with_a_refresh_link_and_a_polite_count_region(
    organiser_client: Client, event: Event
) -> None:
    response = organiser_client.get(reverse("events:check-in", args=[event.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    # Without JavaScript, Refresh is how a volunteer sees other doors' check-ins; with it,
    # screen readers hear the pushed counts without losing their place in the form.
    assert f'<a href="/events/{event.slug}/check-in/">Refresh</a>' in html
    assert 'id="door-counts" aria-live="polite"' in html
    assert f'data-live-socket="/ws/events/{event.slug}/door/"' in html


def test_the_desk_shows_the_arrivals_access_needs(
    organiser_client: Client, event: Event
) -> None:
    registration = make_registration(
        event, name="Priya Kaur", access_needs="Hearing loop, please."
    )

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]),
        {"code": registration.code},
        follow=True,
    )

    assertRedirects(response, reverse("events:check-in", args=[event.slug]))
    page = response.content.decode()
    assert (
        f"Checked in: Priya Kaur ({registration.code}). Access or dietary needs: "
        "Hearing loop, please." in page
    )
    # and in the recent list, which every volunteer's desk shows
    recent = page.split('id="recent-heading"')[1]
    assert "Needs: Hearing loop, please." in recent


def test_check_in_opens_on_the_day_of_the_event(organiser_client: Client) -> None:
    next_month = make_event(starts_at=in_days(30, 10), ends_at=in_days(30, 16))
    registration = make_registration(next_month)

    response = organiser_client.post(
        reverse("events:check-in", args=[next_month.slug]),
        {"code": registration.code},
    )

    assert response.status_code == 400
    opens = in_days(30, 10).strftime("%A %-d %B %Y")
    assert f"Check-in opens on the day of the event, {opens}." in (
        response.content.decode()
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    # The desk and the ticket's QR page say so before anyone types or taps.
    desk = organiser_client.get(reverse("events:check-in", args=[next_month.slug]))
    assert desk.status_code == 200
    assert "Check-in opens on the day of the event" in desk.content.decode()
    scanned_response = organiser_client.get(
        f"/events/{next_month.slug}/check-in/{registration.code.lower()}/"
    )
    assert scanned_response.status_code == 200
    scanned = scanned_response.content.decode()
    assert "Check-in opens on the day of the event" in scanned
    assert 'class="check-in-button"' not in scanned


def test_arrivals_can_be_typed_in_after_the_event(organiser_client: Client) -> None:
    event = make_event_today()
    registration = make_registration(event)
    event.starts_at, event.ends_at = in_days(-2, 10), in_days(-2, 16)
    event.save()

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": registration.code}
    )

    assertRedirects(response, reverse("events:check-in", args=[event.slug]))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_arrivals_from_another_day_show_their_date(organiser_client: Client) -> None:
    event = make_event_today()
    registration = make_registration(event, name="Tess Thornton")
    checked_in = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": registration.code}
    )
    assert checked_in.status_code == 302
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=in_days(-2, 9))

    response = organiser_client.get(reverse("events:check-in", args=[event.slug]))

    assert response.status_code == 200
    shown = in_days(-2, 9).strftime("%-d %b, 09:00")
    assert f"{shown}</time> Tess Thornton" in response.content.decode()
