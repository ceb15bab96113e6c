"""The door socket: staff only; a check-in, registration or cancellation anywhere pushes the
door's new counts and recent check-ins to every door page open for the event."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from convene.events import live
from convene.events.links import cancel_path
from convene.events.models import Event, Registration
from convene.events.services import check_in, register_attendee
from convene.events.tests.helpers import make_event, make_event_today, make_registration
from convene.members.leaving import leave
from convene.members.models import Role
from testsupport.live import WebsocketCommunicator, run

pytestmark = pytest.mark.django_db(
    transaction=True
)  # the consumer reads in another thread, and pushes wait for the commit


@pytest.fixture
def event() -> Event:
    return make_event_today(slug="sheffield", capacity=2)


@pytest.fixture
def volunteer(event: Event) -> Client:
    """The event's door volunteer, checking people in on another phone."""
    user = User.objects.create_user("volunteer", "v@example.org", "pw")
    Role.objects.create(user=user, email=user.email, kind=Role.Kind.DOOR, event=event)
    client = Client()
    client.force_login(user)
    return client


def session_of(client: Client) -> list[tuple[bytes, bytes]]:
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())]


def door(client: Client | None, slug: str = "sheffield", **kwargs: Any) -> Any:
    headers = session_of(client) if client is not None else []
    return WebsocketCommunicator(f"/ws/events/{slug}/door/", headers=headers, **kwargs)


def push_after(organiser_client: Client, action: Any) -> dict[str, str]:
    """Open the door page's socket as the organiser, do `action`, return what is pushed."""

    async def scenario() -> dict[str, str]:
        socket = door(organiser_client)
        assert await socket.connect()
        try:
            await sync_to_async(action)()
            message = await socket.receive_json_from(timeout=5)
            fragments: dict[str, str] = message["fragments"]
            return fragments
        finally:
            await socket.disconnect()

    return run(scenario())


def test_a_check_in_at_another_phone_pushes_the_new_count(
    organiser_client: Client, volunteer: Client, event: Event
) -> None:
    registration = make_registration(event, name="Aisha Ahmed")

    def check_in_at_the_other_phone() -> None:
        response = volunteer.post(
            reverse("events:check-in", args=[event.slug]), {"code": registration.code}
        )
        assert response.status_code == 302

    fragments = push_after(organiser_client, check_in_at_the_other_phone)

    assert '<span class="big-number">1</span> checked in' in fragments[live.DOOR_COUNTS]
    assert "of 1 with a place" in fragments[live.DOOR_COUNTS]
    assert "Aisha Ahmed" in fragments[live.DOOR_RECENT]
    assert registration.code in fragments[live.DOOR_RECENT]


def test_a_new_registration_pushes_the_places_and_waiting_counts(
    organiser_client: Client, visitor: Client, event: Event
) -> None:
    make_registration(event)
    make_registration(event)  # the event is now full

    def register_online() -> None:
        response = visitor.post(
            reverse("events:register", args=[event.slug]),
            {"name": "Late Lara", "email": "lara@example.org"},
        )
        assert response.status_code == 302

    fragments = push_after(organiser_client, register_online)

    assert "of 2 with a place · 1 waiting" in fragments[live.DOOR_COUNTS]


def test_a_cancellation_pushes_the_places_count(
    organiser_client: Client, visitor: Client, event: Event
) -> None:
    registration = make_registration(event)
    make_registration(event)

    def cancel() -> None:
        # The link in the confirmation email, followed by its "Cancel" button.
        response = visitor.post(cancel_path(registration))
        assert response.status_code == 302

    fragments = push_after(organiser_client, cancel)

    assert "of 1 with a place" in fragments[live.DOOR_COUNTS]


def test_only_staff_may_open_the_door_socket(
    organiser_client: Client, member_client: Client, event: Event
) -> None:
    make_event(slug="draft", is_published=False)

    async def connects(socket: WebsocketCommunicator) -> bool:
        connected = await socket.connect()
        await socket.disconnect()
        return connected

    assert run(connects(door(None))) is False, "a visitor"
    assert run(connects(door(member_client))) is False, "a member who is not staff"
    assert run(connects(door(organiser_client, "nowhere"))) is False, "no such event"
    assert run(connects(door(organiser_client))) is True
    assert run(connects(door(organiser_client, "draft"))) is True


def test_a_door_page_that_reconnects_is_brought_up_to_date(
    organiser_client: Client, event: Event
) -> None:
    # Someone was checked in while this phone had no signal: no push reached it.
    arrived = make_registration(event, name="Ben Brook")
    arrived.status = Registration.Status.ATTENDED
    arrived.save(update_fields=["status"])

    async def scenario() -> dict[str, str]:
        socket = door(organiser_client, query_string=b"reconnect=1")
        assert await socket.connect()
        try:
            fragments: dict[str, str] = (await socket.receive_json_from())["fragments"]
            return fragments
        finally:
            await socket.disconnect()

    fragments = run(scenario())

    assert '<span class="big-number">1</span> checked in' in fragments[live.DOOR_COUNTS]
    assert "Ben Brook" in fragments[live.DOOR_RECENT]


def test_a_check_in_stands_when_the_push_fails(
    organiser_client: Client,
    event: Event,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    registration = make_registration(event)

    def channel_layer_down(group: str, fragments: dict[str, str]) -> None:
        raise ConnectionError("Redis is unreachable")

    monkeypatch.setattr(live, "send_fragments", channel_layer_down)

    response = organiser_client.post(
        reverse("events:check-in", args=[event.slug]), {"code": registration.code}
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert "Live push for the door of event" in caplog.text


def test_a_check_in_from_the_admin_pushes_the_new_count(
    organiser_client: Client, event: Event
) -> None:
    registration = make_registration(event, name="Aisha Ahmed")

    def check_in_from_the_admin() -> None:
        response = organiser_client.post(
            reverse("admin:events_registration_changelist"),
            {"action": "check_in_selected", "_selected_action": [registration.pk]},
        )
        assert response.status_code == 302

    fragments = push_after(organiser_client, check_in_from_the_admin)

    assert '<span class="big-number">1</span> checked in' in fragments[live.DOOR_COUNTS]
    assert "Aisha Ahmed" in fragments[live.DOOR_RECENT]


def test_a_member_who_leaves_is_no_longer_named_at_the_door(
    organiser_client: Client, event: Event
) -> None:
    user = User.objects.create_user("leaver", "leaver@example.org", "pw")
    registration = register_attendee(
        event, name="Dana Leaver", email="leaver@example.org", user=user
    )
    check_in(event, code=registration.code)

    fragments = push_after(organiser_client, lambda: leave(user, keep_voice=True))

    assert "Dana Leaver" not in fragments[live.DOOR_RECENT]
    assert "Former member" in fragments[live.DOOR_RECENT]
