import pytest
from django.test import Client
from django.urls import reverse

from convene.events.models import Event, Registration
from convene.events.services import RegistrationError, register_attendee
from convene.events.tests.helpers import in_days, make_event

FORM = {"name": "Rosa Rashid", "email": "rosa@example.org"}


@pytest.fixture
def past_event(db: None) -> Event:
    return make_event(starts_at=in_days(-3, 10), ends_at=in_days(-3, 16))


@pytest.fixture
def closed_event(db: None) -> Event:
    return make_event(registration_open=False)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("past_event", "This event has already taken place"),
        ("closed_event", "Registration for this event is closed."),
    ],
)
def test_registration_is_refused(
    db: None,
    visitor: Client,
    request: pytest.FixtureRequest,
    fixture: str,
    message: str,
) -> None:
    event: Event = request.getfixturevalue(fixture)

    page = visitor.get(reverse("events:register", args=[event.slug]))
    assert page.status_code == 200
    response = visitor.post(reverse("events:register", args=[event.slug]), FORM)

    assert message in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationError, match=message):
        register_attendee(event, name=FORM["name"], email=FORM["email"])
