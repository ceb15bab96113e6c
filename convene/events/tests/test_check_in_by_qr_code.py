from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from convene.events.links import check_in_code_path
from convene.events.models import Registration
from convene.events.tests.helpers import make_event_today, make_registration


def test_scanning_shows_who_it_is_and_one_button_checks_them_in(
    organiser_client: Client, db: None
) -> None:
    registration = make_registration(
        make_event_today(), name="Priya Pickles", organisation="Pitsmoor Youth Forum"
    )
    url = check_in_code_path(registration)

    page = organiser_client.get(url)
    response = organiser_client.post(url, follow=True)

    assert page.status_code == 200
    assert "Priya Pickles" in page.content.decode()
    assert "Pitsmoor Youth Forum" in page.content.decode()
    assert (
        '<button type="submit" class="check-in-button">Check in</button>'
        in page.content.decode()
    )
    assertRedirects(
        response, reverse("events:check-in", args=[registration.event.slug])
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert "Checked in: Priya Pickles" in response.content.decode()


def test_scanning_again_says_already_checked_in(
    organiser_client: Client, db: None
) -> None:
    registration = make_registration(make_event_today())
    url = check_in_code_path(registration)
    assert organiser_client.post(url).status_code == 302

    page = organiser_client.get(url)
    assert page.status_code == 200
    again = organiser_client.post(url)

    assert "already checked in" in page.content.decode()
    assert "Check in</button>" not in page.content.decode()
    assert again.status_code == 400
    assert "already checked in" in again.content.decode()


def test_the_ticket_qr_code_points_here(visitor: Client, db: None) -> None:
    registration = make_registration(make_event_today())

    assert check_in_code_path(registration) == (
        f"/events/{registration.event.slug}/check-in/{registration.code}/"
    )


def test_anyone_else_who_scans_it_is_told_it_is_the_door_page(
    visitor: Client, db: None
) -> None:
    registration = make_registration(make_event_today())

    page = visitor.get(check_in_code_path(registration))
    post = visitor.post(check_in_code_path(registration))

    assert page.status_code == 403
    assert "This is the door's page" in page.content.decode()
    registration.refresh_from_db()
    assert post.status_code == 403
    assert registration.status == Registration.Status.CONFIRMED
